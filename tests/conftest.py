"""Set-up shared by every test: no test touches the learner's real files.

Each test gets an empty ``TUI_NN_HOME`` (config, cache and saved networks go to
a temporary folder).  ``TUI_NN_DATA`` is left as the caller set it, so the
tests that need the real MNIST files find them (``.ci/run`` points it at
``../shared/data/mnist``) and skip with a reason when it is not set.  The
folders under tests/ may add their own fixtures on top (tests/ui/conftest.py,
tests/data/conftest.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("TUI_NN_HOME", str(home))
    return home
