"""Small NumPy computations behind the labs of lessons 1-4.

The loss, gradient and data modules hold the book's functions; this module
holds the "what if" helpers the labs need around them: moving probability to
one class, the spread of minibatch losses, the error of a numerical slope for
many step sizes, a field of downhill arrows, a saddle point.  Pure NumPy, no
interface imports.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from tui_nn.engine.gradient import numerical_diff, numerical_gradient
from tui_nn.engine.labels import class_labels

Function1D = Callable[[float], float]
FunctionND = Callable[[np.ndarray], float]

# --- Lesson 1: loss -----------------------------------------------------------

#: The reference answer and predictions of LESSONS.md section 1 (class 2 is right).
REFERENCE_T = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0], dtype=float)
REFERENCE_Y1 = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
REFERENCE_Y2 = np.array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])


def set_probability(y: Sequence[float] | np.ndarray, k: int, p: float) -> np.ndarray:
    """A copy of ``y`` with probability ``p`` on class ``k`` and the rest renormalised.

    The other classes keep their proportions and share ``1 - p``.  If they
    were all zero, ``1 - p`` is shared equally among them.  ``p`` is clipped
    to [0, 1]; the result always sums to 1.
    """
    y = np.asarray(y, dtype=float)
    k = _class_index(k, y.size)
    if not np.isfinite(p):
        raise ValueError("the probability must be a finite number")
    p = float(np.clip(p, 0.0, 1.0))
    out = y.copy()
    others = np.arange(y.size) != k
    rest = float(out[others].sum())
    if rest > 0:
        out[others] = out[others] * ((1.0 - p) / rest)
    else:
        out[others] = (1.0 - p) / max(int(others.sum()), 1)
    out[k] = p
    return out


def _class_index(k: object, classes: int) -> int:
    """``k`` as a class number 0..classes-1, or a ValueError that says why not."""
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        if isinstance(k, (float, np.floating)) and float(k).is_integer():
            k = int(k)
        else:
            raise ValueError(f"the class must be a whole number 0..{classes - 1}, not {k!r}")
    if not 0 <= k < classes:
        raise ValueError(f"class {k} is outside 0..{classes - 1}")
    return int(k)


def neg_log_curve(points: int = 200, low: float = 1e-3) -> tuple[np.ndarray, np.ndarray]:
    """Points ``(y, -log(y))`` for y from ``low`` to 1: the cost of giving the answer y."""
    ys = np.linspace(low, 1.0, points)
    return ys, -np.log(ys)


# --- Lesson 2: minibatches ---------------------------------------------------


def repeated_mask(indices: Sequence[int] | np.ndarray) -> np.ndarray:
    """True where an index occurs more than once in ``indices``."""
    indices = np.asarray(indices)
    if indices.size == 0:
        return np.zeros(0, dtype=bool)
    _, inverse, counts = np.unique(indices, return_inverse=True, return_counts=True)
    return counts[inverse.reshape(-1)] > 1


def repeat_probability(n: int, size: int) -> float:
    """Chance that ``size`` draws with replacement from ``n`` items repeat at least once."""
    if size <= 1:
        return 0.0
    if size > n:
        return 1.0
    steps = 1.0 - np.arange(size, dtype=float) / n
    return float(1.0 - np.exp(np.sum(np.log(steps))))


def per_example_cross_entropy(y: np.ndarray, labels: np.ndarray, delta: float = 1e-7) -> np.ndarray:
    """Cross-entropy of each row of ``y`` against its integer label: ``-log(y[label] + delta)``."""
    y = np.atleast_2d(np.asarray(y, dtype=float))
    raw = np.asarray(labels).reshape(-1)
    if raw.size != y.shape[0]:
        raise ValueError(f"{y.shape[0]} rows of probabilities but {raw.size} labels")
    labels = class_labels(raw, y.shape[1], "labels")
    with np.errstate(divide="ignore"):  # a probability of 0 costs infinity, as in the book
        return -np.log(y[np.arange(labels.size), labels] + delta)


@dataclass(frozen=True)
class LossSpread:
    """How minibatch losses scatter around the full-data loss, per batch size."""

    batch_sizes: np.ndarray  # (k,)
    losses: np.ndarray  # (k, draws): the loss of each drawn minibatch
    spread: np.ndarray  # (k,): standard deviation of those losses
    predicted: np.ndarray  # (k,): std of one example's loss / sqrt(batch size)
    full_loss: float  # mean loss over the whole data set


def minibatch_loss_spread(
    per_example: np.ndarray,
    batch_sizes: Sequence[int],
    rng: np.random.Generator,
    draws: int = 30,
) -> LossSpread:
    """Draw ``draws`` minibatches (with replacement) of each size and take their mean loss.

    The loss of a minibatch is the mean of its examples' losses, so this needs
    only the per-example losses of the whole data set, computed once.
    """
    per_example = np.asarray(per_example, dtype=float).reshape(-1)
    if per_example.size == 0:
        raise ValueError("no examples")
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or draws < 1:
        raise ValueError(f"draws must be a whole number of at least 1, not {draws!r}")
    raw = list(batch_sizes)
    for size in raw:
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 1:
            raise ValueError(f"a batch size must be a whole number of at least 1, not {size!r}")
    sizes = np.asarray(raw, dtype=np.int64)
    losses = np.empty((sizes.size, draws))
    for row, size in enumerate(sizes):
        picks = rng.integers(0, per_example.size, size=(draws, int(size)))
        losses[row] = per_example[picks].mean(axis=1)
    one = float(per_example.std())
    return LossSpread(
        batch_sizes=sizes,
        losses=losses,
        spread=losses.std(axis=1),
        predicted=one / np.sqrt(sizes.astype(float)),
        full_loss=float(per_example.mean()),
    )


# --- Lesson 3: derivatives ----------------------------------------------------


def function_1(x: float) -> float:
    """The book's example ``f(x) = 0.01 x**2 + 0.1 x``."""
    return 0.01 * x**2 + 0.1 * x


