"""Lesson 1's comparison: two predictions, both losses, and the -log(y) curve through them.

Pure NumPy (no interface imports).  The lab shows the table this builds and
draws the curve these points lie on.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tui_nn.engine.losses import cross_entropy_error, mean_squared_error
from tui_nn.engine.pitfalls import cross_entropy_without_delta

DELTA = 1e-7


@dataclass(frozen=True)
class Losses:
    """Both losses of one prediction against one answer."""

    mse: float
    cee: float  # nan when computed without delta on a y with exact zeros
    answer_y: float  # the probability on the answer class
    answer_cost: float  # -log(answer_y + delta): the answer's share of the cross-entropy


def losses_of(y: np.ndarray, t: np.ndarray, *, use_delta: bool = True) -> Losses:
    """MSE and cross-entropy of ``y`` against one-hot ``t`` (with or without delta = 1e-7)."""
    y = np.asarray(y, dtype=float)
    t = np.asarray(t, dtype=float)
    mse = float(mean_squared_error(y, t))
    if use_delta:
        cee = float(cross_entropy_error(y, t, delta=DELTA))
    else:
        cee = float(cross_entropy_without_delta(y, t))
    answer_y = float(y[int(np.argmax(t))])
    inside = answer_y + (DELTA if use_delta else 0.0)
    cost = -math.log(inside) if inside > 0 else math.inf
    return Losses(mse=mse, cee=cee, answer_y=answer_y, answer_cost=cost)


def gap(better: float, worse: float) -> float:
    """How much more ``worse`` costs than ``better`` (nan if either is nan)."""
    return float(worse - better)


def neg_log_points(
    include: Sequence[float],
    *,
    use_delta: bool = True,
    points: int = 200,
    low: float = 1e-3,
) -> tuple[np.ndarray, np.ndarray]:
    """Samples ``(y, -log(y + delta))`` from ``low`` to 1, through every y of ``include``.

    The curve reaches down to the smallest ``include`` value when it is below
    ``low`` (with delta, y = 0 costs -log(1e-7) = 16.118, so the curve goes up
    that far); without delta a y of exactly 0 costs infinity and is left out.
    Every ``include`` value is a sample itself, so a point drawn there lies on
    the curve's own line.
    """
    extra = [float(v) for v in include if math.isfinite(v) and 0.0 <= v <= 1.0]
    if not use_delta:
        extra = [v for v in extra if v > 0.0]
    start = min([low, *extra])
    ys = np.linspace(low, 1.0, points)
    if start < low:  # the stretch below low, spaced by ratio so the steep part has samples
        near = np.geomspace(max(start, DELTA), low, 24)[:-1]
        ys = np.concatenate([[0.0] if start == 0.0 else [], near, ys])
    ys = np.unique(np.concatenate([ys, extra]))
    inside = ys + (DELTA if use_delta else 0.0)
    with np.errstate(divide="ignore"):
        cost = -np.log(inside)
    keep = np.isfinite(cost)
    return ys[keep], cost[keep]
