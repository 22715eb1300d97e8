"""The classic mistakes, reproduced on purpose (LESSONS.md sections 1, 3, 4)."""

import numpy as np
import pytest

from tui_nn.engine.gradient import numerical_diff, numerical_gradient
from tui_nn.engine.losses import cross_entropy_error
from tui_nn.engine.pitfalls import (
    book_numerical_gradient,
    cross_entropy_without_delta,
    diff_bad_parentheses,
)


def function_1(x):
    return 0.01 * x**2 + 0.1 * x


def function_2(x):
    return x[0] ** 2 + x[1] ** 2


def test_bad_parentheses_reference() -> None:
    assert diff_bad_parentheses(function_1, 5) == pytest.approx(1.9999999999908982e-09, rel=1e-15)
    assert diff_bad_parentheses(function_1, 10) == pytest.approx(2.999999999986347e-09, rel=1e-15)


def test_bad_parentheses_is_h_squared_times_the_slope() -> None:
    for x in (5.0, 10.0):
        assert diff_bad_parentheses(function_1, x) == pytest.approx(
            1e-8 * numerical_diff(function_1, x), rel=1e-12
        )


def test_bad_parentheses_tutorial_partials() -> None:
    # The tutorial's partial derivatives at (3, 4): 6.0e-08 and 8.0e-08 instead of 6 and 8.
    assert diff_bad_parentheses(lambda x0: x0**2 + 4.0**2, 3.0) == pytest.approx(6.0e-08)
    assert diff_bad_parentheses(lambda x1: 3.0**2 + x1**2, 4.0) == pytest.approx(8.0e-08)


def test_book_gradient_on_integer_array_is_nonsense() -> None:
    x = np.array([3, 4])
    grad = book_numerical_gradient(function_2, x)
    np.testing.assert_array_equal(grad, [25000, 35000])
    np.testing.assert_array_equal(x, [3, 4])


def test_book_gradient_on_floats_is_right_and_matches_ours() -> None:
    for point in ([3.0, 4.0], [0.0, 2.0], [3.0, 0.0]):
        book = book_numerical_gradient(function_2, np.array(point))
        ours = numerical_gradient(function_2, np.array(point))
        np.testing.assert_array_equal(book, ours)


def test_cross_entropy_without_delta_is_nan_on_zeros() -> None:
    t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
    y1 = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
    assert np.isnan(cross_entropy_without_delta(y1, t))
    # Without zeros in y it agrees with -log of the right class.
    y = np.array([0.1, 0.05, 0.6, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.025])
    assert cross_entropy_without_delta(y, t) == pytest.approx(-np.log(0.6), rel=1e-14)
    assert cross_entropy_without_delta(y, t) == pytest.approx(
        cross_entropy_error(y, t, delta=0.0), rel=1e-14
    )
