"""The monkey for long runs: ``python3 bench/monkey.py --keys 20000 --seed N``.

Prints keys pressed, lessons visited, the slowest key answer (an upper bound:
the slowest burst) and the exceptions caught.  Runs in a temporary TUI_NN_HOME.
See ``tests/ui/monkey.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keys", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--size", default="80x24", help="WIDTHxHEIGHT")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    with tempfile.TemporaryDirectory() as home:
        os.environ["TUI_NN_HOME"] = home
        from tests.ui.monkey import run_monkey

        report = asyncio.run(run_monkey(args.keys, args.seed, (width, height)))
    print(report.summary())
    for error in report.errors:
        print(error)
    return 1 if report.errors or not report.navigable else 0


if __name__ == "__main__":
    raise SystemExit(main())
