"""The tui-nn command line: --list, --version, --help, --lesson (good and bad)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import tui_nn
from tui_nn import cli
from tui_nn.catalog import LESSONS


def test_list_prints_every_lesson(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--list"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == len(LESSONS)
    for line, lesson in zip(lines, LESSONS, strict=True):
        assert line.startswith(f"{lesson.number}  {lesson.title}")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"tui-nn {tui_nn.__version__}"


def test_help_names_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for option in ("--lesson N", "--list", "--version", "data", "train"):
        assert option in out


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("12", "there is no lesson 12: lessons run from 0 to 8"),
        ("-1", "there is no lesson -1"),
        ("two", "'two' is not a lesson number"),
        ("", "'' is not a lesson number"),
    ],
)
def test_bad_lesson_exits_2_with_a_message(
    value: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--lesson", value])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize(("argv", "lesson"), [([], None), (["--lesson", "3"], 3)])
def test_the_app_is_started_at_the_lesson(
    argv: list[str], lesson: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui_nn.ui.app as app_module

    calls: list[int | None] = []

    def fake_run_app(lesson: int | None = None) -> int:
        calls.append(lesson)
        return 7

    monkeypatch.setattr(app_module, "run_app", fake_run_app)
    assert cli.main(argv) == 7
    assert calls == [lesson]


def test_module_entry_point_in_a_subprocess() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui_nn", "--lesson", "9"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "there is no lesson 9" in result.stderr
    assert "Traceback" not in result.stderr


def test_run_app_turns_a_crash_into_one_sentence(
    monkeypatch: pytest.MonkeyPatch, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    import tui_nn.ui.app as app_module

    monkeypatch.setenv("TUI_NN_HOME", str(tmp_path))

    def explode(self: object) -> None:
        raise OSError("no terminal")

    monkeypatch.setattr(app_module.TuiNNApp, "run", explode)
    assert app_module.run_app(0) == 1
    err = capsys.readouterr().err
    assert "tui-nn stopped because of an unexpected error" in err
    assert "no terminal" in err
    assert "Traceback" not in err
    assert "Traceback" in app_module.error_log_path().read_text()


def test_run_app_rejects_a_lesson_out_of_range_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    from tui_nn.ui.app import run_app

    monkeypatch.setenv("TUI_NN_HOME", str(tmp_path))
    assert run_app(len(LESSONS)) == 1
    err = capsys.readouterr().err
    assert f"there is no lesson {len(LESSONS)}" in err
    assert "Traceback" not in err
