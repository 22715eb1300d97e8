"""The garbage collector and a long-lived interface: survivors out of its way.

A lesson's screen is built once and kept for the whole session (hundreds of
thousands of Python objects once every lesson was opened).  CPython's cyclic
collector walks the older generations now and then; with all those objects
in them, one walk cost a key up to 0.7 s of CPU.  After start-up and after
each lesson is built, :func:`freeze_survivors` moves every object alive then
to the permanent generation (``gc.freeze()``), which the collector never
walks: keys then pay only for the objects they make.  The young generations
are collected first, so that short-lived garbage is not frozen with them.

A long session still grows the heap (1.2 million objects the collector
walks after 6,000 random keys, part of them Textual's caches of rendered
lines), and a full collection walks all of them (4 to 5 s of CPU for one key
after 15,000 keys, whatever the key).  :func:`freeze_after_slow_collections`
watches full collections: when one costs more than ``FREEZE_AFTER`` s, what
survived it is frozen too, so the next walks only what came after.  The price:
a frozen object that later becomes garbage in a reference cycle is not freed
until the process ends (plain garbage is freed as usual, by reference counts).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import time
import weakref
from typing import Any

__all__ = ["FREEZE_AFTER", "freeze_after_slow_collections", "freeze_survivors"]

#: CPU seconds a full collection may cost before its survivors are frozen.
FREEZE_AFTER = 0.5

_loop: weakref.ref[asyncio.AbstractEventLoop] | None = None
_started = [0.0]


def freeze_survivors() -> None:
    """Collect the young generations, then freeze what is alive (the collector skips it)."""
    gc.collect(1)
    gc.freeze()


def _on_collection(phase: str, info: dict[str, Any]) -> None:
    # Called by CPython on the thread that collects (the interface's or a worker's).
    if info.get("generation") != 2:
        return
    if phase == "start":
        _started[0] = time.thread_time()
        return
    if time.thread_time() - _started[0] < FREEZE_AFTER:
        return
    loop = _loop() if _loop is not None else None
    if loop is None:
        return
    # Right after the collection everything alive is a survivor: freeze it, on the
    # interface's loop (not from inside the collector's callback).
    with contextlib.suppress(RuntimeError):  # the loop closed as the app ended: nothing to do
        loop.call_soon_threadsafe(gc.freeze)


def freeze_after_slow_collections(loop: asyncio.AbstractEventLoop) -> None:
    """From now on, a full collection that costs over ``FREEZE_AFTER`` s freezes its survivors.

    The freeze runs on ``loop`` (the app's).  One watcher per process, however
    many apps are made (the last one's loop is used).
    """
    global _loop
    _loop = weakref.ref(loop)
    if _on_collection not in gc.callbacks:
        gc.callbacks.append(_on_collection)
