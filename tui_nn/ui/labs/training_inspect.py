"""The Inspect view: confusion matrix, test digits with guesses, first-layer weights."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import ContentSwitcher, Static

from tui_nn.engine.nets import TwoLayerNet
from tui_nn.engine.train import confusion_matrix, predict_labels
from tui_nn.i18n import N_, _
from tui_nn.ui.widgets.confusion import ConfusionMatrix, worst_confusion
from tui_nn.ui.widgets.digits import DigitView
from tui_nn.ui.widgets.updates import show

VIEWS = ("matrix", "digits", "weights")
NO_NETWORK = N_("No network yet: train one (s) or load one (5 Files).")
GRID_CELLS = 6
INSPECT_LIMIT = 10_000  # test images used by the confusion matrix and the digit grid


@dataclass(frozen=True)
class InspectResult:
    """What the Inspect view shows of one network (computed in a worker)."""

    matrix: np.ndarray  # (10, 10) counts: rows the true digit, columns the guess
    predictions: np.ndarray  # the guess for each of the test images used
    w1: np.ndarray  # a copy of the first-layer weights
    images: np.ndarray  # the test images used (a view, not a copy)
    labels: np.ndarray
    origin: str  # which network this is, in words


def inspect_network(
    net: TwoLayerNet, images: np.ndarray, labels: np.ndarray, origin: str
) -> InspectResult:
    """Confusion matrix, guesses and first-layer weights of ``net`` on the first test images."""
    images, labels = images[:INSPECT_LIMIT], labels[:INSPECT_LIMIT]
    w1 = np.array(net.params["W1"], copy=True)
    return InspectResult(
        matrix=confusion_matrix(net, images, labels),
        predictions=predict_labels(net, images),
        w1=w1,
        images=images,
        labels=labels,
        origin=origin,
    )


def first_mistake_from(predictions: np.ndarray, labels: np.ndarray, start: int) -> int | None:
    """Index of the first wrong guess at or after ``start`` (wrapping around), or None."""
    wrong = np.flatnonzero(np.asarray(predictions) != np.asarray(labels))
    if wrong.size == 0:
        return None
    after = wrong[wrong >= start]
    return int(after[0] if after.size else wrong[0])


def weight_images(w1: np.ndarray, count: int = GRID_CELLS) -> list[np.ndarray]:
    """The first ``count`` columns of W1 (784, hidden) as 28x28 images scaled to 0..1 each."""
    images = []
    for unit in range(min(count, w1.shape[1])):
        column = np.asarray(w1[:, unit], dtype=float).reshape(28, 28)
        low, high = column.min(), column.max()
        span = high - low
        images.append((column - low) / span if span > 0 else np.zeros((28, 28)))
    return images


def digit_caption(index: int, guess: int, answer: int) -> str:
    """Two short lines under a test digit: ``#8 guess 6`` and ``✗ answer 5`` (or ``✓ right``)."""
    first = _("#{index} guess {guess}").format(index=index, guess=guess)
    if guess == answer:
        return first + "\n" + _("✓ right")
    return first + "\n" + _("✗ answer {answer}").format(answer=answer)