def function_1_slope(x: float) -> float:
    """The exact slope of ``function_1``: ``0.02 x + 0.1``."""
    return 0.02 * x + 0.1


def tangent_line(f: Function1D, x: float, slope: float) -> Function1D:
    """The straight line touching ``f`` at ``x`` with the given slope."""
    fx = f(x)
    return lambda t: slope * (t - x) + fx


def slope_errors(
    f: Function1D,
    x: float,
    exact: float,
    hs: Sequence[float] | np.ndarray,
    method: str = "central",
) -> np.ndarray:
    """``|numerical slope - exact|`` at ``x`` for every step size in ``hs``."""
    return np.array([abs(numerical_diff(f, x, h=float(h), method=method) - exact) for h in hs])


def sine(x: float) -> float:
    """``f(x) = sin(x)``: a curve whose third derivative is not zero.

    For the book's quadratic the central difference has no truncation error
    at all (its error is pure rounding); for ``sin`` it is about ``h**2/6 *
    |cos(x)|``, so the error against h shows the V of "too large" and "too
    small" for both differences.
    """
    return math.sin(x)


def sine_slope(x: float) -> float:
    """The exact slope of ``sine``: ``cos(x)``."""
    return math.cos(x)


def secant_line(f: Function1D, x: float, h: float) -> Function1D:
    """The straight line through ``(x, f(x))`` and ``(x + h, f(x + h))``.

    Its slope is the forward difference with step ``h``: when h is large it
    visibly differs from the tangent.
    """
    slope = numerical_diff(f, x, h=h, method="forward")
    fx = f(x)
    return lambda t: slope * (t - x) + fx


def exactly_zero(errors: Sequence[float] | np.ndarray) -> np.ndarray:
    """True where an error is exactly 0 (a log chart has no place for it)."""
    return np.asarray(errors, dtype=float) == 0.0


def function_2(x: np.ndarray) -> float:
    """The book's bowl ``f(x0, x1) = x0**2 + x1**2`` (any number of coordinates)."""
    return np.sum(np.asarray(x) ** 2)


