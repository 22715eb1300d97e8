"""The Train view: status line, progress, loss chart and per-epoch accuracies of a run.

``TrainView`` shows a :class:`~tui_nn.training_session.RunLog`: ``sync(log)``
copies what is new (losses, epochs, learning-rate changes), ``show_progress``
writes the status line, ``redraw`` the two charts (the costly part: the lab
calls it at most twice a second), ``show_end`` the result of a run.
"""

from __future__ import annotations

import math

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from tui_nn.i18n import N_, _
from tui_nn.training_session import EpochMeasured, LogView, LrChange, RunEnded, RunLog, SessionState
from tui_nn.ui.labs.training_charts import (
    TrainChartBox,
    downsample,
    draw_accuracies,
    draw_losses,
    smooth,
    whole_ticks,
)
from tui_nn.ui.labs.training_controls import describe_duration
from tui_nn.ui.labs.training_verdict import curve_trouble, curve_words
from tui_nn.ui.widgets.updates import show

__all__ = ["TrainView", "downsample", "learning_problem", "smooth", "state_word", "whole_ticks"]

NARROW_STATUS = 55  # below this width the status text gets three lines
OVERFIT_GAP = 0.05  # train accuracy this far above test: a hint of overfitting


def learning_problem(losses: list[float], learning_rate: float) -> str | None:
    """A plain warning when a finished run did not learn well (None when the curve is fine)."""
    if not curve_trouble(losses):
        return None
    return curve_words(losses, learning_rate, ended=True) or None


def text_bar(done: int, total: int, width: int) -> str:
    """A progress bar drawn with block characters, and the percentage."""
    share = min(max(done / total, 0.0), 1.0) if total > 0 else 0.0
    cells = max(width - 6, 1)
    filled = int(share * cells)
    return "█" * filled + "░" * (cells - filled) + f" {share:4.0%}"


class LiveText(Widget):
    """One or a few lines that change often: updating them never re-lays-out the screen."""

    DEFAULT_CSS = """
    LiveText { height: 1; }
    """

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = text

    def set(self, text: str) -> None:
        if text != self.text:
            self.text = text
            height = self.styles.height
            self.refresh(layout=height is not None and height.is_auto)  # auto: new line count

    def render(self) -> Text:
        return Text(self.text)


class LiveStatus(LiveText):
    """The status text (up to three lines at 80 columns) and a progress bar under it: one widget,
    one repaint a tick."""

    DEFAULT_CSS = """
    LiveStatus { height: 3; }
    """

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(text, id=id)
        self.done, self.total = 0, 0

    def on_resize(self) -> None:
        # a narrow lab (80 columns) needs a third line for the status; a wide one does not
        rows = 4 if self.size.width < NARROW_STATUS else 3
        if self.styles.height is None or self.styles.height.value != rows:
            self.styles.height = rows  # (only when it changes: setting it lays the screen out)

    def set_all(self, text: str, done: int, total: int) -> None:
        if (text, done, total) != (self.text, self.done, self.total):
            self.text, self.done, self.total = text, done, total
            self.refresh()

    def render(self) -> Text:
        width = self.size.width
        words = Text(self.text)
        lines = words.wrap(self.app.console, width) if width else [words]
        rows = max(1, self.size.height - 1)
        out = Text("\n").join([*lines[:rows], *([Text("")] * (rows - len(lines[:rows])))])
        out.append("\n")
        out.append(text_bar(self.done, self.total, width), style="bold")
        return out


ENDED_WORDS = {
    SessionState.FINISHED: N_("done"),
    SessionState.STOPPED: N_("stopped"),
    SessionState.DIVERGED: N_("diverged"),
    SessionState.FAILED: N_("failed"),
}
STATE_WORDS = {
    SessionState.PREPARING: N_("training"),
    SessionState.RUNNING: N_("training"),
    SessionState.PAUSED: N_("paused"),
    SessionState.STOPPING: N_("stopping"),
}


def accuracy_text(value: float | None) -> str:
    """``0.9470``, or ``n/a`` when there is no meaningful accuracy (a diverged run)."""
    return _("n/a") if value is None else f"{value:.4f}"


def state_word(state: SessionState) -> str:
    """One word for the status line: training, paused, stopping, done, stopped, diverged."""
    return _(STATE_WORDS.get(state) or ENDED_WORDS.get(state, N_("done")))


def epoch_line(row: EpochMeasured) -> str:
    """``epoch   3: train 0.9120  test 0.9105``."""
    return _("epoch {epoch}: train {train}  test {test}").format(
        epoch=f"{row.epoch:>3}", train=f"{row.train_accuracy:.4f}", test=f"{row.test_accuracy:.4f}"
    )


