"""Every named mistake is recognised, and only that one; the right answers pass everything."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.exercises.conftest import TIMEOUT
from tests.exercises.learner_files import SOLUTIONS, source, write
from tests.exercises.mistakes_table import MISTAKE_FILES
from tui_nn.exercises import CheckReport, check_file, format_report
from tui_nn.exercises.cases import EXERCISES
from tui_nn.exercises.messages import MISTAKES

#: Files whose other functions call the broken one (the book's loss calls predict): those
#: functions fail too, but without a mistake's name.
USES_THE_BROKEN_FUNCTION = {"softmax_missing_predict"}


def _check_all(folder: Path, files: dict[str, tuple[int, str]]) -> dict[str, CheckReport]:
    """Check every file (two at a time: each check is its own process)."""
    paths = {}
    for key, (lesson, text) in files.items():
        (folder / key).mkdir()
        paths[key] = write(folder / key, lesson, text)
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = pool.map(lambda key: check_file(paths[key], timeout=TIMEOUT), paths)
        return dict(zip(paths, reports, strict=True))


@pytest.fixture(scope="module")
def mistake_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, CheckReport]:
    folder = tmp_path_factory.mktemp("mistakes")
    files = {test_id: (lesson, source(lesson, blocks))
             for test_id, _, lesson, _, blocks in MISTAKE_FILES}
    return _check_all(folder, files)


@pytest.fixture(scope="module")
def solution_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, CheckReport]:
    folder = tmp_path_factory.mktemp("solutions")
    return _check_all(folder, {str(lesson): (lesson, source(lesson)) for lesson in SOLUTIONS})


@pytest.mark.parametrize(
    ("test_id", "mistake", "lesson", "function"),
    [(test_id, mistake, lesson, function) for test_id, mistake, lesson, function, _ in
     MISTAKE_FILES],
    ids=[row[0] for row in MISTAKE_FILES],
)
def test_the_mistake_is_named_and_only_it(
    mistake_reports: dict[str, CheckReport], test_id: str, mistake: str, lesson: int,
    function: str,
) -> None:
    report = mistake_reports[test_id]
    text = format_report(report)
    assert report.problem is None, text
    assert report.mistakes == (mistake,), text
    result = report.result(function)
    assert result.mistake == mistake
    assert not report.passed
    for other in report.functions:
        if other.name != function and test_id not in USES_THE_BROKEN_FUNCTION:
            assert other.passed, text
    named = MISTAKES[mistake]
    assert f"mistake: {named.name}" in text
    assert named.fix in " ".join(text.split())
    revisit = lesson if named.lesson is None else named.lesson
    assert result.lesson == revisit
    assert f"revisit lesson {revisit}" in text
    assert result.detail.startswith(tuple(case.name + ":" for spec in EXERCISES[lesson].functions
                                          for case in spec.cases))


def test_every_mistake_of_the_issue_has_a_file() -> None:
    required = {
        "half_times_h", "forward_difference", "h_too_small", "integer_input", "not_restored",
        "input_modified", "no_delta", "one_hot_only", "label_only", "not_batch_of_one",
        "softmax_overflow", "wrong_sign", "lr_twice", "epoch_iterations_over_batch",
    }
    assert required <= {row[1] for row in MISTAKE_FILES}
    assert {row[1] for row in MISTAKE_FILES} == set(MISTAKES)


@pytest.mark.parametrize("lesson", sorted(SOLUTIONS))
def test_a_right_answer_passes_everything(
    solution_reports: dict[str, CheckReport], lesson: int
) -> None:
    report = solution_reports[str(lesson)]
    assert report.passed, format_report(report)
    assert [result.name for result in report.functions] == [
        spec.name for spec in EXERCISES[lesson].functions
    ]
    for result in report.functions:
        assert result.cases_passed == result.cases_total > 0
    assert "All" in format_report(report)


def test_a_wrong_answer_without_a_name_shows_the_first_failing_case(tmp_path: Path) -> None:
    text = source(3, {"numerical_diff": "def numerical_diff(f, x):\n    return 42.0\n"})
    report = check_file(write(tmp_path, 3, text), timeout=TIMEOUT)
    result = report.result("numerical_diff")
    assert result.status == "wrong"
    assert result.mistake is None
    assert result.detail == (
        "f(x) = 0.01x² + 0.1x at x = 5: expected 0.1999999999990898, got 42.0"
    )


def test_a_missing_return_and_a_wrong_shape_are_said_in_words(tmp_path: Path) -> None:
    text = source(4, {"numerical_gradient": "def numerical_gradient(f, x):\n    x.sum()\n"})
    report = check_file(write(tmp_path, 4, text), timeout=TIMEOUT)
    assert "nothing (None): did you forget return?" in report.result("numerical_gradient").detail
    (tmp_path / "b").mkdir()
    text = source(4, {"numerical_gradient":
                      "def numerical_gradient(f, x):\n    return np.zeros((7,))\n"})
    report = check_file(write(tmp_path / "b", 4, text), timeout=TIMEOUT)
    assert "an array of shape (2,), not (7,)" in report.result("numerical_gradient").detail


def test_two_mistakes_at_once_name_one_and_say_there_is_more(tmp_path: Path) -> None:
    text = source(2, {"cross_entropy_error": (
        "def cross_entropy_error(y, t):\n    batch_size = y.shape[0]\n"
        "    return -np.sum(t * np.log(y + 1e-7)) / batch_size\n")})
    report = check_file(write(tmp_path, 2, text), timeout=TIMEOUT)
    assert report.mistakes == ("one_hot_only",)
    assert "there may be more than one mistake" in report.result("cross_entropy_error").detail
