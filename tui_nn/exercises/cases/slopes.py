"""The cases of lessons 3 to 5: numerical_diff, numerical_gradient and gradient_descent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from tui_nn.engine import pitfalls
from tui_nn.engine.descent import gradient_descent
from tui_nn.engine.gradient import numerical_diff, numerical_gradient
from tui_nn.exercises.cases.common import (
    H,
    bowl,
    cubic,
    seeded,
    slope_function,
    tilted_bowl,
)
from tui_nn.exercises.spec import (
    Case,
    ChangedRule,
    ExerciseSpec,
    FunctionSpec,
    ImpliedStepRule,
    TagRule,
    VariantRule,
)
from tui_nn.i18n import N_


def _forward_gradient(f: Callable[[np.ndarray], Any], x: np.ndarray) -> np.ndarray:
    """The gradient by forward differences: the mistake, computed on purpose."""
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        tmp = x[idx]
        base = f(x)
        x[idx] = tmp + H
        grad[idx] = (f(x) - base) / H
        x[idx] = tmp
    return grad


def _unrestored_gradient(f: Callable[[np.ndarray], Any], x: np.ndarray) -> np.ndarray:
    """The gradient when each nudged entry is left at x - h: the mistake, on purpose."""
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        tmp = x[idx]
        x[idx] = tmp + H
        fxh1 = f(x)
        x[idx] = tmp - H
        grad[idx] = (fxh1 - f(x)) / (2 * H)
    return grad


# -- lesson 3 ------------------------------------------------------------------


#: Exact slope and second derivative of the functions numerical_diff is checked on.
_EXACT: dict[Callable[[Any], Any], tuple[Callable[[float], float], Callable[[float], float]]] = {
    slope_function: (lambda x: 0.02 * x + 0.1, lambda x: 0.02),
    cubic: (lambda x: 3 * x**2, lambda x: 6 * x),
}


def _diff_case(name: str, f: Callable[[Any], Any], x: Any, tags: frozenset[str]) -> Case:
    slope, second = _EXACT[f]
    return Case(
        name,
        args=lambda: (f, x),
        expected=lambda: numerical_diff(f, x),
        variants=lambda: {
            "half_times_h": pitfalls.diff_bad_parentheses(f, x),
            "forward_difference": numerical_diff(f, x, method="forward"),
            "h_too_small": 0.0,
        },
        tags=tags,
        facts=lambda: {"slope": slope(float(x)), "second": second(float(x))},
    )


LESSON_3 = ExerciseSpec(
    3,
    (
        FunctionSpec(
            "numerical_diff",
            (
                _diff_case(N_("f(x) = 0.01x² + 0.1x at x = 5"), slope_function, 5.0, frozenset()),
                _diff_case(N_("f(x) = 0.01x² + 0.1x at x = 10"), slope_function, 10.0, frozenset()),
                _diff_case(N_("f(x) = x³ at x = 2"), cubic, 2.0, frozenset()),
                _diff_case(N_("f(x) = x³ at x = -1"), cubic, -1.0, frozenset()),
                _diff_case(
                    N_("f(x) = 0.01x² + 0.1x at the whole number x = 5"), slope_function, 5,
                    frozenset({"int"}),
                ),
            ),
            (
                VariantRule("half_times_h"),
                VariantRule("forward_difference"),
                VariantRule("h_too_small"),
                ImpliedStepRule("half_times_h", "times_h_squared"),
                ImpliedStepRule("forward_difference", "forward"),
                TagRule("int", "integer_input"),
            ),
        ),
    ),
)

# -- lesson 4 ------------------------------------------------------------------


def _gradient_case(
    name: str, f: Callable[[np.ndarray], Any], make_x: Callable[[], np.ndarray],
    tags: frozenset[str] = frozenset(),
) -> Case:
    def variants() -> dict[str, Any]:
        x = make_x()
        right = numerical_gradient(f, x.astype(float))
        out: dict[str, Any] = {
            "half_times_h": right * H * H,
            "forward_difference": _forward_gradient(f, x),
            "h_too_small": np.zeros(x.shape),
            "not_restored": _unrestored_gradient(f, x),
        }
        if x.dtype.kind in "iu":
            out["integer_input"] = pitfalls.book_numerical_gradient(f, x.copy())
        return out

    return Case(
        name,
        args=lambda: (f, make_x()),
        expected=lambda: numerical_gradient(f, make_x().astype(float)),
        variants=variants,
        tags=tags,
        rtol=1e-6,
        atol=1e-9,
    )


LESSON_4 = ExerciseSpec(
    4,
    (
        FunctionSpec(
            "numerical_gradient",
            (
                _gradient_case(N_("x0² + x1² at (3, 4)"), bowl, lambda: np.array([3.0, 4.0])),
                _gradient_case(N_("x0² + x1² at (0, 2)"), bowl, lambda: np.array([0.0, 2.0])),
                _gradient_case(N_("x0² + x1² at (3, 0)"), bowl, lambda: np.array([3.0, 0.0])),
                _gradient_case(
                    N_("a tilted bowl at a random 2x3 matrix"), tilted_bowl,
                    lambda: seeded(41).normal(size=(2, 3)), frozenset({"nd"}),
                ),
                _gradient_case(
                    N_("a tilted bowl at a random 2x2x2 array"), tilted_bowl,
                    lambda: seeded(42).normal(size=(2, 2, 2)), frozenset({"nd"}),
                ),
                _gradient_case(
                    N_("x0² + x1² at the integer array [3, 4]"), bowl,
                    lambda: np.array([3, 4]), frozenset({"int"}),
                ),
                _gradient_case(
                    N_("a tilted bowl at an integer 2x3 matrix"), tilted_bowl,
                    lambda: np.arange(-2, 4).reshape(2, 3), frozenset({"int", "nd"}),
                ),
            ),
            (
                VariantRule("half_times_h"),
                VariantRule("forward_difference"),
                VariantRule("h_too_small"),
                VariantRule("integer_input"),
                TagRule("int", "integer_input"),
                VariantRule("not_restored"),
                TagRule("nd", "gradient_1d_only"),
                ChangedRule("not_restored", shift=H),
                ChangedRule("input_modified"),
            ),
        ),
    ),
)

# -- lesson 5 ------------------------------------------------------------------


def _descent_case(
    name: str, make_x: Callable[[], np.ndarray], lr: float, steps: int,
    tags: frozenset[str] = frozenset(),
) -> Case:
    def run(rate: float) -> np.ndarray:
        return gradient_descent(bowl, make_x(), lr=rate, step_num=steps)

    return Case(
        name,
        args=lambda: (bowl, make_x(), lr, steps),
        expected=lambda: run(lr),
        variants=lambda: {
            "wrong_sign": run(-lr),
            "lr_twice": run(lr * lr),
            "lr_twice#2": run(2 * lr),
        },
        tags=tags,
        rtol=1e-6,
        atol=1e-15,
    )


LESSON_5 = ExerciseSpec(
    5,
    (
        FunctionSpec(
            "gradient_descent",
            (
                _descent_case(
                    N_("x0² + x1² from (-3, 4), lr 0.1, 10 steps"), lambda: np.array([-3.0, 4.0]),
                    0.1, 10,
                ),
                _descent_case(
                    N_("x0² + x1² from (-3, 4), lr 0.1, 100 steps"), lambda: np.array([-3.0, 4.0]),
                    0.1, 100,
                ),
                _descent_case(
                    N_("x0² + x1² from (-3, 4), lr 1e-10, 100 steps"),
                    lambda: np.array([-3.0, 4.0]), 1e-10, 100,
                ),
                _descent_case(
                    N_("the sum of squares from a random 2x2 matrix, lr 0.05, 20 steps"),
                    lambda: seeded(51).normal(size=(2, 2)), 0.05, 20,
                ),
                _descent_case(
                    N_("x0² + x1² from the integer array [-3, 4], lr 0.1, 10 steps"),
                    lambda: np.array([-3, 4]), 0.1, 10, frozenset({"int"}),
                ),
            ),
            (
                VariantRule("wrong_sign"),
                VariantRule("lr_twice"),
                ChangedRule("input_modified"),
                TagRule("int", "integer_input"),
            ),
        ),
    ),
)
