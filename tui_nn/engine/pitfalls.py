"""Classic mistakes, reproduced on purpose so a lesson can show them happening.

Nothing here should be used for real work: each function is wrong in exactly
the way its docstring describes.  The correct versions live in ``gradient``
and ``losses``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from tui_nn.engine._checks import as_float_array, as_number, as_numeric_array


def diff_bad_parentheses(f: Callable[[float], Any], x: Any, h: float = 1e-4) -> float:
    """The central difference with a missing pair of parentheses: ``/2*h``.

    Python reads ``a / 2 * h`` as ``(a / 2) * h``: it divides by 2 and then
    *multiplies* by h, instead of dividing by 2*h.  The result is the true
    slope times h**2 (1e-8 for h = 1e-4): 0.2 becomes about 2e-9.  The
    tutorial this project started from made exactly this mistake.
    """
    x = as_number(x, "x")
    h = as_number(h, "h")
    return float((f(x + h) - f(x - h)) / 2 * h)  # the bug: should be / (2 * h)


def book_numerical_gradient(f: Callable[[np.ndarray], Any], x: Any, h: float = 1e-4) -> Any:
    """The book's numerical gradient, copied as it is, integer arrays and all.

    It changes ``x`` in place.  On an integer array, ``x[idx] = 3 + 1e-4``
    stores 3 (the fraction is cut off) and ``x[idx] = 3 - 1e-4`` stores 2, so
    for f = x0**2 + x1**2 at [3, 4] it returns [25000, 35000] instead of
    [6, 8] -- and no error tells you.  ``tui_nn.engine.gradient.numerical_gradient``
    converts to float first.
    """
    x = as_numeric_array(x, "x")
    grad = np.zeros_like(x)

    it = np.nditer(x, flags=["multi_index"], op_flags=[["readwrite"]])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = float(tmp_val) + h
        fxh1 = f(x)  # f(x+h)

        x[idx] = tmp_val - h
        fxh2 = f(x)  # f(x-h)
        grad[idx] = (fxh1 - fxh2) / (2 * h)

        x[idx] = tmp_val  # restore the value
        it.iternext()

    return grad


def cross_entropy_without_delta(y: Any, t: Any) -> float:
    """Cross-entropy written without delta: E = -sum(t * log(y)), mean over a batch.

    Where ``y`` has an exact 0, log(0) = -inf, and even where ``t`` is 0 there
    the product 0 * -inf is nan, so the whole loss is nan.  (NumPy would warn;
    we silence the warning, because nan is the point of the lesson.)
    ``t`` must be one-hot, the same shape as ``y``.
    """
    y = as_float_array(y, "y")
    t = as_float_array(t, "t")
    if y.shape != t.shape:
        raise ValueError(
            f"y and t must have the same shape, but y has shape {y.shape} and t has {t.shape}"
        )
    batch_size = y.shape[0] if y.ndim == 2 else 1
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(-np.sum(t * np.log(y)) / batch_size)
