"""The monkey for long runs: ``python3 bench/monkey.py --keys 20000 --seed N``.

Prints keys pressed, lessons visited, the slowest and 95th-percentile answer
of a burst of keys (from its first key to the app idle and redrawn, less the
time the machine kept the interface thread off a CPU; the wall clock too), the
exceptions caught (the run goes on after one: the safety net recovers) and the
lines of error.log.  A line of progress every 250 bursts goes to stderr.  Runs
in a temporary TUI_NN_HOME with the built-in digits.  See ``tests/ui/monkey.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import resource
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keys", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--size", default="80x24", help="WIDTHxHEIGHT")
    parser.add_argument(
        "--burst", type=int, default=1,
        help="keys sent before waiting for the answer (1: each key timed alone; the suite's 4 "
        "times a burst, an upper bound of each of its keys)",
    )
    parser.add_argument(
        "--sample",
        action="store_true",
        help="sample the interface thread's stack every 5 ms during each key and print where "
        "the three slowest answers spent their time",
    )
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    with tempfile.TemporaryDirectory() as home:
        os.environ["TUI_NN_HOME"] = home
        os.environ.setdefault("TUI_NN_SOURCE", "builtin")
        from tests.ui.machine_speed import slowdown
        from tests.ui.monkey import MonkeyReport, StackSampler, run_monkey
        from tui_nn.ui.error_log import error_log_path

        def progress(report: MonkeyReport) -> None:
            print(report.summary().splitlines()[0], file=sys.stderr, flush=True)

        factor = slowdown()
        sampler = StackSampler() if args.sample else None
        report = asyncio.run(
            run_monkey(
                args.keys,
                args.seed,
                (width, height),
                burst=args.burst,
                stop_on_error=False,
                progress=progress,
                sampler=sampler,
            )
        )
        if sampler is not None:
            sampler.close()
        log = error_log_path()
        log_lines = len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0
    print(report.summary())
    print(f"this machine runs Python {factor:.2f} times slower than the one the suite's 2 s "
          "limit was set on (tests/ui/machine_speed.py; 1.00 = as fast or faster)")
    print(f"the {len(report.worst)} slowest answers (bursts of {args.burst}):")
    for line in report.worst_lines():
        print("  " + line)
    for answer, _work, lesson, keys, at in report.worst[:3]:
        if at in report.profiles:
            samples, counts = report.profiles[at]
            print(f"where the {answer:.2f} s of {' '.join(keys)} (lesson {lesson}, after {at} "
                  f"keys) went: {samples} samples, the functions in the most of them")
            for name, count in counts.most_common(25):
                print(f"  {count:5d} {name}")
    print(f"error.log: {log_lines} lines")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(f"memory: peak RSS {peak:.0f} MB; objects the collector walks {len(gc.get_objects())}, "
          f"frozen {gc.get_freeze_count()}")
    for error in report.errors:
        print(error)
    return 1 if report.errors or not report.navigable else 0


if __name__ == "__main__":
    raise SystemExit(main())
