"""Gradient descent and the learning rate: LESSONS.md section 5."""

import itertools

import numpy as np
import pytest

from tui_nn.engine.descent import descent_steps, gradient_descent
from tui_nn.engine.gradient import numerical_gradient


def function_2(x):
    return x[0] ** 2 + x[1] ** 2


def function_2_book(x):
    """The book's own spelling of the same function."""
    return np.sum(x**2)


INIT = (-3.0, 4.0)


@pytest.mark.parametrize("f", [function_2, function_2_book])
def test_lr_0_1_converges_to_the_minimum(f) -> None:
    x = gradient_descent(f, np.array(INIT), lr=0.1, step_num=100)
    np.testing.assert_allclose(x, [-6.1e-10, 8.1e-10], rtol=0.01)
    np.testing.assert_allclose(x, [-6.11110793e-10, 8.14814391e-10], rtol=5e-9)


@pytest.mark.parametrize("f", [function_2, function_2_book])
def test_lr_10_diverges_and_freezes_at_the_reference(f) -> None:
    x = gradient_descent(f, np.array(INIT), lr=10.0, step_num=100)
    # digits shown in LESSONS.md: 9 significant digits
    np.testing.assert_allclose(x, [-2.58983747e13, -1.29524862e12], rtol=5e-9)


def test_lr_10_freezes_because_the_gradient_becomes_zero() -> None:
    x = gradient_descent(function_2, np.array(INIT), lr=10.0, step_num=100)
    # x + 1e-4 rounds back to x: the numerical gradient is exactly 0 ...
    np.testing.assert_array_equal(numerical_gradient(function_2, x.copy()), [0.0, 0.0])
    # ... so more steps change nothing.
    more = gradient_descent(function_2, np.array(INIT), lr=10.0, step_num=150)
    np.testing.assert_array_equal(more, x)


def test_tiny_lr_barely_moves() -> None:
    x = gradient_descent(function_2, np.array(INIT), lr=1e-10, step_num=100)
    np.testing.assert_allclose(x, [-2.99999994, 3.99999992], rtol=5e-9)


def test_callers_array_is_untouched() -> None:
    init = np.array(INIT)
    gradient_descent(function_2, init, lr=0.1)
    list(itertools.islice(descent_steps(function_2, init, lr=0.1), 5))
    np.testing.assert_array_equal(init, INIT)


def test_integer_start_works() -> None:
    x = gradient_descent(function_2, np.array([-3, 4]), lr=0.1, step_num=100)
    np.testing.assert_allclose(x, [-6.11110793e-10, 8.14814391e-10], rtol=5e-9)


def test_steps_visit_the_points_gradient_descent_ends_at() -> None:
    points = list(itertools.islice(descent_steps(function_2, INIT, lr=0.1), 20))
    assert len(points) == 20 and all(p.shape == (2,) for p in points)
    np.testing.assert_array_equal(points[-1], gradient_descent(function_2, INIT, 0.1, 20))
    fs = [function_2(x) for x in [np.array(INIT), *points]]
    assert fs[0] == 25.0
    assert np.all(np.diff(fs) < 0)  # lr = 0.1 goes downhill every step


def test_each_step_is_the_book_update_and_a_fresh_copy() -> None:
    steps = descent_steps(function_2, INIT, lr=0.1)
    first, second = next(steps), next(steps)
    grad0 = numerical_gradient(function_2, np.array(INIT))
    np.testing.assert_allclose(grad0, [-6.0, 8.0], atol=1e-8)
    np.testing.assert_array_equal(first, np.array(INIT) - 0.1 * grad0)
    grad1 = numerical_gradient(function_2, first.copy())
    np.testing.assert_array_equal(second, first - 0.1 * grad1)
    first[:] = 99.0  # keeping (or changing) an old point never changes the run
    np.testing.assert_array_equal(next(steps), gradient_descent(function_2, INIT, 0.1, 3))


def test_zero_steps_give_the_start() -> None:
    np.testing.assert_array_equal(gradient_descent(function_2, INIT, lr=0.1, step_num=0), INIT)


def test_huge_lr_overflows_quietly() -> None:
    # A learner may type lr = 1e200: the run must not warn or crash.
    x = gradient_descent(function_2, INIT, lr=1e200, step_num=10)
    assert not np.all(np.isfinite(x))


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="step_num"):
        gradient_descent(function_2, INIT, step_num=-1)
    with pytest.raises(ValueError, match="step_num"):
        gradient_descent(function_2, INIT, step_num=2.5)
    with pytest.raises(ValueError, match="lr"):
        gradient_descent(function_2, INIT, lr=np.inf)
    with pytest.raises(ValueError, match="init_x is empty"):
        gradient_descent(function_2, [])
    with pytest.raises(ValueError, match="init_x must contain numbers"):
        descent_steps(function_2, ["a", "b"], lr=0.1)
