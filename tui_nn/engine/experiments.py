"""Small NumPy helpers behind the labs of lessons 5–7 (descent, SimpleNet, two layers).

Everything here is plain NumPy and standard library: no interface imports, no
words for the learner and no key names (the labs say things; these compute).
The numbers the labs show come from these helpers and from the engine modules
they call (``descent``, ``gradient``, ``nets``), so a unit test can check each.
"""

from __future__ import annotations

import enum
import itertools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tui_nn.engine.descent import descent_steps
from tui_nn.engine.gradient import numerical_gradient

# ---------------------------------------------------------------------------
# Lesson 5: bowls, descent runs, and what a run is doing
# ---------------------------------------------------------------------------

LR_PRESETS: tuple[float, ...] = (1e-10, 0.01, 0.1, 0.5, 0.9, 1.0, 10.0)
"""The learning rates the descent lab offers as presets (LESSONS.md section 5)."""

DEFAULT_START: tuple[float, float] = (-3.0, 4.0)


@dataclass(frozen=True)
class Bowl:
    """``f(x) = a0*x0**2 + a1*x1**2``: a round bowl when ``a0 == a1``, elongated otherwise."""

    name: str
    formula: str
    a0: float
    a1: float

    def __call__(self, x: np.ndarray) -> float:
        x = np.asarray(x, dtype=float)
        return float(self.a0 * x[0] ** 2 + self.a1 * x[1] ** 2)

    def level_curve(self, level: float, points: int = 120) -> tuple[np.ndarray, np.ndarray]:
        """The points where ``f == level`` (an ellipse), as x0 and x1 arrays.

        ``level`` must be 0 or more: the bowl never goes below 0, so a negative
        level has no points (ValueError).
        """
        if not math.isfinite(level) or level < 0:
            raise ValueError(f"the bowl's levels are 0 or more, not {level!r}")
        angle = np.linspace(0.0, 2.0 * np.pi, points)
        return (
            np.sqrt(level / self.a0) * np.cos(angle),
            np.sqrt(level / self.a1) * np.sin(angle),
        )


ROUND_BOWL = Bowl("round bowl", "f = x0² + x1²", 1.0, 1.0)
LONG_BOWL = Bowl("long bowl", "f = 0.05·x0² + x1²", 0.05, 1.0)
BOWLS: tuple[Bowl, ...] = (ROUND_BOWL, LONG_BOWL)


def chart_box(bowl: Bowl, start: tuple[float, float]) -> tuple[float, float]:
    """Half-widths (along x0, along x1) of a view that shows ``start`` and the bottom.

    The long bowl gets a view twice as wide as it is tall, so its stretched
    level curves fit.
    """
    reach = max(5.0, 1.25 * max(abs(float(start[0])), abs(float(start[1]))))
    if not math.isfinite(reach):
        reach = 5.0
    wide = 2.0 if bowl.a0 != bowl.a1 else 1.0
    return reach * wide, reach


def level_values(bowl: Bowl, box: tuple[float, float], count: int = 5) -> list[float]:
    """``count`` levels of ``bowl`` whose curves are evenly spaced along x1 inside ``box``."""
    return [bowl.a1 * (box[1] * k / (count + 0.5)) ** 2 for k in range(1, count + 1)]


def inside(xs: np.ndarray, ys: np.ndarray, box: tuple[float, float]) -> tuple[list, list]:
    """The points (xs[i], ys[i]) that lie inside ``[-box[0], box[0]] x [-box[1], box[1]]``."""
    keep = (np.abs(xs) <= box[0]) & (np.abs(ys) <= box[1])
    return [float(v) for v in xs[keep]], [float(v) for v in ys[keep]]


def clip_segment(
    p: np.ndarray, q: np.ndarray, box: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray] | None:
    """The part of the segment p→q inside the rectangle ``box`` (Liang–Barsky), or None."""
    t0, t1 = 0.0, 1.0
    d = q - p
    for k in range(2):
        for pk, qk in ((-d[k], p[k] + box[k]), (d[k], box[k] - p[k])):
            if pk == 0.0:
                if qk < 0.0:
                    return None
                continue
            r = qk / pk
            if pk < 0.0:
                t0 = max(t0, r)
            else:
                t1 = min(t1, r)
            if t0 > t1:
                return None
    return p + t0 * d, p + t1 * d


