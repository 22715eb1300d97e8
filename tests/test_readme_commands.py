"""The README's two Quickstart commands, .ci/run and pyproject agree with each other.

A fresh Debian/Ubuntu has only ``python3`` and ``python3-venv``: both commands
make their own virtual environment, CI runs exactly the README's test command,
and everything the tests import comes from the ``test`` extra.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = None


def quickstart_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the Quickstart has no sh block"
    return [line.strip() for line in block.group(1).splitlines() if line.strip()]


def ci_test_command() -> str:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    match = re.search(r'^TEST_COMMAND="(.*)"$', script, re.M)
    assert match, ".ci/run has no TEST_COMMAND line"
    return match.group(1)


def test_quickstart_has_two_commands_each_in_its_own_virtual_environment() -> None:
    app, tests = quickstart_commands()
    for command in (app, tests):
        assert command.startswith("python3 -m venv .venv && .venv/bin/pip install ")
        assert "python3 -m pip" not in command  # refused on Debian's own Python (PEP 668)
    assert app.endswith("&& .venv/bin/tui-nn")
    assert "'.[test]'" in tests and tests.endswith(".venv/bin/python -m pytest")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    assert ci_test_command() == quickstart_commands()[1]
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'bash -c "$TEST_COMMAND"' in script
    for step in (".venv/bin/ruff check .", ".venv/bin/mypy", ".venv/bin/lint-imports"):
        assert step in script


def _imported_top_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_tests_import_only_what_the_test_extra_installs() -> None:
    """The fault that issue 10 found: test_wheel.py imported hatchling, not in the extra."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    if tomllib is not None:
        project = tomllib.loads(text)["project"]
        requirements = project["dependencies"] + project["optional-dependencies"]["test"]
    else:  # pragma: no cover
        requirements = re.findall(r'^\s+"([A-Za-z0-9_.-]+)', text, re.M)
    installed = {re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower() for r in requirements}
    import_names = {
        "pytest_asyncio": "pytest-asyncio", "pytest_textual_snapshot": "pytest-textual-snapshot",
        "textual_plotext": "textual-plotext", "syrupy": "pytest-textual-snapshot",
        "rich": "textual", "markdown_it": "textual", "_pytest": "pytest",
    }
    local = {"tui_nn", "tests", "harness", "conftest"}
    stdlib = set(sys.stdlib_module_names)
    missing: dict[str, str] = {}
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for name in _imported_top_modules(path) - local - stdlib:
            if import_names.get(name, name).lower().replace("_", "-") not in installed:
                missing[name] = str(path.relative_to(ROOT))
    assert missing == {}, f"imported by the tests but not installed by '.[test]': {missing}"
