"""How many threads NumPy's OpenBLAS may use: a small ctypes limiter for training.

OpenBLAS (NumPy's matrix library) splits even small matrix products over
all cores.  The products in a training step are small (100 x 784 x 50), and
when the cores are busy (the app's interface thread, other programs) the
threads wait for each other: measured here, 2,000 book iterations took 35 s
with 2 BLAS threads on a loaded 2-core machine and 2.8 s with 1.  So the
trainer runs with one BLAS thread and gives the old setting back afterwards.
Without OpenBLAS (or off Linux) this does nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

_BLAS_GET = (
    "openblas_get_num_threads",
    "openblas_get_num_threads64_",
    "scipy_openblas_get_num_threads",
    "scipy_openblas_get_num_threads64_",
)
_BLAS_SET = tuple(name.replace("_get_", "_set_") for name in _BLAS_GET)
_blas_lock = threading.Lock()
_blas_controls: list[tuple[Any, Any]] | None = None


def _find_blas_controls() -> list[tuple[Any, Any]]:
    """(get, set) function pairs of every OpenBLAS library loaded in this process."""
    import ctypes

    paths: set[str] = set()
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                path = line.rstrip("\n").split(maxsplit=5)[-1]
                name = path.rsplit("/", 1)[-1].lower()
                if "openblas" in name and ".so" in name:
                    paths.add(path)
    except OSError:
        return []
    controls = []
    for path in sorted(paths):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for get_name, set_name in zip(_BLAS_GET, _BLAS_SET, strict=True):
            getter = getattr(lib, get_name, None)
            setter = getattr(lib, set_name, None)
            if getter is not None and setter is not None:
                getter.restype = ctypes.c_int
                getter.argtypes = []
                setter.restype = None
                setter.argtypes = [ctypes.c_int]
                controls.append((getter, setter))
                break
    return controls


def set_blas_threads(threads: int) -> Callable[[], None]:
    """Make OpenBLAS use ``threads`` threads; return a function that restores the old number."""
    global _blas_controls
    with _blas_lock:
        if _blas_controls is None:
            try:
                _blas_controls = _find_blas_controls()
            except Exception:  # any surprise: leave BLAS alone
                _blas_controls = []
        controls = list(_blas_controls)
    old = []
    for getter, setter in controls:
        try:
            old.append((setter, int(getter())))
            setter(int(threads))
        except Exception:
            continue

    def restore() -> None:
        for setter, number in old:
            try:
                setter(number)
            except Exception:
                continue

    return restore
