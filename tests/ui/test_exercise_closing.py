"""A check's report that arrives while the exercise view closes is dropped, not an error.

Found by the monkey in CI: F6 then Esc, and the watcher's report came after the
view's widgets were removed (``NoMatches '#exercise-path'`` in error.log).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_nn.ui.app import TuiNNApp
from tui_nn.ui.error_log import error_log_path
from tui_nn.ui.screens.exercise import ExerciseScreen


@pytest.mark.builtin_data
async def test_a_report_after_the_view_closed_is_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUI_NN_EXERCISES", str(tmp_path / "exercises"))
    app = TuiNNApp(lesson=3)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExerciseScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen
        for child in list(screen.query("#exercise-path")):
            await child.remove()  # (if Textual had not removed them yet)
        screen.show()  # what a late report calls: nothing to show, nothing raised
        await pilot.pause()
        assert app.caught_errors == []
    log = error_log_path()
    assert not log.exists() or "NoMatches" not in log.read_text(encoding="utf-8")