def overfit_line(epochs: list[EpochMeasured]) -> str:
    """ "train is 16.6 points above test: overfitting?" (percentage points), or ""."""
    if not epochs:
        return ""
    gap = epochs[-1].train_accuracy - epochs[-1].test_accuracy
    if gap <= OVERFIT_GAP:
        return ""
    return _("train is {points} percentage points above test: overfitting?").format(
        points=f"{gap * 100:.1f}"
    )


def chart_heights(terminal_rows: int) -> tuple[int, int]:
    """Heights of the loss and accuracy chart boxes (title and legend included) for a terminal
    of ``terminal_rows``: 11 and 10 at 24 rows, growing with the room there is."""
    return max(11, round(terminal_rows * 0.45)), max(10, round(terminal_rows * 0.4))


class TrainView(Vertical):
    """What a run looks like while it goes, and after."""

    DEFAULT_CSS = """
    TrainView { height: auto; }
    TrainView #loss-chart { height: 11; min-width: 30; }
    TrainView #acc-chart { height: 10; min-width: 30; }
    TrainView #epochs { height: auto; }
    TrainView #result { height: auto; text-style: bold; }
    TrainView #note { height: auto; color: $warning; }
    TrainView #verdict { height: auto; }
    TrainView #verdict.-trouble { color: $warning; text-style: bold; }
    TrainView #arithmetic { height: auto; color: $text-muted; }
    """

    def __init__(self, *, show_timings: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.show_timings = show_timings
        self.losses: list[float] = []
        self.epochs: list[EpochMeasured] = []
        self.lr_changes: list[LrChange] = []
        self.learning_rate = 0.0
        self._drawn_epochs = -1
        self.ended = False  # the run is over: the verdict is the final one

    def compose(self) -> ComposeResult:
        yield LiveStatus(_("Not started. Press s to start training."), id="status")
        yield Static("", id="result", markup=False)
        yield Static("", id="verdict", markup=False)
        yield Static("", id="note", markup=False)
        yield TrainChartBox(id="loss-chart")
        yield TrainChartBox(id="acc-chart")
        yield LiveText("", id="epochs")
        yield Static("", id="arithmetic", markup=False)

    def on_mount(self) -> None:
        self.query_one("#loss-chart", TrainChartBox).draw = self._draw_losses
        self.query_one("#acc-chart", TrainChartBox).draw = self._draw_accuracies
        self.redraw()

    def reset(self, log: RunLog) -> None:
        """A new run begins: forget the last one's numbers."""
        self.losses, self.epochs, self.lr_changes = [], [], []
        self.learning_rate = log.learning_rate
        self._drawn_epochs = -1
        self.ended = False
        self.query_one(LiveStatus).set_all(_("preparing the data…"), 0, log.total_iterations)
        self.query_one("#epochs", LiveText).set("")
        self.set_result("")
        self.say("")
        self.redraw()

    def sync(self, log: RunLog) -> LogView:
        """Copy the new losses, epochs and learning-rate changes of ``log``; return its view."""
        view = log.view(since=len(self.losses))
        self.losses.extend(view.new_losses)
        self.epochs = log.epoch_rows()
        self.lr_changes = log.changes()
        self.learning_rate = view.learning_rate
        return view

    def set_arithmetic(self, text: str) -> None:
        show(self.query_one("#arithmetic", Static), text)

    def set_status(self, text: str) -> None:
        status = self.query_one(LiveStatus)
        status.set_all(text, status.done, status.total)

    def set_result(self, text: str) -> None:
        result = self.query_one("#result", Static)
        show(result, text)
        result.display = bool(text)  # no empty line between the bar and the charts

    def say(self, text: str) -> None:
        """A short note under the progress bar (a changed learning rate, a problem …)."""
        note = self.query_one("#note", Static)
        show(note, text)
        note.display = bool(text)

    def say_lr_change(self, change: LrChange | None) -> None:
        """The learner changed the learning rate during the run (None: back to the old one)."""
        if change is None:
            self.say("")
        else:
            self.say(
                _(
                    "lr {old} → {new} at iteration {iteration} "
                    "(the vertical line on the loss chart)"
                ).format(
                    old=f"{change.old:g}", new=f"{change.new:g}", iteration=f"{change.iteration:,}"
                )
            )

    def show_verdict(self) -> None:
        """What the loss curve says so far, in words (a warning when the run is in trouble)."""
        verdict = self.query_one("#verdict", Static)
        words = curve_words(self.losses, self.learning_rate, ended=self.ended)
        trouble = bool(words) and curve_trouble(self.losses)
        show(verdict, ("⚠ " if trouble else "") + words)
        verdict.set_class(trouble, "-trouble")
        verdict.display = bool(words)

    def show_epochs(self) -> None:
        """Every epoch's accuracies, one line each (the lab scrolls when they are many)."""
        lines = [epoch_line(e) for e in self.epochs]
        gap = overfit_line(self.epochs)
        if gap:
            lines.append(gap)
        self.query_one("#epochs", LiveText).set("\n".join(lines))

    def show_progress(self, view: LogView, state: str) -> None:
        """Update the status line and progress bar from a log snapshot."""
        per_epoch = view.iterations_per_epoch or 1
        epochs_total = view.total_iterations / per_epoch
        parts = [
            state,
            _("iter {done}/{total}").format(
                done=f"{view.iteration:,}", total=f"{view.total_iterations:,}"
            ),
            _("epoch {done}/{total}").format(
                done=f"{view.iteration / per_epoch:.1f}", total=f"{epochs_total:.1f}"
            ),
        ]
        if math.isfinite(view.last_loss):
            parts.append(_("loss {value}").format(value=f"{view.last_loss:.4f}"))
        if self.learning_rate:
            parts.append(_("lr {value}").format(value=f"{self.learning_rate:g}"))
        if view.gradient_total and view.gradient_done:
            parts.append(
                _("numerical gradient {done}/{total} weights").format(
                    done=f"{view.gradient_done:,}", total=f"{view.gradient_total:,}"
                )
            )
        if self.show_timings and view.running_seconds > 0 and view.iteration:
            rate = view.iteration / view.running_seconds
            left = (view.total_iterations - view.iteration) / rate if rate else math.inf
            speed = f"{rate:,.0f}" if rate >= 10 else f"{rate:.2f}"
            parts.append(_("{speed} it/s").format(speed=speed))
            if view.iteration < view.total_iterations and state == _("training"):
                parts.append(_("{duration} left").format(duration=describe_duration(left)))
        self.query_one(LiveStatus).set_all(" · ".join(parts), view.iteration, view.total_iterations)

    def show_end(self, ended: RunEnded, log: RunLog | None) -> None:
        """The result line and a note on what went wrong, if something did."""
        self.ended = True
        if log is not None:
            self.show_progress(self.sync(log), state_word(ended.state))
        finished = ended.finished
        if ended.state is SessionState.FAILED or finished is None:
            self.set_status(_("Training could not run."))
            self.set_result(ended.error or _("The training ended without a result."))
            self.redraw()
            return
        result = _(
            "{state}: {iterations} iterations · train accuracy {train} · test accuracy {test}"
        ).format(
            state=state_word(ended.state),
            iterations=f"{finished.iterations:,}",
            train=accuracy_text(finished.train_accuracy),
            test=accuracy_text(finished.test_accuracy),
        )
        if self.show_timings:
            result += f" · {finished.seconds:.1f} s"
        self.set_result(result)
        lr = self.learning_rate
        if ended.state is SessionState.DIVERGED:
            self.say(
                _(
                    "The loss blew up ({reason}): a learning rate of {lr} makes each step "
                    "overshoot. Try a smaller one, such as 0.1."
                ).format(reason=finished.reason, lr=f"{lr:g}")
            )
        else:
            self.say("")
        self.redraw()

    def fit_heights(self) -> None:
        """Charts as tall as the terminal has room for (11 and 10 rows at 80x24)."""
        loss_rows, acc_rows = chart_heights(self.app.size.height)
        for selector, rows in (("#loss-chart", loss_rows), ("#acc-chart", acc_rows)):
            box = self.query_one(selector, TrainChartBox)
            if box.styles.height is None or box.styles.height.value != rows:
                box.styles.height = rows

    def _draw_losses(self) -> None:
        draw_losses(self.query_one("#loss-chart", TrainChartBox), self.losses, self.lr_changes)

    def _draw_accuracies(self) -> None:
        draw_accuracies(self.query_one("#acc-chart", TrainChartBox), self.epochs)

    def redraw(self) -> None:
        """Redraw both charts from ``losses`` and ``epochs``, and the curve's verdict."""
        self.fit_heights()
        self._draw_losses()
        self.show_verdict()
        self.show_epochs()
        if self._drawn_epochs == len(self.epochs):
            return
        self._drawn_epochs = len(self.epochs)
        self._draw_accuracies()

    def refresh_language(self) -> None:
        """F2: every word again (the lab's redraw follows)."""
        self._drawn_epochs = -1
