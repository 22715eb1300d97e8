"""Gradient descent and the learning rate: LESSONS.md section 5."""

import itertools

import numpy as np
import pytest

from tui_nn.engine.descent import Step, descend, descent_path, gradient_descent
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
    descent_path(function_2, init, lr=0.1, step_num=5)
    list(itertools.islice(descend(function_2, init, lr=0.1), 5))
    np.testing.assert_array_equal(init, INIT)


def test_integer_start_works() -> None:
    x = gradient_descent(function_2, np.array([-3, 4]), lr=0.1, step_num=100)
    np.testing.assert_allclose(x, [-6.11110793e-10, 8.14814391e-10], rtol=5e-9)


def test_path_records_every_point_and_ends_where_gradient_descent_does() -> None:
    path = descent_path(function_2, INIT, lr=0.1, step_num=20)
    assert path.xs.shape == (21, 2) and path.fs.shape == (21,)
    np.testing.assert_array_equal(path.xs[0], INIT)
    assert path.fs[0] == 25.0
    np.testing.assert_array_equal(path.xs[-1], gradient_descent(function_2, INIT, 0.1, 20))
    np.testing.assert_allclose(path.fs, [function_2(x) for x in path.xs], rtol=1e-15)
    assert np.all(np.diff(path.fs) < 0)  # lr = 0.1 goes downhill every step


def test_path_with_zero_steps_is_the_start() -> None:
    path = descent_path(function_2, INIT, lr=0.1, step_num=0)
    np.testing.assert_array_equal(path.xs, [INIT])


def test_descend_steps_match_the_path() -> None:
    steps = list(itertools.islice(descend(function_2, INIT, lr=0.1), 4))
    assert [s.index for s in steps] == [0, 1, 2, 3]
    assert all(isinstance(s, Step) for s in steps)
    path = descent_path(function_2, INIT, lr=0.1, step_num=3)
    np.testing.assert_array_equal([s.x for s in steps], path.xs)
    np.testing.assert_array_equal([s.f for s in steps], path.fs)
    np.testing.assert_allclose(steps[0].grad, [-6.0, 8.0], atol=1e-8)
    np.testing.assert_allclose(steps[1].x, steps[0].x - 0.1 * steps[0].grad)


def test_huge_lr_overflows_quietly() -> None:
    # A learner may type lr = 1e200: the run must not warn or crash.
    path = descent_path(function_2, INIT, lr=1e200, step_num=10)
    assert not np.all(np.isfinite(path.xs[-1]))


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="step_num"):
        gradient_descent(function_2, INIT, step_num=-1)
    with pytest.raises(ValueError, match="step_num"):
        descent_path(function_2, INIT, step_num=2.5)
    with pytest.raises(ValueError, match="lr"):
        gradient_descent(function_2, INIT, lr=np.inf)
    with pytest.raises(ValueError, match="init_x is empty"):
        gradient_descent(function_2, [])
    with pytest.raises(ValueError, match="init_x must contain numbers"):
        descend(function_2, ["a", "b"], lr=0.1)
