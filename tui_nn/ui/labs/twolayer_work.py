"""The slow and fast parts of the lesson 7 lab: batches, timings and the messages a worker posts.

Nothing here touches widgets: the lab calls these from its worker thread or
its key handlers and shows the small results.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from textual.message import Message

from tui_nn.engine.experiments import NumericalProbe, image_batch
from tui_nn.engine.nets import TwoLayerNet

INPUT_SIZE = 784
OUTPUT_SIZE = 10
NET_SEED = 0
PROGRESS_EVERY = 0.1  # seconds between progress messages (about 10 a second)
PROBE_PARAMETERS = 300  # the estimate times the real numerical gradient on this many
PROBE_LEAST_SECONDS = 1.0  # ... and for at least this long (a busy machine varies)
PROBE_SECONDS = 3.0  # ... but never longer than this


@dataclass
class Batch:
    """The examples every gradient in the lab is computed on."""

    x: np.ndarray
    t: np.ndarray
    source: str


def load_images() -> tuple[np.ndarray, np.ndarray, str]:
    """Training images and labels, and a sentence saying where they came from.

    Real MNIST when it is found, else the built-in digits (``load_dataset``
    decides); if even that fails, seeded random images, and the sentence says so.
    """
    try:
        from tui_nn.data import load_dataset

        data = load_dataset()
        return data.x_train, data.t_train, str(data.label)
    except Exception as error:  # no data layer or no data: still teach with random inputs
        rng = np.random.default_rng(NET_SEED)
        images = rng.integers(0, 256, size=(1000, 28, 28), dtype=np.uint8)
        labels = rng.integers(0, 10, size=1000, dtype=np.uint8)
        return images, labels, f"random images, seed {NET_SEED} (no digits: {error})"


def make_batch(images: np.ndarray, labels: np.ndarray, source: str, size: int) -> Batch:
    x, t = image_batch(images, labels, size)
    return Batch(x, t, source)


def make_net(hidden: int) -> TwoLayerNet:
    """The lab's network: 784-hidden-10, weights from a Generator with a fixed seed."""
    return TwoLayerNet(INPUT_SIZE, hidden, OUTPUT_SIZE, rng=np.random.default_rng(NET_SEED))


def copy_net(net: TwoLayerNet) -> TwoLayerNet:
    """A second network with the same weights, so the worker never nudges the one on screen."""
    return copy.deepcopy(net)


def time_call(
    call: Callable[[], object], budget: float = 0.2, least: int = 5, most: int = 50
) -> float:
    """Seconds one ``call()`` takes: the median of ``least`` to ``most`` runs.

    Runs stop once ``budget`` seconds are spent (after at least ``least`` runs).
    The median, not the fastest run, because on a busy machine the slow runs
    are real: the long computation will meet them too.
    """
    times: list[float] = []
    for _ in range(most):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
        if sum(times) >= budget and len(times) >= least:
            break
    return float(np.median(times))


class NumericalProgress(Message):
    """How far the numerical gradient has come (posted about 10 times a second)."""

    def __init__(self, run: int, done: int, total: int, elapsed: float) -> None:
        super().__init__()
        self.run = run
        self.done = done
        self.total = total
        self.elapsed = elapsed


class NumericalFinished(Message):
    """The numerical gradient finished (``cancelled`` False) or was cancelled."""

    def __init__(self, run: int, done: int, total: int, elapsed: float, cancelled: bool) -> None:
        super().__init__()
        self.run = run
        self.done = done
        self.total = total
        self.elapsed = elapsed
        self.cancelled = cancelled


class EstimateReady(Message):
    """The numerical gradient was timed on a few hundred parameters (``probe`` None: stopped)."""

    def __init__(self, run: int, probe: NumericalProbe | None) -> None:
        super().__init__()
        self.run = run
        self.probe = probe


class DataReady(Message):
    """The training images have been loaded (or replaced by random ones)."""

    def __init__(self, images: np.ndarray, labels: np.ndarray, source: str) -> None:
        super().__init__()
        self.images = images
        self.labels = labels
        self.source = source
