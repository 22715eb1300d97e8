"""Class labels: the one check that labels are digits (or classes), and one-hot rows.

MNIST has ten classes, the digits 0 to 9 (:data:`NUM_CLASSES`).  A label is
the number of the right class; a one-hot row has a 1 in that class's column
and 0 elsewhere.  Every part of the engine checks labels with
:func:`class_labels` and makes one-hot rows with :func:`one_hot`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

NUM_CLASSES = 10


def class_labels(values: Any, classes: int = NUM_CLASSES, what: str = "class labels") -> np.ndarray:
    """``values`` as int64 labels, after checking they are whole numbers from 0 to classes - 1.

    Raises ``ValueError`` naming ``what`` otherwise (text, booleans, fractions,
    nan, or numbers out of range).
    """
    raw = np.asarray(values)
    if raw.size and (
        raw.dtype == bool
        or raw.dtype.kind not in "iuf"
        or (raw.dtype.kind == "f" and not np.all(np.isfinite(raw)))
        or (raw.dtype.kind == "f" and not np.all(raw == np.round(raw)))
    ):
        raise ValueError(f"{what} must be whole numbers from 0 to {classes - 1}")
    labels = raw.astype(np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= classes):
        raise ValueError(
            f"{what} must be whole numbers from 0 to {classes - 1}, "
            f"but got values from {labels.min()} to {labels.max()}"
        )
    return labels


def one_hot(labels: Any, classes: int = NUM_CLASSES, what: str = "class labels") -> np.ndarray:
    """float64 one-hot rows (..., classes) for checked labels: 2 -> [0, 0, 1, 0, …]."""
    checked = class_labels(labels, classes, what)
    rows = np.zeros((*checked.shape, classes))
    np.put_along_axis(rows, checked[..., None], 1.0, axis=-1)
    return rows
