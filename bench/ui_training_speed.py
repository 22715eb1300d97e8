"""How much does the live training lab slow training down?  In-app vs headless iterations/second.

Runs the same training (same settings, same seed, same data) twice:

1. headless: iterate ``Trainer.run()`` in a plain loop, nothing else;
2. in the app: lesson 8's ``TrainingLab`` (the Train view with its live charts
   showing) inside ``App.run_test()``, started with its own ``s`` key, until it ends.

Both figures are the trainer's own clock (``TrainingFinished.seconds``, which
includes the per-epoch accuracy measurements).  The issue asks for the app to
reach at least 80% of the headless speed.  Rounds alternate headless and in-app
runs, and the ratio reported is the median of the rounds' ratios, because on a
busy machine single runs vary a lot.  The CPU figure (process CPU seconds per
1,000 iterations, all threads) shows the interface's cost without that noise.

    python3 bench/ui_training_speed.py                  # book preset, 3,000 iterations
    python3 bench/ui_training_speed.py --preset faster --iterations 2000 --rounds 3
    python3 bench/ui_training_speed.py --full-app       # inside TuiNNApp(lesson=8)

Uses real MNIST when it is found (``TUI_NN_DATA``, the cache), else the built-in digits.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tui_nn.data import load_dataset
from tui_nn.engine.train import TrainConfig, Trainer, TrainingFinished


def make_config(preset: str, iterations: int) -> TrainConfig:
    base = TrainConfig.faster_learner() if preset == "faster" else TrainConfig.book()
    return TrainConfig(**{**base.to_dict(), "iterations": iterations})


def headless(config: TrainConfig, data: Any) -> tuple[TrainingFinished, float]:
    trainer = Trainer(config, data.x_train, data.t_train, data.x_test, data.t_test)
    last = None
    cpu = time.process_time()
    for event in trainer.run():
        last = event
    cpu = time.process_time() - cpu
    assert isinstance(last, TrainingFinished)
    return last, cpu


async def in_app(
    config: TrainConfig, data: Any, size: tuple[int, int], full: bool
) -> tuple[Any, float]:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, TabbedContent, Tabs

    from tui_nn.ui.data_store import DataStore, install_data_store
    from tui_nn.ui.labs import training as training_module
    from tui_nn.ui.labs.training import TrainingLab
    from tui_nn.ui.labs.training_controls import form_values

    if full:
        from tui_nn.ui.app import TuiNNApp

        app: App[Any] = TuiNNApp(lesson=8)
    else:

        class BenchApp(App[None]):
            def compose(self) -> ComposeResult:
                yield TrainingLab()
                yield Footer()

        app = BenchApp()
    # the app's data store hands the lab the data set loaded above (instant)
    install_data_store(app, DataStore(app, lambda source: data))

    async with app.run_test(size=size) as pilot:
        deadline = time.monotonic() + 120
        while True:
            labs = app.screen.query(training_module.TrainingLab)
            if labs and labs.first().dataset is not None:
                break
            if time.monotonic() > deadline:
                raise SystemExit("the lab did not load its data")
            await pilot.pause(0.05)
        lab = labs.first()
        lab.controls.set_values(form_values(config))
        lab.query_one(TabbedContent).query_one(Tabs).focus()
        await pilot.pause()
        cpu = time.process_time()
        await pilot.press("s")
        session = lab.session
        while session.active or session.ended is None:
            await asyncio.sleep(0.05)
        # the lab's own work after the run (refreshing the inspect views) is not training
        return session.ended.finished, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", choices=["book", "faster"], default="book")
    parser.add_argument("--iterations", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5, help="alternating headless/app runs")
    parser.add_argument("--size", default="100x32", help="terminal size for the app, WxH")
    parser.add_argument("--full-app", action="store_true", help="run inside TuiNNApp(lesson=8)")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))
    config = make_config(args.preset, args.iterations)
    data = load_dataset()
    print(f"data: {data.label}; preset {args.preset}; {args.iterations:,} iterations; "
          f"app {'TuiNNApp' if args.full_app else 'lab only'} at {width}x{height}")
    head_rates, app_rates, head_cpu, app_cpu = [], [], [], []
    for round_ in range(1, args.rounds + 1):
        done, cpu = headless(config, data)
        head_rates.append(done.iterations / done.seconds)
        head_cpu.append(cpu / done.iterations * 1000)
        shown, cpu = asyncio.run(in_app(config, data, (width, height), args.full_app))
        app_rates.append(shown.iterations / shown.seconds)
        app_cpu.append(cpu / shown.iterations * 1000)
        print(f"round {round_}: headless {head_rates[-1]:,.0f} it/s "
              f"(test acc {done.test_accuracy:.4f}), in app {app_rates[-1]:,.0f} it/s "
              f"(test acc {shown.test_accuracy:.4f}); ratio {app_rates[-1] / head_rates[-1]:.0%}")
    ratio = statistics.median(a / h for a, h in zip(app_rates, head_rates, strict=True))
    print(f"median: headless {statistics.median(head_rates):,.0f} it/s, "
          f"in app {statistics.median(app_rates):,.0f} it/s; "
          f"in-app / headless = {ratio:.0%} (median of the rounds' ratios)")
    print(f"CPU seconds per 1,000 iterations (all threads): headless "
          f"{statistics.median(head_cpu):.2f}, in app {statistics.median(app_cpu):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
