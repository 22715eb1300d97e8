"""The engine and data layers must never import the interface or a plotting library."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("package", ["tui_nn.engine", "tui_nn.data", "tui_nn.catalog"])
def test_layer_imports_no_ui(package: str) -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        f"pkg = importlib.import_module({package!r})\n"
        "for info in pkgutil.walk_packages(getattr(pkg, '__path__', []), pkg.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'textual', 'plotext', 'textual_plotext'} or m.startswith('tui_nn.ui'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"{package} imported: {result.stdout.strip()}"
