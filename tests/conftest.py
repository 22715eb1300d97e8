"""Set-up shared by every test: no test touches the learner's real files.

Each test gets an empty ``TUI_NN_HOME`` (config, cache and saved networks go to
a temporary folder).  ``TUI_NN_DATA`` is left as the caller set it, so the
tests that need the real MNIST files find them (``.ci/run`` points it at
``../shared/data/mnist``) and skip with a reason when it is not set.  The
folders under tests/ may add their own fixtures on top (tests/ui/conftest.py,
tests/data/conftest.py).
"""

from __future__ import annotations

import os
import sys

# One BLAS thread per test process (and for the processes the tests start), set before NumPy
# loads OpenBLAS.  The suite runs on three xdist workers on two cores: OpenBLAS's own threads
# (two per process) then spin waiting for each other, and tests/engine/test_train.py alone
# took 24 s of CPU instead of 5 s (110 s instead of 8 s of wall time on a loaded machine).
# The app's heavy work runs with one BLAS thread anyway (tui_nn.threads.HEAVY_WORK_THREADS).
# The tests about BLAS threads set the limits they check (tests/test_threads.py,
# tests/engine/test_train.py) or check the kit's own call (tests/ui/test_lab_kit.py).
_NUMPY_LOADED_BEFORE = "numpy" in sys.modules
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from tui_nn.i18n import catalogue, set_language  # noqa: E402

if _NUMPY_LOADED_BEFORE:  # too late for the variables: limit the loaded library instead
    import numpy  # noqa: F401
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("TUI_NN_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """Every test starts and ends in English with the package's catalogues.

    The language is process-wide state (``tui_nn.i18n``); a Korean test that
    failed (or forgot) to switch back must not turn the next test on the same
    xdist worker Korean.
    """
    catalogue.use_locale_dir(None)
    set_language("en")
    yield
    catalogue.use_locale_dir(None)
    set_language("en")


#: The longest tests (each 15-90 s): started first, so that pytest-xdist's other
#: workers go through the short ones meanwhile instead of all waiting on them at the end.
SLOW_FIRST = (
    "tests/ui/test_sizes.py",
    "tests/ui/test_korean_walk.py",
    "tests/serve/test_browser.py",
    "tests/ui/test_app_walk.py",
    "tests/engine/test_train.py",
    "tests/ui/test_lab_training_app.py",
    "tests/engine/test_saving_faults.py",
    "tests/ui/test_bad_input_matrix.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the files of ``SLOW_FIRST`` first (their order within a file is kept)."""

    def rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return SLOW_FIRST.index(path) if path in SLOW_FIRST else len(SLOW_FIRST)

    items.sort(key=rank)  # sort is stable: the rest keep their order
