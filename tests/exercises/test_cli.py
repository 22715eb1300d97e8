"""tui-nn exercise and tui-nn check, through tui_nn.cli.main."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.exercises.learner_files import source, write
from tui_nn import cli


def test_exercise_writes_the_starter_into_the_default_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["exercise", "3"]) == 0
    out = capsys.readouterr().out
    path = Path("tui-nn-exercises") / "03_derivatives.py"
    assert out.startswith(f"Wrote {path}")
    assert (tmp_path / path).is_file()
    (tmp_path / path).write_text("# mine\n", encoding="utf-8")
    assert cli.main(["exercise", "3"]) == 0
    assert "already exists: left as it is" in capsys.readouterr().out
    assert (tmp_path / path).read_text(encoding="utf-8") == "# mine\n"


def test_exercise_dir_list_and_lesson_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["exercise", "8", "--dir", str(tmp_path / "mine")]) == 0
    assert (tmp_path / "mine" / "08_training.py").is_file()
    capsys.readouterr()
    assert cli.main(["exercise", "--list"]) == 0
    assert "8  08_training.py" in capsys.readouterr().out
    assert cli.main(["exercise", "0"]) == 0
    assert "Lesson 0 has no exercise" in capsys.readouterr().out


def test_exercise_into_a_folder_that_cannot_be_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    assert cli.main(["exercise", "3", "--dir", str(blocker / "sub")]) == 1
    err = capsys.readouterr().err
    assert "could not write" in err and "Traceback" not in err


def test_check_exits_1_for_a_starter_and_0_for_a_right_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["exercise", "3", "--dir", str(tmp_path)]) == 0
    capsys.readouterr()
    assert cli.main(["check", str(tmp_path / "03_derivatives.py")]) == 1
    out = capsys.readouterr().out
    assert "numerical_diff  not written yet" in out
    assert "0 of 1 functions pass." in out
    (tmp_path / "ok").mkdir()
    good = write(tmp_path / "ok", 3, source(3))
    assert cli.main(["check", str(good)]) == 0
    assert "All 1 functions pass." in capsys.readouterr().out


def test_check_lesson_option_and_a_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "anything.py"
    path.write_text(source(8).split("\n", 1)[1], encoding="utf-8")  # no marker line
    assert cli.main(["check", str(path), "--lesson", "8"]) == 0
    assert "lesson 8: Training on MNIST" in capsys.readouterr().out
    assert cli.main(["check", str(tmp_path / "nope.py")]) == 1
    assert f"there is no file {tmp_path / 'nope.py'}" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["check", "f.py", "--timeout", "0"],
                                  ["check", "f.py", "--memory", "lots"],
                                  ["exercise", "9"]])
def test_bad_options_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_check_is_off_in_a_served_session_and_writing_stays_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path, 3, source(3))
    monkeypatch.setenv("TUI_NN_SERVED", "1")
    assert cli.main(["check", str(good)]) == 1
    captured = capsys.readouterr()
    assert "switched off in a served classroom session" in captured.err
    assert captured.out == ""
    assert cli.main(["exercise", "4", "--dir", str(tmp_path)]) == 0
    assert (tmp_path / "04_gradient.py").is_file()


def test_check_watch_checks_once_then_stops_when_bounded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path, 3, source(3))
    assert cli.main(["check", str(good), "--watch", "--max-checks", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Watching {good}")
    assert out.count("All 1 functions pass.") == 1


def test_help_names_the_new_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert "exercise" in out and "check" in out
