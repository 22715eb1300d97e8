"""The Draw view: a pad for the learner's own digit and the network's probabilities for it."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from tui_nn.i18n import N_, _
from tui_nn.ui.widgets.digits import DigitView
from tui_nn.ui.widgets.drawing_pad import DrawingPad, mnist_like
from tui_nn.ui.widgets.updates import show
from tui_nn.ui.widgets.words import Words

BAR_WIDTH = 8


def probability_text(probabilities: np.ndarray | None) -> Text:
    """Ten lines ``7 ██████▌   81%``; the most likely digit in bold."""
    text = Text()
    if probabilities is None:
        text.append(_("Train or load\na network, then\ndraw a digit."), style="italic")
        return text
    p = np.nan_to_num(np.asarray(probabilities, dtype=float).reshape(-1))
    best = int(np.argmax(p))
    for digit, value in enumerate(p):
        filled = min(value, 1.0) * BAR_WIDTH
        bar = "█" * int(filled) + ("▌" if filled - int(filled) >= 0.5 else "")
        style = "bold green" if digit == best else ""
        text.append(f"{digit} {bar:<{BAR_WIDTH}}{value:5.0%}", style=style)
        if digit < 9:
            text.append("\n")
    return text


class DrawView(Vertical):
    """Draw a digit; the lab supplies ``predict`` (image -> 10 probabilities, or None)."""

    DEFAULT_CSS = """
    DrawView { height: auto; }
    DrawView Horizontal { height: auto; }
    DrawView #draw-side { width: 1fr; min-width: 15; height: auto; padding: 0 0 0 1; }
    DrawView #probabilities { height: auto; }
    DrawView #draw-answer { height: auto; text-style: bold; }
    DrawView #draw-help { height: auto; color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.predict: Callable[[np.ndarray], np.ndarray | None] | None = None
        self.probabilities: np.ndarray | None = None
        self.note = ""  # where the picture on the pad came from, if not from the learner

    def compose(self) -> ComposeResult:
        yield Words(
            N_(
                "Mouse: press and drag. Keys: arrows move, space pen up/down, "
                "backspace clears, t puts a test digit here. The net sees the small picture."
            ),
            id="draw-help",
        )
        with Horizontal():
            yield DrawingPad(id="pad")
            with Vertical(id="draw-side"):
                yield Static(probability_text(None), id="probabilities")
                yield Static("", id="draw-answer")
                yield DigitView(scale=2, id="draw-preview")

    @on(DrawingPad.Changed)
    def _drawn(self, event: DrawingPad.Changed) -> None:
        event.stop()
        if not event.replaced:
            self.note = ""
        self.update_prediction()

    def show_image(self, image: np.ndarray, note: str) -> None:
        """Put ``image`` (e.g. a test digit) on the pad, so the learner can compare and edit it."""
        self.note = note
        self.query_one(DrawingPad).set_pixels(image)

    def update_prediction(self) -> None:
        """Prepare the drawing like MNIST and show the network's probabilities for it."""
        pad = self.query_one(DrawingPad)
        image = mnist_like(pad.pixels)
        self.query_one("#draw-preview", DigitView).show(image, _("net's view"))
        answer = self.query_one("#draw-answer", Static)
        probabilities = self.predict(image) if self.predict is not None else None
        bars = self.query_one("#probabilities", Static)
        self.probabilities = None
        if probabilities is None:  # no network yet
            show(answer, "")
            show(bars, probability_text(None))
        elif pad.is_empty:
            show(answer, _("Draw a digit on the pad."))
            show(bars, "")
        else:
            self.probabilities = np.asarray(probabilities, dtype=float).reshape(-1)
            best = int(np.argmax(self.probabilities))
            guess = _("I think it is a {digit} ({share})").format(
                digit=best, share=f"{self.probabilities[best]:.0%}"
            )
            show(answer, f"{guess}\n({self.note})" if self.note else guess)
            show(bars, probability_text(self.probabilities))
