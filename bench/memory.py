"""Benchmark: peak memory (resident set size) of ``tui-nn train``, the whole process.

    TUI_NN_DATA=/path/to/mnist python3 bench/memory.py            # the book preset
    python3 bench/memory.py --iterations 1200 -- --preset faster  # anything after -- goes to it

It runs ``python -m tui_nn train --quiet`` (the book preset on real MNIST by
default) in a child process and reads the child's peak RSS from
``resource.getrusage(RUSAGE_CHILDREN)`` (the same figure ``/usr/bin/time -v``
prints as "Maximum resident set size").  Target: at most 200 MB.  For
comparison it also measures a child that only imports NumPy and loads the
data set (the part no training code can save).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MB = 200.0
LOAD_ONLY = (
    "from tui_nn.data import load_dataset; d = load_dataset(source='mnist'); "
    "print(d.x_train.shape, d.x_test.shape)"
)


def peak_of(command: list[str]) -> tuple[float, float, int]:
    """Run ``command``; (peak RSS in MB, seconds, exit status).  One child at a time."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=False)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak_kb < before:  # pragma: no cover - getrusage keeps the largest child so far
        peak_kb = before
    return peak_kb / 1024.0, seconds, done.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=None, help="default: the preset's")
    parser.add_argument("rest", nargs="*", help="more options for tui-nn train (after --)")
    args = parser.parse_args(argv)

    # The smaller run first: RUSAGE_CHILDREN keeps the largest peak of any child so far.
    load_mb, load_s, load_status = peak_of([sys.executable, "-c", LOAD_ONLY])
    train = [sys.executable, "-m", "tui_nn", "train", "--quiet", "--source", "mnist"]
    if args.iterations is not None:
        train += ["--iterations", str(args.iterations)]
    train += args.rest
    train_mb, train_s, status = peak_of(train)
    print(f"command: {' '.join(train[1:])}")
    print(f"load the data set only: peak RSS {load_mb:.0f} MB ({load_s:.1f} s, "
          f"status {load_status})")
    print(f"tui-nn train:           peak RSS {train_mb:.0f} MB ({train_s:.1f} s, "
          f"status {status})")
    verdict = "met" if train_mb <= TARGET_MB else f"missed by {train_mb - TARGET_MB:.0f} MB"
    print(f"target <= {TARGET_MB:.0f} MB: {verdict}")
    return 0 if status == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
