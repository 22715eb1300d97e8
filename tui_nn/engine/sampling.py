"""Minibatches: the ways to pick one, and how many make an epoch (the one rule).

- :func:`sample_with_replacement`: the book's ``np.random.choice(n, size)``, an
  index may repeat;
- :func:`sample_without_replacement`: ``size`` different indices;
- :func:`epoch_batches`: shuffle, then cut into batches, so each index comes
  exactly once (the last batch is short when the batch size does not divide n);
- :func:`minibatches`: an endless stream of batches, as the trainer draws them;
- :func:`iterations_per_epoch`: how many updates make an epoch, for every part
  of tui-nn.

All randomness comes from the ``numpy.random.Generator`` passed in.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

SAMPLINGS = ("random", "shuffle")


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


def epoch_batches(rng: np.random.Generator, n: int, batch_size: int) -> Iterator[np.ndarray]:
    """One epoch: shuffle 0..n-1 and cut it into batches, so each index comes exactly once.

    The last batch is smaller when ``batch_size`` does not divide ``n``.
    """
    _check(n, batch_size)
    order = rng.permutation(n)
    for start in range(0, n, batch_size):
        yield order[start : start + batch_size]


def minibatches(
    rng: np.random.Generator, n: int, batch_size: int, sampling: str = "random"
) -> Iterator[np.ndarray]:
    """Batches of indices without end: ``"random"`` (the book's, with replacement) or
    ``"shuffle"`` (one shuffled epoch after another)."""
    if sampling not in SAMPLINGS:
        raise ValueError(f"sampling must be one of {', '.join(SAMPLINGS)}, not {sampling!r}")
    _check(n, batch_size)
    if sampling == "random":
        while True:
            yield sample_with_replacement(rng, n, batch_size)
    while True:
        yield from epoch_batches(rng, n, batch_size)


def _whole(value: object, what: str) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, np.integer, float))
        or int(value) != value
        or value < 1
    ):
        raise ValueError(f"{what} must be a whole number of at least 1, not {value!r}")
    return int(value)


def iterations_per_epoch(train_size: int, batch_size: int, sampling: str = "random") -> int:
    """Updates in one epoch, the ONE rule every part of tui-nn uses.

    An epoch is one pass over the training set, so it takes
    training-set size / batch size updates.  That is rarely a whole number,
    so it is made one:

    - ``sampling="random"`` (the book: each batch drawn at random, with
      replacement): rounded DOWN, at least 1.  60,000 / 100 = 600;
      600 / 250 = 2.4 -> 2; 50 / 100 = 0.5 -> 1.
    - ``sampling="shuffle"`` (shuffle, then cut into batches, so every example
      comes exactly once per epoch): rounded UP, because the last batch is
      short.  600 / 250 -> 3 batches of 250, 250 and 100.

    Both give the same number when the batch size divides the training set.
    """
    n = _whole(train_size, "training-set size")
    b = _whole(batch_size, "batch size")
    if sampling not in SAMPLINGS:
        raise ValueError(f"sampling must be one of {', '.join(SAMPLINGS)}, not {sampling!r}")
    if sampling == "shuffle":
        return -(-n // b)
    return max(n // b, 1)


def batches_per_epoch(n: int, batch_size: int) -> int:
    """How many batches one shuffled epoch takes: 60,000 / 100 -> 600; 600 / 250 -> 3."""
    _check(n, batch_size)
    return iterations_per_epoch(n, batch_size, "shuffle")
