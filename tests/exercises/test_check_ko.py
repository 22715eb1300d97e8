"""tui-nn exercise and tui-nn check in Korean: Korean docstrings, reports, mistakes, sandbox.

Held to the rule of :func:`tests.test_cli_ko.english_left`: every printed line
with words has Hangul, except lines of names only (file and function names).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.exercises.learner_files import source, write
from tests.test_cli_ko import HANGUL, assert_korean
from tui_nn import cli
from tui_nn.exercises import messages as msg
from tui_nn.exercises.starters import FUNCTIONS
from tui_nn.exercises.templates import BODIES, starter_text
from tui_nn.i18n import set_language, translate


@pytest.fixture(autouse=True)
def _english_after(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("TUI_NN_HOME", str(tmp_path / "home"))
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    yield
    set_language("en")


def _docstrings(text: str) -> dict[str, str]:
    """The module's and every function's and class's docstring, by name."""
    tree = ast.parse(text)
    found = {"<module>": ast.get_docstring(tree) or ""}
    for node in ast.walk(tree):
        # (__init__ has no docstring, in both languages)
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and ast.get_docstring(node):
            found[node.name] = ast.get_docstring(node) or ""
    return found


@pytest.mark.parametrize("lesson", sorted(BODIES))
def test_korean_starters_have_korean_docstrings_and_the_book_s_code(lesson: int) -> None:
    english = starter_text(lesson, "Title", "f.py")
    set_language("ko")
    korean = starter_text(lesson, "제목", "f.py")
    assert korean.startswith(f"# tui-nn exercise: lesson {lesson}\n")  # the checker reads it
    docs_en, docs_ko = _docstrings(english), _docstrings(korean)
    assert docs_en.keys() == docs_ko.keys()  # the same functions and classes, the book's names
    for name, doc in docs_ko.items():
        assert HANGUL.search(doc), (name, doc)
        assert doc != docs_en[name]
        numbers = re.compile(r"\d+(?:\.\d+)?")
        missing = set(numbers.findall(docs_en[name])) - set(numbers.findall(doc))
        assert not missing, (name, missing)  # the same numbers (the reference answers)
    strip = re.compile(r'""".*?"""', re.S)
    assert strip.sub("", korean) == strip.sub("", english)  # code untouched
    for function in FUNCTIONS[lesson]:
        assert f"def {function.split('.')[-1]}(" in korean


def test_exercise_3_in_korean_and_check_of_the_starter(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["--lang", "ko", "exercise", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("tui-nn-exercises/03_derivatives.py을(를) 만들었습니다")
    assert_korean(out)
    path = Path("tui-nn-exercises/03_derivatives.py")
    assert "(중심 차분)" in path.read_text(encoding="utf-8")
    assert cli.main(["--lang", "ko", "check", str(path)]) == 1
    report = capsys.readouterr().out
    assert "검사 중(3강: " in report and "numerical_diff  아직 작성하지 않음" in report
    assert "함수 1개 중 0개가 통과했습니다." in report
    assert_korean(report)


def test_a_named_mistake_is_named_in_korean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")  # the locale alone chooses Korean
    wrong = "def numerical_diff(f, x):\n    h = 1e-4\n    return (f(x + h) - f(x - h)) / 2*h\n"
    path = write(tmp_path, 3, source(3, {"numerical_diff": wrong}))
    assert cli.main(["check", str(path)]) == 1
    report = capsys.readouterr().out
    assert "실수: /(2*h) 대신 /2*h" in report  # the mistake's name
    assert "x = 5에서 f(x) = 0.01x² + 0.1x: 기대값 0.1999" in report  # the case, expected, got
    assert "(답이 진짜 기울기의 h²배입니다" in report  # what gave it away
    assert "고치는 법: (f(x + h) - f(x - h)) / (2 * h)로 쓰세요" in report  # the one-line fix
    assert "3강을 다시 보세요(" in report  # the lesson to revisit
    assert_korean(report)
    details = [line for line in report.splitlines() if line.startswith(" " * 6)]
    assert details and max(cell_len(line) for line in details) <= 80  # wrapped by cells


def test_a_passing_file_and_a_syntax_error_in_korean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path, 3, source(3))
    assert cli.main(["--lang", "ko", "check", str(good)]) == 0
    report = capsys.readouterr().out
    assert "ok numerical_diff  통과" in report
    assert "함수 1개가 모두 통과했습니다. 잘했어요!" in report
    assert_korean(report)
    broken = write(tmp_path, 3, "# tui-nn exercise: lesson 3\ndef numerical_diff(f, x:\n", "b.py")
    assert cli.main(["--lang", "ko", "check", str(broken)]) == 1
    report = capsys.readouterr().out
    assert "문제: 파일을 읽을 수 없습니다(문법 오류): 2번째 줄: " in report
    assert_korean(report)


def test_an_endless_loop_is_reported_in_korean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    looping = write(tmp_path, 3, "# tui-nn exercise: lesson 3\nwhile True:\n    pass\n")
    assert cli.main(["--lang", "ko", "check", "--timeout", "1", str(looping)]) == 1
    report = capsys.readouterr().out
    assert "파일을 불러오는 데 1초보다 오래 걸렸습니다: 맨 바깥에 무한 루프가 있나요?" in report
    assert_korean(report)


def test_every_mistake_has_a_korean_name_fix_and_sign() -> None:
    for key, mistake in msg.MISTAKES.items():
        for text in (mistake.name, mistake.fix, mistake.sign):
            korean = translate(text, "ko")
            assert korean != text and HANGUL.search(korean), (key, text)


def test_exercise_list_and_option_errors_in_korean(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--lang", "ko", "exercise", "--list"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("연습 문제(tui-nn exercise N으로 시작 파일을 만듭니다):")
    assert "0  (연습 문제 없음: " in text
    assert_korean(text)
    with pytest.raises(SystemExit):
        cli.main(["--lang", "ko", "check", "x.py", "--timeout", "-1"])
    err = capsys.readouterr().err
    assert "'-1': 0보다 큰 숫자여야 합니다" in err
    assert_korean(err)


def test_the_korean_readme_s_example_report_is_what_check_prints(
    capsys: pytest.CaptureFixture[str],
) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.ko.md").read_text(encoding="utf-8")
    section = readme.split("<!-- section: exercises -->", 1)[1]
    block = re.search(r"```\n\$ tui-nn check (\S+) --lang ko\n(.*?)```", section, re.DOTALL)
    assert block, "no Korean example report in README.ko.md's 연습 문제 section"
    assert cli.main(["exercise", "3"]) == 0
    path = Path(block.group(1))
    body = "    h = 1e-4\n    return (f(x + h) - f(x - h)) / 2*h"
    text = path.read_text(encoding="utf-8").replace("    raise NotImplementedError", body)
    path.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["check", str(path), "--lang", "ko"]) == 1
    assert capsys.readouterr().out == block.group(2)
