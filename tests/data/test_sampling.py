"""Minibatch sampling: with replacement repeats, without never does, epochs cover everything."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_nn.data.sampling import (
    batches_per_epoch,
    epoch_batches,
    sample_with_replacement,
    sample_without_replacement,
)


def test_with_replacement_can_repeat() -> None:
    rng = np.random.default_rng(0)
    # 20 draws from 10 must repeat (pigeonhole); and in range
    batch = sample_with_replacement(rng, 10, 20)
    assert batch.shape == (20,)
    assert len(np.unique(batch)) < 20
    assert batch.min() >= 0 and batch.max() < 10


def test_with_replacement_repeats_in_small_batches_too() -> None:
    # birthday problem: 10 draws from 60 repeat in about half the batches
    rng = np.random.default_rng(1)
    repeats = sum(len(np.unique(sample_with_replacement(rng, 60, 10))) < 10 for _ in range(200))
    assert 50 < repeats < 150


@given(n=st.integers(1, 500), size=st.integers(1, 500), seed=st.integers(0, 2**32 - 1))
@settings(max_examples=60, deadline=None)
def test_without_replacement_never_repeats(n: int, size: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    if size > n:
        with pytest.raises(ValueError, match="at most"):
            sample_without_replacement(rng, n, size)
        return
    batch = sample_without_replacement(rng, n, size)
    assert len(batch) == size and len(np.unique(batch)) == size
    assert batch.min() >= 0 and batch.max() < n


@given(n=st.integers(1, 300), batch=st.integers(1, 64), seed=st.integers(0, 2**32 - 1))
@settings(max_examples=60, deadline=None)
def test_epoch_covers_each_index_exactly_once(n: int, batch: int, seed: int) -> None:
    batches = list(epoch_batches(np.random.default_rng(seed), n, batch))
    assert len(batches) == batches_per_epoch(n, batch)
    assert all(len(b) == batch for b in batches[:-1]) and 1 <= len(batches[-1]) <= batch
    np.testing.assert_array_equal(np.sort(np.concatenate(batches)), np.arange(n))


def test_epochs_are_shuffled_differently() -> None:
    rng = np.random.default_rng(2)
    first = np.concatenate(list(epoch_batches(rng, 100, 10)))
    second = np.concatenate(list(epoch_batches(rng, 100, 10)))
    assert not np.array_equal(first, second)
    assert not np.array_equal(first, np.arange(100))


def test_same_seed_same_batches() -> None:
    a = sample_with_replacement(np.random.default_rng(7), 60000, 10)
    b = sample_with_replacement(np.random.default_rng(7), 60000, 10)
    np.testing.assert_array_equal(a, b)


def test_book_epoch_arithmetic() -> None:
    assert batches_per_epoch(60000, 100) == 600
    assert batches_per_epoch(10000, 1000) == 10
    assert batches_per_epoch(10, 3) == 4


def test_shuffled_epochs_follow_the_one_epoch_rule() -> None:
    from tui_nn.engine.train_config import iterations_per_epoch

    for n, b in ((600, 250), (60_000, 100), (50, 100), (7, 7)):
        assert batches_per_epoch(n, b) == iterations_per_epoch(n, b, "shuffle")
        assert len(list(epoch_batches(np.random.default_rng(0), n, b))) == batches_per_epoch(n, b)


@pytest.mark.parametrize("n, size", [(0, 1), (5, 0), (-1, 3)])
def test_bad_sizes_raise_clear_errors(n: int, size: int) -> None:
    rng = np.random.default_rng(0)
    for fn in (sample_with_replacement, sample_without_replacement):
        with pytest.raises(ValueError, match="at least one"):
            fn(rng, n, size)
    with pytest.raises(ValueError, match="at least one"):
        next(epoch_batches(rng, n, size))
