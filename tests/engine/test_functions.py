"""sigmoid, softmax and relu: values, stability and properties."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tui_nn.engine.functions import relu, sigmoid, softmax

FINITE = st.floats(min_value=-1e308, max_value=1e308, allow_nan=False, allow_infinity=False)


def test_sigmoid_matches_the_book_formula() -> None:
    x = np.array([-5.0, -1.0, 0.0, 1.0, 2.0, 30.0])
    np.testing.assert_allclose(sigmoid(x), 1 / (1 + np.exp(-x)), rtol=1e-15)
    assert sigmoid(0.0) == 0.5


def test_sigmoid_large_negative_input_no_warning_and_correct_limits() -> None:
    # RuntimeWarnings are errors in this suite: the book's formula would fail here.
    result = sigmoid(np.array([-1000.0, -745.0, 1000.0, -np.inf, np.inf]))
    np.testing.assert_allclose(result[:2], [0.0, np.exp(-745.0)], atol=1e-320)
    assert result[2] == 1.0 and result[3] == 0.0 and result[4] == 1.0


def test_sigmoid_nan_gives_nan() -> None:
    assert np.isnan(sigmoid(np.nan))


def test_sigmoid_keeps_shape_and_converts_integers() -> None:
    out = sigmoid(np.zeros((2, 3), dtype=np.int64))
    assert out.shape == (2, 3) and out.dtype == np.float64
    np.testing.assert_array_equal(out, 0.5)


def test_relu() -> None:
    np.testing.assert_array_equal(relu([-2.0, 0.0, 3.5]), [0.0, 0.0, 3.5])
    assert np.isnan(relu(np.nan))
    assert relu(-np.inf) == 0.0


def test_softmax_known_values_and_stability() -> None:
    a = np.array([0.3, 2.9, 4.0])
    expected = np.exp(a) / np.sum(np.exp(a))
    np.testing.assert_allclose(softmax(a), expected, rtol=1e-14)
    # The book's example of overflow: shifting by the max makes it work.
    big = softmax(np.array([1010.0, 1000.0, 990.0]))
    np.testing.assert_allclose(big, [9.99954600e-01, 4.53978686e-05, 2.06106005e-09], rtol=1e-8)


def test_softmax_batch_is_row_by_row() -> None:
    batch = np.array([[0.3, 2.9, 4.0], [1000.0, 0.0, -1000.0]])
    out = softmax(batch)
    np.testing.assert_allclose(out[0], softmax(batch[0]))
    np.testing.assert_allclose(out[1], softmax(batch[1]))
    np.testing.assert_allclose(out.sum(axis=1), 1.0)


def test_softmax_infinities_documented() -> None:
    out = softmax(np.array([[0.0, -np.inf, 1.0], [np.inf, 0.0, 0.0], [np.nan, 0.0, 0.0]]))
    assert out[0, 1] == 0.0 and np.isclose(out[0].sum(), 1.0)
    assert np.all(np.isnan(out[1])) and np.all(np.isnan(out[2]))


def test_softmax_rejects_3d() -> None:
    with pytest.raises(ValueError, match="shape"):
        softmax(np.zeros((2, 2, 2)))


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 6)), elements=FINITE))
def test_softmax_finite_and_rows_sum_to_one(x: np.ndarray) -> None:
    out = softmax(x)
    assert np.all(np.isfinite(out))
    assert np.all(out >= 0) and np.all(out <= 1)
    np.testing.assert_allclose(out.sum(axis=1), 1.0, rtol=1e-12)


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.integers(1, 20), elements=FINITE))
def test_sigmoid_in_unit_interval_without_warnings(x: np.ndarray) -> None:
    out = sigmoid(x)
    assert np.all((out >= 0) & (out <= 1))
    np.testing.assert_allclose(out + sigmoid(-x), 1.0, rtol=1e-12)
