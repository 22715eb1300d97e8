"""The garbage collector and a long-lived interface: survivors out of its way.

A lesson's screen is built once and kept for the whole session (hundreds of
thousands of Python objects once every lesson was opened).  CPython's cyclic
collector walks the older generations now and then; with all those objects
in them, one walk cost a key up to 0.7 s of CPU.  After start-up and after
each lesson is built, :func:`freeze_survivors` moves every object alive then
to the permanent generation (``gc.freeze()``), which the collector never
walks: keys then pay only for the objects they make.  The young generations
are collected first, so that short-lived garbage is not frozen with them.
"""

from __future__ import annotations

import gc

__all__ = ["freeze_survivors"]


def freeze_survivors() -> None:
    """Collect the young generations, then freeze what is alive (the collector skips it)."""
    gc.collect(1)
    gc.freeze()
