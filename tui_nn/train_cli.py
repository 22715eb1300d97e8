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
import sys
import time
from typing import TYPE_CHECKING, TextIO

from tui_nn.formatting import ProgressBar as SharedProgressBar
from tui_nn.formatting import bar_text, format_clock, format_duration, plural
from tui_nn.train_options import add_arguments, config_from_args

__all__ = ["ProgressBar", "add_arguments", "config_from_args", "format_duration", "run"]
if TYPE_CHECKING:  # pragma: no cover
    from tui_nn.engine.train import TrainConfig, Trainer

ASK_BEFORE_SECONDS = 60.0
REDRAW_SECONDS = 0.1
PLAIN_PROGRESS_SECONDS = 5.0


# ---------------------------------------------------------------------------
# Words and numbers


def describe_config(config: TrainConfig, trainer: Trainer) -> list[str]:
    """Human lines about the network and the epoch arithmetic."""
    from tui_nn.engine.train_config import epoch_arithmetic

    init = config.weight_init_std()
    if isinstance(init, float):
        init_text = f"starting weights std {init:g}"
    else:
        init_text = f"{'He' if init == 'he' else 'Xavier'} starting weights"
    gradient = "backpropagation" if config.gradient == "backprop" else "numerical gradient"
    ipe = trainer.iterations_per_epoch
    arithmetic = epoch_arithmetic(
        trainer.train_size, config.batch_size, config.sampling,
        images=" training images", batch="batch ",
    )
    return [
        f"network: {trainer.x_train.shape[1]}-{config.hidden_size}-10, {config.activation}, "
        f"{init_text}, {trainer.net.parameter_count():,} parameters",
        f"learning: batch {config.batch_size}, learning rate {config.learning_rate:g}, "
        f"{gradient}, seed {config.seed}",
        f"epochs: {arithmetic} per epoch; "
        f"{plural(config.iterations, 'iteration')} = {config.iterations / ipe:.4g} epochs",
    ]


class ProgressBar(SharedProgressBar):
    """The training progress line: iterations, epoch, loss, iterations per second, time left."""

    def __init__(self, stream: TextIO, total: int, ipe: int, enabled: bool = True) -> None:
        super().__init__(stream, enabled=enabled, every=REDRAW_SECONDS,
                         plain_every=PLAIN_PROGRESS_SECONDS)
        self.total = total
        self.ipe = ipe
        self.note = ""

    def line(self, iteration: int, loss: float, seconds: float, width: int = 24) -> str:
        done = iteration / self.total if self.total else 1.0
        rate = iteration / seconds if seconds > 0 else 0.0
        left = (self.total - iteration) / rate if rate > 0 else math.inf
        loss_text = f"{loss:.4f}" if math.isfinite(loss) else "-"
        digits = 1 if self.total >= self.ipe else 3
        text = (
            f"{bar_text(done, width)} {iteration:,}/{self.total:,} it  "
            f"epoch {iteration / self.ipe:.{digits}f}/{self.total / self.ipe:.{digits}f}  "
            f"loss {loss_text}  "
            f"{rate:,.0f} it/s  {format_clock(left)} left"
        )
        return f"{text}  {self.note}" if self.note else text

    def update(self, iteration: int, loss: float, seconds: float, force: bool = False) -> None:
        if self.enabled:
            self.show(self.line(iteration, loss, seconds), force=force)


