"""Ways to pick a minibatch: the book's way (with replacement), without, and shuffled epochs.

The functions live in the engine (:mod:`tui_nn.engine.sampling`), which the
trainer draws its batches with; they are here too because picking examples
is also what a data set is for.  How many batches make an epoch is decided in
one place for all of tui-nn: :func:`tui_nn.engine.sampling.iterations_per_epoch`.
A shuffled epoch uses every example exactly once, so the last batch is short
when the batch size does not divide the number of examples (600 / 250 -> 250,
250, 100).
"""

from __future__ import annotations

from tui_nn.engine.sampling import (
    batches_per_epoch,
    epoch_batches,
    iterations_per_epoch,
    minibatches,
    sample_with_replacement,
    sample_without_replacement,
)

__all__ = [
    "batches_per_epoch",
    "epoch_batches",
    "iterations_per_epoch",
    "minibatches",
    "sample_with_replacement",
    "sample_without_replacement",
]
