"""Tests of the helpers behind the labs of lessons 5–7."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from tui_nn.engine.descent import descent_steps, gradient_descent
from tui_nn.engine.experiments import (
    LONG_BOWL,
    REFERENCE_W,
    ROUND_BOWL,
    DescentRun,
    Verdict,
    chart_box,
    clip_segment,
    image_batch,
    largest_difference,
    level_values,
    nudge_weight,
    parameter_total,
    read_run,
    step_ratios,
    time_left,
    two_layer_shapes,
    visible_path,
)
from tui_nn.engine.labels import one_hot


def test_round_bowl_is_the_lesson_function() -> None:
    assert ROUND_BOWL(np.array([3.0, 4.0])) == 25.0
    assert LONG_BOWL(np.array([2.0, 1.0])) == pytest.approx(0.05 * 4 + 1)


@pytest.mark.parametrize("lr", [1e-10, 0.01, 0.1, 0.5, 0.9, 1.0, 10.0])
def test_descent_run_matches_the_engine(lr: float) -> None:
    run = DescentRun(ROUND_BOWL, (-3.0, 4.0), lr)
    assert run.step(40) == 40
    run.step(60)
    expected = gradient_descent(ROUND_BOWL, np.array([-3.0, 4.0]), lr=lr, step_num=100)
    np.testing.assert_array_equal(run.x, expected)
    points = list(itertools.islice(descent_steps(ROUND_BOWL, [-3.0, 4.0], lr), 100))
    np.testing.assert_array_equal(run.path(), [[-3.0, 4.0], *points])
    np.testing.assert_array_equal(run.fs, [ROUND_BOWL(x) for x in run.path()])


def test_reference_runs_and_verdicts() -> None:
    fast = DescentRun(ROUND_BOWL, (-3.0, 4.0), 0.1)
    fast.step(100)
    assert fast.x[0] == pytest.approx(-6.1e-10, abs=0.05e-10)
    assert fast.x[1] == pytest.approx(8.1e-10, abs=0.05e-10)
    assert read_run(fast).verdict is Verdict.CONVERGED

    wild = DescentRun(ROUND_BOWL, (-3.0, 4.0), 10.0)
    wild.step(100)
    assert [f"{v:.8e}" for v in wild.x] == ["-2.58983747e+13", "-1.29524862e+12"]
    reading = read_run(wild)
    assert reading.verdict is Verdict.FROZEN and reading.moved == 0.0 and reading.size > 1e13

    slow = DescentRun(ROUND_BOWL, (-3.0, 4.0), 1e-10)
    slow.step(100)
    assert [f"{v:.9g}" for v in slow.x] == ["-2.99999994", "3.99999992"]
    assert read_run(slow).verdict is Verdict.BARELY_MOVING


def test_other_verdicts() -> None:
    run = DescentRun(ROUND_BOWL, (-3.0, 4.0), 0.01)
    assert read_run(run).verdict is Verdict.NOT_STARTED
    run.step(3)
    assert read_run(run).verdict is Verdict.DESCENDING
    bounce = DescentRun(ROUND_BOWL, (-3.0, 4.0), 1.0)
    bounce.step(5)
    assert read_run(bounce).verdict is Verdict.BOUNCING
    up = DescentRun(ROUND_BOWL, (-3.0, 4.0), 1.5)
    up.step(5)
    assert read_run(up).verdict is Verdict.DIVERGING


def test_overflow_stops_cleanly_without_warnings() -> None:
    run = DescentRun(ROUND_BOWL, (-3.0, 4.0), 1e300)
    done = run.step(100)
    assert done < 100
    assert run.overflowed and read_run(run).verdict is Verdict.OVERFLOW
    assert all(np.all(np.isfinite(x)) for x in run.xs)
    assert all(np.isfinite(run.fs))
    assert run.step(5) == 0


def test_long_bowl_directions() -> None:
    # lr 1.1 is too large for the steep x1 direction but fine for x0
    run = DescentRun(LONG_BOWL, (-3.0, 4.0), 1.1)
    run.step(1)
    r0, r1 = step_ratios(run)
    assert r0 == pytest.approx(1 - 2 * 0.05 * 1.1, rel=1e-6)
    assert r1 == pytest.approx(1 - 2 * 1.1, rel=1e-6)
    assert 0 < r0 < 1 and r1 < -1  # x0 shrinks; x1 grows and zigzags
    assert step_ratios(DescentRun(LONG_BOWL, (1.0, 1.0), 0.1)) is None


def test_chart_geometry() -> None:
    box = chart_box(ROUND_BOWL, (-3.0, 4.0))
    assert box == (5.0, 5.0)
    assert chart_box(LONG_BOWL, (-3.0, 4.0)) == (10.0, 5.0)
    assert chart_box(ROUND_BOWL, (0.0, 40.0)) == (50.0, 50.0)
    levels = level_values(ROUND_BOWL, box, count=3)
    assert levels == sorted(levels) and max(levels) < 25.0
    xs, ys = ROUND_BOWL.level_curve(4.0, points=50)
    np.testing.assert_allclose(xs**2 + ys**2, 4.0)
    # a segment crossing the box is clipped to its edge
    _, b = clip_segment(np.array([0.0, 0.0]), np.array([10.0, 0.0]), (5.0, 5.0))
    np.testing.assert_allclose(b, [5.0, 0.0])
    assert clip_segment(np.array([6.0, 6.0]), np.array([9.0, 9.0]), (5.0, 5.0)) is None
    # a diverging path stays inside the box and never carries inf or nan
    path = np.array([[-3.0, 4.0], [57.0, -76.0], [np.inf, np.nan]])
    px, py = visible_path(path, box)
    assert px and all(abs(v) <= 5.0 for v in px) and all(abs(v) <= 5.0 for v in py)
    assert visible_path(np.array([[1.0, 1.0]]), box) == ([1.0], [1.0])


def test_nudge_matches_dw_times_step() -> None:
    from tui_nn.engine.nets import SimpleNet

    net = SimpleNet(W=REFERENCE_W.copy())
    x, t = np.array([0.6, 0.9]), one_hot(2, 3)
    dw = net.numerical_gradient(x, t, delta=0.0)
    nudge = nudge_weight(lambda: net.loss(x, t, delta=0.0), net.W, 1, 2, 1e-3, dw)
    np.testing.assert_array_equal(net.W, REFERENCE_W)  # W put back
    assert nudge.predicted == pytest.approx(dw[1, 2] * 1e-3)
    assert nudge.change == pytest.approx(nudge.predicted, rel=1e-2)
    assert nudge.loss_before == pytest.approx(0.8793569, abs=1e-7)


def test_sizes_and_times() -> None:
    shapes = two_layer_shapes(784, 100, 10)
    assert [s for _, s, _ in shapes] == [(784, 100), (100,), (100, 10), (10,)]
    assert parameter_total(784, 100, 10) == 79_510
    assert parameter_total(784, 50, 10) == 39_760
    assert time_left(0, 10, 1.0) is None
    assert time_left(5, 10, 2.0) == pytest.approx(2.0)


def test_largest_difference_and_batches() -> None:
    a = {"W": np.zeros((2, 2)), "b": np.zeros(2)}
    b = {"W": np.array([[0.0, -3e-10], [0.0, 0.0]]), "b": np.array([1e-11, 0.0])}
    assert largest_difference(a, b) == pytest.approx(3e-10)
    images = np.arange(3 * 4, dtype=np.uint8).reshape(3, 2, 2) * 20
    labels = np.array([7, 1, 4], dtype=np.uint8)
    x, t = image_batch(images, labels, 2)
    assert x.shape == (2, 4) and x.max() <= 1.0 and x.dtype == float
    assert t.tolist() == [7, 1]
    assert image_batch(images, labels, 99)[0].shape == (3, 4)


@pytest.mark.parametrize("level", [-1.0, float("nan"), float("-inf")])
def test_a_bowl_has_no_level_below_zero(level: float) -> None:
    # before: sqrt of a negative number (a RuntimeWarning, an error here)
    with pytest.raises(ValueError, match="0 or more"):
        ROUND_BOWL.level_curve(level)
    x0, x1 = LONG_BOWL.level_curve(0.0)
    assert np.all(x0 == 0) and np.all(x1 == 0)


def test_experiments_hold_no_key_names() -> None:
    import ast
    import inspect

    from tui_nn.engine import experiments

    tree = ast.parse(inspect.getsource(experiments))
    texts = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)]
    assert not [t for t in texts if isinstance(t, str) and "press " in t]


def test_the_stable_loss_is_the_book_loss_where_that_is_finite_and_finite_where_not() -> None:
    from tui_nn.engine.experiments import (
        simplenet_stable_gradient,
        simplenet_stable_loss,
        stable_cross_entropy,
    )
    from tui_nn.engine.nets import SimpleNet

    net = SimpleNet(W=REFERENCE_W.copy())
    x, t = np.array([0.6, 0.9]), one_hot(2, 3)
    assert simplenet_stable_loss(net, x, 2) == pytest.approx(0.8793569, abs=1e-7)
    assert simplenet_stable_loss(net, x, 2) == pytest.approx(net.loss(x, t, delta=0.0), rel=1e-12)
    np.testing.assert_allclose(
        simplenet_stable_gradient(net, x, 2), net.numerical_gradient(x, t, delta=0.0), atol=1e-8
    )
    far = np.array([1000.0, -1000.0])
    with np.errstate(all="ignore"):
        assert np.isnan(net.loss(far, t, delta=0.0))  # the book's formula: 0·log 0
    loss = simplenet_stable_loss(net, far, 2)
    scores = net.predict(far)
    assert np.isfinite(loss) and loss == pytest.approx(np.max(scores) - scores[2], rel=1e-9)
    assert np.all(np.isfinite(simplenet_stable_gradient(net, far, 2)))
    assert stable_cross_entropy(np.array([0.0, 0.0]), 1) == pytest.approx(np.log(2))
