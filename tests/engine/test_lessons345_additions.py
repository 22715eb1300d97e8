"""Engine additions for lessons 3-5 (second edition): sine, secant, shading, saddle, one update."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tui_nn.engine import descent, explore
from tui_nn.engine.descent import gradient_descent
from tui_nn.engine.gradient import numerical_diff

# --- lesson 3 -----------------------------------------------------------------


def test_central_difference_of_the_quadratic_is_exact_but_of_sine_it_is_not() -> None:
    # The quadratic's third derivative is 0: at h = 1 the central difference is exact.
    quad = abs(numerical_diff(explore.function_1, 5.0, h=1.0) - explore.function_1_slope(5.0))
    assert quad < 1e-15
    hs = 10.0 ** np.arange(-12.0, 0.5, 1.0)
    errors = explore.slope_errors(explore.sine, 5.0, explore.sine_slope(5.0), hs)
    # A V: large at h = 1 (truncation), small in the middle, larger again at 1e-12 (rounding).
    best = int(np.argmin(errors))
    assert 0 < best < len(hs) - 1
    assert errors[-1] > 1e3 * errors[best] and errors[0] > 10 * errors[best]
    assert errors[-1] == pytest.approx(abs(math.cos(5.0)) / 6, rel=0.1)  # h²/6·|f'''|


def test_secant_goes_through_both_points() -> None:
    f, x, h = explore.function_1, 5.0, 10.0
    line = explore.secant_line(f, x, h)
    assert line(x) == pytest.approx(f(x))
    assert line(x + h) == pytest.approx(f(x + h))
    assert line(x + 1) - line(x) == pytest.approx(numerical_diff(f, x, h=h, method="forward"))


def test_exactly_zero() -> None:
    assert explore.exactly_zero([0.0, 1e-300, 2.0]).tolist() == [True, False, False]


# --- lesson 4 -----------------------------------------------------------------


def test_height_levels_are_0_at_the_bottom_and_1_at_the_top() -> None:
    ticks = np.linspace(-4, 4, 9)
    levels = explore.height_levels(explore.function_2, ticks, ticks)
    assert levels.shape == (9, 9)
    assert levels[4, 4] == 0.0 and levels.max() == 1.0
    assert levels[0, 0] == levels[8, 8] == 1.0  # the corners are highest
    assert levels[4, 0] == pytest.approx(0.5)  # (-4, 0): 16 of 32
    flat = explore.height_levels(lambda x: 1.0, ticks, ticks)
    assert not flat.any()


def test_flat_but_not_minimum() -> None:
    assert explore.flat_but_not_minimum(explore.saddle, (0.0, 0.0), flat=1e-3)
    assert not explore.flat_but_not_minimum(explore.function_2, (0.0, 0.0), flat=1e-3)
    assert not explore.flat_but_not_minimum(explore.saddle, (3.0, 1.0), flat=1e-3)


# --- lesson 5 -----------------------------------------------------------------


def test_a_run_from_the_saddle_start_approaches_stalls_then_escapes() -> None:
    f, start = explore.saddle, explore.SADDLE_START
    phases = []
    for steps in range(0, 60):
        x = gradient_descent(f, np.array(start), lr=0.1, step_num=steps)
        phases.append(explore.saddle_phase(f, start, x, steps)[0])
    order = [p for i, p in enumerate(phases) if i == 0 or phases[i - 1] != p]
    assert order == [
        explore.SaddlePhase.NOT_STARTED,
        explore.SaddlePhase.APPROACHING,
        explore.SaddlePhase.STALLED,
        explore.SaddlePhase.ESCAPING,
    ]
    stalled = phases.count(explore.SaddlePhase.STALLED)
    assert stalled >= 5  # the crawl lasts a while


def test_a_start_exactly_on_the_ridge_stays_stalled() -> None:
    x = gradient_descent(explore.saddle, np.array([4.0, 0.0]), lr=0.1, step_num=200)
    phase, length = explore.saddle_phase(explore.saddle, (4.0, 0.0), x, 200)
    assert phase is explore.SaddlePhase.STALLED and length < 1e-12


def test_saddle_level_points_lie_on_the_level() -> None:
    for level in (4.0, -4.0, 0.0):
        xs, ys = explore.saddle_level_points(level, (5.0, 5.0))
        assert len(xs) > 10
        np.testing.assert_allclose(xs**2 - ys**2, level, atol=1e-9)
        assert np.all(np.abs(xs) <= 5) and np.all(np.abs(ys) <= 5)


def test_the_worked_single_update() -> None:
    grad = numerical_diff(descent.worked_loss, descent.WORKED_WEIGHT)
    assert round(grad, 6) == 6.0
    after = [descent.one_update(descent.WORKED_WEIGHT, grad, lr) for lr in descent.WORKED_RATES]
    assert [round(a, 6) for a in after] == [-1.0, 4.4, 4.99994]
