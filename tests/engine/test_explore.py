"""The what-if helpers behind the labs of lessons 1-4."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui_nn.engine import explore
from tui_nn.engine.gradient import numerical_diff, numerical_gradient
from tui_nn.engine.losses import cross_entropy_error, mean_squared_error
from tui_nn.engine.pitfalls import diff_bad_parentheses

# --- lesson 1 -------------------------------------------------------------------


def test_reference_predictions_give_the_reference_losses() -> None:
    t = explore.REFERENCE_T
    assert mean_squared_error(explore.REFERENCE_Y1, t) == pytest.approx(0.0975)
    assert mean_squared_error(explore.REFERENCE_Y2, t) == pytest.approx(0.5975)
    assert round(cross_entropy_error(explore.REFERENCE_Y1, t), 12) == 0.510825457099
    assert round(cross_entropy_error(explore.REFERENCE_Y2, t), 12) == 2.302584092995


@given(
    k=st.integers(0, 9),
    p=st.floats(-0.5, 1.5, allow_nan=False),
)
def test_set_probability_sums_to_one_and_keeps_proportions(k: int, p: float) -> None:
    y = explore.REFERENCE_Y1
    out = explore.set_probability(y, k, p)
    assert out.sum() == pytest.approx(1.0)
    assert out[k] == pytest.approx(min(max(p, 0.0), 1.0))
    assert (out >= 0).all()
    others = np.arange(10) != k
    if out[others].sum() > 1e-12:
        # the other classes keep their ratios to each other
        scale = out[others].sum() / y[others].sum()
        np.testing.assert_allclose(out[others], y[others] * scale, atol=1e-12)
    assert y[2] == 0.6  # the input is not changed


def test_set_probability_spreads_evenly_when_the_rest_was_zero() -> None:
    y = explore.set_probability(explore.REFERENCE_Y1, 2, 1.0)
    assert y[2] == 1.0 and y.sum() == 1.0
    back = explore.set_probability(y, 2, 0.1)
    np.testing.assert_allclose(np.delete(back, 2), 0.1)


def test_set_probability_rejects_bad_class_and_nan() -> None:
    with pytest.raises(ValueError):
        explore.set_probability(explore.REFERENCE_Y1, 10, 0.5)
    with pytest.raises(ValueError):
        explore.set_probability(explore.REFERENCE_Y1, 2, float("nan"))


def test_neg_log_curve() -> None:
    ys, cost = explore.neg_log_curve(50, low=0.01)
    assert ys[0] == 0.01 and ys[-1] == 1.0
    np.testing.assert_allclose(cost, -np.log(ys))


# --- lesson 2 -------------------------------------------------------------------


def test_repeated_mask_marks_every_copy() -> None:
    mask = explore.repeated_mask([5, 1, 5, 2, 7, 1])
    assert mask.tolist() == [True, True, True, False, False, True]
    assert explore.repeated_mask([]).tolist() == []


def test_repeat_probability_matches_a_simulation() -> None:
    assert explore.repeat_probability(60000, 1) == 0.0
    assert explore.repeat_probability(5, 6) == 1.0
    # birthday problem: 23 people, 365 days -> about 0.507
    assert explore.repeat_probability(365, 23) == pytest.approx(0.5073, abs=1e-3)
    rng = np.random.default_rng(0)
    draws = rng.integers(0, 100, size=(4000, 12))
    simulated = np.mean([len(set(row)) < 12 for row in draws])
    assert explore.repeat_probability(100, 12) == pytest.approx(simulated, abs=0.03)


def test_per_example_losses_average_to_the_batch_loss() -> None:
    rng = np.random.default_rng(1)
    y = rng.dirichlet(np.ones(10), size=20)
    labels = rng.integers(0, 10, size=20)
    each = explore.per_example_cross_entropy(y, labels)
    assert each.shape == (20,)
    assert each.mean() == pytest.approx(cross_entropy_error(y, labels))


def test_minibatch_spread_shrinks_like_one_over_sqrt_batch() -> None:
    rng = np.random.default_rng(2)
    per_example = rng.exponential(1.0, size=5000)
    spread = explore.minibatch_loss_spread(per_example, [1, 16, 256], rng, draws=400)
    assert spread.losses.shape == (3, 400)
    assert spread.full_loss == pytest.approx(per_example.mean())
    assert spread.spread[0] > spread.spread[1] > spread.spread[2]
    # measured spread within 20% of std / sqrt(batch)
    np.testing.assert_allclose(spread.spread, spread.predicted, rtol=0.2)
    # batch means scatter around the full-data loss
    assert abs(spread.losses[2].mean() - spread.full_loss) < 3 * spread.predicted[2]


# --- lesson 3 -------------------------------------------------------------------


def test_function_1_and_its_slope() -> None:
    assert explore.function_1(10.0) == pytest.approx(2.0)
    assert explore.function_1_slope(5.0) == pytest.approx(0.2)
    assert explore.function_1_slope(10.0) == pytest.approx(0.3)
    line = explore.tangent_line(explore.function_1, 5.0, 0.2)
    assert line(5.0) == explore.function_1(5.0)
    assert line(6.0) == pytest.approx(explore.function_1(5.0) + 0.2)


def test_slope_errors_central_beats_forward_and_tiny_h_gives_zero_slope() -> None:
    f, exact = explore.function_1, explore.function_1_slope(5.0)
    hs = [1e-1, 1e-4, 1e-50]
    forward = explore.slope_errors(f, 5.0, exact, hs, method="forward")
    central = explore.slope_errors(f, 5.0, exact, hs, method="central")
    assert forward[1] == pytest.approx(abs(numerical_diff(f, 5.0, 1e-4, "forward") - exact))
    assert central[1] < forward[1]
    assert central[2] == pytest.approx(exact)  # h = 1e-50: slope 0, error = the whole slope


def test_partial_derivatives_and_the_bug() -> None:
    slopes = explore.partial_derivatives(explore.function_2, (3.0, 4.0))
    assert slopes == pytest.approx([6.0, 8.0])
    bad = explore.partial_derivatives(explore.function_2, (3.0, 4.0), diff=diff_bad_parentheses)
    assert bad == pytest.approx([6e-8, 8e-8])


# --- lesson 4 -------------------------------------------------------------------


def test_downhill_field_is_minus_the_gradient() -> None:
    field = explore.downhill_field(explore.function_2, [-1.0, 0.0, 2.0], [3.0, -4.0])
    assert field.x.shape == (2, 3)
    np.testing.assert_allclose(field.u, -2 * field.x, atol=1e-6)
    np.testing.assert_allclose(field.v, -2 * field.y, atol=1e-6)
    saddle = explore.downhill_field(explore.saddle, [1.0], [1.0])
    np.testing.assert_allclose([saddle.u[0, 0], saddle.v[0, 0]], [-2.0, 2.0], atol=1e-6)


@pytest.mark.parametrize(
    ("u", "v", "char"),
    [
        (1, 0, "→"),
        (1, 1, "↗"),
        (0, 1, "↑"),
        (-1, 1, "↖"),
        (-1, 0, "←"),
        (-1, -1, "↙"),
        (0, -1, "↓"),
        (1, -1, "↘"),
        (0, 0, "·"),
        (float("nan"), 1, "·"),
    ],
)
def test_arrow_char(u: float, v: float, char: str) -> None:
    assert explore.arrow_char(u, v) == char


def test_saddle_has_zero_gradient_and_a_lower_neighbour() -> None:
    origin = np.zeros(2)
    assert numerical_gradient(explore.saddle, origin) == pytest.approx([0.0, 0.0])
    lower = explore.lower_neighbour(explore.saddle, origin)
    assert lower is not None and lower[1] < 0
    assert explore.lower_neighbour(explore.function_2, origin) is None


def test_plateau_is_flat_far_away_and_lowest_at_the_origin() -> None:
    far = np.array([3.0, 4.0])
    grad = numerical_gradient(explore.plateau, far)
    assert 0 < np.hypot(*grad) < 1e-4  # almost flat
    np.testing.assert_allclose(grad, far * np.exp(-12.5), rtol=1e-6)
    assert explore.plateau(np.zeros(2)) == 0.0
    assert explore.lower_neighbour(explore.plateau, far) is not None  # downhill exists
    assert explore.lower_neighbour(explore.plateau, np.zeros(2)) is None
    # very far out, f is exactly 1 all around: no lower point, no higher point
    _, values = explore.neighbour_values(explore.plateau, [100.0, 100.0])
    assert (values == 1.0).all()
    assert explore.lower_neighbour(explore.plateau, [100.0, 100.0]) is None


# -- bad input: a clear ValueError, never an IndexError or a RuntimeWarning -------


@pytest.mark.parametrize("k", [1.5, -1, 10, "2", None, True])
def test_set_probability_refuses_a_class_that_is_not_one(k) -> None:
    y = np.full(10, 0.1)
    with pytest.raises(ValueError, match="class"):
        explore.set_probability(y, k, 0.5)


def test_set_probability_accepts_whole_numbers_of_any_kind() -> None:
    y = np.full(10, 0.1)
    for k in (3, np.int64(3), 3.0):
        out = explore.set_probability(y, k, 0.7)
        assert out[3] == 0.7 and out.sum() == pytest.approx(1.0)


@pytest.mark.parametrize(
    "labels", [[0, 10], [-1, 2], [0.5, 1], [0, 1, 2], [np.nan, 1]], ids=str
)
def test_per_example_cross_entropy_refuses_bad_labels(labels) -> None:
    y = np.full((2, 10), 0.1)
    with pytest.raises(ValueError, match="labels"):
        explore.per_example_cross_entropy(y, np.asarray(labels))


def test_per_example_cross_entropy_of_good_labels() -> None:
    y = np.full((2, 10), 0.1)
    np.testing.assert_allclose(
        explore.per_example_cross_entropy(y, np.array([0, 9])), -np.log(0.1 + 1e-7)
    )


@pytest.mark.parametrize(("sizes", "draws"), [([0], 5), ([10, -1], 5), ([2.5], 5), ([10], 0)])
def test_minibatch_loss_spread_refuses_empty_batches(sizes, draws) -> None:
    # before: batch size 0 gave "Mean of empty slice" (a RuntimeWarning, an error here)
    with pytest.raises(ValueError, match="at least 1"):
        explore.minibatch_loss_spread(np.ones(20), sizes, np.random.default_rng(0), draws)
