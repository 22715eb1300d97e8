"""Small input checks shared by the engine modules.

Every public function of the engine turns bad input into a ``ValueError`` whose
message names the argument and the problem, so the interface can show the
message to the learner instead of a traceback.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

# NumPy "kinds" we accept as numbers: booleans, signed and unsigned integers, floats.
_NUMERIC_KINDS = "biuf"


def as_numeric_array(value: Any, name: str, *, allow_empty: bool = False) -> np.ndarray:
    """Return ``value`` as a NumPy array of numbers (no copy when it already is one).

    Raises ``ValueError`` for ragged lists, text, ``None``, complex numbers and
    (unless ``allow_empty``) empty arrays.
    """
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:
        raise ValueError(
            f"{name} must be a rectangular array of numbers ({error})"
        ) from None
    if array.dtype.kind == "c":
        raise ValueError(f"{name} must contain real numbers, not complex numbers")
    if array.dtype.kind not in _NUMERIC_KINDS:
        raise ValueError(
            f"{name} must contain numbers, but got values of type {array.dtype}"
        )
    if array.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty (shape {array.shape}); it needs at least one number")
    return array


def as_float_array(value: Any, name: str) -> np.ndarray:
    """Return ``value`` as a non-empty float64 array (no copy when it already is one)."""
    return as_numeric_array(value, name).astype(np.float64, copy=False)


def as_number(value: Any, name: str) -> float:
    """Return ``value`` as a Python float, or raise ``ValueError`` if it is not one number."""
    array = as_numeric_array(value, name)
    if array.size != 1:
        raise ValueError(f"{name} must be a single number, but got shape {array.shape}")
    return float(array.reshape(()))


def as_positive_step(value: Any, name: str = "h") -> float:
    """Return a step size as a float; it must be finite and greater than 0."""
    step = as_number(value, name)
    if not (math.isfinite(step) and step > 0):
        raise ValueError(f"{name} must be a finite number greater than 0, but got {step}")
    return step


def as_count(value: Any, name: str) -> int:
    """Return a whole number >= 0 (a count of steps, say)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be a whole number, but got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be 0 or more, but got {value}")
    return int(value)


def as_function_value(result: Any, what: str = "f(x)") -> float:
    """The single number a function returned, or a ValueError that says so."""
    try:
        return as_number(result, what)
    except ValueError as error:
        raise ValueError(f"f must return a single number: {error}") from None
