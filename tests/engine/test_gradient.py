"""Numerical derivatives and gradients: LESSONS.md sections 3 and 4."""

import numpy as np
import pytest

from tui_nn.engine.gradient import Cancelled, numerical_diff, numerical_gradient


def function_1(x):
    """LESSONS.md section 3: f(x) = 0.01*x**2 + 0.1*x."""
    return 0.01 * x**2 + 0.1 * x


def function_2(x):
    """LESSONS.md sections 4 and 5: f(x0, x1) = x0**2 + x1**2."""
    return x[0] ** 2 + x[1] ** 2


def test_central_difference_reference() -> None:
    assert numerical_diff(function_1, 5) == pytest.approx(0.1999999999990898, rel=1e-15)
    assert numerical_diff(function_1, 10) == pytest.approx(0.2999999999986347, rel=1e-15)
    # and close to the exact slopes 0.2 and 0.3
    assert numerical_diff(function_1, 5) == pytest.approx(0.2, abs=1e-11)
    assert numerical_diff(function_1, 10.0) == pytest.approx(0.3, abs=1e-11)


def test_forward_difference_reference_and_error() -> None:
    forward = numerical_diff(function_1, 5, method="forward")
    assert forward == pytest.approx(0.20000099999917254, rel=1e-15)
    # its error is h * f''(x) / 2 = 1e-4 * 0.02 / 2 = 1e-6
    assert forward - 0.2 == pytest.approx(1e-6, rel=1e-3)
    central = numerical_diff(function_1, 5)
    assert abs(central - 0.2) < abs(forward - 0.2)


def test_tiny_step_drowns_in_rounding() -> None:
    assert numerical_diff(function_1, 5, h=1e-50) == 0.0


def test_partial_derivatives_hold_the_other_variable_fixed() -> None:
    assert numerical_diff(lambda x0: x0**2 + 4.0**2, 3.0) == pytest.approx(6.0, abs=1e-8)
    assert numerical_diff(lambda x1: 3.0**2 + x1**2, 4.0) == pytest.approx(8.0, abs=1e-8)


@pytest.mark.parametrize(
    ("point", "expected"),
    [([3.0, 4.0], [6.0, 8.0]), ([0.0, 2.0], [0.0, 4.0]), ([3.0, 0.0], [6.0, 0.0])],
)
def test_gradient_reference(point: list, expected: list) -> None:
    grad = numerical_gradient(function_2, np.array(point))
    np.testing.assert_allclose(grad, expected, atol=1e-8)


def test_np_sum_form_gives_the_same_gradient() -> None:
    grad = numerical_gradient(lambda x: np.sum(x**2), np.array([3.0, 4.0]))
    np.testing.assert_allclose(grad, [6.0, 8.0], atol=1e-8)


def test_any_shape_and_restores_in_place() -> None:
    rng = np.random.default_rng(0)
    w = rng.standard_normal((2, 3))
    original = w.copy()
    seen = []

    def f(arg):
        seen.append(arg is w)
        return np.sum(arg**3)

    grad = numerical_gradient(f, w)
    assert grad.shape == (2, 3)
    np.testing.assert_allclose(grad, 3 * original**2, rtol=1e-6)
    np.testing.assert_array_equal(w, original)  # every entry put back, bit for bit
    assert all(seen)  # a float64 array is perturbed in place


def test_closure_style_like_the_book() -> None:
    # The book's pattern: f ignores its argument and reads the array it closes over.
    w = np.array([[1.0, 2.0], [3.0, 4.0]])
    grad = numerical_gradient(lambda _: float(np.sum(w**2)), w)
    np.testing.assert_allclose(grad, 2 * w, rtol=1e-8)


def test_integer_array_is_converted_to_float_not_nonsense() -> None:
    x = np.array([3, 4])
    grad = numerical_gradient(function_2, x)
    assert grad.dtype == np.float64
    np.testing.assert_allclose(grad, [6.0, 8.0], atol=1e-8)
    np.testing.assert_array_equal(x, [3, 4])
    assert x.dtype.kind == "i"
    np.testing.assert_allclose(numerical_gradient(function_2, [3, 4]), [6.0, 8.0], atol=1e-8)


def test_restores_even_when_f_fails() -> None:
    x = np.array([1.0, 2.0])

    def failing(arg):
        raise ZeroDivisionError("boom")

    with pytest.raises(ZeroDivisionError):
        numerical_gradient(failing, x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_progress_reports_and_ends_with_total() -> None:
    calls = []
    numerical_gradient(
        function_2, np.array([1.0, 2.0, 3.0]), on_progress=lambda d, t: calls.append((d, t))
    )
    assert calls[0] == (1, 3) and calls[-1] == (3, 3)
    assert all(t == 3 for _, t in calls)
    assert [d for d, _ in calls] == sorted({d for d, _ in calls})


def test_progress_returning_false_cancels_and_restores() -> None:
    x = np.arange(6.0).reshape(2, 3)
    evaluations = []

    def f(arg):
        evaluations.append(1)
        return np.sum(arg**2)

    with pytest.raises(Cancelled) as info:
        numerical_gradient(f, x, on_progress=lambda done, total: False)
    assert (info.value.done, info.value.total) == (1, 6)
    assert len(evaluations) == 2  # stopped after the first entry
    np.testing.assert_array_equal(x, np.arange(6.0).reshape(2, 3))


def test_nan_from_f_gives_nan_gradient_without_warning() -> None:
    grad = numerical_gradient(lambda x: np.inf if x[0] > 0 else 0.0, np.array([1.0, -5.0]))
    assert np.isnan(grad[0]) or np.isinf(grad[0])
    grad = numerical_gradient(lambda x: np.inf, np.array([1.0]))
    assert np.isnan(grad[0])
