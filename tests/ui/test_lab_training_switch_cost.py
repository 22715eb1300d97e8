"""Lesson 8's view keys are cheap: one layout of the screen per switch, the same width in
every view, and a Files view that is not rebuilt when the folder has not changed.

A class of thirty on one server presses these keys more than any other; each layout is a
reflow and a repaint of what moved (see ``tui_nn/ui/labs/training_tabs.py``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.screen import Screen
from textual.widgets import OptionList

from tests.ui.test_lab_training import LabApp, ready, wait_for
from tui_nn.engine.saving import save_network
from tui_nn.engine.train import TrainConfig, make_network
from tui_nn.ui.labs.training import TABS
from tui_nn.ui.labs.training_files import FilesView

VIEW_KEYS = ("1", "2", "3", "4", "5")


async def test_a_view_switch_costs_one_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    layouts: list[str] = []
    refresh_layout = Screen._refresh_layout

    def counted(screen: Screen, *args: object, **kwargs: object) -> None:
        layouts.append(screen.__class__.__name__)
        refresh_layout(screen, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    async with LabApp().run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot)
        for key in VIEW_KEYS:  # every view shown once: its widgets get their first sizes
            await pilot.press(key)
            await pilot.pause()
        widths = set()
        # (4, Draw, gives the keys to the drawing pad: the Footer shows other keys, and
        # building it again is a layout of its own; the class switches between these.)
        for key in ("1", "3", "1", "2", "3", "5", "1", "5", "2", "1"):
            layouts.clear()
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            assert lab.tabs.active == TABS[int(key) - 1]
            assert len(layouts) == 1, f"key {key}: {len(layouts)} layouts"
            widths.add(lab.scrollable_content_region.width)
        for key in VIEW_KEYS:  # tall views (Train) and short ones (Files): one width
            await pilot.press(key)
            await pilot.pause()
            widths.add(lab.scrollable_content_region.width)
        assert len(widths) == 1, f"the lab's width changed with the view: {sorted(widths)}"


def _saved(folder: Path, name: str, when: int) -> Path:
    config = TrainConfig.book(hidden_size=4)
    path = save_network(folder / name, make_network(config), config, {})
    os.utime(path, (when, when))  # newest first: the order is set by these times
    return path


async def test_the_files_view_is_rebuilt_only_when_the_folder_changed(
    tui_nn_home: Path,
) -> None:
    folder = tui_nn_home / "data" / "nets"
    _saved(folder, "older.npz", 1_000)
    _saved(folder, "newer.npz", 2_000)
    async with LabApp().run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot)
        files = lab.query_one(FilesView)
        options = lab.query_one("#saved", OptionList)
        await pilot.press("5")
        await wait_for(pilot, lambda: len(files.files) == 2)
        assert [f.path.name for f in files.files] == ["newer.npz", "older.npz"]
        await pilot.press("down")
        assert options.highlighted == 1
        first_option = options.get_option_at_index(0)

        listed = files.files
        await pilot.press("1", "5")  # the folder is listed again, in a worker
        await wait_for(pilot, lambda: files.files is not listed)
        await pilot.pause()
        assert options.get_option_at_index(0) is first_option  # the same list, not rebuilt
        assert options.highlighted == 1  # the learner's choice is still there
        assert files.selected() is not None and files.selected().path.name == "older.npz"

        _saved(folder, "newest.npz", 3_000)
        listed = files.files
        await pilot.press("1", "5")
        await wait_for(pilot, lambda: files.files is not listed)
        await pilot.pause()
        assert options.option_count == 3
        assert "newest.npz" in str(options.get_option_at_index(0).prompt)
        assert options.highlighted == 0  # a new list starts at its newest good file

