"""Lesson 2 lab: batches, their digits and losses on screen are the engine's."""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from textual.app import App
from textual.widgets import Static, Switch

from tui_nn.data.synthetic import make_digits
from tui_nn.engine import explore
from tui_nn.engine.losses import cross_entropy_error
from tui_nn.engine.repeats import repeat_counts
from tui_nn.ui.labs import minibatch, minibatch_data
from tui_nn.ui.labs.minibatch import MinibatchLab
from tui_nn.ui.labs.minibatch_data import as_inputs, make_net
from tui_nn.ui.widgets.digits import DigitView
from tui_nn.ui.widgets.number_field import NumberField

from .harness import LabApp, shown_text

N_FAKE = 600


@pytest.fixture(scope="module")
def fake_dataset() -> SimpleNamespace:
    images, labels = make_digits(N_FAKE, seed=5)
    return SimpleNamespace(
        source="builtin",
        label="test digits (600 made for the test)",
        x_train=images,
        t_train=labels,
        x_test=images[:10],
        t_test=labels[:10],
    )


@pytest.fixture
def fake_data(monkeypatch: pytest.MonkeyPatch, fake_dataset: SimpleNamespace) -> SimpleNamespace:
    """Make the lab load a small data set, so each test is quick."""
    monkeypatch.setattr("tui_nn.data.load_dataset", lambda *a, **k: fake_dataset, raising=False)
    return fake_dataset


async def loaded(app: App, pilot) -> MinibatchLab:  # type: ignore[no-untyped-def]
    """Wait until the lab has its data and its first batch (the data store, then the losses)."""
    lab = app.screen.query_one(MinibatchLab)
    deadline = time.monotonic() + 300  # a safety net, not a timing: a busy machine is slow
    while lab.loaded is None or not len(lab.indices):
        assert time.monotonic() < deadline, shown_text(app, "#mb-source")
        await pilot.pause(0.02)
    await pilot.pause()
    return lab


def assert_batch_matches_engine(app: App, data: SimpleNamespace) -> None:
    lab = app.screen.query_one(MinibatchLab)
    idx = lab.indices
    net = make_net()
    x = as_inputs(data.x_train[idx])
    labels = data.t_train[idx].astype(int)
    one_hot = cross_entropy_error(net.predict(x), np.eye(10)[labels])
    by_label = cross_entropy_error(net.predict(x), labels)
    assert one_hot == pytest.approx(by_label)
    assert one_hot == pytest.approx(net.loss(x, labels))
    shown = shown_text(app, "#mb-loss")
    # shown to 12 decimals: the two forms agree to about 1e-15 (summation order)
    assert f"{one_hot:.12f}" == f"{by_label:.12f}"
    assert f"one-hot t: {one_hot:.12f}\n" in shown
    assert f"labels t:  {by_label:.12f}\n" in shown
    listed = shown_text(app, "#mb-indices")
    for i in idx[: minibatch.INDICES_SHOWN]:
        assert f"{i} " in listed
    views = [v for v in app.screen.query(DigitView) if v.display]
    order = lab.digit_order()
    assert views and len(views) == len(order) == min(len(idx), lab.digit_columns * 2)
    times = dict(repeat_counts(idx))
    for view, position in zip(views, order, strict=True):
        i, label = idx[position], labels[position]
        again = f"×{times[i]}" if i in times else ""
        assert view.caption == f"#{i}{again}: {label}"
        np.testing.assert_array_equal(view._image, data.x_train[i])


