"""What a loss curve says about a run: numbers in, one verdict out (no words here).

A run of minibatch SGD gives one loss per iteration.  The losses jump (every
batch is different), so the verdict looks at windows of the curve, not single
points:

- ``DIVERGED``: a loss is not a finite number (it overflowed).
- ``TOO_SHORT``: too few losses to judge.
- ``RISING``: the end of the curve is clearly above its start, or well above
  the lowest stretch it reached (the steps throw the network out of the valley).
- ``NOT_FALLING``: the end is hardly lower than the start.
- ``NOT_SETTLING``: the loss fell, but not steadily: while still high it
  stalls or climbs from one stretch to the next, then drops in sudden steps
  (each step overshoots the valley: the learning rate is too big).
- ``OSCILLATING``: the loss fell, but near the end it keeps jumping far above
  its usual level, back up towards where it started.
- ``FALLING``: the loss fell and is still going down.
- ``SETTLED``: the loss fell and has levelled off.

The thresholds were set on real runs of the book's network (10,000 iterations
on MNIST): learning rate 0.1 gives ``FALLING`` (its stretch means fall every
time: 1.29, 0.43, 0.33 … 0.18), 10 gives ``NOT_SETTLING`` (2.24, 2.04, 2.03,
2.04, 1.88, 1.74, 1.76, 1.29, 1.00, 0.99: stalls and steps) and 1000
``NOT_FALLING`` (about 14.4 from start to end); learning rate 3 (it ends lower
than 0.1, its late jumps stay small) gives ``FALLING``.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

import numpy as np

MIN_POINTS = 20  # fewer losses than this: too short to judge
WINDOWS = 10  # the curve is read in (at most) this many stretches, of 10 losses at least
HARDLY = 0.9  # an end above 90 % of the start has hardly fallen
RISE = 1.05  # an end 5 % above the start is rising
ABOVE_BEST = 1.5  # an end 1.5 times the lowest stretch is rising again
SPIKE = 3.0  # a late loss 3 times the late median ...
SPIKE_OF_START = 0.5  # ... and above half the first stretch's mean is a spike
SPIKY = 0.03  # more than 3 % spikes near the end: oscillating
STALL = 0.99  # a stretch not 1 % below the one before it stalled (or climbed)
STILL_HIGH = 0.35  # stalls count while the loss is above 35 % of the start
STALLS = 2  # this many stalls while still high: not settling
STILL_FALLING = 0.95  # the last stretch 5 % below the one three before: still falling


class Curve(Enum):
    """The verdict on a loss curve (see the module)."""

    TOO_SHORT = "too_short"
    DIVERGED = "diverged"
    RISING = "rising"
    NOT_FALLING = "not_falling"
    NOT_SETTLING = "not_settling"
    OSCILLATING = "oscillating"
    FALLING = "falling"
    SETTLED = "settled"

    @property
    def trouble(self) -> bool:
        """True for a curve that says the run is not learning well."""
        return self in (
            Curve.DIVERGED, Curve.RISING, Curve.NOT_FALLING, Curve.NOT_SETTLING, Curve.OSCILLATING
        )  # fmt: skip


def stretch_means(losses: Sequence[float] | np.ndarray, parts: int = WINDOWS) -> np.ndarray:
    """The mean loss of each of ``parts`` equal stretches of the curve, in order."""
    data = np.asarray(losses, dtype=float)
    if data.size == 0:
        return data
    return np.array([float(part.mean()) for part in np.array_split(data, min(parts, data.size))])


def spike_share(losses: Sequence[float] | np.ndarray, start: float) -> float:
    """The share of losses in the last 30 % of the curve that are spikes: above ``SPIKE`` times
    their median and above ``SPIKE_OF_START`` times ``start`` (the first stretch's mean)."""
    data = np.asarray(losses, dtype=float)
    late = data[int(data.size * 0.7) :]
    if late.size == 0:
        return 0.0
    bar = max(SPIKE * float(np.median(late)), SPIKE_OF_START * start)
    return float(np.mean(late > bar))


def stalls(means: np.ndarray) -> int:
    """How often a stretch's mean is not 1 % below the one before, while above 35 % of the first."""
    if means.size < 2:
        return 0
    high = means[:-1] > STILL_HIGH * means[0]
    stalled = means[1:] > STALL * means[:-1]
    return int(np.sum(high & stalled))


def judge_curve(losses: Sequence[float] | np.ndarray) -> Curve:
    """The verdict on the losses of a run so far, first to last (see the module)."""
    data = np.asarray(losses, dtype=float)
    if data.size and not np.isfinite(data).all():
        return Curve.DIVERGED
    if data.size < MIN_POINTS:
        return Curve.TOO_SHORT
    means = stretch_means(data, min(WINDOWS, data.size // 10))
    first, last, best = float(means[0]), float(means[-1]), float(means.min())
    if best < HARDLY * first and spike_share(data, first) > SPIKY:
        return Curve.OSCILLATING
    if last > RISE * first or (last > ABOVE_BEST * best and best < HARDLY * first):
        return Curve.RISING
    if last >= HARDLY * first:
        return Curve.NOT_FALLING
    if stalls(means) >= STALLS:
        return Curve.NOT_SETTLING
    if last < STILL_FALLING * float(means[max(0, means.size - 4)]):
        return Curve.FALLING
    return Curve.SETTLED


def random_guess_loss(classes: int = 10) -> float:
    """The cross-entropy loss of a network that gives every one of ``classes`` the same
    probability (a fresh network, guessing): ``-log(1/classes)``, 2.30 for ten digits."""
    return float(np.log(classes))