def visible_path(xs: np.ndarray, box: tuple[float, float]) -> tuple[list[float], list[float]]:
    """The descent path ``xs`` (rows of (x0, x1)) cut to the chart's rectangle ``box``.

    Only finite points are used, so a diverged run can never reach the chart as inf/nan.
    """
    out0: list[float] = []
    out1: list[float] = []
    pts = [np.asarray(p, dtype=float) for p in xs if np.all(np.isfinite(p))]
    if len(pts) == 1 and abs(pts[0][0]) <= box[0] and abs(pts[0][1]) <= box[1]:
        return [float(pts[0][0])], [float(pts[0][1])]
    with np.errstate(all="ignore"):
        for p, q in itertools.pairwise(pts):
            piece = clip_segment(p, q, box)
            if piece is None:
                continue
            a, b = piece
            if not out0 or (out0[-1], out1[-1]) != (float(a[0]), float(a[1])):
                out0.append(float(a[0]))
                out1.append(float(a[1]))
            out0.append(float(b[0]))
            out1.append(float(b[1]))
    return out0, out1


@dataclass
class DescentRun:
    """A gradient-descent run that can be advanced one update at a time, keeping every point.

    Its points come from ``tui_nn.engine.descent.descent_steps`` (the book's
    update, numerical gradient with h = 1e-4), so after n steps ``x`` equals
    ``gradient_descent(f, start, lr, step_num=n)``.  A run whose next point
    would overflow stops there (``overflowed``) instead of producing inf/nan.
    """

    bowl: Bowl
    start: tuple[float, float]
    lr: float
    h: float = 1e-4
    xs: list[np.ndarray] = field(default_factory=list)
    fs: list[float] = field(default_factory=list)
    overflowed: bool = False
    _updates: Iterator[np.ndarray] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        x = np.array(self.start, dtype=float)
        self.xs = [x.copy()]
        self.fs = [self.bowl(x)]
        self._updates = descent_steps(self.bowl, x, self.lr, self.h)

    @property
    def steps(self) -> int:
        return len(self.xs) - 1

    @property
    def x(self) -> np.ndarray:
        return self.xs[-1]

    @property
    def f(self) -> float:
        return self.fs[-1]

    def step(self, count: int = 1) -> int:
        """Do up to ``count`` updates; return how many were done (fewer if the run stopped)."""
        done = 0
        for _ in range(count):
            if self.overflowed:
                break
            new = next(self._updates)
            with np.errstate(all="ignore"):
                value = self.bowl(new)
            if not (np.all(np.isfinite(new)) and math.isfinite(value)):
                self.overflowed = True  # numbers past about 1.8e308 become inf in float64
                break
            self.xs.append(new)
            self.fs.append(value)
            done += 1
        return done

    def path(self) -> np.ndarray:
        return np.array(self.xs)


def step_ratios(run: DescentRun) -> tuple[float, float] | None:
    """What the last update multiplied x0 and x1 by (None before the first step or at 0)."""
    if run.steps < 1:
        return None
    before, after = run.xs[-2], run.xs[-1]
    ratios = []
    for k in range(2):
        if before[k] == 0.0:
            ratios.append(float("nan"))
        else:
            ratios.append(float(after[k] / before[k]))
    return ratios[0], ratios[1]


class Verdict(enum.Enum):
    """What a descent run is doing, read from its numbers (the lab puts it in words)."""

    NOT_STARTED = "not started"
    OVERFLOW = "overflow"
    FROZEN = "frozen"
    DIVERGING = "diverging"
    CONVERGED = "converged"
    BOUNCING = "bouncing"
    BARELY_MOVING = "barely moving"
    DESCENDING = "descending"


@dataclass(frozen=True)
class RunReading:
    """A verdict on a run and the numbers behind it.

    ``moved``: the largest change of a coordinate in the last update;
    ``size``: the largest |coordinate| now; ``f_start`` / ``f_now``: f at the
    start and now.
    """

    verdict: Verdict
    moved: float = 0.0
    size: float = 0.0
    f_start: float = 0.0
    f_now: float = 0.0


def read_run(run: DescentRun) -> RunReading:
    """What ``run`` is doing: overflowed, frozen, diverging, converged, bouncing, …"""
    if run.overflowed:
        return RunReading(Verdict.OVERFLOW, f_start=run.fs[0], f_now=run.f)
    if run.steps == 0:
        return RunReading(Verdict.NOT_STARTED, f_start=run.fs[0], f_now=run.f)
    x, prev = run.xs[-1], run.xs[-2]
    f0, f = run.fs[0], run.fs[-1]
    moved = float(np.max(np.abs(x - prev)))
    big = float(np.max(np.abs(x)))

    def reading(verdict: Verdict) -> RunReading:
        return RunReading(verdict, moved, big, f0, f)

    if moved == 0.0 and big > 1e6:
        return reading(Verdict.FROZEN)  # x + h rounds back to x: the gradient is exactly 0
    if f > f0 * 1.000001 and f > 0:
        return reading(Verdict.DIVERGING)
    if f <= 1e-12:
        return reading(Verdict.CONVERGED)
    tiny = 1e-6 * max(1.0, big)
    if moved > tiny and abs(f - run.fs[-2]) <= 1e-6 * f:
        return reading(Verdict.BOUNCING)
    if moved <= tiny:
        return reading(Verdict.BARELY_MOVING)
    return reading(Verdict.DESCENDING)


