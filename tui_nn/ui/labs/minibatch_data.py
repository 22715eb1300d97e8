"""Lesson 2's numbers: the fixed network and its loss on every training image.

No interface code here: the lab's worker (``run_in_thread``) calls
``compute_loaded`` once per data set, and the tests check the lab's screen
against the same functions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from tui_nn.engine import explore
from tui_nn.engine.nets import TwoLayerNet

if TYPE_CHECKING:  # pragma: no cover
    from tui_nn.data.mnist import Dataset

NET_SEED = 0
NET_HIDDEN = 50
NET_STD = 0.1
SPREAD_SEED = 3
SPREAD_SIZES = tuple(2**k for k in range(11))  # 1 .. 1024
SPREAD_DRAWS = 30
CHUNK = 5000



def make_net() -> TwoLayerNet:
    """The lab's fixed network: the same weights every time (seeded)."""
    return TwoLayerNet(
        784, NET_HIDDEN, 10, weight_init_std=NET_STD, rng=np.random.default_rng(NET_SEED)
    )


def as_inputs(images: np.ndarray) -> np.ndarray:
    """uint8 images (N, 28, 28) as the network's input: (N, 784) floats in [0, 1]."""
    return images.reshape(len(images), -1).astype(np.float64) / 255.0


@dataclass(frozen=True)
class Loaded:
    """What the loading worker hands to the lab."""

    dataset: Dataset
    per_example: np.ndarray
    spread: explore.LossSpread


#: Results per data set (the data set itself is memoised by ``load_dataset``), so
#: coming back to the lesson does not recompute 60,000 losses.
_LOADED: dict[tuple[str, str, int, int], Loaded] = {}


def compute_loaded(dataset: Dataset, cancelled: Callable[[], bool] | None = None) -> Loaded | None:
    """Per-example losses of ``make_net()`` on the whole training set, and the loss spread.

    Results are remembered per data set.  ``cancelled()`` returning True stops
    the work between chunks (the result is then None).
    """
    key = (dataset.source, dataset.label, len(dataset.t_train), id(dataset.x_train))
    if key in _LOADED:
        return _LOADED[key]
    images, labels = dataset.x_train, dataset.t_train
    net = make_net()
    parts = []
    for start in range(0, len(images), CHUNK):
        if cancelled is not None and cancelled():
            return None
        y = net.predict(as_inputs(images[start : start + CHUNK]))
        parts.append(explore.per_example_cross_entropy(y, labels[start : start + CHUNK]))
    per_example = np.concatenate(parts)
    spread = explore.minibatch_loss_spread(
        per_example, SPREAD_SIZES, np.random.default_rng(SPREAD_SEED), draws=SPREAD_DRAWS
    )
    _LOADED[key] = Loaded(dataset, per_example, spread)
    return _LOADED[key]
