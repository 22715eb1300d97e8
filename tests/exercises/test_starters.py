"""Starter files: written once, never over the learner's work; every function 'not written yet'."""

from __future__ import annotations

import ast
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.exercises.conftest import TIMEOUT
from tui_nn.catalog import LESSONS
from tui_nn.exercises import check_file, file_name, format_report, lesson_of, write_starter
from tui_nn.exercises.cases import EXERCISES
from tui_nn.exercises.report import NOT_WRITTEN
from tui_nn.exercises.starters import FUNCTIONS, exercise_list_text, has_exercise

LESSONS_WITH_EXERCISES = [lesson.number for lesson in LESSONS if lesson.number > 0]


def test_file_names_follow_the_lessons() -> None:
    assert file_name(3) == "03_derivatives.py"
    assert file_name(5) == "05_gradient_descent.py"
    assert not has_exercise(0)
    assert all(has_exercise(n) for n in LESSONS_WITH_EXERCISES)


def test_the_listed_functions_are_the_checked_ones() -> None:
    assert set(FUNCTIONS) == set(EXERCISES) == set(LESSONS_WITH_EXERCISES)
    for lesson, names in FUNCTIONS.items():
        assert names == tuple(spec.name for spec in EXERCISES[lesson].functions)


def test_write_starter_writes_once_and_keeps_the_learners_file(tmp_path: Path) -> None:
    first = write_starter(3, tmp_path / "ex")
    assert first.created
    assert first.path == tmp_path / "ex" / "03_derivatives.py"
    first.path.write_text("# my work\n", encoding="utf-8")
    again = write_starter(3, tmp_path / "ex")
    assert not again.created
    assert again.path == first.path
    assert first.path.read_text(encoding="utf-8") == "# my work\n"
    assert [p.name for p in (tmp_path / "ex").iterdir()] == ["03_derivatives.py"]


def test_lesson_zero_has_no_starter(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Lesson 0 has no exercise"):
        write_starter(0, tmp_path)
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("lesson", LESSONS_WITH_EXERCISES)
def test_a_starter_names_its_functions_with_docstrings(tmp_path: Path, lesson: int) -> None:
    path = write_starter(lesson, tmp_path).path
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# tui-nn exercise: lesson {lesson}\n")
    assert lesson_of(path) == lesson
    tree = ast.parse(text)
    found: dict[str, ast.FunctionDef] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    found[f"{node.name}.{item.name}"] = item
        elif isinstance(node, ast.FunctionDef) and node.col_offset == 0:
            found[node.name] = node
    for name in FUNCTIONS[lesson]:
        function = found[name]
        assert ast.get_docstring(function), name
        assert isinstance(function.body[-1], ast.Raise), name
    assert f"tui-nn check {path}" in text


def test_every_starter_is_not_written_yet(tmp_path: Path) -> None:
    paths = [write_starter(lesson, tmp_path).path for lesson in LESSONS_WITH_EXERCISES]
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = list(pool.map(lambda p: check_file(p, timeout=TIMEOUT), paths))
    for report in reports:
        text = format_report(report)
        assert report.problem is None, text
        assert report.functions and all(r.status == NOT_WRITTEN for r in report.functions), text
        assert text.count("not written yet") == len(report.functions)
        assert "Traceback" not in text and "NotImplementedError" not in text
        assert not report.passed


def test_the_list_shows_every_lesson() -> None:
    lines = exercise_list_text().splitlines()
    assert lines[1] == "0  (no exercise: How a model learns)"
    assert lines[4].startswith("3  03_derivatives.py")
    assert lines[4].endswith("numerical_diff")
    assert len(lines) == 1 + len(LESSONS)


def test_the_lesson_comes_from_the_marker_then_the_name(tmp_path: Path) -> None:
    marked = tmp_path / "mine.py"
    marked.write_text("# tui-nn exercise: lesson 4\n", encoding="utf-8")
    named = tmp_path / "05_mine.py"
    named.write_text("x = 1\n", encoding="utf-8")
    unknown = tmp_path / "mine2.py"
    unknown.write_text("x = 1\n", encoding="utf-8")
    assert (lesson_of(marked), lesson_of(named), lesson_of(unknown)) == (4, 5, None)
    report = check_file(unknown)
    assert report.problem is not None and "can't tell which lesson" in report.problem


def test_check_file_runs_nothing_in_a_served_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_starter(3, tmp_path).path
    monkeypatch.setenv("TUI_NN_SERVED", "1")
    report = check_file(path)
    assert report.problem is not None
    assert report.problem.startswith("Checking exercises is switched off in a served classroom")
    assert report.functions == () and not report.passed
