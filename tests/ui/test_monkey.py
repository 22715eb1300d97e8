"""Issue 10's monkey in the suite: 2,000 seeded random keys across every lesson.

Four parts of 500 keys (so that pytest-xdist can spread them): lessons 0-4 and
5-8, each at 80x24 and at 120x40, with fixed seeds, weighted toward each lab's
own keys (see ``tests/ui/monkey.py``).  Each part checks: no exception caught
by the safety net, nothing in error.log, every burst of keys answered within
2 s, and Esc, Ctrl+L and a digit, then PgDn still lead where they say at the end.

"Answered" is the time from a burst's first key to the app being idle again
(every message handled, on the screen it ends on, and that screen redrawn),
less the time the interface thread spent runnable but waiting for a CPU that
other programs held (Linux's ``/proc/thread-self/schedstat``): what the
learner would wait on a machine that gives tui-nn a core.  It includes all of
the app's own work for those keys (handlers, styling, layout, the redraw,
garbage collection) and the time the interface thread waited on the GIL held
by the app's own worker threads (lesson 8's training).  A burst that takes
more than ``HANG_LIMIT`` s of wall clock counts as hung whatever the load.
``bench/monkey.py`` runs the same monkey for 20,000 keys.
"""

from __future__ import annotations

import asyncio

import pytest

from tests.ui.monkey import ANSWER_LIMIT, HANG_LIMIT, run_monkey

KEYS_PER_PART = 500
PARTS = [
    ((80, 24), range(0, 5), 10_001),
    ((80, 24), range(5, 9), 10_002),
    ((120, 40), range(0, 5), 10_003),
    ((120, 40), range(5, 9), 10_004),
]
#: Seconds per part: a hung app fails the test instead of the suite.  A part is about
#: 20-30 s of CPU; a machine loaded 20 programs per core once needed over 240 s.
TIME_LIMIT = 600


@pytest.mark.builtin_data
@pytest.mark.parametrize(
    ("size", "lessons", "seed"),
    PARTS,
    ids=[f"{w}x{h}-lessons{r.start}-{r.stop - 1}" for (w, h), r, _ in PARTS],
)
async def test_monkey_loses_nothing(size: tuple[int, int], lessons: range, seed: int) -> None:
    report = await asyncio.wait_for(
        run_monkey(KEYS_PER_PART, seed, size, lessons=lessons), TIME_LIMIT
    )
    assert report.keys == KEYS_PER_PART, report.summary()
    assert report.errors == [], report.summary()
    assert set(lessons) <= report.lessons, report.summary()
    assert report.slowest <= ANSWER_LIMIT, report.summary()
    assert report.slowest_wall <= HANG_LIMIT, report.summary()
    assert report.navigable, report.summary()
