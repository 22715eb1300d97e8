"""Activation functions: sigmoid, softmax and relu.

These are the book's functions, written so that large inputs never overflow
and never print a warning.

Every function accepts a number, a list or a NumPy array and raises
``ValueError`` for text, ragged lists or empty input.  NaN in gives NaN out
(see each function for infinities).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tui_nn.engine._checks import as_float_array


def _scalar_if_0d(result: np.ndarray) -> Any:
    """Give back a plain NumPy number when the input was a single number."""
    return result[()] if result.ndim == 0 else result


def sigmoid(x: Any) -> Any:
    """The sigmoid 1 / (1 + exp(-x)): squashes any number into (0, 1).

    The book writes ``1 / (1 + np.exp(-x))``.  For a large negative x, exp(-x)
    overflows (exp(1000) is too big for a float) and NumPy warns.  We use the
    same formula in a form that never overflows: with z = exp(-|x|), which is
    always between 0 and 1,

        sigmoid(x) = 1 / (1 + z)   when x >= 0
        sigmoid(x) = z / (1 + z)   when x < 0

    Results: sigmoid(+inf) = 1, sigmoid(-inf) = 0, sigmoid(nan) = nan.
    """
    x = as_float_array(x, "x")
    z = np.exp(-np.abs(x))  # never overflows: -|x| <= 0
    result = np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
    return _scalar_if_0d(result)


def relu(x: Any) -> Any:
    """The rectified linear unit: x where x > 0, else 0.

    relu(+inf) = inf, relu(-inf) = 0, relu(nan) = nan.
    """
    x = as_float_array(x, "x")
    return _scalar_if_0d(np.maximum(0.0, x))


def softmax(x: Any) -> np.ndarray:
    """Turn scores into probabilities that are all positive and sum to 1.

    ``x`` is one row of scores (1-D) or a batch with one row per example
    (2-D); each row is handled on its own.

    softmax(x) = exp(x) / sum(exp(x)).  exp(1000) overflows, so, as the book
    does, we first subtract the largest score of the row: this does not change
    the result (the common factor cancels) and keeps every exp() at most 1.

    Infinities and NaN: a score of -inf gets probability 0.  A row that holds
    +inf or NaN (or only -inf) has no sensible answer: that whole row is NaN.
    """
    x = as_float_array(x, "x")
    if x.ndim not in (1, 2):
        raise ValueError(
            f"x must be one row of scores (1-D) or a batch of rows (2-D), but got shape {x.shape}"
        )
    # "over": very different huge scores (1e308 and -1e308) overflow to -inf
    # after the subtraction, and exp(-inf) = 0 is the right answer.
    # "invalid": inf - inf = nan for rows holding +inf (documented above).
    with np.errstate(over="ignore", invalid="ignore"):
        shifted = x - np.max(x, axis=-1, keepdims=True)
        exp = np.exp(shifted)
        return exp / np.sum(exp, axis=-1, keepdims=True)
