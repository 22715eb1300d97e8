"""Shared set-up for every UI test (tests/ui/).

How to use it (for every engineer writing UI tests):

- Nothing to do for isolation: an autouse fixture gives each UI test its own
  empty ``TUI_NN_HOME`` (config, cache and saved files go to a temporary
  folder), so no test reads or writes the learner's real files and the app
  never "remembers" a lesson from another test.
- Snapshot tests (any test that uses pytest-textual-snapshot's ``snap_compare``
  fixture) automatically get ``TUI_NN_SOURCE=builtin``, so a snapshot looks the
  same whether or not the real MNIST files are present.  Any other test can ask
  for the same with ``@pytest.mark.builtin_data`` or the ``builtin_data``
  fixture.  Tests that want the real files keep the default (``auto``) and
  skip themselves when ``TUI_NN_DATA`` is not set.
- ``app_at(lesson)`` builds the full app (``TuiNNApp``) at a lesson, e.g.
  ``async with app_at(3).run_test(size=(100, 32)) as pilot: ...``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tui_nn.ui.app import TuiNNApp


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "builtin_data: run the test with TUI_NN_SOURCE=builtin (no real MNIST)"
    )


@pytest.fixture(autouse=True)
def tui_nn_home(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> Path:
    """A fresh TUI_NN_HOME for each UI test (and builtin data for snapshot tests)."""
    home = tmp_path_factory.mktemp("tui_nn_home")
    monkeypatch.setenv("TUI_NN_HOME", str(home))
    if "snap_compare" in request.fixturenames or request.node.get_closest_marker("builtin_data"):
        monkeypatch.setenv("TUI_NN_SOURCE", "builtin")
    return home


@pytest.fixture
def builtin_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use the built-in digits even when the real MNIST files are present."""
    monkeypatch.setenv("TUI_NN_SOURCE", "builtin")


@pytest.fixture
def app_at() -> Callable[[int | None], TuiNNApp]:
    """``app_at(n)`` builds the whole app opened at lesson ``n`` (None: resume/list)."""
    from tui_nn.ui.app import TuiNNApp

    def build(lesson: int | None = None) -> TuiNNApp:
        return TuiNNApp(lesson=lesson)

    return build
