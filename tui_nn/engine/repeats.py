"""Lesson 2's repeats: which indices a minibatch drawn with replacement holds more than once."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def repeat_counts(indices: Sequence[int] | np.ndarray) -> list[tuple[int, int]]:
    """``(index, times)`` for every index drawn more than once, in order of first draw."""
    indices = np.asarray(indices).reshape(-1)
    if indices.size == 0:
        return []
    values, first, counts = np.unique(indices, return_index=True, return_counts=True)
    repeated = counts > 1
    order = np.argsort(first[repeated], kind="stable")
    return [
        (int(v), int(c))
        for v, c in zip(values[repeated][order], counts[repeated][order], strict=True)
    ]


def extra_draws(indices: Sequence[int] | np.ndarray) -> int:
    """How many draws repeat an index already drawn (batch size minus distinct indices)."""
    indices = np.asarray(indices).reshape(-1)
    return int(indices.size - np.unique(indices).size)


def repeats_first(indices: Sequence[int] | np.ndarray) -> list[int]:
    """Positions in the batch: every draw of a repeated index first (copies side by side),
    then the other draws in batch order."""
    indices = np.asarray(indices).reshape(-1)
    order: list[int] = []
    for index, _times in repeat_counts(indices):
        order.extend(int(p) for p in np.flatnonzero(indices == index))
    taken = set(order)
    order.extend(p for p in range(indices.size) if p not in taken)
    return order