def saddle(x: np.ndarray) -> float:
    """``f(x0, x1) = x0**2 - x1**2``: flat at (0, 0), yet downhill along x1."""
    return x[0] ** 2 - x[1] ** 2


def plateau(x: np.ndarray) -> float:
    """``f(x0, x1) = 1 - exp(-(x0**2 + x1**2) / 2)``: a dip at (0, 0) in a wide flat plain.

    Far from the dip the gradient is almost exactly zero, so steps that follow
    it barely move, although the minimum is lower.
    """
    return 1.0 - np.exp(-(x[0] ** 2 + x[1] ** 2) / 2.0)


def partial_derivatives(
    f: FunctionND,
    point: Sequence[float],
    h: float = 1e-4,
    diff: Callable[..., float] = numerical_diff,
) -> list[float]:
    """Slope of ``f`` along each coordinate at ``point``, holding the others fixed.

    ``diff(g, t, h)`` measures the slope of a one-variable function; pass a
    buggy one to see what the bug does to partial derivatives.
    """
    base = np.asarray(point, dtype=float)
    slopes = []
    for i in range(base.size):

        def along(t: float, i: int = i) -> float:
            moved = base.copy()
            moved[i] = t
            return f(moved)

        slopes.append(float(diff(along, float(base[i]), h=h)))
    return slopes


# --- Lesson 4: the gradient ---------------------------------------------------


@dataclass(frozen=True)
class ArrowField:
    """The negative gradient ``(u, v)`` at every grid point ``(x, y)``."""

    x: np.ndarray  # (rows, cols)
    y: np.ndarray
    u: np.ndarray
    v: np.ndarray


def downhill_field(
    f: FunctionND,
    xs: Sequence[float] | np.ndarray,
    ys: Sequence[float] | np.ndarray,
    h: float = 1e-4,
) -> ArrowField:
    """``-gradient`` of ``f`` (numerical) at every point of the grid ``xs`` x ``ys``."""
    grid_x, grid_y = np.meshgrid(np.asarray(xs, float), np.asarray(ys, float))
    u = np.empty_like(grid_x)
    v = np.empty_like(grid_y)
    for index in np.ndindex(grid_x.shape):
        grad = numerical_gradient(f, np.array([grid_x[index], grid_y[index]]), h=h)
        u[index], v[index] = -grad[0], -grad[1]
    return ArrowField(grid_x, grid_y, u, v)


_ARROWS = "→↗↑↖←↙↓↘"


def arrow_char(u: float, v: float, still: float = 1e-9) -> str:
    """The arrow among → ↗ ↑ ↖ ← ↙ ↓ ↘ closest to the direction ``(u, v)``; ``·`` if ~0."""
    if not (np.isfinite(u) and np.isfinite(v)) or np.hypot(u, v) <= still:
        return "·"
    angle = np.arctan2(v, u)
    return _ARROWS[int(np.round(angle / (np.pi / 4))) % 8]


def neighbour_values(
    f: FunctionND, point: Sequence[float] | np.ndarray, radius: float = 0.5, directions: int = 16
) -> tuple[np.ndarray, np.ndarray]:
    """Points on a small circle around ``point`` (``directions`` x 2) and ``f`` at each."""
    centre = np.asarray(point, dtype=float)
    angles = np.linspace(0.0, 2 * np.pi, directions, endpoint=False)
    probes = centre + radius * np.column_stack([np.cos(angles), np.sin(angles)])
    return probes, np.array([float(f(probe)) for probe in probes])


def lower_neighbour(
    f: FunctionND, point: Sequence[float] | np.ndarray, radius: float = 0.5, directions: int = 16
) -> tuple[np.ndarray, float] | None:
    """The lowest point on a small circle around ``point``, if it is lower than ``point``.

    ``None`` means every nearby point is at least as high: a minimum or a flat
    plain, as far as this probe can tell.  A point where the gradient is zero
    but this returns a lower neighbour is not a minimum (a saddle, for instance).
    """
    here = float(f(np.asarray(point, dtype=float)))
    probes, values = neighbour_values(f, point, radius, directions)
    best = int(np.argmin(values))
    if values[best] < here - 1e-12:
        return probes[best], float(values[best])
    return None


