"""The README's "Use the engine as a library" example runs and prints what it says."""

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def _engine_example() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("<!-- section: engine -->", 1)[1].split("<!-- section:", 1)[0]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match, "the engine section of README.md has no python example"
    return match.group(1)


def test_readme_engine_example_runs() -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(_engine_example(), "README.md", "exec"), {})
    lines = out.getvalue().splitlines()
    assert lines[0] == "0.1999999999990898"
    assert lines[1] == "[6. 8.]"
    assert lines[2] == "[-6.11110793e-10  8.14814391e-10]"
    assert "'W1': (784, 50)" in lines[3]
