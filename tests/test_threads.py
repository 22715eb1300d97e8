"""One thread policy: blas_threads limits BLAS, nests, and None leaves it alone."""

from __future__ import annotations

import numpy as np
import pytest

threadpoolctl = pytest.importorskip("threadpoolctl")

from tui_nn.threads import HEAVY_WORK_THREADS, blas_threads  # noqa: E402


def current() -> list[int]:
    return [p["num_threads"] for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"]


@pytest.fixture
def two_threads():
    if not current():
        pytest.skip("this NumPy has no BLAS library threadpoolctl can see")
    with threadpoolctl.threadpool_limits(limits=2, user_api="blas"):
        yield


def test_limits_nest_and_restore(two_threads) -> None:
    assert set(current()) == {2}
    with blas_threads(1):
        assert set(current()) == {1}
        with blas_threads(2):
            assert set(current()) == {2}
        assert set(current()) == {1}  # the inner block gave back the outer limit
        with blas_threads(None):
            assert set(current()) == {1}
        np.ones((50, 50)) @ np.ones((50, 50))
    assert set(current()) == {2}


def test_restored_after_an_error(two_threads) -> None:
    with pytest.raises(RuntimeError), blas_threads(1):
        raise RuntimeError("boom")
    assert set(current()) == {2}


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "1"])
def test_bad_counts_are_refused(bad) -> None:
    with pytest.raises(ValueError, match="BLAS threads"), blas_threads(bad):
        pass


def test_heavy_work_uses_one_thread() -> None:
    assert HEAVY_WORK_THREADS == 1  # chosen by bench/epoch_speed.py on 2 busy cores
