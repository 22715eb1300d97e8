"""Whole-screen snapshots in Korean: the lesson list and lesson 1, at 80x24 and 100x32.

(The labs alone are snapshotted in Korean by their own tests.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tui_nn.i18n import set_language
from tui_nn.ui.app import TuiNNApp

SIZES = [(80, 24), (100, 32)]


@pytest.fixture(autouse=True)
def korean_then_english() -> Iterator[None]:
    set_language("ko")
    yield
    set_language("en")


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "100x32"])
def test_korean_lesson_list(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(TuiNNApp(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "100x32"])
def test_korean_lesson_1(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(TuiNNApp(lesson=1), terminal_size=size)
