"""The import rules between layers, at run time (beside the static `lint-imports` contracts).

- the engine imports NumPy and the standard library only (no interface, no charts, no rich,
  no platformdirs/pooch/requests, none of tui-nn's own non-engine modules);
- the data layer may add pooch, requests and platformdirs, never the interface or the engine's
  training words (``engine.train_config``);
- only the interface imports Textual and the charts.

Each package and all its submodules are imported in a fresh interpreter and ``sys.modules``
is read.  KNOWN lists the one allowed exception (the data layer's own command line).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

UI = {"textual", "plotext", "textual_plotext", "tui_nn.ui"}
ENGINE_FORBIDDEN = UI | {
    "rich", "platformdirs", "pooch", "requests", "threadpoolctl",
    "tui_nn.data", "tui_nn.formatting", "tui_nn.paths", "tui_nn.cli", "tui_nn.train_cli",
    "tui_nn.train_options", "tui_nn.term", "tui_nn.catalog",
}
DATA_FORBIDDEN = UI | {"rich", "tui_nn.engine.train_config", "tui_nn.formatting"}
NO_UI = UI

KNOWN: dict[str, set[str]] = {
    # `tui-nn data` (tui_nn.data.cli) prints with the shared words: the one exception, the
    # same as the import-linter contract's ignore_imports.
    "tui_nn.data": {"tui_nn.formatting"},
}

CODE = """
import importlib, json, pkgutil, sys
pkg = importlib.import_module(sys.argv[1])
for info in pkgutil.walk_packages(getattr(pkg, '__path__', []), pkg.__name__ + '.'):
    importlib.import_module(info.name)
print(json.dumps(sorted(sys.modules)))
"""


def imported_by(package: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", CODE, package], capture_output=True, text=True, check=True,
        timeout=120,
    )
    return set(json.loads(result.stdout))


def violations(modules: set[str], forbidden: set[str]) -> set[str]:
    return {
        rule for rule in forbidden
        if any(m == rule or m.startswith(rule + ".") for m in modules)
    }


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("tui_nn.engine", ENGINE_FORBIDDEN),
        ("tui_nn.data", DATA_FORBIDDEN),
        ("tui_nn.catalog", NO_UI),
        ("tui_nn.paths", NO_UI),
        ("tui_nn.formatting", NO_UI | {"numpy"}),
        ("tui_nn.term", NO_UI | {"numpy", "rich"}),
        ("tui_nn.train_cli", NO_UI),
        ("tui_nn.train_options", NO_UI | {"numpy"}),
    ],
)
def test_layer_imports_only_what_it_may(package: str, forbidden: set[str]) -> None:
    bad = violations(imported_by(package), forbidden)
    new = bad - KNOWN.get(package, set())
    assert new == set(), f"{package} imported {sorted(new)}"


def test_the_rules_catch_a_violation() -> None:
    assert violations({"tui_nn.paths", "numpy"}, ENGINE_FORBIDDEN) == {"tui_nn.paths"}
    assert violations({"textual.app"}, NO_UI) == {"textual"}
    assert violations({"tui_nn.engine.nets"}, DATA_FORBIDDEN) == set()


def test_the_engine_does_not_import_the_folders_module_any_more() -> None:
    """engine/saving.py used to import tui_nn.paths (platformdirs) at import time."""
    modules = imported_by("tui_nn.engine.saving")
    assert "tui_nn.paths" not in modules and "platformdirs" not in modules
