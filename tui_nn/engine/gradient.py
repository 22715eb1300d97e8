"""Numerical derivatives: measure a slope by nudging the input a little.

``numerical_diff`` gives the slope of a function of one number;
``numerical_gradient`` gives the gradient (all the partial derivatives) of a
function of an array, one entry at a time, exactly as the book does.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

from tui_nn.engine._checks import (
    as_function_value,
    as_number,
    as_numeric_array,
    as_positive_step,
)

ProgressCallback = Callable[[int, int], "bool | None"]

#: How often (in seconds) ``numerical_gradient`` reports progress.
PROGRESS_INTERVAL = 0.05


class Cancelled(Exception):
    """Raised when an ``on_progress`` callback returns False to stop a long computation."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__(f"cancelled after {done} of {total} entries")
        self.done = done
        self.total = total


def numerical_diff(
    f: Callable[[float], Any], x: Any, h: float = 1e-4, method: str = "central"
) -> float:
    """The slope of ``f`` at the number ``x``, measured with a small step ``h``.

    - ``method="central"`` (the default, more accurate):
      (f(x + h) - f(x - h)) / (2 * h)
    - ``method="forward"``: (f(x + h) - f(x)) / h, which is off by about
      h * f''(x) / 2.

    A step that is too small drowns in rounding error: with h = 1e-50, x + h
    is exactly x in floating point and the slope comes out as 0.

    NaN or inf from ``f`` gives a nan or inf slope (no warning).
    """
    x = as_number(x, "x")
    h = as_positive_step(h)
    if method not in ("central", "forward"):
        raise ValueError(f'method must be "central" or "forward", but got {method!r}')
    with np.errstate(invalid="ignore", over="ignore"):  # inf - inf = nan, as documented
        if method == "central":
            f_right = as_function_value(f(x + h), "f(x + h)")
            f_left = as_function_value(f(x - h), "f(x - h)")
            return (f_right - f_left) / (2 * h)
        f_right = as_function_value(f(x + h), "f(x + h)")
        f_here = as_function_value(f(x), "f(x)")
        return (f_right - f_here) / h


def numerical_gradient(
    f: Callable[[np.ndarray], Any],
    x: Any,
    h: float = 1e-4,
    on_progress: ProgressCallback | None = None,
) -> np.ndarray:
    """The gradient of ``f`` at ``x``: the partial derivative for every entry of ``x``.

    For each entry in turn (``x`` may have any shape, e.g. a 2x3 weight
    matrix) we nudge that entry up and down by ``h``, call ``f`` both times,
    take the central difference, and put the entry back:

        x[idx] = tmp + h;  fxh1 = f(x)
        x[idx] = tmp - h;  fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp

    A float64 array is changed in place and restored (even if ``f`` fails),
    so ``f`` may ignore its argument and read the array some other way, as
    the book's ``lambda w: net.loss(x, t)`` does.  Any other input (a list,
    an integer or float32 array) is first copied to a new float64 array,
    because ``3 + 1e-4`` stored back into an integer array is just ``3``: the
    book's code then silently returns nonsense (see ``pitfalls``).  In that
    case ``f`` must compute from its argument.

    ``on_progress(done, total)`` is called after the first entry, then about
    every 0.05 s, and at the end.  If it returns False, ``x`` is restored and
    ``Cancelled`` is raised.

    If ``f`` returns nan or inf, the matching entries of the gradient are nan
    or inf (no warning).
    """
    h = as_positive_step(h)
    array = as_numeric_array(x, "x")
    if not (
        isinstance(x, np.ndarray) and array.dtype == np.float64 and array.flags.writeable
    ):
        array = array.astype(np.float64)  # a fresh copy we may change
    grad = np.zeros_like(array)
    total = array.size
    last_report = time.perf_counter()
    for done, idx in enumerate(np.ndindex(array.shape), start=1):
        tmp = array[idx]
        try:
            array[idx] = tmp + h
            fxh1 = as_function_value(f(array), "f(x)")
            array[idx] = tmp - h
            fxh2 = as_function_value(f(array), "f(x)")
        finally:
            array[idx] = tmp  # put the entry back, whatever happened
        with np.errstate(invalid="ignore", over="ignore"):
            grad[idx] = (fxh1 - fxh2) / (2 * h)
        if on_progress is not None:
            now = time.perf_counter()
            if done == 1 or done == total or now - last_report >= PROGRESS_INTERVAL:
                last_report = now
                if on_progress(done, total) is False:
                    raise Cancelled(done, total)
    return grad
