"""Textual's cache of parsed CSS, grown to hold every source the app brings.

Each widget class brings its ``DEFAULT_CSS`` the first time one is mounted,
and each new source makes Textual parse every source again, in order, through
an LRU cache of 64 entries.  The app's widgets bring about 90 (lesson 8 alone
adds 25): past 64, a cache scanned in order misses on every entry, so each new
source re-parsed them all (lesson 8's first open parsed 636 sources for 86,
0.3 s of a 1.06 s key).  :func:`grow_parse_cache` makes room for all of them.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.cache import LRUCache

__all__ = ["PARSE_CACHE_SIZE", "grow_parse_cache"]

#: Entries kept: several times what the app uses, a few hundred kB at most.
PARSE_CACHE_SIZE = 512


def grow_parse_cache(app: App[Any]) -> None:
    """Let ``app``'s stylesheet keep ``PARSE_CACHE_SIZE`` parsed sources (if Textual has one)."""
    cache = getattr(app.stylesheet, "_parse_cache", None)  # Textual's own, no public setting
    if isinstance(cache, LRUCache) and cache.maxsize < PARSE_CACHE_SIZE:
        cache.grow(PARSE_CACHE_SIZE)
