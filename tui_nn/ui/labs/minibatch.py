"""Lesson 2 lab: draw a minibatch, see its digits, and watch its loss estimate the whole."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, ClassVar

import numpy as np
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.widgets import Label, Static, Switch

from tui_nn.data.sampling import (
    batches_per_epoch,
    epoch_batches,
    sample_with_replacement,
    sample_without_replacement,
)
from tui_nn.engine import explore
from tui_nn.engine.labels import one_hot
from tui_nn.engine.losses import cross_entropy_error
from tui_nn.ui.data_store import data_store_of
from tui_nn.ui.kit import WorkContext
from tui_nn.ui.kit.values import bool_setting, number_setting
from tui_nn.ui.labs.base import JSONValue, Lab
from tui_nn.ui.labs.minibatch_data import NET_TEXT, Loaded, as_inputs, compute_loaded, make_net
from tui_nn.ui.messages import DataReady
from tui_nn.ui.widgets.chart import Chart
from tui_nn.ui.widgets.digits import DigitView
from tui_nn.ui.widgets.number_field import NumberField

if TYPE_CHECKING:  # pragma: no cover
    from tui_nn.data.mnist import Dataset

DRAW_SEED = 2
BATCH_START = 10
BATCH_MAX = 1000
DIGITS_SHOWN = 8
INDICES_SHOWN = 40


class MinibatchLab(Lab):
    """Draw minibatches with or without replacement, or a shuffled epoch, and see the loss."""

    DEFAULT_CSS = """
    MinibatchLab .controls { height: auto; }
    MinibatchLab .controls NumberField { width: 16; }
    MinibatchLab .switches { width: auto; height: 3; padding: 0 0 0 1; }
    MinibatchLab .switch-row { width: auto; height: 1; margin: 0 0 1 0; }
    MinibatchLab Switch { border: none; padding: 0 1 0 0; height: 1; }
    MinibatchLab Switch:focus { border: none; background: $accent 40%; }
    MinibatchLab #mb-digits {
        layout: grid; grid-size: 3; grid-gutter: 0 1; height: auto; margin: 1 0 0 0;
    }
    MinibatchLab #mb-indices, MinibatchLab #mb-loss, MinibatchLab #mb-spread-numbers {
        height: auto; margin: 1 0 0 0;
    }
    MinibatchLab #mb-spread { height: 40vh; min-height: 9; max-height: 18; margin: 1 0 0 0; }
    MinibatchLab .heading { text-style: bold; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "d",
            "new_batch",
            "Draw batch",
            tooltip="Draw a new minibatch (the next one, in epoch mode)",
        ),
        Binding(
            "w", "toggle_replacement", "Replacement", tooltip="Draw with or without replacement"
        ),
        Binding("e", "toggle_epoch", "Epoch", tooltip="Shuffled epochs: every image once per pass"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.net = make_net()
        self.rng = np.random.default_rng(DRAW_SEED)
        self.loaded: Loaded | None = None
        self.batch_size = BATCH_START
        self.replace = True
        self.epoch_mode = False
        self._epoch: Iterator[np.ndarray] | None = None
        self.epoch_number = 0
        self.batch_in_epoch = 0
        self.indices = np.zeros(0, dtype=np.int64)
        self.loss_one_hot = float("nan")
        self.loss_labels = float("nan")
        self.digit_columns = 3

    def compose(self) -> ComposeResult:
        yield Static("Loading the training images…", id="mb-source", classes="heading")
        yield Static(NET_TEXT, id="mb-net")
        with Horizontal(classes="controls"):
            yield NumberField(
                self.batch_size,
                label="batch size",
                minimum=1,
                maximum=BATCH_MAX,
                integer=True,
                id="mb-size",
                tooltip=f"How many examples to draw (1 to {BATCH_MAX})",
            )
            with Vertical(classes="switches"):
                with Horizontal(classes="switch-row"):
                    yield Switch(
                        self.replace, id="mb-replace", tooltip="Draw like np.random.choice"
                    )
                    yield Label("with replacement (w)")
                with Horizontal(classes="switch-row"):
                    yield Switch(
                        self.epoch_mode, id="mb-epoch", tooltip="Shuffle, then batches in turn"
                    )
                    yield Label("shuffled epoch (e)")
        yield Static(id="mb-loss")
        yield Static(id="mb-indices")
        with Container(id="mb-digits"):
            for _ in range(DIGITS_SHOWN):
                yield DigitView(scale=2)
        yield Chart(id="mb-spread")
        yield Static(id="mb-spread-numbers")

    def on_mount(self) -> None:
        for view in self.query(DigitView):
            view.display = False
        self.query_one("#mb-replace", Switch).disabled = self.epoch_mode
        self.query_one("#mb-indices", Static).update("Loading…")
        data_store_of(self.app).request(self)

    def on_resize(self) -> None:
        # One row of digits: as many as fit across (each is 14 columns + a gap).
        self.digit_columns = max(1, min(DIGITS_SHOWN, (self.content_size.width + 1) // 15))
        self.query_one("#mb-digits").styles.grid_size_columns = self.digit_columns
        if self.loaded is not None and len(self.indices):
            self._show_digits(self.loaded.dataset)

    # --- state that lasts ----------------------------------------------------------

    def lab_settings(self) -> dict[str, JSONValue]:
        return {"batch": self.batch_size, "replace": self.replace, "epoch": self.epoch_mode}

    def restore_settings(self, data: Mapping[str, object]) -> None:
        size = number_setting(data, "batch", 1, BATCH_MAX, integer=True)
        if size is not None:
            self.batch_size = int(size)
        for key, name in (("replace", "replace"), ("epoch", "epoch_mode")):
            value = bool_setting(data, key)
            if value is not None:
                setattr(self, name, value)

    # --- loading -----------------------------------------------------------------

    def on_data_ready(self, message: DataReady) -> None:
        dataset = message.dataset
        if dataset is None:
            self.query_one("#mb-source", Static).update(
                f"Could not load the data: {message.error}"
            )
            return
        if self.loaded is not None and self.loaded.dataset is dataset:
            return
        self.query_one("#mb-source", Static).update(f"Data: {dataset.label}: computing losses…")

        def losses(ctx: WorkContext) -> Loaded | None:
            return compute_loaded(dataset, lambda: ctx.cancelled)

        self.run_in_thread(
            losses,
            group="losses",
            label="computing losses",
            on_result=self._loaded,
            on_error=self._failed,
            threads=None,
        )

    def _failed(self, error: BaseException) -> None:
        self.query_one("#mb-source", Static).update(f"Could not load the data: {error}")

    def _loaded(self, loaded: Loaded | None) -> None:
        if loaded is None:
            return
        self.loaded = loaded
        n = len(loaded.per_example)
        self.query_one("#mb-source", Static).update(
            f"Data: {loaded.dataset.label}, {n:,} training images"
        )
        self._epoch = None
        self.action_new_batch()

    # --- input -------------------------------------------------------------------

    @on(NumberField.Committed, "#mb-size")
    def _size_typed(self, event: NumberField.Committed) -> None:
        """A new size is applied on Enter or on leaving the field, never mid-typing."""
        if int(event.number) == self.batch_size:
            return
        self.batch_size = int(event.number)
        self._epoch = None
        if self.loaded is not None:
            self.action_new_batch()

    @on(Switch.Changed, "#mb-replace")
    def _replace_switched(self, event: Switch.Changed) -> None:
        if event.value == self.replace:
            return
        self.replace = event.value
        if self.loaded is not None and not self.epoch_mode:
            self.action_new_batch()

    @on(Switch.Changed, "#mb-epoch")
    def _epoch_switched(self, event: Switch.Changed) -> None:
        if event.value == self.epoch_mode:
            return
        self.epoch_mode = event.value
        self._epoch = None
        self.epoch_number = 0
        self.query_one("#mb-replace", Switch).disabled = self.epoch_mode
        if self.loaded is not None:
            self.action_new_batch()

    def action_toggle_replacement(self) -> None:
        if self.epoch_mode:
            self.notify("An epoch never repeats an index: switch epoch off first (e).")
            return
        self.query_one("#mb-replace", Switch).toggle()

    def action_toggle_epoch(self) -> None:
        self.query_one("#mb-epoch", Switch).toggle()

    # --- drawing a batch -----------------------------------------------------------

    def _next_indices(self, n: int) -> np.ndarray | None:
        size = self.batch_size
        if self.epoch_mode:
            if self._epoch is None:
                self._epoch = epoch_batches(self.rng, n, size)
                self.epoch_number += 1
                self.batch_in_epoch = 0
            batch = next(self._epoch, None)
            if batch is None:  # the epoch is over: start the next one
                self._epoch = None
                return self._next_indices(n)
            self.batch_in_epoch += 1
            return batch
        if self.replace:
            return sample_with_replacement(self.rng, n, size)
        if size > n:
            self.notify(f"Only {n} examples: a batch without replacement holds at most {n}.")
            return None
        return sample_without_replacement(self.rng, n, size)

    def action_new_batch(self) -> None:
        """Draw a new minibatch (the next one of the epoch in epoch mode)."""
        if self.loaded is None:
            self.notify("The training images are still loading…")
            return
        dataset = self.loaded.dataset
        indices = self._next_indices(len(dataset.t_train))
        if indices is None:
            return
        self.indices = np.asarray(indices)
        x = as_inputs(dataset.x_train[self.indices])
        labels = dataset.t_train[self.indices].astype(np.int64)
        y = self.net.predict(x)
        self.loss_one_hot = float(cross_entropy_error(y, one_hot(labels)))
        self.loss_labels = float(cross_entropy_error(y, labels))
        self.redraw()

    def redraw(self) -> None:
        if self.loaded is None or not len(self.indices):
            return
        self._show_indices(len(self.loaded.dataset.t_train))
        self._show_digits(self.loaded.dataset)
        self._show_loss()
        self._draw_spread()

    def _show_indices(self, n: int) -> None:
        repeated = explore.repeated_mask(self.indices)
        text = Text()
        if self.epoch_mode:
            total = batches_per_epoch(n, self.batch_size)
            text.append(
                f"Epoch {self.epoch_number}, batch {self.batch_in_epoch} of {total:,}: "
                "shuffled once, each image comes once per epoch.\n"
            )
        mode = "with" if self.replace and not self.epoch_mode else "without"
        text.append(f"{len(self.indices)} indices ({mode} replacement): ")
        for position, (index, again) in enumerate(zip(self.indices, repeated, strict=True)):
            if position == INDICES_SHOWN:
                text.append(f"… and {len(self.indices) - INDICES_SHOWN} more")
                break
            text.append(str(int(index)), style="bold reverse" if again else "")
            text.append(" ")
        repeats = len(self.indices) - len(np.unique(self.indices))
        text.append("\n")
        if repeats:
            text.append(f"{repeats} draw(s) repeat an index (highlighted).", style="bold")
        else:
            text.append("No index repeats in this batch.")
        if self.replace and not self.epoch_mode:
            chance = explore.repeat_probability(n, self.batch_size)
            text.append(f" Chance of a repeat at this size: {chance:.3%}.")
        self.query_one("#mb-indices", Static).update(text)

    def _show_digits(self, dataset: Dataset) -> None:
        labels = dataset.t_train[self.indices]
        views = list(self.query(DigitView))
        for view, position in zip(views, range(len(views)), strict=True):
            if position < min(len(self.indices), self.digit_columns):
                index = int(self.indices[position])
                view.show(dataset.x_train[index], caption=f"#{index}: {labels[position]}")
                view.display = True
            else:
                view.display = False

    def _show_loss(self) -> None:
        assert self.loaded is not None
        full = self.loaded.spread.full_loss
        self.query_one("#mb-loss", Static).update(
            f"batch loss, one-hot t: {self.loss_one_hot:.12f}\n"
            f"batch loss, labels t:  {self.loss_labels:.12f}\n"
            f"full-data loss (all {len(self.loaded.per_example):,}): {full:.6f}  "
            f"(this batch is off by {self.loss_labels - full:+.4f})"
        )

    def _draw_spread(self) -> None:
        assert self.loaded is not None
        spread = self.loaded.spread
        chart = self.query_one("#mb-spread", Chart)
        plt = chart.plt
        plt.clear_figure()
        positions = np.log2(spread.batch_sizes.astype(float))
        full = spread.full_loss
        plt.plot(
            list(positions),
            [full] * len(positions),
            marker="braille",
            color="green",
            label="full data",
        )
        for sign in (1, -1):
            band = full + sign * spread.predicted
            plt.plot(list(positions), list(band), marker="braille", color="gray")
        xs = np.repeat(positions, spread.losses.shape[1])
        plt.scatter(list(xs), list(spread.losses.ravel()), marker="•", label="batch losses")
        here = float(np.log2(self.batch_size))
        plt.scatter([here], [self.loss_labels], marker="●", color="red", label="this batch")
        ticks = list(positions[::2])
        plt.xticks(ticks, [str(int(s)) for s in spread.batch_sizes[::2]])
        plt.title("minibatch loss against batch size (± std/√batch)")
        plt.xlabel("batch size")
        chart.refresh()
        parts = [
            f"{int(size)}: {value:.3f}"
            for size, value in zip(spread.batch_sizes, spread.spread, strict=True)
            if size in (1, 16, 256)
        ]
        one = float(spread.predicted[0])
        self.query_one("#mb-spread-numbers", Static).update(
            f"Spread (std) of {spread.losses.shape[1]} batch losses per size: "
            + ", ".join(parts)
            + f". Predicted std/√batch: 1: {one:.3f}, 16: {one / 4:.3f}, 256: {one / 16:.3f}."
        )
