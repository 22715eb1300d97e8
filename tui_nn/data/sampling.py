"""Ways to pick a minibatch: the book's way (with replacement), without, and shuffled epochs.

How many batches make an epoch is decided in one place for all of tui-nn:
:func:`tui_nn.engine.train_config.iterations_per_epoch`.  A shuffled epoch
uses every example exactly once, so the last batch is short when the batch
size does not divide the number of examples (600 / 250 -> 250, 250, 100).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from tui_nn.engine.train_config import iterations_per_epoch


def _check(n: int, size: int) -> None:
    if n <= 0:
        raise ValueError(f"there must be at least one example to sample from, got n={n}")
    if size <= 0:
        raise ValueError(f"a batch needs at least one example, got size={size}")


def sample_with_replacement(rng: np.random.Generator, n: int, size: int) -> np.ndarray:
    """``size`` indices from 0..n-1, each drawn independently, so one may repeat.

    This is the book's ``np.random.choice(train_size, batch_size)``.
    """
    _check(n, size)
    return rng.integers(0, n, size=size)


def sample_without_replacement(rng: np.random.Generator, n: int, size: int) -> np.ndarray:
    """``size`` different indices from 0..n-1 (no index appears twice)."""
    _check(n, size)
    if size > n:
        raise ValueError(
            f"cannot draw {size} different examples from only {n}: use a batch of at most {n}"
        )
    return rng.choice(n, size=size, replace=False)


def epoch_batches(
    rng: np.random.Generator, n: int, batch_size: int
) -> Iterator[np.ndarray]:
    """One epoch: shuffle 0..n-1 and cut it into batches, so each index comes exactly once.

    The last batch is smaller when ``batch_size`` does not divide ``n``.
    """
    _check(n, batch_size)
    order = rng.permutation(n)
    for start in range(0, n, batch_size):
        yield order[start : start + batch_size]


def batches_per_epoch(n: int, batch_size: int) -> int:
    """How many batches one shuffled epoch takes: 60,000 / 100 -> 600; 600 / 250 -> 3.

    The shared rule for shuffled epochs (``iterations_per_epoch(..., "shuffle")``):
    n / batch_size rounded up, because the last batch is short.
    """
    _check(n, batch_size)
    return iterations_per_epoch(n, batch_size, "shuffle")
