"""Gradient descent: walk downhill, one small step at a time.

Each step moves x against the gradient:  x <- x - lr * grad f(x).
``lr`` (the learning rate) sets the size of the step: too small and x barely
moves, too large and x overshoots the minimum and flies off.

One update rule, in one place (:func:`descent_steps`), used two ways:

- :func:`gradient_descent`: the book's function, gives the final x;
- ``DescentRun`` (``tui_nn.engine.experiments``), the lesson 5 lab's run that
  advances one update at a time and keeps every point, takes its points from
  ``descent_steps`` too, so both visit exactly the same points.

Both use ``tui_nn.engine.gradient.numerical_gradient`` with step ``h`` and
never change the caller's ``init_x``.

When the learning rate is far too large, x can grow until it overflows to
inf and then becomes nan; the run carries on with those values and prints no
warning (a chart should treat them as "diverged").
"""

from __future__ import annotations

import collections
import itertools
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from tui_nn.engine._checks import as_count, as_float_array, as_number, as_positive_step
from tui_nn.engine.gradient import numerical_gradient

Function = Callable[[np.ndarray], Any]


def descent_steps(f: Function, init_x: Any, lr: float, h: float = 1e-4) -> Iterator[np.ndarray]:
    """Gradient descent as an endless stream: x after each update, each a fresh copy.

    The update is the book's: ``grad = numerical_gradient(f, x); x -= lr * grad``.
    Take as many as you like (``itertools.islice`` or ``next``).
    """
    x = as_float_array(init_x, "init_x").copy()  # our own copy: the caller's array stays put
    lr = as_number(lr, "lr")
    if not np.isfinite(lr):
        raise ValueError(f"lr must be a finite number, but got {lr}")
    h = as_positive_step(h)
    return _updates(f, x, lr, h)


def _updates(f: Function, x: np.ndarray, lr: float, h: float) -> Iterator[np.ndarray]:
    while True:
        with np.errstate(over="ignore", invalid="ignore"):  # a diverging run gives inf/nan
            grad = numerical_gradient(f, x, h=h)
            x -= lr * grad
        yield x.copy()


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
    step_num = as_count(step_num, "step_num")
    steps = descent_steps(f, init_x, lr, h)
    last = collections.deque(itertools.islice(steps, step_num), maxlen=1)
    return last[0] if last else as_float_array(init_x, "init_x").copy()


# --- One update by hand (lesson 5, before the long walks) ---------------------

#: The worked example: a loss whose slope at weight 5 is +6 (its bottom is at 2).
WORKED_WEIGHT = 5.0
#: No learning rate (1), the usual 0.1, and a tiny 0.00001.
WORKED_RATES: tuple[float, ...] = (1.0, 0.1, 0.00001)


def worked_loss(w: float) -> float:
    """``(w - 2)**2``: its slope at w = 5 is 2 * (5 - 2) = 6."""
    return (w - 2.0) ** 2


def one_update(w: float, grad: float, lr: float) -> float:
    """One step of gradient descent on a single weight: ``w - lr * grad``."""
    return float(w - lr * grad)