# ---------------------------------------------------------------------------
# Lesson 6: SimpleNet
# ---------------------------------------------------------------------------

REFERENCE_W = np.array(
    [[-0.98857721, -1.19498403, 1.7798275], [1.92945432, 2.08198445, 0.48024869]]
)
"""The weights of the book's SimpleNet example (LESSONS.md section 6)."""

REFERENCE_X = (0.6, 0.9)
REFERENCE_T = 2


def stable_cross_entropy(scores: np.ndarray, label: int) -> float:
    """Cross-entropy of ``softmax(scores)`` for class ``label``, computed from log-softmax.

    Equal to ``-log(softmax(scores)[label])`` (the book's loss without delta,
    to rounding), but finite whenever the scores are: the book's formula gives
    nan once softmax rounds a class's probability to exactly 0 (0 · log 0),
    e.g. for SimpleNet at x = (1000, -1000).
    """
    scores = np.asarray(scores, dtype=float)
    top = float(np.max(scores))
    return float(top + np.log(np.sum(np.exp(scores - top))) - scores[int(label)])


def simplenet_stable_loss(net: Any, x: np.ndarray, label: int) -> float:
    """SimpleNet's loss without delta, computed stably (see ``stable_cross_entropy``)."""
    return stable_cross_entropy(net.predict(x), label)


def simplenet_stable_gradient(net: Any, x: np.ndarray, label: int) -> np.ndarray:
    """The numerical gradient of ``simplenet_stable_loss`` with respect to ``net.W``."""
    return numerical_gradient(lambda _w: simplenet_stable_loss(net, x, label), net.W)


@dataclass(frozen=True)
class Nudge:
    """What moving one weight by ``step`` did to the loss, next to what dW predicted."""

    row: int
    col: int
    step: float
    loss_before: float
    loss_after: float
    predicted: float

    @property
    def change(self) -> float:
        return self.loss_after - self.loss_before


def nudge_weight(
    loss: Callable[[], float],
    weights: np.ndarray,
    row: int,
    col: int,
    step: float,
    dw: np.ndarray,
) -> Nudge:
    """Move ``weights[row, col]`` by ``step``, measure ``loss()`` before and after, put it back.

    ``loss`` reads the weights in place (e.g. ``lambda: net.loss(x, t)`` with
    ``weights = net.W``).
    """
    before = float(loss())
    old = float(weights[row, col])
    weights[row, col] = old + step
    try:
        after = float(loss())
    finally:
        weights[row, col] = old
    return Nudge(row, col, step, before, after, float(dw[row, col]) * step)


# ---------------------------------------------------------------------------
# Lesson 7: sizes, batches, timings
# ---------------------------------------------------------------------------


def two_layer_shapes(
    input_size: int, hidden_size: int, output_size: int
) -> list[tuple[str, tuple[int, ...], int]]:
    """(name, shape, count) of W1, b1, W2, b2 for a two-layer network of these sizes."""
    shapes = {
        "W1": (input_size, hidden_size),
        "b1": (hidden_size,),
        "W2": (hidden_size, output_size),
        "b2": (output_size,),
    }
    return [(name, shape, int(np.prod(shape))) for name, shape in shapes.items()]


def parameter_total(input_size: int, hidden_size: int, output_size: int) -> int:
    return sum(count for _, _, count in two_layer_shapes(input_size, hidden_size, output_size))


def time_left(done: int, total: int, elapsed: float) -> float | None:
    """Seconds left at the rate so far (None until there is a rate to go on)."""
    if done <= 0 or elapsed <= 0.0:
        return None
    return elapsed / done * max(total - done, 0)


def largest_difference(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> float:
    """The largest absolute difference between two gradients (dicts of arrays) over all keys."""
    return max(float(np.max(np.abs(np.asarray(a[k]) - np.asarray(b[k])))) for k in a)


def image_batch(images: np.ndarray, labels: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The first ``size`` images flattened and scaled to [0, 1], with their labels."""
    size = max(1, min(int(size), len(images)))
    x = np.asarray(images[:size], dtype=float).reshape(size, -1) / 255.0
    return x, np.asarray(labels[:size]).astype(int)
