"""The loss-curve verdict: shapes a learner meets, each judged the way the lab then words it."""

from __future__ import annotations

import numpy as np

from tui_nn.engine.curve import Curve, judge_curve, stalls, stretch_means


def noisy(curve: np.ndarray, spread: float = 0.15, seed: int = 0) -> np.ndarray:
    """``curve`` with minibatch-like noise (multiplicative, always positive)."""
    rng = np.random.default_rng(seed)
    return curve * rng.lognormal(0.0, spread, curve.size)


def test_a_steady_fall_is_falling_and_a_flat_end_settled() -> None:
    steps = np.arange(10_000)
    falling = noisy(2.3 / np.sqrt(1 + steps / 300))  # like lr 0.1: 1.29, 0.43 … 0.18
    assert judge_curve(falling) is Curve.FALLING
    settled = noisy(0.1 + 2.2 * np.exp(-steps / 300))
    assert judge_curve(settled) is Curve.SETTLED
    assert not Curve.FALLING.trouble and not Curve.SETTLED.trouble


def test_a_staircase_that_stalls_while_high_is_not_settling() -> None:
    # lr 10 on MNIST: stuck near random guessing, then sudden drops (stretch means 2.24, 2.04 …)
    levels = [2.35] * 2 + [2.04] * 3 + [1.85, 1.75, 1.75] + [1.2, 1.0]
    curve = noisy(np.repeat(levels, 1000))
    assert stalls(stretch_means(curve)) >= 2
    assert judge_curve(curve) is Curve.NOT_SETTLING
    assert Curve.NOT_SETTLING.trouble


def test_a_loss_that_stays_where_it_began_is_not_falling() -> None:
    assert judge_curve(noisy(np.full(5000, 14.4))) is Curve.NOT_FALLING


def test_a_loss_that_climbs_is_rising() -> None:
    down_then_up = np.concatenate([np.linspace(2.3, 0.4, 3000), np.linspace(0.4, 1.5, 3000)])
    assert judge_curve(noisy(down_then_up, 0.05)) is Curve.RISING
    assert judge_curve(noisy(np.linspace(2.3, 3.0, 1000), 0.05)) is Curve.RISING


def test_late_jumps_back_towards_the_start_are_oscillating() -> None:
    curve = noisy(0.2 + 2.1 * np.exp(-np.arange(6000) / 300), 0.1)
    late = np.arange(4200, 6000, 15)
    curve[late] = 2.0  # every 15th late batch jumps back to nearly the start
    assert judge_curve(curve) is Curve.OSCILLATING
    # small late jumps (a low loss, as with learning rate 3) are no oscillation
    calm = noisy(0.03 + 0.3 * np.exp(-np.arange(6000) / 500), 0.6)
    assert judge_curve(calm) in (Curve.FALLING, Curve.SETTLED)


def test_too_few_or_non_finite_losses() -> None:
    assert judge_curve([2.3] * 5) is Curve.TOO_SHORT
    assert judge_curve([]) is Curve.TOO_SHORT
    assert judge_curve([2.3, 1.0, float("nan")]) is Curve.DIVERGED
    assert judge_curve([2.3] * 30 + [float("inf")]) is Curve.DIVERGED