async def test_loads_draws_and_shows_engine_numbers(fake_data: SimpleNamespace) -> None:
    app = LabApp(MinibatchLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = await loaded(app, pilot)
        assert shown_text(app, "#mb-source") == f"Data: {fake_data.label}, {N_FAKE} training images"
        assert "TwoLayerNet(784, 50, 10)" in shown_text(app, "#mb-net")
        assert "seed 0" in shown_text(app, "#mb-net")
        assert len(lab.indices) == 10
        assert_batch_matches_engine(app, fake_data)
        # full-data loss: the fixed network on every training image
        net = make_net()
        full = net.loss(as_inputs(fake_data.x_train), fake_data.t_train.astype(int))
        assert f"full-data loss (all {N_FAKE}): {full:.6f}" in shown_text(app, "#mb-loss")
        # the spread numbers come from the engine helper with the lab's seed
        per_example = explore.per_example_cross_entropy(
            net.predict(as_inputs(fake_data.x_train)), fake_data.t_train
        )
        spread = explore.minibatch_loss_spread(
            per_example,
            minibatch_data.SPREAD_SIZES,
            np.random.default_rng(minibatch_data.SPREAD_SEED),
            draws=minibatch_data.SPREAD_DRAWS,
        )
        assert f"16: {spread.spread[4]:.3f}" in shown_text(app, "#mb-spread-numbers")
        first = lab.indices.copy()
        await pilot.press("d")
        assert not np.array_equal(first, lab.indices)
        assert_batch_matches_engine(app, fake_data)


async def test_repeats_highlighted_then_gone_without_replacement(
    fake_data: SimpleNamespace,
) -> None:
    app = LabApp(MinibatchLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = await loaded(app, pilot)
        app.screen.query_one("#mb-size", NumberField).value = "200"
        await pilot.pause()
        assert len(lab.indices) == 200
        repeats = 200 - len(np.unique(lab.indices))
        assert repeats > 0  # 200 draws from 600 with replacement: repeats are certain
        shown = shown_text(app, "#mb-indices")
        assert f"{repeats} draws repeat an index. Drawn more than once:" in shown
        chance = explore.repeat_probability(N_FAKE, 200)
        assert f"Chance of a repeat at this size: {chance:.3%}." in shown
        highlighted = highlighted_in(app)
        mask = explore.repeated_mask(lab.indices)[: minibatch.INDICES_SHOWN]
        in_list = [str(i) for i in lab.indices[: minibatch.INDICES_SHOWN][mask]]
        assert in_list  # 40 of 200 draws from 600 include some repeats (seeded)
        # the first 40 with their repeats marked, then every repeated index and its count
        assert highlighted == in_list + [f"{i}×{n}" for i, n in repeat_counts(lab.indices)]
        assert_batch_matches_engine(app, fake_data)

        await pilot.press("w")
        assert app.screen.query_one("#mb-replace", Switch).value is False
        assert len(np.unique(lab.indices)) == 200
        assert "200 indices (without replacement)" in shown_text(app, "#mb-indices")
        assert "No index repeats in this batch." in shown_text(app, "#mb-indices")
        assert_batch_matches_engine(app, fake_data)

        app.screen.query_one("#mb-size", NumberField).value = "1000"  # more than 600 images
        await pilot.pause()
        assert len(lab.indices) == 200  # refused with a message, last batch kept
        assert app.is_running


def highlighted_in(app: App) -> list[str]:
    rendered = app.screen.query_one("#mb-indices", Static).render()
    return [
        rendered.plain[span.start : span.end]
        for span in rendered.spans
        if getattr(span.style, "reverse", False)
    ]


async def test_repeats_past_the_first_40_are_listed_and_their_images_drawn(
    fake_data: SimpleNamespace,
) -> None:
    """Issue 12: at batch 1000 the text names every repeated index and how often (even
    past the 40 listed), and the digits drawn start with the repeated images, side by side."""
    app = LabApp(MinibatchLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = await loaded(app, pilot)
        app.screen.query_one("#mb-size", NumberField).value = "150"
        await pilot.pause()
        counts = repeat_counts(lab.indices)
        first_40 = set(lab.indices[: minibatch.INDICES_SHOWN].tolist())
        assert any(i not in first_40 for i, _n in counts)  # seeded: some only past 40
        shown = shown_text(app, "#mb-indices")
        for index, times in counts:
            assert f"{index}×{times}" in shown
        assert sum(n - 1 for _i, n in counts) == 150 - len(np.unique(lab.indices))
        views = [v for v in app.screen.query(DigitView) if v.display]
        assert len(views) == lab.digit_columns * 2 > 3  # more than the 3 drawn before
        first, times = counts[0]
        assert views[0].caption.startswith(f"#{first}×{times}: ")
        assert views[1].caption == views[0].caption  # the same image, drawn twice
        assert "repeated images first" in shown_text(app, "#mb-digits-head")
        assert_batch_matches_engine(app, fake_data)


async def test_shuffled_epoch_uses_every_image_once(fake_data: SimpleNamespace) -> None:
    app = LabApp(MinibatchLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = await loaded(app, pilot)
        app.screen.query_one("#mb-size", NumberField).value = "250"
        await pilot.pause()
        await pilot.press("e")
        assert lab.epoch_mode
        seen = [lab.indices.copy()]
        assert "Epoch 1, batch 1 of 3" in shown_text(app, "#mb-indices")
        await pilot.press("d", "d")
        seen.append(lab.indices.copy())
        assert "Epoch 1, batch 3 of 3" in shown_text(app, "#mb-indices")
        assert len(lab.indices) == 100  # 600 = 250 + 250 + 100
        await pilot.press("d")
        assert "Epoch 2, batch 1 of 3" in shown_text(app, "#mb-indices")
        assert_batch_matches_engine(app, fake_data)
        await pilot.press("e")
        assert not lab.epoch_mode
        assert "(with replacement)" in shown_text(app, "#mb-indices")


async def test_epoch_covers_all_indices(fake_data: SimpleNamespace) -> None:
    app = LabApp(MinibatchLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = await loaded(app, pilot)
        app.screen.query_one("#mb-size", NumberField).value = "300"
        await pilot.pause()
        await pilot.press("e")
        first = lab.indices.copy()
        await pilot.press("d")
        both = np.sort(np.concatenate([first, lab.indices]))
        np.testing.assert_array_equal(both, np.arange(N_FAKE))


async def test_bad_batch_sizes_keep_the_last_valid_one(fake_data: SimpleNamespace) -> None:
    app = LabApp(MinibatchLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = await loaded(app, pilot)
        field = app.screen.query_one("#mb-size", NumberField)
        before = lab.indices.copy()
        for bad in ["abc", "", "1e309", "nan", "0", "-5", "2.5", "1001"]:
            field.value = bad
            await pilot.pause()
            assert "Keeping 10" in str(field.error), bad
            assert lab.batch_size == 10
            np.testing.assert_array_equal(lab.indices, before)
        assert app.is_running


async def test_draw_before_loading_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr("tui_nn.data.load_dataset", broken, raising=False)
    app = LabApp(MinibatchLab)
    async with app.run_test(size=(80, 24)) as pilot:
        deadline = time.monotonic() + 30
        while "Could not" not in shown_text(app, "#mb-source"):
            assert time.monotonic() < deadline
            await pilot.pause(0.02)
        assert "Could not load the data: OSError: disk on fire" in shown_text(app, "#mb-source")
        await pilot.press("d")
        assert app.screen.query_one(MinibatchLab).loaded is None
        assert app.is_running


# --- through the whole app, with the real data loader ---------------------------


@pytest.mark.builtin_data
async def test_in_the_app_with_the_builtin_digits(app_at) -> None:  # type: ignore[no-untyped-def]
    from tui_nn.data import load_dataset

    app = app_at(2)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = await loaded(app, pilot)
        dataset = load_dataset()
        assert dataset.source == "builtin"
        n = len(dataset.t_train)
        assert shown_text(app, "#mb-source") == f"Data: {dataset.label}, {n:,} training images"
        await pilot.press("d")
        assert len(lab.indices) == 10
        assert_batch_matches_engine(app, dataset)




async def test_in_the_app_with_real_mnist(app_at, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    folder = os.environ.get("TUI_NN_DATA")
    if not folder or not Path(folder, "train-images-idx3-ubyte.gz").is_file():
        pytest.skip("needs the real MNIST files: set TUI_NN_DATA to their folder")
    monkeypatch.setenv("TUI_NN_SOURCE", "mnist")
    from tui_nn.data import load_dataset

    app = app_at(2)
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(app, pilot)
        dataset = load_dataset()
        assert dataset.source == "mnist"
        assert "MNIST" in dataset.label
        assert shown_text(app, "#mb-source") == f"Data: {dataset.label}, 60,000 training images"
        assert_batch_matches_engine(app, dataset)


async def test_a_refused_size_typed_through_a_valid_prefix_draws_no_batch(
    fake_data: SimpleNamespace,
) -> None:
    """Typing 10000 passes through 1, 10, 100 and 1000 (valid) before it is refused:
    the size is applied on Enter or on leaving the field, so no batch is drawn."""
    from .harness import type_into

    app = LabApp(MinibatchLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = await loaded(app, pilot)
        before = lab.indices.copy()
        field = await type_into(pilot, "#mb-size", "10000")
        await pilot.press("enter")  # refused: stays in the field
        await pilot.pause()
        assert "Keeping 10" in field.error and lab.batch_size == 10
        np.testing.assert_array_equal(lab.indices, before)
        await pilot.press("escape")  # leaving puts 10 back: still the same batch
        await pilot.pause()
        np.testing.assert_array_equal(lab.indices, before)
        await type_into(pilot, "#mb-size", "25")
        np.testing.assert_array_equal(lab.indices, before)  # not while typing ...
        await pilot.press("enter")  # ... but on Enter
        await pilot.pause()
        assert lab.batch_size == 25 and len(lab.indices) == 25


async def test_batch_size_and_switches_are_kept_while_away(app_at, fake_data) -> None:  # type: ignore[no-untyped-def]
    from .harness import type_into

    app = app_at(2)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = await loaded(app, pilot)
        await type_into(pilot, "#mb-size", "7")
        await pilot.press("enter", "e")
        await pilot.pause()
        batch = lab.indices.copy()
        await pilot.press("pagedown")
        await pilot.pause()
        await pilot.press("pageup")
        await pilot.pause()
        assert app.screen.query_one(MinibatchLab) is lab
        assert lab.batch_size == 7 and lab.epoch_mode
        np.testing.assert_array_equal(lab.indices, batch)
        assert app.screen.query_one("#mb-size", NumberField).value == "7"
        assert app.screen.query_one("#mb-epoch", Switch).value


async def test_main_chart_above_the_fold_at_80x24_and_told_apart_without_colour(
    fake_data: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 12: at 80x24 (lab panel 50x23) the spread chart is on screen without scrolling;
    under NO_COLOR each of its four series has its own marker, named in the legend."""
    from tui_nn.ui import look
    from tui_nn.ui.widgets.chart import ChartBox

    monkeypatch.setenv("NO_COLOR", "1")
    look.reset()
    try:
        app = LabApp(MinibatchLab)
        async with app.run_test(size=(50, 23)) as pilot:
            lab = await loaded(app, pilot)
            box = app.screen.query_one("#mb-spread", ChartBox)
            assert lab.region.y <= box.region.y and box.region.bottom <= lab.region.bottom, (
                box.region,
                lab.region,
            )
            legend = str(box._legend.render())
            markers = [entry.strip()[0] for entry in legend.split("   ")]
            assert len(markers) == 4 and len(set(markers)) == 4, legend
            lines = str(box.chart.render()).splitlines()[1:-2]
            drawn = "".join(line.split("┤", 1)[-1][1:-1] for line in lines)
            for marker in markers:
                assert marker in drawn, (marker, lines)
    finally:
        monkeypatch.delenv("NO_COLOR")
        look.reset()