# ---------------------------------------------------------------------------
# Running


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run ``tui-nn train`` with parsed ``args``; return the exit status."""
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    try:
        return _run(args, out, err)
    except KeyboardInterrupt:  # Ctrl+C before training started (loading, estimating)
        print("tui-nn train: interrupted", file=err, flush=True)
        return 130
    except BrokenPipeError:  # e.g. `tui-nn train | head`: the reader left; end quietly
        if out is sys.stdout:  # stop Python's own flush at exit from complaining too
            with contextlib.suppress(OSError, ValueError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
        return 1


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:

    def say(text: str = "") -> None:
        print(text, file=out, flush=True)

    def complain(text: str) -> None:
        print(f"tui-nn train: {text}", file=err, flush=True)

    from tui_nn.engine.train import Trainer, iterations_per_epoch

    config = config_from_args(args)
    problems = config.validate()
    if problems:
        for problem in problems:
            complain(problem)
        return 2

    from tui_nn.data import DataError, load_dataset

    try:
        dataset = load_dataset(source=args.source, data_dir=args.data_dir)
    except DataError as error:
        complain(str(error))
        return 1
    except (OSError, ValueError) as error:
        complain(f"could not load the data: {error}")
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
                complain(problem)
            return 2

    try:
        trainer = Trainer(
            config, dataset.x_train, dataset.t_train, dataset.x_test, dataset.t_test
        )
    except ValueError as error:
        complain(str(error))
        return 2
    except MemoryError:
        complain("not enough memory for this network and data: try a smaller --hidden or --batch")
        return 1

    say(f"data: {dataset.label}")
    if not args.quiet:
        for line in describe_config(config, trainer):
            say(line)

    if config.gradient == "numerical":
        status = _numerical_warning(trainer, config, args, say, complain)
        if status is not None:
            return status

    bar = ProgressBar(err, config.iterations, trainer.iterations_per_epoch, not args.quiet)
    if config.gradient == "numerical":
        def gradient_progress(done: int, total: int) -> None:
            bar.note = f"(gradient {done:,}/{total:,} parameters)"
            bar.update(trainer.iteration, last_loss, time.perf_counter() - started)

        trainer.on_gradient_progress = gradient_progress

    epochs_total = f"{config.iterations / trainer.iterations_per_epoch:.4g}"
    last_loss = math.nan
    started = time.perf_counter()
    finished = None
    interrupted = False
    events = trainer.run()
    from tui_nn.engine.train import EpochDone, IterationDone, TrainingFinished

    try:
        for event in events:
            if isinstance(event, IterationDone):
                last_loss = event.loss
                bar.note = ""
                bar.update(event.iteration, event.loss, event.seconds,
                           force=event.iteration == config.iterations)
            elif isinstance(event, EpochDone):
                if not args.quiet:
                    bar.clear()
                    say(
                        f"epoch {event.epoch}/{epochs_total}  iteration {event.iteration:,}  "
                        f"train accuracy {event.train_accuracy:.4f}  "
                        f"test accuracy {event.test_accuracy:.4f}  "
                        f"({format_duration(event.seconds)})"
                    )
            elif isinstance(event, TrainingFinished):
                finished = event
    except KeyboardInterrupt:
        interrupted = True
        trainer.stop()
        finished = _finish_after_interrupt(events, trainer, started)
    except MemoryError:
        bar.clear()
        complain("ran out of memory while training: try a smaller --hidden or --batch")
        return 1
    bar.clear()
    assert finished is not None
    _report(finished, dataset.label, say, interrupted)

    status = 130 if interrupted else 0
    if finished.reason.startswith("diverged"):
        complain(
            "training diverged: the learning rate is too large for this network; "
            "try a smaller --lr"
        )
        status = 1
    if args.save is not None:
        if finished.reason.startswith("diverged"):
            complain("not saving a network whose weights went wrong")
            return 1
        saved = _save(trainer, config, finished, dataset, args.save, complain)
        if saved is None:
            return 1
        say(f"saved: {saved}")
    return status


def _numerical_warning(trainer, config, args, say, complain) -> int | None:
    per_iteration = trainer.estimate_numerical_seconds()
    total = per_iteration * config.iterations
    count = trainer.net.parameter_count()
    say(
        f"numerical gradient: 2 forward passes for each of {count:,} parameters, "
        f"about {format_duration(per_iteration)} per iteration (measured); "
        f"{plural(config.iterations, 'iteration')} would take about {format_duration(total)}"
    )
    if total > ASK_BEFORE_SECONDS and not args.yes:
        complain(
            f"this would take about {format_duration(total)}. Add --yes to start it anyway "
            "(Ctrl+C stops it), lower --iterations, or use --gradient backprop, which "
            "computes the same gradient in milliseconds."
        )
        return 1
    return None


def _finish_after_interrupt(events, trainer, started: float):
    """After Ctrl+C: let the run end itself if it can, else measure the network as it is."""
    from tui_nn.engine.train import TrainingFinished

    try:
        for event in events:
            if isinstance(event, TrainingFinished):
                return event
    except (KeyboardInterrupt, StopIteration, RuntimeError, ValueError):
        pass
    train_acc, test_acc = trainer.evaluate()
    return TrainingFinished(
        iterations=trainer.iteration,
        train_accuracy=train_acc,
        test_accuracy=test_acc,
        seconds=time.perf_counter() - started,
        stopped_early=True,
        reason="stopped",
    )


def _report(finished, label: str, say, interrupted: bool) -> None:
    rate = finished.iterations / finished.seconds if finished.seconds > 0 else 0.0
    if finished.reason == "done":
        head = "finished"
    elif interrupted:
        head = "stopped (Ctrl+C)"
    else:
        head = finished.reason
    say(
        f"{head} after {plural(finished.iterations, 'iteration')} in "
        f"{format_duration(finished.seconds)} "
        f"({rate:,.0f} it/s, of which {format_duration(finished.eval_seconds)} measuring accuracy)"
    )
    if finished.train_accuracy is None or finished.test_accuracy is None:
        say(f"final: train accuracy n/a  test accuracy n/a  (the weights went wrong)  on {label}")
        return
    say(
        f"final: train accuracy {finished.train_accuracy:.4f}  "
        f"test accuracy {finished.test_accuracy:.4f}  on {label}"
    )


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
        complain(f"could not save the network: {error}")
        return None