def height_levels(
    f: FunctionND, xs: Sequence[float] | np.ndarray, ys: Sequence[float] | np.ndarray
) -> np.ndarray:
    """``f`` on the grid ``xs`` x ``ys`` scaled to 0 (lowest) .. 1 (highest), rows along ``ys``.

    For shading a height map under the arrows: ``levels[j, i]`` belongs to
    ``(xs[i], ys[j])``.  A flat grid (every value equal) is all 0.
    """
    values = np.array([[float(f(np.array([float(a), float(b)]))) for a in xs] for b in ys])
    finite = np.isfinite(values)
    if not finite.any():
        return np.zeros(values.shape)
    low, high = float(values[finite].min()), float(values[finite].max())
    values = np.where(finite, values, high)
    if high - low <= 0.0:
        return np.zeros(values.shape)
    return (values - low) / (high - low)


def flat_but_not_minimum(f: FunctionND, x: Sequence[float] | np.ndarray, flat: float) -> bool:
    """True when the gradient at ``x`` is shorter than ``flat`` yet a nearby point is lower."""
    point = np.asarray(x, dtype=float)
    length = float(np.hypot(*numerical_gradient(f, point)))
    return length < flat and lower_neighbour(f, point) is not None


# --- Lesson 5: a start near the saddle -----------------------------------------

#: Near lesson 4's saddle x0**2 - x1**2: descent first slides toward (0, 0),
#: crawls while the ground there is flat, then escapes along x1.
SADDLE_START: tuple[float, float] = (4.0, 0.001)


def saddle_level_points(
    level: float, box: tuple[float, float], points: int = 120
) -> tuple[np.ndarray, np.ndarray]:
    """Points where ``x0**2 - x1**2 == level`` inside ``box`` (both branches of the hyperbola)."""
    if level >= 0:
        x1 = np.linspace(-box[1], box[1], points)
        x0 = np.sqrt(level + x1**2)
        xs, ys = np.concatenate([x0, -x0]), np.concatenate([x1, x1])
    else:
        x0 = np.linspace(-box[0], box[0], points)
        x1 = np.sqrt(-level + x0**2)
        xs, ys = np.concatenate([x0, x0]), np.concatenate([x1, -x1])
    keep = (np.abs(xs) <= box[0]) & (np.abs(ys) <= box[1])
    return xs[keep], ys[keep]


class SaddlePhase(enum.Enum):
    """Where a descent run near a saddle is (the lab puts it in words)."""

    NOT_STARTED = "not started"
    APPROACHING = "approaching"
    STALLED = "stalled"
    ESCAPING = "escaping"


#: A gradient shorter than this share of the start's counts as "crawling".
STALL_SHARE = 0.1


def saddle_phase(
    f: FunctionND, start: Sequence[float] | np.ndarray, x: Sequence[float] | np.ndarray, steps: int
) -> tuple[SaddlePhase, float]:
    """The phase of a descent run on a saddle, and the gradient's length at ``x``.

    Stalled: the gradient is under ``STALL_SHARE`` of its length at the start
    while a nearby point is lower (flat, but not a minimum).  Escaping: f has
    gone below its value at the flat spot (0 for ``saddle``) and keeps falling.
    """
    here = np.asarray(x, dtype=float)
    length = float(np.hypot(*numerical_gradient(f, here)))
    if steps == 0:
        return SaddlePhase.NOT_STARTED, length
    first = float(np.hypot(*numerical_gradient(f, np.asarray(start, dtype=float))))
    if length <= STALL_SHARE * first and lower_neighbour(f, here) is not None:
        return SaddlePhase.STALLED, length
    if float(f(here)) < 0.0:
        return SaddlePhase.ESCAPING, length
    return SaddlePhase.APPROACHING, length