class DigitGrid(Grid):
    """Six test digits with the network's guess; wrong guesses are marked."""

    DEFAULT_CSS = """
    DigitGrid { grid-size: 3; grid-columns: 14; grid-gutter: 0 1; height: auto; grid-rows: 9; }
    DigitGrid DigitView { padding: 0; height: 9; }
    DigitGrid DigitView.mistake { color: $error; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.images: np.ndarray | None = None
        self.labels: np.ndarray | None = None
        self.predictions: np.ndarray | None = None
        self.start = 0

    def compose(self) -> ComposeResult:
        for i in range(GRID_CELLS):
            yield DigitView(scale=2, id=f"cell-{i}")

    def set_data(self, images: np.ndarray, labels: np.ndarray, predictions: np.ndarray) -> None:
        self.images, self.labels, self.predictions = images, labels, predictions
        self.start = min(self.start, max(0, len(labels) - GRID_CELLS))
        self.redraw()

    def next_mistake(self) -> int | None:
        """Move the page so it starts at the next wrong guess; return its index."""
        if self.predictions is None or self.labels is None:
            return None
        index = first_mistake_from(self.predictions, self.labels, self.start + 1)
        if index is not None:
            self.start = index
            self.redraw()
        return index

    def page(self, step: int) -> None:
        if self.labels is None:
            return
        self.start = int(np.clip(self.start + step * GRID_CELLS, 0, len(self.labels) - 1))
        self.redraw()

    def redraw(self) -> None:
        if self.images is None or self.labels is None or self.predictions is None:
            return
        for i in range(GRID_CELLS):
            cell = self.query_one(f"#cell-{i}", DigitView)
            index = self.start + i
            if index >= len(self.labels):
                cell.show(np.zeros((28, 28)), "")
                cell.set_class(False, "mistake")
                continue
            guess, true = int(self.predictions[index]), int(self.labels[index])
            wrong = guess != true
            cell.show(self.images[index], digit_caption(index, guess, true))
            cell.set_class(wrong, "mistake")


class WeightsView(Grid):
    """The first-layer weights of some hidden units, as 28x28 pictures."""

    DEFAULT_CSS = """
    WeightsView { grid-size: 3; grid-columns: 14; grid-gutter: 0 1; height: auto; grid-rows: auto; }
    """

    def compose(self) -> ComposeResult:
        for i in range(GRID_CELLS):
            yield DigitView(scale=2, id=f"unit-{i}")

    def show_weights(self, w1: np.ndarray) -> None:
        images = weight_images(w1)
        for i in range(GRID_CELLS):
            view = self.query_one(f"#unit-{i}", DigitView)
            if i < len(images):
                view.show(images[i], _("unit {index}").format(index=i))
            else:
                view.show(np.zeros((28, 28)), "")


class InspectView(Vertical):
    """Switches between the three looks inside (key ``i``)."""

    DEFAULT_CSS = """
    InspectView { height: auto; }
    InspectView #inspect-title { text-style: bold; height: auto; }
    InspectView #inspect-origin { height: auto; color: $text-accent; }
    InspectView #inspect-origin.stale { color: $warning; }
    InspectView ContentSwitcher { height: auto; }
    InspectView #matrix-note { height: auto; }
    """

    TITLES: ClassVar[dict[str, str]] = {
        "matrix": N_("Confusion matrix of the test set (rows: true digit, columns: guess)"),
        "digits": N_("Test digits with the net's guess (✗ = wrong) · n next mistake · [ ] page"),
        "weights": N_("First-layer weights of 6 hidden units (light = positive weight)"),
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view = "matrix"

    def compose(self) -> ComposeResult:
        yield Static(_(self.TITLES["matrix"]), id="inspect-title", markup=False)
        yield Static(_(NO_NETWORK), id="inspect-origin", markup=False)
        with ContentSwitcher(initial="matrix"):
            with Vertical(id="matrix"):
                yield ConfusionMatrix(id="confusion")
                yield Static("", id="matrix-note")
            yield DigitGrid(id="digits")
            yield WeightsView(id="weights")

    def switch(self, view: str | None = None) -> str:
        """Show ``view`` (or the next one) and return its name."""
        self.view = view or VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)]
        self.query_one(ContentSwitcher).current = self.view
        show(self.query_one("#inspect-title", Static), _(self.TITLES[self.view]))
        return self.view

    def refresh_language(self) -> None:
        """F2: the title (and a first "no network" line) in the current language."""
        show(self.query_one("#inspect-title", Static), _(self.TITLES[self.view]))
        if self.query_one("#digits", DigitGrid).predictions is None:
            show(self.query_one("#inspect-origin", Static), _(NO_NETWORK))
        else:
            self.query_one("#digits", DigitGrid).redraw()

    def show_results(self, result: InspectResult) -> None:
        matrix, origin = result.matrix, result.origin
        origin_line = self.query_one("#inspect-origin", Static)
        show(origin_line, origin)
        origin_line.remove_class("stale")
        self.query_one("#confusion", ConfusionMatrix).show(matrix)
        total = int(matrix.sum())
        right = int(np.trace(matrix))
        note = _("{right} of {total} right = accuracy {accuracy}").format(
            right=f"{right:,}", total=f"{total:,}", accuracy=f"{right / max(total, 1):.4f}"
        )
        worst = worst_confusion(matrix)
        if worst:
            note += "\n" + _("most common mistake: a {true} taken for a {guess} ({count}×)").format(
                true=worst[0], guess=worst[1], count=worst[2]
            )
        show(self.query_one("#matrix-note", Static), note)
        self.query_one("#digits", DigitGrid).set_data(
            result.images, result.labels, result.predictions
        )
        self.query_one("#weights", WeightsView).show_weights(result.w1)

    def mark_stale(self, text: str) -> None:
        """Say that what is shown no longer belongs to the network in use (a new run began)."""
        origin_line = self.query_one("#inspect-origin", Static)
        show(origin_line, text)
        origin_line.add_class("stale")
