"""Pilot tests of the lesson 6 lab: the gradient of SimpleNet."""

from __future__ import annotations

import re

import numpy as np
from textual.app import App

from tui_nn.engine.experiments import REFERENCE_W
from tui_nn.engine.labels import one_hot
from tui_nn.engine.nets import SimpleNet
from tui_nn.ui.labs.simplenet import SimpleNetLab
from tui_nn.ui.widgets.number_field import NumberField

from .harness import LabApp, shown_text

NUMBER = r"[-+]?\d+\.\d+(?:e[-+]\d+)?"


def numbers_after(text: str, label: str) -> list[str]:
    line = next(line for line in text.splitlines() if line.startswith(label))
    return re.findall(NUMBER, line[len(label):])


def matrix_on_screen(app: App, selector: str) -> list[list[str]]:
    rows = []
    for line in shown_text(app, selector).splitlines():
        cells = re.findall(r"[-+]\d+\.\d{8}(?!e)", line.split("sum")[0])
        if len(cells) == 3:
            rows.append(cells)
    return rows


async def paste_into(pilot, selector: str, text: str) -> None:
    field = pilot.app.screen.query_one(selector, NumberField)
    field.focus()
    field.value = text
    await pilot.press("enter")


async def test_reference_numbers_on_screen() -> None:
    app = LabApp(SimpleNetLab)
    async with app.run_test(size=(100, 32)):
        net = SimpleNet(W=REFERENCE_W.copy())
        x, t = np.array([0.6, 0.9]), one_hot(2, 3)
        forward = shown_text(app, "#s6-forward")
        shown_predict = numbers_after(forward, "predict")
        assert shown_predict == ["1.14336256", "1.15679559", "1.50012032"]
        assert shown_predict == [f"{v:.8f}" for v in net.predict(x)]
        assert re.search(r"argmax\s+2", forward)
        assert "0.8793569 without delta" in forward
        assert "0.8793567 with delta=1e-7" in forward
        assert f"{net.loss(x, t, delta=0.0):.7f} without delta" in forward
        assert f"{net.loss(x, t, delta=1e-7):.7f} with delta" in forward
        dw = matrix_on_screen(app, "#s6-dw")
        assert dw == [
            ["+0.17430645", "+0.17666371", "-0.35097016"],
            ["+0.26145968", "+0.26499557", "-0.52645524"],
        ]
        engine_dw = net.numerical_gradient(x, t, delta=0.0)
        assert dw == [[f"{v:+.8f}" for v in row] for row in engine_dw]
        sums_line = next(ln for ln in shown_text(app, "#s6-dw").splitlines() if "row sums" in ln)
        bound = float(re.search(r"each under (1e-\d+)", sums_line).group(1))  # type: ignore[union-attr]
        largest = float(np.max(np.abs(engine_dw.sum(axis=1))))
        assert largest < bound <= 10 * largest and bound <= 1e-6  # the noise's power of ten
        assert "the book's W" in shown_text(app, "#s6-w-title")


