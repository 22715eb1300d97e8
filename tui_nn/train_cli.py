"""``tui-nn train``: train a TwoLayerNet in the terminal, without the full app.

The same training as the training lab (lesson 8): a progress bar on stderr
(iterations, epoch, loss, iterations per second, time left), one line per
epoch with the train and test accuracy, the final accuracies, and which data
was used.  ``--save`` keeps the network as a ``.npz`` the app can load.

Exit status: 0 when training finished; 1 when it diverged, the data was
missing, a numerical-gradient run needs ``--yes``, or saving failed; 2 for
bad options; 130 when interrupted with Ctrl+C (the run is reported, and saved
if asked, up to that point).

This module is imported every time ``tui-nn`` starts (to build the parser), so
NumPy, the data and the engine are imported inside :func:`run` only.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from tui_nn.formatting import format_duration
from tui_nn.i18n import _
from tui_nn.term import console, safe_text
from tui_nn.train_options import add_arguments, config_from_args, engine_words
from tui_nn.train_progress import TrainProgress
from tui_nn.train_words import (
    MAX_MEASURED_EPOCHS,
    data_label,
    describe_config,
    epoch_words,
    iterations_text,
    reason_words,
    report,
)

__all__ = [
    "MAX_MEASURED_EPOCHS", "add_arguments", "config_from_args", "data_label", "describe_config",
    "epoch_words", "format_duration", "iterations_text", "reason_words", "run",
]
if TYPE_CHECKING:  # pragma: no cover
    from tui_nn.engine.train import EpochDone, TrainConfig, Trainer

ASK_BEFORE_SECONDS = 60.0
CHANCE_LIMIT = 0.2  # below this test accuracy (chance is 0.1), a rising loss means "went nowhere"
LOSS_ROSE = 1.2  # ... when the loss at the end is this many times the first one or more


# ---------------------------------------------------------------------------
# Words and numbers


def scheduled_trainer(config: TrainConfig, *arrays: object) -> Trainer:
    """A Trainer that measures accuracy at most :data:`MAX_MEASURED_EPOCHS` times a run.

    Its ``evaluate`` measures every ``every``-th epoch only (and always at the
    end or after a stop; ``fresh`` says whether the last call measured), so a
    run of 10,000 one-image epochs (``--train-size 1``) does not measure the
    10,000 test images 10,000 times.
    """
    from tui_nn.engine.train import Trainer

    class _Scheduled(Trainer):
        every = 1
        fresh = True
        _cached: tuple[float, float] | None = None

        def evaluate(self) -> tuple[float, float]:
            epoch = self.iteration // self.iterations_per_epoch
            due = (
                self.every <= 1
                or self._cached is None
                or epoch % self.every == 0
                or self.iteration >= self.config.iterations
                or self.stop_requested
                or self.iteration % self.iterations_per_epoch != 0
            )
            self.fresh = due
            if due:
                self._cached = super().evaluate()
            assert self._cached is not None
            return self._cached

    trainer = _Scheduled(config, *arrays)  # type: ignore[arg-type]
    epochs = config.iterations / trainer.iterations_per_epoch
    trainer.every = max(1, math.ceil(epochs / MAX_MEASURED_EPOCHS))
    return trainer


class _CtrlC:
    """SIGINT while training: the first stops after this iteration, the second at once."""

    def __init__(self, trainer: Trainer) -> None:
        self.trainer = trainer
        self.count = 0
        self.previous: object = None

    def __call__(self, signum: int, frame: object) -> None:
        self.count += 1
        if self.count == 1:
            self.trainer.stop()
            return
        raise KeyboardInterrupt

    def __enter__(self) -> _CtrlC:
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)  # type: ignore[arg-type]
            self.previous = None


@dataclass
class _Tally:
    """What the command itself saw of the run (for a report after a second Ctrl+C)."""

    iteration: int = 0
    seconds: float = 0.0
    eval_seconds: float = 0.0
    first_loss: float = math.nan
    recent_losses: list[float] = field(default_factory=list)
    last_epoch: EpochDone | None = None
    count: int = 0  # losses seen

    def loss(self, value: float) -> None:
        if math.isnan(self.first_loss):
            self.first_loss = value
        self.recent_losses.append(value)
        if len(self.recent_losses) > 50:
            del self.recent_losses[0]
        self.count += 1

    def recent_loss(self) -> float:
        """The mean loss of the last quarter of the run (at most the last 50 updates)."""
        last = self.recent_losses[-max(1, min(50, self.count // 4)):]
        return sum(last) / len(last) if last else math.nan

    def went_nowhere(self, test_accuracy: float | None) -> bool:
        """Chance-level accuracy and a loss that rose: a learning rate far too large."""
        if test_accuracy is None or test_accuracy >= CHANCE_LIMIT or self.count < 2:
            return False
        return not self.recent_loss() < LOSS_ROSE * self.first_loss


# ---------------------------------------------------------------------------
# Running


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run ``tui-nn train`` with parsed ``args``; return the exit status."""
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    try:
        return _run(args, out, err)
    except KeyboardInterrupt:  # Ctrl+C before training started (loading, estimating)
        print("tui-nn train: " + _("interrupted"), file=err, flush=True)
        return 130
    except BrokenPipeError:  # e.g. `tui-nn train | head`: the reader left; end quietly
        if out is sys.stdout:  # stop Python's own flush at exit from complaining too
            with contextlib.suppress(OSError, ValueError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
        return 1


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:

    def say(text: str = "") -> None:
        print(safe_text(text, out), file=out, flush=True)

    def complain(text: str) -> None:
        print(safe_text(f"tui-nn train: {text}", err), file=err, flush=True)


    from tui_nn.engine.train import iterations_per_epoch

    config = config_from_args(args)
    problems = config.validate()
    if problems:
        for problem in problems:
            complain(engine_words(problem))
        return 2

    from tui_nn.data import DataError, load_dataset

    try:
        dataset = load_dataset(source=args.source, data_dir=args.data_dir)
    except DataError as error:
        complain(str(error))
        return 1
    except (OSError, ValueError) as error:
        complain(_("could not load the data: {error}").format(error=error))
        return 1

    if args.epochs is not None:
        size = len(dataset.t_train)
        if config.train_size is not None:
            size = min(size, config.train_size)
        config.iterations = args.epochs * iterations_per_epoch(
            size, config.batch_size, config.sampling
        )
        problems = config.validate()
        if problems:
            for problem in problems:
                complain(engine_words(problem))
            return 2

    try:
        trainer = scheduled_trainer(
            config, dataset.x_train, dataset.t_train, dataset.x_test, dataset.t_test
        )
    except ValueError as error:
        complain(engine_words(str(error)))
        return 2
    except MemoryError:
        complain(_("not enough memory for this network and data: try a smaller --hidden or "
                   "--batch"))
        return 1

    label = data_label(dataset)
    say(_("data: {label}").format(label=label))
    if not args.quiet:
        for line in describe_config(config, trainer):
            say(line)

    if config.gradient == "numerical":
        status = _numerical_warning(trainer, config, args, say, complain)
        if status is not None:
            return status

    progress = TrainProgress(console(err), config.iterations, trainer.iterations_per_epoch,
                             not args.quiet)
    tally = _Tally()
    started = time.perf_counter()

    def emit(text: str) -> None:
        """An epoch line on stdout; above the live bar when both share the terminal."""
        if progress.live and getattr(out, "isatty", lambda: False)():
            progress.print(text)
        else:
            say(text)

    if config.gradient == "numerical":
        def gradient_progress(done: int, total: int) -> None:
            progress.note = _("(gradient {done:,}/{total:,} parameters)").format(
                done=done, total=total)
            progress.update(trainer.iteration, _last(tally), time.perf_counter() - started)

        trainer.on_gradient_progress = gradient_progress

    with _CtrlC(trainer) as ctrl_c, progress:
        finished, hard_stop = _train(trainer, config, args, progress, tally, emit, ctrl_c)
    if finished is None:  # a second Ctrl+C: report from what was seen
        finished = _finished_from_tally(tally, started)
    interrupted = ctrl_c.count > 0
    report(finished, label, say, interrupted, hard_stop, tally)

    status = 130 if interrupted else 0
    diverged = finished.reason.startswith("diverged")
    nowhere = not diverged and tally.went_nowhere(finished.test_accuracy)
    if diverged:
        complain(_(
            "training diverged: the learning rate is too large for this network; "
            "try a smaller --lr"
        ))
        status = 1
    elif nowhere:
        complain(_(
            "training went nowhere: test accuracy {accuracy:.4f} is chance "
            "level (1 in 10) and the loss rose ({first:.3g} at the start, "
            "{last:.3g} at the end): the learning rate {lr:g} is "
            "probably too large; try a smaller --lr"
        ).format(accuracy=finished.test_accuracy, first=tally.first_loss,
                 last=tally.recent_loss(), lr=config.learning_rate))
        status = 1
    if args.save is not None:
        if hard_stop:
            complain(_("not saved: stopped at once by a second Ctrl+C "
                   "(one Ctrl+C stops and saves)"))
            return status
        if diverged or nowhere:
            complain(_("not saving a network whose weights went wrong"))
            return 1
        saved = _save(trainer, config, finished, dataset, args.save, complain)
        if saved is None:
            return 1
        say(_("saved: {path}").format(path=saved))
    return status


def _run_at_heavy_threads(trainer):
    """The trainer's events, computed at the BLAS thread count chosen for heavy work."""
    from tui_nn.threads import HEAVY_WORK_THREADS, blas_threads

    with blas_threads(HEAVY_WORK_THREADS):
        yield from trainer.run()


def _last(tally: _Tally) -> float:
    return tally.recent_losses[-1] if tally.recent_losses else math.nan


def _train(trainer, config, args, progress, tally, emit, ctrl_c):
    """Run the events; return (TrainingFinished or None, stopped by a second Ctrl+C)."""
    from tui_nn.engine.train import EpochDone, IterationDone, TrainingFinished

    epochs = config.iterations / trainer.iterations_per_epoch
    epochs_total = f"{int(epochs):,}" if epochs == int(epochs) else f"{epochs:.4g}"
    finished = None
    try:
        for event in _run_at_heavy_threads(trainer):
            if isinstance(event, IterationDone):
                tally.iteration, tally.seconds = event.iteration, event.seconds
                tally.loss(event.loss)
                progress.note = _("stopping (Ctrl+C again: at once)") if ctrl_c.count else ""
                progress.update(event.iteration, event.loss, event.seconds)
            elif isinstance(event, EpochDone):
                tally.eval_seconds += max(0.0, event.seconds - tally.seconds)
                tally.seconds = event.seconds
                if not trainer.fresh:
                    continue
                tally.last_epoch = event
                if not args.quiet:
                    emit(_(
                        "epoch {epoch:,}/{epochs}  iteration {iteration:,}  "
                        "train accuracy {train:.4f}  test accuracy {test:.4f}  ({time})"
                    ).format(epoch=event.epoch, epochs=epochs_total, iteration=event.iteration,
                             train=event.train_accuracy, test=event.test_accuracy,
                             time=format_duration(event.seconds)))
            elif isinstance(event, TrainingFinished):
                finished = event
    except KeyboardInterrupt:
        return None, True
    return finished, False


def _finished_from_tally(tally: _Tally, started: float):
    from tui_nn.engine.train import TrainingFinished

    epoch = tally.last_epoch
    return TrainingFinished(
        iterations=tally.iteration,
        train_accuracy=epoch.train_accuracy if epoch else None,
        test_accuracy=epoch.test_accuracy if epoch else None,
        seconds=time.perf_counter() - started,
        stopped_early=True,
        reason="stopped",
        eval_seconds=tally.eval_seconds,
    )


def _numerical_warning(trainer, config, args, say, complain) -> int | None:
    from tui_nn.threads import HEAVY_WORK_THREADS, blas_threads

    with blas_threads(HEAVY_WORK_THREADS):  # the estimate is for the threads the run uses
        per_iteration = trainer.estimate_numerical_seconds()
    total = per_iteration * config.iterations
    count = trainer.net.parameter_count()
    say(_(
        "numerical gradient (structured: central differences for each of {count:,} parameters), "
        "about {per_iteration} per iteration (measured); {iterations} would take about {total}"
    ).format(count=count, per_iteration=format_duration(per_iteration),
             iterations=iterations_text(config.iterations), total=format_duration(total)))
    if total > ASK_BEFORE_SECONDS and not args.yes:
        complain(_(
            "this would take about {total}. Add --yes to start it anyway "
            "(Ctrl+C stops it), lower --iterations, or use --gradient backprop, which "
            "computes the same gradient in milliseconds."
        ).format(total=format_duration(total)))
        return 1
    return None


def _save(trainer, config, finished, dataset, target: str, complain):
    from tui_nn.engine.saving import save_network

    meta = {
        "iterations": finished.iterations,
        "train_accuracy": finished.train_accuracy,
        "test_accuracy": finished.test_accuracy,
        "seconds": round(finished.seconds, 3),
        "reason": finished.reason,
        "data": dataset.label,
        "source": dataset.source,
        "train_size": trainer.train_size,
        "saved_by": "tui-nn train",
    }
    from tui_nn.paths import nets_dir

    try:
        return save_network(target or nets_dir(), trainer.net, config, meta)
    except (OSError, ValueError) as error:
        complain(_("could not save the network: {error}").format(error=error))
        return None
