"""Lesson 2 lab: draw a minibatch, see its digits, and watch its loss estimate the whole."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.widgets import Static, Switch

from tui_nn.data.sampling import (
    epoch_batches,
    sample_with_replacement,
    sample_without_replacement,
)
from tui_nn.engine.labels import one_hot
from tui_nn.engine.losses import cross_entropy_error
from tui_nn.engine.repeats import repeat_counts, repeats_first
from tui_nn.i18n import N_, _
from tui_nn.train_words import data_label
from tui_nn.ui.data_store import data_store_of
from tui_nn.ui.kit import WorkContext
from tui_nn.ui.kit.values import bool_setting, number_setting
from tui_nn.ui.labs.base import JSONValue, Lab
from tui_nn.ui.labs.loss_chart import FittedChartBox
from tui_nn.ui.labs.minibatch_data import (
    NET_HIDDEN,
    NET_SEED,
    NET_STD,
    Loaded,
    as_inputs,
    compute_loaded,
    make_net,
)
from tui_nn.ui.labs.minibatch_words import (
    CHART_COLOURS,
    INDICES_SHOWN,
    chart_names,
    draw_spread,
    indices_text,
    loss_text,
    spread_text,
)
from tui_nn.ui.messages import DataReady
from tui_nn.ui.widgets.digits import DigitView
from tui_nn.ui.widgets.number_field import NumberField
from tui_nn.ui.widgets.switch_words import switch_state
from tui_nn.ui.widgets.updates import show
from tui_nn.ui.widgets.words import Words

if TYPE_CHECKING:  # pragma: no cover
    from tui_nn.data.mnist import Dataset

__all__ = ["INDICES_SHOWN", "MinibatchLab"]

DRAW_SEED = 2
BATCH_START = 10
BATCH_MAX = 1000
DIGIT_WIDTH = 14  # a digit at scale 2 (its black margin keeps neighbours apart)
DIGIT_ROWS = 2
DIGIT_COLUMNS_MAX = 8
DIGITS_SHOWN = DIGIT_ROWS * DIGIT_COLUMNS_MAX


def net_text() -> str:
    """What the fixed network is, in the language of the moment."""
    return _(
        "Fixed network: TwoLayerNet(784, {hidden}, 10), random weights "
        "(std {std}) from seed {seed}, never trained."
    ).format(hidden=NET_HIDDEN, std=NET_STD, seed=NET_SEED)


class MinibatchLab(Lab):
    """Draw minibatches with or without replacement, or a shuffled epoch, and see the loss."""

    DEFAULT_CSS = """
    MinibatchLab .controls { height: auto; }
    MinibatchLab .controls NumberField { width: 16; }
    MinibatchLab .switches { width: auto; height: 3; padding: 0 0 0 1; }
    MinibatchLab .switch-row { width: auto; height: 1; margin: 0 0 1 0; }
    MinibatchLab .switch-row Words { width: auto; }
    MinibatchLab .switch-row .state { width: auto; text-style: bold; }
    MinibatchLab Switch { border: none; padding: 0 1 0 0; height: 1; }
    MinibatchLab Switch:focus { border: none; background: $accent 40%; }
    MinibatchLab #mb-digits {
        layout: grid; grid-size: 3; grid-gutter: 0 0; height: auto; margin: 1 0 0 0;
    }
    MinibatchLab #mb-indices, MinibatchLab #mb-spread-numbers, MinibatchLab #mb-net {
        height: auto; margin: 1 0 0 0;
    }
    MinibatchLab #mb-loss { height: auto; }
    MinibatchLab #mb-spread { height: 50vh; min-height: 11; max-height: 20; }
    MinibatchLab #mb-digits-head { height: auto; margin: 1 0 0 0; }
    MinibatchLab .heading { text-style: bold; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "d",
            "new_batch",
            N_("Draw batch"),
            tooltip=N_("Draw a new minibatch (the next one, in epoch mode)"),
        ),
        Binding(
            "w",
            "toggle_replacement",
            N_("Replacement"),
            tooltip=N_("Draw with or without replacement"),
        ),
        Binding(
            "e",
            "toggle_epoch",
            N_("Epoch"),
            tooltip=N_("Shuffled epochs: every image once per pass"),
        ),
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
        self._source: tuple[str, dict[str, object]] = (N_("Loading the training images…"), {})

    def compose(self) -> ComposeResult:
        yield Static(id="mb-source", classes="heading")
        with Horizontal(classes="controls"):
            yield NumberField(
                self.batch_size,
                label=N_("batch size"),
                minimum=1,
                maximum=BATCH_MAX,
                integer=True,
                id="mb-size",
                tooltip=N_("How many examples to draw (1 to 1000)"),
            )
            with Vertical(classes="switches"):
                with Horizontal(classes="switch-row"):
                    yield Switch(
                        self.replace,
                        animate=False,  # its knob jumps: no 0.3 s of frames for a key
                        id="mb-replace",
                        tooltip=N_("Draw like np.random.choice"),
                    )
                    yield Words(N_("with replacement (w)"))
                    yield Static("", id="mb-replace-state", classes="state", markup=False)
                with Horizontal(classes="switch-row"):
                    yield Switch(
                        self.epoch_mode,
                        animate=False,
                        id="mb-epoch",
                        tooltip=N_("Shuffle, then batches in turn"),
                    )
                    yield Words(N_("shuffled epoch (e)"))
                    yield Static("", id="mb-epoch-state", classes="state", markup=False)
        yield Static(id="mb-loss")
        yield FittedChartBox(self._plot_spread, id="mb-spread")
        yield Static(id="mb-spread-numbers")
        yield Static(id="mb-indices")
        yield Static(id="mb-digits-head")
        with Container(id="mb-digits"):
            for _position in range(DIGITS_SHOWN):
                yield DigitView(scale=2)
        yield Static(id="mb-net")

    def on_mount(self) -> None:
        for view in self.query(DigitView):
            view.display = False
        self.query_one("#mb-replace", Switch).disabled = self.epoch_mode
        self._show_words()
        data_store_of(self.app).request(self)

    def on_resize(self) -> None:
        # As many digits across as fit (each is 14 columns), in DIGIT_ROWS rows.
        width = self.content_size.width
        self.digit_columns = max(1, min(DIGIT_COLUMNS_MAX, width // DIGIT_WIDTH))
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

    def _say_source(self, message: str, **values: object) -> None:
        """The heading line: a catalogue message, shown again in the language of each redraw."""
        self._source = (message, values)
        self._show_words()

    def _show_words(self) -> None:
        message, values = self._source
        show(self.query_one("#mb-source", Static), _(message).format(**values))
        show(self.query_one("#mb-net", Static), net_text())
        self._show_switches()
        if self.loaded is None:
            show(self.query_one("#mb-indices", Static), _("Loading…"))

    def _show_switches(self) -> None:
        """Each switch's state in words after its name (not the knob's colour alone)."""
        show(self.query_one("#mb-replace-state", Static), switch_state(self.replace))
        show(self.query_one("#mb-epoch-state", Static), switch_state(self.epoch_mode))

    def on_data_ready(self, message: DataReady) -> None:
        dataset = message.dataset
        if dataset is None:
            self._say_source(N_("Could not load the data: {error}"), error=message.error)
            return
        if self.loaded is not None and self.loaded.dataset is dataset:
            return
        self._say_source(N_("Data: {label}: computing losses…"), label=data_label(dataset))

        def losses(ctx: WorkContext) -> Loaded | None:
            return compute_loaded(dataset, lambda: ctx.cancelled)

        self.run_in_thread(
            losses,
            group="losses",
            label=_("computing losses"),
            on_result=self._loaded,
            on_error=self._failed,
            threads=None,
        )

    def _failed(self, error: BaseException) -> None:
        self._say_source(N_("Could not load the data: {error}"), error=error)

    def _loaded(self, loaded: Loaded | None) -> None:
        if loaded is None:
            return
        self.loaded = loaded
        n = len(loaded.per_example)
        self._say_source(
            N_("Data: {label}, {n} training images"), label=data_label(loaded.dataset), n=f"{n:,}"
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
        self._show_switches()
        if self.loaded is not None and not self.epoch_mode:
            self.action_new_batch()

    @on(Switch.Changed, "#mb-epoch")
    def _epoch_switched(self, event: Switch.Changed) -> None:
        if event.value == self.epoch_mode:
            return
        self.epoch_mode = event.value
        self._show_switches()
        self._epoch = None
        self.epoch_number = 0
        self.query_one("#mb-replace", Switch).disabled = self.epoch_mode
        if self.loaded is not None:
            self.action_new_batch()

    def action_toggle_replacement(self) -> None:
        if self.epoch_mode:
            self.notify(_("An epoch never repeats an index: switch epoch off first (e)."))
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
            self.notify(
                _("Only {n} examples: a batch without replacement holds at most {n}.").format(n=n)
            )
            return None
        return sample_without_replacement(self.rng, n, size)

    def action_new_batch(self) -> None:
        """Draw a new minibatch (the next one of the epoch in epoch mode)."""
        if self.loaded is None:
            self.notify(_("The training images are still loading…"))
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
        self._show_words()
        if self.loaded is None or not len(self.indices):
            return
        n = len(self.loaded.dataset.t_train)
        epoch = (
            (self.epoch_number, self.batch_in_epoch, self.batch_size) if self.epoch_mode else None
        )
        show(self.query_one("#mb-indices", Static),
            indices_text(
                self.indices, n, replace=self.replace, epoch=epoch, batch_size=self.batch_size
            )
        )
        self._show_digits(self.loaded.dataset)
        full = self.loaded.spread.full_loss
        show(self.query_one("#mb-loss", Static),
            loss_text(self.loss_one_hot, self.loss_labels, full, len(self.loaded.per_example))
        )
        self._draw_spread()

    def digit_order(self) -> list[int]:
        """Batch positions of the digits drawn: repeated images first, as many as fit."""
        shown = min(len(self.indices), self.digit_columns * DIGIT_ROWS)
        return repeats_first(self.indices)[:shown]

    def _show_digits(self, dataset: Dataset) -> None:
        labels = dataset.t_train[self.indices]
        times = dict(repeat_counts(self.indices))
        order = self.digit_order()
        for slot, view in enumerate(self.query(DigitView)):
            if slot < len(order):
                position = order[slot]
                index = int(self.indices[position])
                again = f"×{times[index]}" if index in times else ""
                view.show(dataset.x_train[index], caption=f"#{index}{again}: {labels[position]}")
                view.display = True
            else:
                view.display = False
        head = _("{shown} of the batch's {n} digits (#index: label)").format(
            shown=len(order), n=len(self.indices)
        )
        if times:
            head += " · " + _("repeated images first, ×2 = drawn twice")
        show(self.query_one("#mb-digits-head", Static), head)

    def _draw_spread(self) -> None:
        assert self.loaded is not None
        box = self.query_one("#mb-spread", FittedChartBox)
        box.title(_("batch loss (up) by batch size (across)"))
        box.legend(chart_names(), CHART_COLOURS)
        box.refresh_chart()
        show(self.query_one("#mb-spread-numbers", Static), spread_text(self.loaded.spread))

    def _plot_spread(self, plt: Any, width: int, height: int) -> None:
        if self.loaded is None or not len(self.indices):
            return
        draw_spread(plt, width, height, self.loaded.spread, self.batch_size, self.loss_labels)
