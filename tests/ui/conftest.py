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
- ``snap_compare`` is the plugin's, with one change: the screenshot is taken
  only once the app has settled (``harness.settled``: every message handled,
  every layout asked for done, the screen redrawn) after ``run_before`` and
  ``press``.  The plugin's own pauses can end, on CI's loaded cores, before a
  layout a text's new line asked for (a lab left one row short in a snapshot).
- ``app_at(lesson)`` builds the full app (``TuiNNApp``) at a lesson, e.g.
  ``async with app_at(3).run_test(size=(100, 32)) as pilot: ...``.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
def snap_compare(snap_compare: Callable[..., bool]) -> Callable[..., bool]:
    """pytest-textual-snapshot's ``snap_compare``, taken once the app has settled."""
    from tests.ui.harness import settled

    def compare(
        app: Any,
        press: Iterable[str] = (),
        terminal_size: tuple[int, int] = (80, 24),
        run_before: Callable[[Any], Awaitable[None] | None] | None = None,
        **options: Any,
    ) -> bool:
        keys = list(press)

        async def before(pilot: Any) -> None:
            if run_before is not None:
                result = run_before(pilot)
                if inspect.isawaitable(result):
                    await result
            await settled(pilot)
            if keys:
                await pilot.press(*keys)
            await pilot.wait_for_scheduled_animations()
            await settled(pilot)

        return snap_compare(app, terminal_size=terminal_size, run_before=before, **options)

    return compare


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
