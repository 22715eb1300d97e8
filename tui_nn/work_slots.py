"""Turns for heavy work (a training, a numerical gradient) when sessions share a machine.

Outside ``tui-nn serve`` there is no limit: :func:`heavy_work_turn` lets the
work start at once.  The classroom server replaces the policy so that at most a
set number of heavy runs go at once across every student's session; the others
wait, and ``on_wait`` tells their screen how many runs are ahead of them.

The lab kit wraps every heavy worker in this context manager, so the policy
lives in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager


def _never() -> bool:
    return False


@contextmanager
def heavy_work_turn(
    *,
    cancelled: Callable[[], bool] = _never,
    on_wait: Callable[[int], None] | None = None,
) -> Iterator[bool]:
    """Wait for a turn to run heavy work, then hold it while the ``with`` body runs.

    Yields True when the turn was had, False when ``cancelled()`` became true
    while waiting (the body should then return at once).  While waiting,
    ``on_wait(n)`` is called now and then with the number of runs ahead.
    Without a shared limit (the default) it yields True at once.
    """
    del cancelled, on_wait  # no limit outside a served session
    yield True
