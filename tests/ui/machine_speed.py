"""How much slower this machine runs Python than the one the monkey's limit was set on.

The monkey's limit (``ANSWER_LIMIT``, 2 s of the interface thread's CPU for a
burst of keys) was set where the slowest burst, a first open of lesson 8, cost
about 1.1 s.  Machines of the same kind differ: on one, the same commit's
suite took 2.4 times as long and that first open 2.06 s (a quiet core,
measured alone).  CPU seconds do not count waiting for a core, but they do
grow when the core itself is slower or shared with a neighbour.

So the limit is scaled by how long a fixed piece of plain Python (dicts,
strings, lists, hashing: what Textual's handlers are made of) takes here,
against how long it took on the machine of the limit: ``slowdown()`` is that
ratio, never below 1 (a faster machine keeps 2 s).  A regression of the app
still fails: it makes the app slower, not the calibration.  The best of a few
short rounds is taken, so a moment of load does not loosen the limit.
"""

from __future__ import annotations

import time

#: CPU seconds one ``_workload()`` took on the machine the monkey's limit was set on
#: (best of 7).  Measured here as 0.061-0.064 s on a machine whose lesson 8 first
#: open cost 2.06 s, and scaled by 1.1 / 2.06 to the machine where it cost 1.1 s.
REFERENCE_SECONDS = 0.032
ROUNDS = 7


def _workload(n: int = 40_000) -> int:
    table: dict[str, int] = {}
    total = 0
    for i in range(n):
        key = f"k{i % 997}"
        table[key] = table.get(key, 0) + i
        items = [i, i + 1, i + 2]
        total += sum(items) + len(key)
        total ^= hash((key, i)) & 0xFF
    return total


def calibration_seconds(rounds: int = ROUNDS) -> float:
    """The best CPU time of ``rounds`` runs of the workload on this thread."""
    best = float("inf")
    for _ in range(max(1, rounds)):
        start = time.thread_time()
        _workload()
        best = min(best, time.thread_time() - start)
    return best


def slowdown(rounds: int = ROUNDS) -> float:
    """How many times slower than the limit's machine this one is now (at least 1)."""
    return max(1.0, calibration_seconds(rounds) / REFERENCE_SECONDS)
