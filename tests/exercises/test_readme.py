"""The README's Exercises section shows real output, and its Python example runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tui_nn import cli

README = Path(__file__).resolve().parents[2] / "README.md"


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("<!-- section: exercises -->", 1)[1].split("<!-- section:", 1)[0]


def test_the_example_report_is_what_check_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    block = re.search(r"```\n\$ tui-nn check (\S+)\n(.*?)```", _section(), re.DOTALL)
    assert block, "no example report in the Exercises section"
    monkeypatch.chdir(tmp_path)
    assert cli.main(["exercise", "3"]) == 0
    path = Path(block.group(1))
    text = path.read_text(encoding="utf-8")
    body = "    h = 1e-4\n    return (f(x + h) - f(x - h)) / 2*h"
    path.write_text(text.replace("    raise NotImplementedError", body), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["check", str(path)]) == 1
    assert capsys.readouterr().out == block.group(2)


def test_the_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = re.search(r"```python\n(.*?)```", _section(), re.DOTALL)
    assert code
    monkeypatch.chdir(tmp_path)
    scope: dict[str, object] = {}
    exec(compile(code.group(1), "README.md (exercises)", "exec"), scope)
    assert scope["calls"].calls[0].problem == "not written yet"  # type: ignore[attr-defined]
    assert not scope["report"].passed  # type: ignore[attr-defined]
