"""The command line in Korean: `tui-nn --lang ko …` (or a Korean locale) prints Korean.

The rule every Korean line is held to (:func:`english_left`): take out the
*names* a Korean text keeps as they are, and what is left must have no Latin
letters unless the line also has Hangul.  Names are: option names and
metavars (``--lr``, ``-h``, ``N``, ``COMMAND``), anything in upper case
(``MNIST``, ``SHA-256``, ``TUI_NN_DATA``), paths, URLs and file names (with a
``/`` or an extension), code (``numerical_diff``, ``f(x)``, ``a.b``, text in
quotes or backquotes), choice lists (``{en,ko}``), numbers (``1e-4``), single
letters (the maths' ``x``, ``h``), and a short list of proper names and option
values (NumPy, tui-nn, ReLU, sigmoid, ...).  So an English sentence left in a
Korean run fails, and a line of names only (``  1. TUI_NN_DATA: /data``) passes.
"""

from __future__ import annotations

import argparse
import gettext
import os
import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from tui_nn import cli
from tui_nn.i18n import set_language

HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
PROPER_NAMES = {
    "NumPy", "tui-nn", "Ctrl", "ReLU", "He", "Xavier", "sigmoid", "relu", "xavier", "he",
    "auto", "builtin", "mnist", "book", "faster", "backprop", "numerical", "random", "shuffle",
    "en", "ko", "nan", "inf", "lr", "ok", "exp", "log", "argmax", "softmax",
    "train", "data", "exercise", "check", "serve", "status", "download", "path",  # commands
}
NAME_PATTERNS = [
    r"`[^`]*`", r"'[^']*'", r'"[^"]*"',  # code and values in quotes
    r"\{[^}]*\}",  # choice lists
    r"\S*/\S*",  # paths, URLs, a/b
    r"(?<![\w-])--?[A-Za-z][\w-]*",  # options
    r"\b[\w-]+\.(?:py|gz|npz|json|md)\b",  # file names
    r"\b\w+(?:\.\w+)+",  # a.b (code, numbers)
    r"\b\w+\(",  # calls
    r"\b\w*_\w*\b",  # identifiers
    r"\b[A-Z][A-Z0-9]*(?:-\d+)?\b",  # upper case names (MNIST, SHA-256, N)
    r"\b\d[\w.,+-]*",  # numbers (1e-4, 0x08, 10,000)
    r"\b[A-Za-z]\b",  # single letters: the maths' variables
]


def english_left(line: str) -> str:
    """What of ``line`` would be English words in a Korean text ("" when it is fine)."""
    if HANGUL.search(line):
        return ""
    for pattern in NAME_PATTERNS:
        line = re.sub(pattern, " ", line)
    words = [word for word in re.findall(r"[A-Za-z][A-Za-z+-]*", line) if word not in PROPER_NAMES]
    return " ".join(words)


def assert_korean(text: str) -> None:
    """Every line of ``text`` with words has Hangul (see the module docstring)."""
    assert HANGUL.search(text), text
    bad = [line for line in text.splitlines() if english_left(line)]
    assert not bad, "\n".join(bad)


@pytest.fixture(autouse=True)
def _english_after(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("TUI_NN_HOME", str(tmp_path / "home"))
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "TUI_NN_SOURCE"):
        monkeypatch.delenv(name, raising=False)
    yield
    set_language("en")


def test_the_rule_catches_english_and_lets_names_pass() -> None:
    assert english_left("usage: tui-nn [-h] [--lang {en,ko}]") == "usage"
    assert english_left("tui-nn train: error: argument --lr: invalid") == "error argument invalid"
    assert english_left("Where tui-nn looks for the MNIST files, in order:") == (
        "Where looks for the files in order")
    assert english_left("  1. TUI_NN_DATA: /work/shared/data/mnist") == ""
    assert english_left("  ok numerical_diff  통과") == ""
    assert english_left("3  03_derivatives.py          numerical_diff") == ""
    assert english_left("                  [--save [PATH]] [--quiet] [--yes]") == ""


