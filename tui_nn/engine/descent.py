"""Gradient descent: walk downhill, one small step at a time.

Each step moves x against the gradient:  x <- x - lr * grad f(x).
``lr`` (the learning rate) sets the size of the step: too small and x barely
moves, too large and x overshoots the minimum and flies off.

Three ways to run it:

- ``gradient_descent``: the book's function, gives the final x;
- ``descent_path``: every x visited and f there, for drawing the path;
- ``descend``: an endless stream of steps, for stepping through one at a time.

All three use ``tui_nn.engine.gradient.numerical_gradient`` with step ``h``,
so they visit exactly the same points.  None of them changes the caller's
``init_x``.

When the learning rate is far too large, x can grow until it overflows to
inf and then becomes nan; the run carries on with those values and prints no
warning (a chart should treat them as "diverged").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from tui_nn.engine._checks import (
    as_count,
    as_float_array,
    as_function_value,
    as_number,
    as_positive_step,
)
from tui_nn.engine.gradient import numerical_gradient

Function = Callable[[np.ndarray], Any]


@dataclass(frozen=True)
class Step:
    """One point of a descent: step ``index`` is at ``x``, where f is ``f`` and the
    gradient is ``grad``.  The next point is ``x - lr * grad``."""

    index: int
    x: np.ndarray
    f: float
    grad: np.ndarray


@dataclass(frozen=True)
class DescentPath:
    """Every point of a run: ``xs[k]`` is x after k steps (shape (step_num + 1, n),
    row 0 is the start) and ``fs[k]`` is f there."""

    xs: np.ndarray
    fs: np.ndarray


def _start(init_x: Any, lr: Any, h: Any) -> tuple[np.ndarray, float, float]:
    x = as_float_array(init_x, "init_x").copy()  # our own copy: the caller's array stays put
    lr = as_number(lr, "lr")
    if not np.isfinite(lr):
        raise ValueError(f"lr must be a finite number, but got {lr}")
    return x, lr, as_positive_step(h)


def gradient_descent(
    f: Function, init_x: Any, lr: float = 0.01, step_num: int = 100, h: float = 1e-4
) -> np.ndarray:
    """Take ``step_num`` steps of gradient descent from ``init_x``; return the final x.

    This is the book's loop:

        x = init_x (a copy)
        repeat step_num times:
            grad = numerical_gradient(f, x)
            x -= lr * grad
    """
    x, lr, h = _start(init_x, lr, h)
    step_num = as_count(step_num, "step_num")
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging run gives inf/nan
        for _ in range(step_num):
            grad = numerical_gradient(f, x, h=h)
            x -= lr * grad
    return x


def descend(f: Function, init_x: Any, lr: float, h: float = 1e-4) -> Iterator[Step]:
    """Gradient descent as an endless stream of ``Step``s, starting with step 0 at
    ``init_x``.  Take as many as you like (``itertools.islice``, or ``next``).

    Each ``Step`` holds its own copy of x, so keeping old steps is safe.
    """
    x, lr, h = _start(init_x, lr, h)
    return _steps(f, x, lr, h)


def _steps(f: Function, x: np.ndarray, lr: float, h: float) -> Iterator[Step]:
    index = 0
    while True:
        with np.errstate(over="ignore", invalid="ignore"):
            value = as_function_value(f(x))
            grad = numerical_gradient(f, x, h=h)
        yield Step(index=index, x=x.copy(), f=value, grad=grad)
        with np.errstate(over="ignore", invalid="ignore"):
            x -= lr * grad
        index += 1


def descent_path(
    f: Function, init_x: Any, lr: float = 0.01, step_num: int = 100, h: float = 1e-4
) -> DescentPath:
    """Run ``gradient_descent`` and keep every point: see ``DescentPath``.

    ``xs`` has one row per point, flattened: for the usual 1-D ``init_x`` of
    n numbers its shape is (step_num + 1, n).
    """
    step_num = as_count(step_num, "step_num")
    x, lr, h = _start(init_x, lr, h)
    xs = np.empty((step_num + 1, x.size))
    fs = np.empty(step_num + 1)
    for step in _steps(f, x, lr, h):
        xs[step.index] = step.x.ravel()
        fs[step.index] = step.f
        if step.index == step_num:
            break
    return DescentPath(xs=xs, fs=fs)
