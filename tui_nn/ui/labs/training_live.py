"""The Train view: status line, progress, loss chart and per-epoch accuracies of a run.

``TrainView`` shows a :class:`~tui_nn.training_session.RunLog`: ``sync(log)``
copies what is new (losses, epochs, learning-rate changes), ``show_progress``
writes the status line, ``redraw`` the two charts (the costly part: the lab
calls it at most twice a second), ``show_end`` the result of a run.
"""

from __future__ import annotations

import math

import numpy as np
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from tui_nn.training_session import EpochMeasured, LogView, LrChange, RunEnded, RunLog, SessionState
from tui_nn.ui import look
from tui_nn.ui.labs.training_controls import describe_duration
from tui_nn.ui.widgets.chart import Chart

MAX_POINTS = 160
NARROW_STATUS = 55  # below this width the status text gets three lines


def smooth(values: np.ndarray, window: int) -> np.ndarray:
    """Running mean over the last ``window`` values (shorter at the start), ignoring non-finite."""
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return data
    finite = np.isfinite(data)
    clean = np.where(finite, data, 0.0)
    sums = np.cumsum(clean)
    counts = np.cumsum(finite)
    window = max(1, int(window))
    sums[window:] = sums[window:] - sums[:-window]
    counts[window:] = counts[window:] - counts[:-window]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)


def whole_ticks(first: int, last: int, most: int = 5) -> tuple[list[float], list[str]]:
    """Up to ``most`` whole-number tick positions from ``first`` to ``last``, labelled 1,234."""
    if last <= first:
        return [float(first)], [f"{first:,}"]
    positions = sorted({round(v) for v in np.linspace(first, last, most)})
    return [float(p) for p in positions], [f"{p:,}" for p in positions]


def downsample(xs: np.ndarray, ys: np.ndarray, most: int = MAX_POINTS) -> tuple[list, list]:
    """At most ``most`` evenly spaced points (charts need no more than their width)."""
    if len(xs) <= most:
        return list(map(float, xs)), list(map(float, ys))
    index = np.linspace(0, len(xs) - 1, most).astype(int)
    return list(map(float, xs[index])), list(map(float, ys[index]))


def learning_problem(losses: list[float], learning_rate: float) -> str | None:
    """A plain warning when a finished run did not learn (None when the loss fell)."""
    data = np.asarray(losses, dtype=float)
    data = data[np.isfinite(data)]
    if data.size < 10:
        return None
    k = max(1, data.size // 10)
    first, last = float(data[:k].mean()), float(data[-k:].mean())
    hardly_fell = last >= 0.9 * first
    if not hardly_fell and last <= 2.2:
        return None
    if learning_rate >= 1:
        return (
            f"The loss did not settle (about {last:.2f} at the end; random guessing scores 2.30):"
            f" a learning rate of {learning_rate:g} is too big, every step overshoots."
            " Try 0.1."
        )
    if hardly_fell:
        return (
            f"The loss hardly fell ({first:.2f} → {last:.2f}): "
            "try more iterations or a larger learning rate."
        )
    return None


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
            self.refresh()

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
        self.styles.height = 4 if self.size.width < NARROW_STATUS else 3

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
    SessionState.FINISHED: "done",
    SessionState.STOPPED: "stopped",
    SessionState.DIVERGED: "diverged",
}
STATE_WORDS = {
    SessionState.PREPARING: "training",
    SessionState.RUNNING: "training",
    SessionState.PAUSED: "paused",
    SessionState.STOPPING: "stopping",
}


def accuracy_text(value: float | None) -> str:
    """``0.9470``, or ``n/a`` when there is no meaningful accuracy (a diverged run)."""
    return "n/a" if value is None else f"{value:.4f}"


def state_word(state: SessionState) -> str:
    """One word for the status line: training, paused, stopping, done, stopped, diverged."""
    return STATE_WORDS.get(state) or ENDED_WORDS.get(state, "done")


