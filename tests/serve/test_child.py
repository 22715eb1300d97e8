"""A served session's process: the app as ``tui-nn`` runs it, with the collector set for serving."""

from __future__ import annotations

import json
import subprocess
import sys

from tui_nn import __version__
from tui_nn.serve import child


def test_the_child_freezes_the_imported_modules_and_spaces_out_collections() -> None:
    probe = (
        "import gc, json; from tui_nn.serve import child;"
        " before = gc.get_threshold(); child.tune_collector();"
        " print(json.dumps([before, gc.get_threshold(), gc.get_freeze_count()]))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, timeout=60)
    before, after, frozen = json.loads(done.stdout)
    assert tuple(after) == child.THRESHOLDS != tuple(before)
    assert after[0] > before[0]  # young collections less often than Python's default
    assert frozen > 20_000  # Textual's, Rich's and NumPy's objects: no full collection walks them


def test_the_child_is_the_tui_nn_command() -> None:
    done = subprocess.run([sys.executable, "-m", "tui_nn.serve.child", "--version"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert __version__ in done.stdout