def help_text(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["--lang", "ko", "--help"],
        ["train", "--lang", "ko", "--help"],
        ["--lang", "ko", "data", "--help"],
        ["--lang", "ko", "data", "download", "--help"],
        ["--lang", "ko", "exercise", "--help"],
        ["--lang", "ko", "check", "--help"],
    ],
)
def test_help_is_korean_and_fits_80_columns(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = help_text(argv, capsys)
    assert_korean(text)
    assert "사용법: tui-nn" in text  # argparse's own "usage:"
    assert "옵션:" in text and "이 도움말을 보여 주고 끝냅니다" in text
    widest = max(cell_len(line) for line in text.splitlines())
    assert widest <= 80, widest
    assert gettext.gettext is argparse._  # argparse's words are put back after the command


def test_a_korean_locale_gives_korean_help(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    assert_korean(help_text(["train", "--help"], capsys))


def test_english_stays_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    text = help_text(["--help"], capsys)
    assert text.startswith("usage: tui-nn") and not HANGUL.search(text)


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--lang", "ko", "train", "--lr", "abc"], "'abc'은(는) 숫자가 아닙니다"),
        (["--lang", "ko", "train", "--hidden", "0"], "1 이상이어야 합니다"),
        (["--lang", "ko", "nosuch"], "고를 수 없는 값: 'nosuch'"),
        (["--lang", "ko", "check", "--max-checks", "x"], "잘못된 int 값: 'x'"),
        (["--lang", "ko", "check"], "다음 인수가 꼭 필요합니다: FILE"),
    ],
)
def test_argparse_errors_are_korean(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert says in err and ": 오류: " in err
    assert_korean(err)


def test_a_short_training_run_reports_in_korean(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--lang", "ko", "train", "--source", "builtin", "--train-size", "200",
            "--batch", "50", "--epochs", "2"]
    assert cli.main(argv) == 0
    captured = capsys.readouterr()
    out = captured.out
    assert_korean(out)
    assert_korean(captured.err)  # the plain progress line (not a terminal)
    assert "데이터: 내장 숫자 데이터" in out
    assert "에폭: 에폭당 훈련 이미지 200장 / 배치 50 = 반복 4번" in out
    assert re.search(r"에폭 2/2  반복 8  훈련 정확도 \d\.\d{4}  시험 정확도 \d\.\d{4}", out)
    assert re.search(r"최종: 훈련 정확도 \d\.\d{4}  시험 정확도 \d\.\d{4}", out)


def test_the_went_nowhere_verdict_is_korean(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "chance.npz"
    argv = ["--lang", "ko", "train", "--source", "builtin", "--lr", "1e6", "--iterations",
            "300", "--quiet", "--save", str(target)]
    assert cli.main(argv) == 1
    captured = capsys.readouterr()
    assert "학습이 제자리입니다: 시험 정확도" in captured.err
    assert "--lr을 줄여 보세요" in captured.err
    assert "가중치가 망가진 신경망은 저장하지 않습니다" in captured.err and not target.exists()
    assert_korean(captured.err)
    assert_korean(captured.out)


def test_data_status_is_korean(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.environ.get("TUI_NN_DATA")
    monkeypatch.delenv("TUI_NN_DATA", raising=False)
    status = cli.main(["--lang", "ko", "data", "status", "--data-dir", str(tmp_path / "none")])
    out = capsys.readouterr().out
    assert status == 1
    assert out.startswith("tui-nn이 MNIST 파일을 찾는 곳(이 순서대로):")
    assert "(그런 폴더가 없습니다)" in out and "진짜 MNIST: 찾지 못했습니다" in out
    assert_korean(out)
    if real:  # the real files (the suite runs with TUI_NN_DATA): every file checked, in Korean
        monkeypatch.setenv("TUI_NN_DATA", real)
        assert cli.main(["--lang", "ko", "data", "status"]) == 0
        out = capsys.readouterr().out
        assert "t10k-labels-idx1-ubyte.gz: 정상(SHA-256 검증됨)" in out
        assert "-> 사용함 (검증됨)" in out
        assert_korean(out)


def test_korean_progress_fits_80_columns() -> None:
    from tui_nn.train_progress import SPARE, fit_line, stats_parts

    set_language("ko")
    note = "(기울기: 매개변수 39,760개 중 1,000개)"
    parts = stats_parts(3_000, 10_000, 600, 0.25, 10.0, note=note)
    assert parts[:2] == ["3,000/10,000번", "0:23 남음"]
    for width in (40, 60, 80, 100):
        bar, text = fit_line(parts, width)
        assert (bar + 1 if bar else 0) + cell_len(text) <= width - SPARE
    assert fit_line(parts, 80)[0] >= 8  # a bar is still drawn at 80 columns