async def test_random_w_shows_its_seed_and_book_w_returns() -> None:
    app = LabApp(SimpleNetLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.screen.query_one(SimpleNetLab)
        lab.focus()
        await pilot.press("r")
        assert "seed=1" in shown_text(app, "#s6-w-title")
        expected = SimpleNet(rng=np.random.default_rng(1)).W
        np.testing.assert_array_equal(lab.net.W, expected)
        assert matrix_on_screen(app, "#s6-w") == [[f"{v:+.8f}" for v in r] for r in expected]
        await pilot.press("r")
        assert "seed=2" in shown_text(app, "#s6-w-title")
        x, t = np.array([0.6, 0.9]), one_hot(2, 3)
        engine_dw = SimpleNet(rng=np.random.default_rng(2)).numerical_gradient(x, t, delta=0.0)
        assert matrix_on_screen(app, "#s6-dw") == [[f"{v:+.8f}" for v in r] for r in engine_dw]
        await pilot.press("w")
        assert "the book's W" in shown_text(app, "#s6-w-title")
        np.testing.assert_array_equal(lab.net.W, REFERENCE_W)


async def test_x_and_t_change_the_numbers() -> None:
    app = LabApp(SimpleNetLab)
    async with app.run_test(size=(100, 32)) as pilot:
        await paste_into(pilot, "#x0", "1.5")
        await paste_into(pilot, "#t", "0")
        net = SimpleNet(W=REFERENCE_W.copy())
        x, t = np.array([1.5, 0.9]), one_hot(0, 3)
        forward = shown_text(app, "#s6-forward")
        assert numbers_after(forward, "predict") == [f"{v:.8f}" for v in net.predict(x)]
        assert f"{net.loss(x, t, delta=0.0):.7f} without delta" in forward
        assert "1 0 0  (one-hot for class 0)" in forward
        engine_dw = net.numerical_gradient(x, t, delta=0.0)
        assert matrix_on_screen(app, "#s6-dw") == [[f"{v:+.8f}" for v in r] for r in engine_dw]


async def test_bad_input_keeps_the_last_value() -> None:
    app = LabApp(SimpleNetLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.screen.query_one(SimpleNetLab)
        await paste_into(pilot, "#t", "5")
        assert "Keeping 2" in str(app.screen.query_one("#t", NumberField).error)
        await paste_into(pilot, "#x1", "nan")
        assert "Keeping 0.9" in str(app.screen.query_one("#x1", NumberField).error)
        await paste_into(pilot, "#row", "2")
        assert lab.label == 2 and lab.x[1] == 0.9 and lab.row == 0
        assert numbers_after(shown_text(app, "#s6-forward"), "predict")[0] == "1.14336256"


async def test_nudge_and_keep_it() -> None:
    app = LabApp(SimpleNetLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.screen.query_one(SimpleNetLab)
        await paste_into(pilot, "#row", "1")
        await paste_into(pilot, "#col", "2")
        await paste_into(pilot, "#step", "0.01")
        nudge = shown_text(app, "#s6-nudge")
        assert "W[1,2] + 0.01" in nudge
        change = float(re.search(r"loss change\s+(\S+)", nudge).group(1))
        predicted = float(re.search(r"× step\s+(\S+)", nudge).group(1))
        assert abs(predicted - (-0.52645524 * 0.01)) < 1e-10
        assert abs(change - predicted) < 0.05 * abs(predicted)
        net = SimpleNet(W=REFERENCE_W.copy())
        before = net.loss(np.array([0.6, 0.9]), one_hot(2, 3), delta=0.0)
        assert f"loss {before:.8f}" in nudge
        lab.focus()
        await pilot.press("n")
        assert lab.net.W[1, 2] == REFERENCE_W[1, 2] + 0.01
        assert "nudged" in shown_text(app, "#s6-w-title")
        # the loss fell by about the predicted amount
        forward = shown_text(app, "#s6-forward")
        new_loss = float(re.search(r"loss\s+(\S+) without delta", forward).group(1))
        assert abs((new_loss - before) - change) < 1e-6


async def test_extreme_x_shows_nan_without_delta_and_no_crash() -> None:
    app = LabApp(SimpleNetLab)
    async with app.run_test(size=(100, 32)) as pilot:
        await paste_into(pilot, "#x0", "1000")
        await paste_into(pilot, "#x1", "900")
        await paste_into(pilot, "#t", "0")
        forward = shown_text(app, "#s6-forward")
        assert "nan without delta" in forward and "from log-softmax (no nan)" in forward
        assert "log-softmax" in shown_text(app, "#s6-dw-title")


async def test_far_x_shows_a_finite_nudge_not_nan_to_nan() -> None:
    """Issue 10: at x = (1000, -1000) the nudge said "loss nan → nan"."""
    app = LabApp(SimpleNetLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.screen.query_one(SimpleNetLab)
        await paste_into(pilot, "#x0", "1000")
        await paste_into(pilot, "#x1", "-1000")
        nudge = shown_text(app, "#s6-nudge")
        assert "nan" not in nudge
        found = re.search(r"loss (\S+) → (\S+)", nudge)
        assert found is not None
        before, after = float(found.group(1)), float(found.group(2))
        assert np.isfinite(before) and np.isfinite(after)
        assert lab.nudge is not None and np.isfinite(lab.nudge.predicted)
        assert np.all(np.isfinite(lab.dw))


async def test_in_the_app_random_w(app_at) -> None:  # type: ignore[no-untyped-def]
    app = app_at(6)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert numbers_after(shown_text(app, "#s6-forward"), "predict")[0] == "1.14336256"
        await pilot.press("r")
        assert "seed=1" in shown_text(app, "#s6-w-title")


def test_row_sums_are_shown_by_their_power_of_ten() -> None:
    """The digits of rounding noise change with the CPU; its power of ten does not."""
    from tui_nn.ui.labs.simplenet_draw import row_sums_line

    noise = np.array([[0.2, -0.2 + 7.5e-11], [0.3, -0.3 + 2.6e-10]])
    assert row_sums_line(noise).endswith("each under 1e-9  (≈ 0)")
    assert "1e-10" in row_sums_line(np.array([[1e-11, 0.0], [-7.7e-11, 0.0]]))
    assert "1e-9" in row_sums_line(np.array([[1e-10, 0.0]]))  # 1e-10 is not under 1e-10
    assert row_sums_line(np.zeros((2, 3))) == "row sums: exactly 0"
    assert "nan" in row_sums_line(np.array([[np.nan, 1.0], [0.0, 0.0]]))
