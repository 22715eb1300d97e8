"""The Python example in the README's data section runs as written."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def _data_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- section: data -->")
    end = text.index("<!-- section:", start + 1)
    return text[start:end]


def test_readme_python_example_runs(capsys) -> None:
    blocks = re.findall(r"```python\n(.*?)```", _data_section(), flags=re.DOTALL)
    assert blocks, "the data section should have a Python example"
    for block in blocks:
        exec(compile(block, "README.md (data section)", "exec"), {})
    out = capsys.readouterr().out
    assert "builtin built-in digits (MNIST not found)" in out  # isolated: no MNIST here


def test_readme_names_the_commands_and_variables() -> None:
    section = _data_section()
    for word in (
        "tui-nn data status", "tui-nn data download", "tui-nn data path",
        "TUI_NN_DATA", "TUI_NN_SOURCE", "TUI_NN_MIRRORS", "docs/data-digits.png",
    ):
        assert word in section
    assert (README.parent / "docs" / "data-digits.png").is_file()
