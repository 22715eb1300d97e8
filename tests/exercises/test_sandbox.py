"""A learner's file that loops, allocates, raises, exits or does not parse: a clear sentence.

Every check runs the file in its own limited process; these tests use short
limits. None of them may hang or let a traceback through.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.exercises.conftest import LOOP_TIMEOUT, SHORT_TIMEOUT, SMALL_MEMORY_MB, TIMEOUT
from tui_nn.exercises import check_file, format_report
from tui_nn.exercises.report import ERROR, NOT_CHECKED, PASSED, TOO_SLOW


def _check(tmp_path: Path, text: str, lesson: int = 3, **limits: float) -> str:
    path = tmp_path / f"{lesson:02d}_file.py"
    path.write_text(text, encoding="utf-8")
    report = check_file(path, timeout=limits.get("timeout", TIMEOUT),
                        memory_mb=int(limits.get("memory_mb", SMALL_MEMORY_MB)))
    shown = format_report(report)
    assert "Traceback" not in shown
    return shown


def test_an_endless_loop_at_the_top_is_stopped(tmp_path: Path) -> None:
    shown = _check(tmp_path, "while True:\n    pass\n", timeout=SHORT_TIMEOUT)
    assert "took longer than 1 s to load: an endless loop at the top level?" in shown


def test_an_endless_loop_in_a_function_is_stopped_and_the_rest_kept(tmp_path: Path) -> None:
    text = (
        "import numpy as np\n"
        "def softmax(a):\n    e = np.exp(a - np.max(a, axis=-1, keepdims=True))\n"
        "    return e / np.sum(e, axis=-1, keepdims=True)\n"
        "class SimpleNet:\n    def loss(self, x, t):\n        while True:\n            pass\n"
    )
    path = tmp_path / "06_net.py"
    path.write_text(text, encoding="utf-8")
    report = check_file(path, timeout=LOOP_TIMEOUT)
    assert report.result("softmax").status == PASSED
    loss = report.result("SimpleNet.loss")
    assert loss.status == TOO_SLOW
    assert loss.title == "took too long: stopped after 2 s (an endless loop?)"
    assert not report.passed


def test_a_huge_allocation_runs_out_of_the_memory_limit(tmp_path: Path) -> None:
    text = "def numerical_diff(f, x):\n    chunks = []\n    while True:\n" \
           "        chunks.append(bytearray(10**7))\n"
    shown = _check(tmp_path, text)
    assert f"ran out of memory (the limit is {SMALL_MEMORY_MB} MB)" in shown


def test_a_huge_array_at_the_top_runs_out_of_memory(tmp_path: Path) -> None:
    shown = _check(tmp_path, "import numpy as np\nbig = np.ones((10**6, 10**6))\n")
    assert f"your file ran out of memory while loading (the limit is {SMALL_MEMORY_MB} MB)" \
        in shown


def test_an_error_names_its_type_and_line(tmp_path: Path) -> None:
    text = "def numerical_diff(f, x):\n    h = 0\n    return (f(x + h) - f(x - h)) / (2 * h)\n"
    path = tmp_path / "03_d.py"
    path.write_text(text, encoding="utf-8")
    result = check_file(path, timeout=TIMEOUT).result("numerical_diff")
    assert result.status == ERROR
    assert result.title == "raised ZeroDivisionError at line 3"
    assert "ZeroDivisionError at line 3: float division by zero" in result.detail


def test_a_syntax_error_gives_the_line(tmp_path: Path) -> None:
    text = "def numerical_diff(f, x):\n    h = 1e-4\n    return (f(x + h) - f(x - h) / (2 * h)\n"
    shown = _check(tmp_path, text)
    assert "your file does not parse: line 3: '(' was never closed" in shown


def test_an_import_error_is_a_sentence(tmp_path: Path) -> None:
    shown = _check(tmp_path, "import numpyy as np\n")
    assert "your file could not import something: No module named 'numpyy' (line 1)" in shown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("import sys\nsys.exit(3)\n", "your file calls sys.exit() (or exit()) when it is loaded"),
        ("import sys\ndef numerical_diff(f, x):\n    sys.exit(1)\n",
         "numerical_diff  called sys.exit() (or exit())"),
        ("import os\ndef numerical_diff(f, x):\n    os._exit(7)\n",
         "the check stopped unexpectedly (exit status 7)"),
        ("def numerical_diff(f, x):\n    return input('h? ')\n", "EOFError at line 2"),
    ],
    ids=["exit-at-load", "exit-in-function", "os-exit", "input"],
)
def test_exiting_or_waiting_for_input_is_a_sentence(
    tmp_path: Path, text: str, expected: str
) -> None:
    assert expected in _check(tmp_path, text)


def test_what_the_file_prints_does_not_disturb_the_check(tmp_path: Path) -> None:
    text = (
        "print('hello', flush=True)\nimport sys\nsys.stderr.write('noise')\n"
        "def numerical_diff(f, x):\n    print('x =', x)\n    h = 1e-4\n"
        "    return (f(x + h) - f(x - h)) / (2 * h)\n"
        "if __name__ == '__main__':\n    raise SystemExit('demo code does not run')\n"
    )
    shown = _check(tmp_path, text)
    assert "All 1 functions pass." in shown


def test_a_function_that_is_not_there_is_named(tmp_path: Path) -> None:
    path = tmp_path / "06_net.py"
    path.write_text("x = 1\n", encoding="utf-8")
    report = check_file(path, timeout=TIMEOUT)
    assert [r.title for r in report.functions] == [
        "not found in your file: define softmax", "not found in your file: define SimpleNet.loss"
    ]


def test_after_the_stuck_function_the_rest_is_not_checked(tmp_path: Path) -> None:
    text = "def mean_squared_error(y, t):\n    while True:\n        pass\n"
    path = tmp_path / "01_loss.py"
    path.write_text(text, encoding="utf-8")
    report = check_file(path, timeout=LOOP_TIMEOUT)
    assert [r.status for r in report.functions] == [TOO_SLOW, NOT_CHECKED]
