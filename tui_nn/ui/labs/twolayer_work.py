"""The slow parts of the lesson 7 lab, run on a worker thread, and the small results they give.

Nothing here touches widgets: the lab runs these through ``Lab.run_in_thread``
(which sets the BLAS threads) and shows the results.  Each function takes the
worker's ``WorkContext`` and a ``threading.Event`` the lab sets to cancel just
that computation (``c``).
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from tui_nn.engine.gradient import Cancelled
from tui_nn.engine.nets import PARAM_NAMES, TwoLayerNet
from tui_nn.engine.timing import NumericalEstimate, estimate_numerical_gradient
from tui_nn.ui.kit import WorkContext

INPUT_SIZE = 784
OUTPUT_SIZE = 10
NET_SEED = 0
RANDOM_IMAGES = 1000
PROBE_PARAMETERS = 300  # the estimate times the real numerical gradient on this many
PROBE_LEAST_SECONDS = 1.0  # ... and for at least this long (a busy machine varies)
PROBE_SECONDS = 3.0  # ... but never longer than this

T = TypeVar("T")
Grads = dict[str, np.ndarray]


@dataclass(frozen=True)
class Batch:
    """The examples every gradient in the lab is computed on."""

    x: np.ndarray
    t: np.ndarray
    source: str


def image_batch(images: np.ndarray, labels: np.ndarray, size: int, source: str) -> Batch:
    """The first ``size`` images flattened and scaled to [0, 1] (float64), with their labels."""
    size = max(1, min(int(size), len(images)))
    x = np.asarray(images[:size], dtype=np.float64).reshape(size, -1) / 255.0
    return Batch(x, np.asarray(labels[:size]).astype(np.int64), source)


def random_images(reason: str) -> tuple[np.ndarray, np.ndarray, str]:
    """Seeded random images when there are no digits at all, and a sentence that says so."""
    rng = np.random.default_rng(NET_SEED)
    images = rng.integers(0, 256, size=(RANDOM_IMAGES, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=RANDOM_IMAGES, dtype=np.uint8)
    return images, labels, f"random images, seed {NET_SEED} (no digits: {reason})"


def make_net(hidden: int) -> TwoLayerNet:
    """The lab's network: 784-hidden-10, weights from a Generator with a fixed seed."""
    return TwoLayerNet(INPUT_SIZE, hidden, OUTPUT_SIZE, rng=np.random.default_rng(NET_SEED))


def largest_difference(a: Grads, b: Grads) -> float:
    """The largest |a - b| over every parameter of two gradients."""
    return max(float(np.max(np.abs(a[name] - b[name]))) for name in PARAM_NAMES)


def timed(call: Callable[[], T], budget: float, least: int, most: int) -> tuple[float, T]:
    """The median seconds of ``least`` to ``most`` runs of ``call()`` (stopping after
    ``budget`` seconds), and the last run's result.

    The median, not the fastest run, because on a busy machine the slow runs
    are real: the long computation meets them too.
    """
    times: list[float] = []
    while True:
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
        if len(times) >= most or (sum(times) >= budget and len(times) >= least):
            return float(np.median(times)), result


# -- results, and progress as the lab sees it -----------------------------------------


@dataclass(frozen=True)
class Progress:
    """How far a numerical gradient has come."""

    done: int
    total: int
    elapsed: float


@dataclass(frozen=True)
class GradientResult:
    """A finished gradient (``grads``) with its time, or a cancelled one (``grads`` None)."""

    grads: Grads | None
    seconds: float
    done: int
    total: int
    repeats: int = 1  # seconds is the median of this many runs

    @property
    def cancelled(self) -> bool:
        return self.grads is None


def numerical(
    ctx: WorkContext, stop: threading.Event, net: TwoLayerNet, batch: Batch, method: str
) -> GradientResult:
    """The numerical gradient (``"plain"`` or ``"structured"``) on a copy of ``net``, live."""
    net = copy.deepcopy(net)  # the plain loop nudges the weights it reads
    start = time.perf_counter()
    total = net.parameter_count()

    def on_progress(done: int, count: int) -> bool:
        if ctx.cancelled or stop.is_set():
            return False
        ctx.progress(Progress(done, count, time.perf_counter() - start), done / max(count, 1))
        return True

    def run() -> Grads:
        return net.numerical_gradient(
            batch.x, batch.t, on_progress=on_progress, delta=0.0, method=method
        )

    try:
        if method == "plain":  # minutes: once is plenty
            grads = run()
            return GradientResult(grads, time.perf_counter() - start, total, total)
        seconds, grads = _repeat_if_quick(run)
    except Cancelled as cancelled:
        return GradientResult(None, time.perf_counter() - start, cancelled.done, total)
    return GradientResult(grads, seconds[0], total, total, seconds[1])


def _repeat_if_quick(run: Callable[[], Grads]) -> tuple[tuple[float, int], Grads]:
    """Run once; if that took under a second, time a few more runs (median)."""
    start = time.perf_counter()
    grads = run()
    first = time.perf_counter() - start
    if first >= 1.0:
        return (first, 1), grads
    times = [first]
    for _ in range(4):
        if sum(times) >= 1.0:
            break
        start = time.perf_counter()
        grads = run()
        times.append(time.perf_counter() - start)
    return (float(np.median(times)), len(times)), grads


def backprop(ctx: WorkContext, net: TwoLayerNet, batch: Batch) -> GradientResult:
    """Backpropagation's gradient, timed as the median of several runs."""
    seconds, grads = timed(lambda: net.gradient(batch.x, batch.t), budget=0.3, least=3, most=50)
    total = net.parameter_count()
    return GradientResult(grads, seconds, total, total)


def estimate(ctx: WorkContext, net: TwoLayerNet, batch: Batch) -> NumericalEstimate | None:
    """The engine's one estimator: the real plain numerical gradient, timed on a few hundred
    parameters (None: cancelled)."""
    return estimate_numerical_gradient(
        net, batch.x, batch.t, method="plain", parameters=PROBE_PARAMETERS,
        least_seconds=PROBE_LEAST_SECONDS, most_seconds=PROBE_SECONDS,
        should_stop=lambda: ctx.cancelled,
    )
