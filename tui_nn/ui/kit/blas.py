"""How many BLAS threads the kit's work may use: ``tui_nn.threads.blas_threads`` when present.

Until ``tui_nn/threads.py`` exists the kit falls back to threadpoolctl directly,
and to doing nothing when threadpoolctl is not installed either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext


def _fallback(threads: int | None) -> AbstractContextManager[object]:
    if threads is None:
        return nullcontext()
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl is a dependency
        return nullcontext()
    return threadpool_limits(limits=threads)


def _find() -> Callable[[int | None], AbstractContextManager[object]]:
    try:
        from tui_nn.threads import blas_threads  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return _fallback
    return blas_threads  # type: ignore[no-any-return,unused-ignore]


@contextmanager
def limited_blas(threads: int | None) -> Iterator[None]:
    """Run the ``with`` body with at most ``threads`` BLAS threads (None: leave as is)."""
    with _find()(threads):
        yield
