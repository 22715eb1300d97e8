"""Benchmark: the book's MNIST run and the "faster learner", headless, with times.

    TUI_NN_DATA=/path/to/mnist python3 bench/train_mnist.py            # both presets
    python3 bench/train_mnist.py --preset book --iterations 2000       # a quick speed check

For each preset it prints the final train and test accuracy, the wall time,
the time spent measuring accuracy after each epoch, and iterations per second
(with and without that measuring).  With the full 10,000 iterations on real
MNIST it also checks the acceptance figures of issue 6 (book >= 0.94, faster
learner >= 0.975) and exits with status 1 if one is missed.

``headless_rate()`` is the number the training lab compares itself with: the
app should train at no less than 80% of it (``--iterations N --eval-size M``
with the lab's own settings gives the matching figure).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

try:
    import tui_nn  # noqa: F401
except ImportError:  # running from a clone without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from tui_nn.data import DataError, load_dataset
from tui_nn.engine.train import (
    EpochDone,
    IterationDone,
    TrainConfig,
    Trainer,
    TrainingFinished,
)
from tui_nn.threads import HEAVY_WORK_THREADS, blas_threads

PRESETS = {"book": TrainConfig.book, "faster": TrainConfig.faster_learner}
TARGETS = {"book": 0.94, "faster": 0.975}


def run_once(config: TrainConfig, dataset, threads: int | None = HEAVY_WORK_THREADS) -> dict:
    """Train once with ``config`` at ``threads`` BLAS threads (None: NumPy's default)."""
    with blas_threads(threads):
        return _run_once(config, dataset)


def _run_once(config: TrainConfig, dataset) -> dict:
    t0 = time.perf_counter()
    trainer = Trainer(config, dataset.x_train, dataset.t_train, dataset.x_test, dataset.t_test)
    setup = time.perf_counter() - t0
    epochs = []
    finished = None
    for event in trainer.run():
        if isinstance(event, EpochDone):
            epochs.append((event.epoch, event.train_accuracy, event.test_accuracy))
        elif isinstance(event, TrainingFinished):
            finished = event
        elif not isinstance(event, IterationDone):  # pragma: no cover
            raise TypeError(event)
    assert finished is not None
    training = max(finished.seconds - finished.eval_seconds, 1e-9)
    return {
        "config": config.to_dict(),
        "reason": finished.reason,
        "iterations": finished.iterations,
        "train_accuracy": finished.train_accuracy,
        "test_accuracy": finished.test_accuracy,
        "seconds": finished.seconds,
        "setup_seconds": setup,
        "eval_seconds": finished.eval_seconds,
        "iterations_per_second": finished.iterations / max(finished.seconds, 1e-9),
        "training_iterations_per_second": finished.iterations / training,
        "epochs": epochs,
    }


def headless_rate(
    config: TrainConfig | None = None, iterations: int = 2_000, source: str = "auto"
) -> float:
    """Iterations per second of a headless run (accuracy measuring included)."""
    config = config or TrainConfig.book()
    config = TrainConfig(**{**config.to_dict(), "iterations": iterations})
    return run_once(config, load_dataset(source=source))["iterations_per_second"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", choices=("book", "faster", "both"), default="both")
    parser.add_argument("--iterations", type=int, default=None, help="default: the preset's")
    parser.add_argument("--eval-size", type=int, default=None, help="default: all images")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--source", choices=("mnist", "builtin", "auto"), default="mnist",
        help="real MNIST (default; set TUI_NN_DATA), or the built-in digits",
    )
    parser.add_argument(
        "--blas-threads", type=int, default=1,
        help="OpenBLAS threads while training (default 1; 0 = leave NumPy's default)",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)

    try:
        t0 = time.perf_counter()
        dataset = load_dataset(source=args.source)
        load_seconds = time.perf_counter() - t0
    except DataError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1

    names = ["book", "faster"] if args.preset == "both" else [args.preset]
    results = {}
    for name in names:
        changes: dict = {"seed": args.seed, "eval_size": args.eval_size}
        if args.iterations is not None:
            changes["iterations"] = args.iterations
        config = PRESETS[name](**changes)
        results[name] = run_once(config, dataset, args.blas_threads or None)

    if args.json:
        print(json.dumps({"data": dataset.label, "results": results}, indent=2))
    else:
        print(f"data: {dataset.label} (loaded in {load_seconds:.1f} s)")
        print(
            f"machine: {platform.machine()}, Python {platform.python_version()}, "
            f"NumPy {np.__version__}, BLAS threads while training: "
            f"{args.blas_threads or 'NumPy default'}"
        )
        for name, r in results.items():
            c = r["config"]
            print(
                f"\n{name}: {c['activation']}, hidden {c['hidden_size']}, init {c['weight_init']}, "
                f"batch {c['batch_size']}, lr {c['learning_rate']}, {r['iterations']:,} iterations"
            )
            for epoch, train_acc, test_acc in r["epochs"]:
                print(f"  epoch {epoch:>2}  train {train_acc:.4f}  test {test_acc:.4f}")
            test_text, train_text = (
                "n/a" if r[key] is None else f"{r[key]:.4f}"
                for key in ("test_accuracy", "train_accuracy")
            )
            print(
                f"  final test accuracy {test_text} "
                f"(train {train_text}), {r['reason']}\n"
                f"  {r['seconds']:.1f} s in all ({r['eval_seconds']:.1f} s measuring accuracy, "
                f"{r['setup_seconds']:.1f} s setting up): "
                f"{r['iterations_per_second']:,.0f} it/s overall, "
                f"{r['training_iterations_per_second']:,.0f} it/s training only"
            )

    status = 0
    full = dataset.source == "mnist" and args.iterations is None and args.eval_size is None
    for name, r in results.items():
        if full and (r["test_accuracy"] or 0.0) < TARGETS[name]:
            print(
                f"bench: {name} reached {r['test_accuracy']}, below the target "
                f"{TARGETS[name]}",
                file=sys.stderr,
            )
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
