"""Loss functions: LESSONS.md sections 1 and 2, and properties."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tui_nn.engine.functions import softmax
from tui_nn.engine.losses import cross_entropy_error, mean_squared_error

T = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
Y1 = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])  # right: 0.6 on class 2
Y2 = np.array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])  # wrong: 0.6 on class 7


def test_mean_squared_error_reference() -> None:
    assert mean_squared_error(Y1, T) == pytest.approx(0.0975, rel=1e-12)
    assert mean_squared_error(Y2, T) == pytest.approx(0.5975, rel=1e-12)


def test_cross_entropy_reference() -> None:
    assert cross_entropy_error(Y1, T) == pytest.approx(0.510825457099, abs=5e-13)
    assert cross_entropy_error(Y2, T) == pytest.approx(2.302584092995, abs=5e-13)
    assert cross_entropy_error(Y1, T) == pytest.approx(-np.log(0.6), rel=1e-6)
    assert cross_entropy_error(Y2, T) == pytest.approx(-np.log(0.1), rel=1e-5)


def test_both_losses_rank_the_right_answer_better() -> None:
    assert mean_squared_error(Y1, T) < mean_squared_error(Y2, T)
    assert cross_entropy_error(Y1, T) < cross_entropy_error(Y2, T)


def test_single_label_equals_one_hot() -> None:
    assert cross_entropy_error(Y1, 2) == cross_entropy_error(Y1, T)
    assert cross_entropy_error(Y2, np.uint8(2)) == cross_entropy_error(Y2, T)


def test_batch_is_the_mean_of_the_examples_and_forms_agree() -> None:
    y = np.stack([Y1, Y2, Y1])
    labels = np.array([2, 2, 7])
    one_hot = np.eye(10)[labels]
    expected = (
        cross_entropy_error(Y1, 2) + cross_entropy_error(Y2, 2) + cross_entropy_error(Y1, 7)
    ) / 3
    assert cross_entropy_error(y, one_hot) == pytest.approx(expected, rel=1e-14)
    assert cross_entropy_error(y, labels) == pytest.approx(expected, rel=1e-14)
    # The two formulas of LESSONS.md section 2, written out.
    n = len(labels)
    assert cross_entropy_error(y, one_hot) == pytest.approx(
        -np.sum(one_hot * np.log(y + 1e-7)) / n, rel=1e-14
    )
    assert cross_entropy_error(y, labels) == pytest.approx(
        -np.sum(np.log(y[np.arange(n), labels] + 1e-7)) / n, rel=1e-14
    )


def test_single_example_is_a_batch_of_one() -> None:
    assert cross_entropy_error(Y1[None, :], T[None, :]) == cross_entropy_error(Y1, T)
    assert cross_entropy_error(Y1[None, :], [2]) == cross_entropy_error(Y1, 2)


def test_without_delta_is_nan_and_no_warning() -> None:
    # delta=0 is the pitfall: 0 * log(0) = 0 * -inf = nan (one-hot form).
    assert np.isnan(cross_entropy_error(Y1, T, delta=0.0))
    # Labels, right class at probability 0: the loss is infinite.
    assert cross_entropy_error(Y1, 3, delta=0.0) == np.inf


def test_nan_in_prediction_gives_nan() -> None:
    y = Y1.copy()
    y[0] = np.nan
    assert np.isnan(cross_entropy_error(y, T))
    assert np.isnan(mean_squared_error(y, T))


def test_mse_of_huge_values_is_inf_without_warning() -> None:
    assert mean_squared_error([1e200], [-1e200]) == np.inf


def test_labels_must_be_valid_classes() -> None:
    with pytest.raises(ValueError, match="from 0 to 9"):
        cross_entropy_error(Y1, 10)
    with pytest.raises(ValueError, match="whole numbers"):
        cross_entropy_error(Y1, 2.5)


SCORES = arrays(
    np.float64,
    st.tuples(st.integers(1, 5), st.integers(2, 6)),
    elements=st.floats(-1e6, 1e6, allow_nan=False),
)


@settings(max_examples=60, deadline=None)
@given(SCORES, st.data())
def test_cross_entropy_nonnegative_finite_and_forms_agree(
    scores: np.ndarray, data: st.DataObject
) -> None:
    y = softmax(scores)
    n, classes = y.shape
    labels = np.array(data.draw(st.lists(st.integers(0, classes - 1), min_size=n, max_size=n)))
    one_hot = np.eye(classes)[labels]
    by_label = cross_entropy_error(y, labels)
    by_one_hot = cross_entropy_error(y, one_hot)
    assert np.isfinite(by_label) and np.isfinite(by_one_hot)
    # Cross-entropy is never negative -- except that delta = 1e-7 turns a perfect
    # prediction (y = 1.0 exactly) into -log(1 + 1e-7), about -1e-7.
    assert by_label >= -np.log1p(1e-7) - 1e-15
    if np.all(y[np.arange(n), labels] <= 1 - 1e-7):
        assert by_label >= 0
    assert by_label == pytest.approx(by_one_hot, rel=1e-12, abs=1e-15)


@settings(max_examples=40, deadline=None)
@given(arrays(np.float64, st.integers(1, 10), elements=st.floats(-1e150, 1e150)), st.data())
def test_mean_squared_error_nonnegative_and_finite(y: np.ndarray, data: st.DataObject) -> None:
    t = data.draw(arrays(np.float64, y.shape, elements=st.floats(-1e150, 1e150)))
    loss = mean_squared_error(y, t)
    assert np.isfinite(loss) and loss >= 0
    if np.array_equal(y, t):
        assert loss == 0
