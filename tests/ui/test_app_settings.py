"""Settings: the remembered lesson survives restarts; bad files and values are ignored."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tui_nn.catalog import LESSONS
from tui_nn.ui.settings import (
    MAX_BYTES,
    SETTINGS_VERSION,
    Settings,
    load_settings,
    read_settings,
    save_settings,
    settings_path,
)


def test_round_trip_in_the_config_folder(tui_nn_home) -> None:  # type: ignore[no-untyped-def]
    assert load_settings() == Settings()
    assert save_settings(Settings(last_lesson=4))
    assert settings_path().parent == tui_nn_home / "config"
    assert json.loads(settings_path().read_text()) == {
        "version": SETTINGS_VERSION,
        "last_lesson": 4,
        "labs": {},
    }
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


def test_lab_sections_round_trip_and_bad_sections_are_dropped() -> None:
    labs = {"descent": {"lr": 0.1, "bowl": 1}, "loss": {"delta": False}}
    assert save_settings(Settings(last_lesson=5, labs=labs))
    loaded = read_settings()
    assert loaded.problem is None
    assert loaded.settings.last_lesson == 5 and loaded.settings.labs == labs
    # a section that is not JSON (NaN, an object) is dropped; the others are kept
    assert save_settings(Settings(last_lesson=1, labs={"a": {"x": float("nan")}, "b": {"y": 2}}))
    assert read_settings().settings.labs == {"b": {"y": 2}}


def test_a_file_from_before_versions_still_gives_the_lesson() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"last_lesson": 3}))
    loaded = read_settings()
    assert loaded.problem is None and loaded.settings.last_lesson == 3


def _write(content: bytes) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.write_bytes(content)

    return make


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "inside.txt").write_text("the learner's file")


def _loop(path: Path) -> None:
    path.symlink_to(path.name)  # settings.json -> settings.json


def _pipe(path: Path) -> None:
    os.mkfifo(path)  # reading it would wait for ever


def _device(path: Path) -> None:
    path.symlink_to("/dev/zero")  # reading it would never end


def _unreadable(path: Path) -> None:
    path.write_text(json.dumps({"version": 1, "last_lesson": 1}))
    path.chmod(0)


CORRUPTIONS: dict[str, Callable[[Path], None]] = {
    "garbage bytes": _write(b"\x00{not json\x9c\x01"),
    "nested 1000 deep": _write(b"[" * 1000 + b"]" * 1000),
    "objects nested 100000 deep": _write(b'{"a":' * 100_000 + b"1" + b"}" * 100_000),
    "a list": _write(b"[]"),
    "null": _write(b"null"),
    "a number": _write(b"42"),
    "a string": _write(b'"settings"'),
    "huge": _write(b'{"version": 1, "pad": "' + b"x" * (MAX_BYTES + 10) + b'"}'),
    "a folder": _folder,
    "wrong type: last_lesson": _write(b'{"version": 1, "last_lesson": "3"}'),
    "wrong type: labs": _write(b'{"version": 1, "last_lesson": 1, "labs": [1, 2]}'),
    "wrong type: a lab section": _write(b'{"version": 1, "labs": {"descent": 5}}'),
    "NaN lesson": _write(b'{"version": 1, "last_lesson": NaN}'),
    "bad UTF-8": _write(b'{"version": 1, "last_lesson": "\xff\xfe"}'),
    "empty": _write(b""),
    "only spaces": _write(b"   \n"),
    "truncated JSON": _write(b'{"version": 1, "last_'),
    "unreadable": _unreadable,
    "a symlink loop": _loop,
    "a pipe": _pipe,
    "a device": _device,
    "version from the future": _write(b'{"version": 99, "last_lesson": 1}'),
    "version not a number": _write(b'{"version": "1", "last_lesson": 1}'),
}


async def start_despite(path: Path) -> None:
    """The app starts normally at the lesson list, says once why, and the learner goes on."""
    from tui_nn.ui.app import TuiNNApp

    loaded = read_settings()
    assert loaded.problem  # the file is recognised as unusable
    app = TuiNNApp()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        kept = loaded.settings.last_lesson  # what could be read is used
        assert app.lesson == kept
        if kept is not None:
            await pilot.press("ctrl+l")
            await pilot.pause()
        assert type(app.screen).__name__ == "LessonListScreen"  # started normally
        warnings = [n for n in app._notifications if n.severity == "warning"]
        assert len(warnings) == 1 and "could not be used" in warnings[0].message
        assert "Traceback" not in warnings[0].message
        await pilot.press("0")  # the lightest lab: this test is about starting
        await pilot.pause()
        assert app.lesson == 0
        await pilot.press("q")
    assert app.return_code == 0


@pytest.mark.parametrize("name", list(CORRUPTIONS))
async def test_every_corruption_starts_the_app_with_a_warning(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    CORRUPTIONS[name](path)
    with monkeypatch.context() as patch:
        if name == "unreadable" and os.access(path, os.R_OK):  # root reads anything: say no
            real = Path.read_bytes

            def refuse(self: Path) -> bytes:
                if self == path:
                    raise PermissionError(13, "Permission denied")
                return real(self)

            patch.setattr(Path, "read_bytes", refuse)
        await start_despite(path)
    if name == "a folder":  # never deleted: the learner's folder stays as it was
        assert (path / "inside.txt").read_text() == "the learner's file"
    else:  # the bad file was set aside and a good one written
        loaded = read_settings()
        assert loaded.problem is None and loaded.settings.last_lesson == 0
