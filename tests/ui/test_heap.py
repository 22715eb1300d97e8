"""The collector's watcher (``tui_nn.ui.heap.freeze_after_slow_collections``).

A full collection that costs more than ``FREEZE_AFTER`` freezes what survived
it, on the app's loop; a young collection, or a full one under the limit,
freezes nothing.  (The limit is set to 0 or to an hour here: the test is about
the rule, not about this machine's speed.)
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator

import pytest

from tui_nn.ui import heap


@pytest.fixture
def watcher() -> Iterator[None]:
    gc.unfreeze()  # whatever earlier tests froze in this process: counted from 0 here
    yield
    if heap._on_collection in gc.callbacks:
        gc.callbacks.remove(heap._on_collection)
    gc.unfreeze()


async def test_a_costly_full_collection_freezes_its_survivors(
    watcher: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(heap, "FREEZE_AFTER", 0.0)
    heap.freeze_after_slow_collections(asyncio.get_running_loop())
    heap.freeze_after_slow_collections(asyncio.get_running_loop())
    assert gc.callbacks.count(heap._on_collection) == 1  # one watcher however many apps
    kept = [[index] for index in range(10_000)]
    assert gc.get_freeze_count() == 0
    gc.collect(1)
    await asyncio.sleep(0)
    assert gc.get_freeze_count() == 0  # a young collection: nothing frozen
    gc.collect()
    await asyncio.sleep(0)  # the freeze runs on the loop, after the collection
    assert gc.get_freeze_count() >= len(kept)


async def test_a_cheap_full_collection_freezes_nothing(
    watcher: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(heap, "FREEZE_AFTER", 3600.0)
    heap.freeze_after_slow_collections(asyncio.get_running_loop())
    gc.collect()
    await asyncio.sleep(0)
    assert gc.get_freeze_count() == 0


def test_a_closed_loop_is_left_alone(watcher: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(heap, "FREEZE_AFTER", 0.0)
    loop = asyncio.new_event_loop()
    heap.freeze_after_slow_collections(loop)
    loop.close()  # the app ended: a collection now must not raise in the collector's callback
    heap._on_collection("start", {"generation": 2})
    heap._on_collection("stop", {"generation": 2})
    assert gc.get_freeze_count() == 0