class TrainView(Vertical):
    """What a run looks like while it goes, and after."""

    DEFAULT_CSS = """
    TrainView { height: auto; }
    TrainView #loss-chart { height: 11; min-width: 30; }
    TrainView #acc-chart { height: 9; min-width: 30; }
    TrainView #epochs { height: 4; }
    TrainView #result { height: auto; text-style: bold; }
    TrainView #note { height: auto; color: $warning; }
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

    def compose(self) -> ComposeResult:
        yield LiveStatus("Not started. Press s to start training.", id="status")
        yield Static("", id="result")
        yield Static("", id="note")
        yield Static("", id="arithmetic")
        yield Chart(id="loss-chart")
        yield LiveText("", id="epochs")
        yield Chart(id="acc-chart")

    def on_mount(self) -> None:
        self.redraw()

    def reset(self, log: RunLog) -> None:
        """A new run begins: forget the last one's numbers."""
        self.losses, self.epochs, self.lr_changes = [], [], []
        self.learning_rate = log.learning_rate
        self._drawn_epochs = -1
        self.query_one(LiveStatus).set_all("preparing the data…", 0, log.total_iterations)
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
        self.query_one("#arithmetic", Static).update(text)

    def set_status(self, text: str) -> None:
        status = self.query_one(LiveStatus)
        status.set_all(text, status.done, status.total)

    def set_result(self, text: str) -> None:
        self.query_one("#result", Static).update(text)

    def say(self, text: str) -> None:
        """A short note under the progress bar (a changed learning rate, a problem …)."""
        self.query_one("#note", Static).update(text)

    def say_lr_change(self, change: LrChange | None) -> None:
        """The learner changed the learning rate during the run (None: back to the old one)."""
        if change is None:
            self.say("")
        else:
            self.say(
                f"lr {change.old:g} → {change.new:g} at iteration {change.iteration:,} "
                "(the red line on the loss chart)"
            )

    def show_epochs(self) -> None:
        rows = self.epochs[-3:]
        lines = [
            f"epoch {e.epoch:>3}: train {e.train_accuracy:.4f}  test {e.test_accuracy:.4f}"
            for e in rows
        ]
        if self.epochs:
            gap = self.epochs[-1].train_accuracy - self.epochs[-1].test_accuracy
            if gap > 0.05:
                lines.append(f"train is {gap:.1%} above test: overfitting?")
        self.query_one("#epochs", LiveText).set("\n".join(lines))

    def show_progress(self, view: LogView, state: str) -> None:
        """Update the status line and progress bar from a log snapshot."""
        per_epoch = view.iterations_per_epoch or 1
        epochs_total = view.total_iterations / per_epoch
        parts = [
            state,
            f"iter {view.iteration:,}/{view.total_iterations:,}",
            f"epoch {view.iteration / per_epoch:.1f}/{epochs_total:.1f}",
        ]
        if math.isfinite(view.last_loss):
            parts.append(f"loss {view.last_loss:.4f}")
        if self.learning_rate:
            parts.append(f"lr {self.learning_rate:g}")
        if view.gradient_total and view.gradient_done:
            parts.append(
                f"numerical gradient {view.gradient_done:,}/{view.gradient_total:,} weights"
            )
        if self.show_timings and view.running_seconds > 0 and view.iteration:
            rate = view.iteration / view.running_seconds
            left = (view.total_iterations - view.iteration) / rate if rate else math.inf
            parts.append(f"{rate:,.0f} it/s" if rate >= 10 else f"{rate:.2f} it/s")
            if view.iteration < view.total_iterations and state == "training":
                parts.append(f"{describe_duration(left)} left")
        self.query_one(LiveStatus).set_all(" · ".join(parts), view.iteration, view.total_iterations)

    def show_end(self, ended: RunEnded, log: RunLog | None) -> None:
        """The result line and a note on what went wrong, if something did."""
        if log is not None:
            self.show_progress(self.sync(log), state_word(ended.state))
        finished = ended.finished
        if ended.state is SessionState.FAILED or finished is None:
            self.set_status("Training could not run.")
            self.set_result(ended.error or "The training ended without a result.")
            self.redraw()
            return
        word = state_word(ended.state)
        result = (
            f"{word}: {finished.iterations:,} iterations · "
            f"train accuracy {accuracy_text(finished.train_accuracy)} · "
            f"test accuracy {accuracy_text(finished.test_accuracy)}"
        )
        if self.show_timings:
            result += f" · {finished.seconds:.1f} s"
        self.set_result(result)
        lr = self.learning_rate
        if ended.state is SessionState.DIVERGED:
            self.say(
                f"The loss blew up ({finished.reason}): a learning rate of {lr:g} makes each "
                "step overshoot. Try a smaller one, such as 0.1."
            )
        elif ended.state is SessionState.FINISHED:
            self.say(learning_problem(self.losses, lr) or "")
        else:
            self.say("")
        self.redraw()

    def redraw(self) -> None:
        """Redraw both charts from ``losses`` and ``epochs``."""
        loss_chart = self.query_one("#loss-chart", Chart)
        plt = loss_chart.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title("loss per iteration, and its running mean")
        plt.xlabel("iteration")
        raw = np.asarray(self.losses, dtype=float)
        finite = np.isfinite(raw)
        if finite.any():
            xs = np.arange(1, raw.size + 1)
            clipped = np.where(finite, raw, np.nan)
            fx, fy = downsample(xs[finite], clipped[finite])
            plt.scatter(fx, fy, marker="dot", color="gray")
            window = max(5, raw.size // 50)  # the running mean covers ~2% of the run
            smoothed = smooth(raw, window)
            ok = np.isfinite(smoothed)
            sx, sy = downsample(xs[ok], smoothed[ok])
            if sx:
                plt.plot(sx, sy, color="cyan", marker="braille")
            plt.xticks(*whole_ticks(1, raw.size))
            for change in self.lr_changes:
                if 1 <= change.iteration <= raw.size:
                    plt.vline(change.iteration, color="red")
        loss_chart.refresh()

        self.show_epochs()
        if self._drawn_epochs == len(self.epochs):
            return
        self._drawn_epochs = len(self.epochs)
        acc_chart = self.query_one("#acc-chart", Chart)
        plt = acc_chart.plt
        plt.clear_data()
        plt.clear_figure()
        legend = look.current().legend(("train", "test"), ("green", "orange"))
        plt.title(f"accuracy per epoch: {legend}")
        plt.xlabel("epoch")
        if self.epochs:
            es = [float(e.epoch) for e in self.epochs]
            train = [float(e.train_accuracy) for e in self.epochs]
            test = [float(e.test_accuracy) for e in self.epochs]
            plt.plot(es, train, color="green", marker="braille")
            plt.plot(es, test, color="orange", marker="braille")
            low = float(np.floor((min(train + test) - 0.02) * 20) / 20)
            plt.ylim(max(0.0, low), 1.0)
            plt.xticks(*whole_ticks(int(es[0]), int(es[-1])))
        acc_chart.refresh()
