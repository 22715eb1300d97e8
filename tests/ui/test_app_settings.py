"""Settings: the remembered lesson survives restarts; bad files and values are ignored."""

from __future__ import annotations

import json

import pytest

from tui_nn.catalog import LESSONS
from tui_nn.ui.settings import Settings, load_settings, save_settings, settings_path


def test_round_trip_in_the_config_folder(tui_nn_home) -> None:  # type: ignore[no-untyped-def]
    assert load_settings() == Settings()
    assert save_settings(Settings(last_lesson=4))
    assert settings_path().parent == tui_nn_home / "config"
    assert json.loads(settings_path().read_text()) == {"last_lesson": 4}
    assert load_settings().last_lesson == 4
    assert not list(settings_path().parent.glob(".*tmp"))  # no temporary file left behind


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{",
        b"\xff\xfe\x00",
        b"[]",
        b'"text"',
        b'{"last_lesson": "3"}',
        b'{"last_lesson": true}',
        b'{"last_lesson": 3.0}',
        b'{"last_lesson": -1}',
        json.dumps({"last_lesson": len(LESSONS)}).encode(),
    ],
)
def test_bad_files_mean_no_remembered_lesson(content: bytes) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    assert load_settings().last_lesson is None


def test_an_unwritable_config_folder_is_not_an_error(tui_nn_home) -> None:  # type: ignore[no-untyped-def]
    (tui_nn_home / "config").write_text("a file where the folder should be")
    assert save_settings(Settings(last_lesson=2)) is False
    assert load_settings().last_lesson is None


@pytest.mark.builtin_data
def test_builtin_data_marker_sets_the_source() -> None:
    import os

    assert os.environ["TUI_NN_SOURCE"] == "builtin"


def test_each_ui_test_gets_its_own_home(tui_nn_home) -> None:  # type: ignore[no-untyped-def]
    import os

    assert os.environ["TUI_NN_HOME"] == str(tui_nn_home)
    assert not any(tui_nn_home.iterdir())


async def test_app_at_builds_the_app_at_a_lesson(app_at) -> None:  # type: ignore[no-untyped-def]
    app = app_at(0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.lesson == 0
