"""Turns for heavy work (a training, a numerical gradient) when sessions share a machine.

Outside ``tui-nn serve`` there is no limit: :func:`heavy_work_turn` lets the
work start at once.  In a served session the server puts two variables in the
session's environment, and then at most ``TUI_NN_MAX_RUNNING`` heavy runs go
at once across every student's session; the others wait, first come first
served, and ``on_wait`` tells their screen how many runs are ahead of them.

How the turns are shared, with nothing but files in ``TUI_NN_WORK_SLOTS``
(a folder the server makes):

* ``slot-K.lock`` (K = 0 … max-1): a run holds a turn while it holds an
  exclusive ``fcntl.flock`` on one of them.  The kernel drops a lock when its
  process dies, so a crashed session never keeps a turn.
* ``queue/<time>-<pid>-<random>.wait``: one file per waiting run, locked by
  its waiter.  The queue is the sorted names; only the first live waiter may
  take a free slot (first come, first served).  A file nobody holds a lock on
  belongs to a dead waiter and is removed by whoever finds it.

While it holds a turn, the thread doing the work runs at a lower CPU priority
(Linux: nice :data:`HEAVY_WORK_NICE` for that thread alone, see
:func:`low_priority`), so that the interfaces of every session on the machine
win the CPU whenever a key arrives.  How much lower is a balance, measured with
``bench/serve_load.py`` (issue 14): Linux shares a core by weight, 1024 for
nice 0, 335 for nice 5, 110 for nice 10.  A training that shares a core with a
busy interface thread gets a quarter of it at nice 5 (a tenth at nice 10), and
the key three quarters (nine tenths).  A 100-iteration training of lesson 8
needs about 0.25 s of CPU; at nice 10 on a machine whose cores are kept busy
(thirty interfaces, other programs) it got half a per cent of a core: in the
first acceptance run 4 of 30 finished within the bench's four minutes, each
after about 48 s, while all thirty needed less than ten seconds of CPU.  At
nice 5 a training gets three times the share of nice 10 and the keys still
win.  Outside a served session nothing changes (a lowered priority cost the
desktop app speed on a busy machine for no gain in its key times).

The queue is first come, first served, and that is fair between students: a
session has at most one heavy run at a time, so it holds at most one place,
and a student who starts again goes behind everyone already waiting.  What
it does not do is take a turn back: a long run (the book's 10,000 iterations
are tens of seconds of CPU) keeps its turn to the end, so a class exercise
should use short trainings (see README, "Teaching with tui-nn").

The lab kit wraps every heavy worker in this context manager, so the policy
lives in one place.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows: no shared limit there
    fcntl = None  # type: ignore[assignment]

#: The folder of lock files shared by every session of one server.
ENV_SLOTS = "TUI_NN_WORK_SLOTS"
#: How many heavy runs may go at once.
ENV_MAX_RUNNING = "TUI_NN_MAX_RUNNING"
#: Seconds between two looks at the queue while waiting (for the next in line) …
POLL_SECONDS = 0.1
#: … and at most, for a waiter far back (see :func:`poll_seconds`).
MAX_POLL_SECONDS = 1.0
#: The nice value of a thread while it holds a turn (0 normal … 19 lowest): at 5 a
#: busy interface thread (nice 0) gets three quarters of a core it shares with one,
#: and the training a quarter, so that it still ends on a busy machine (module doc).
HEAVY_WORK_NICE = 5
#: Overrides it (a whole number 0-19; for measuring, e.g. ``bench/serve_load.py --nice``).
ENV_NICE = "TUI_NN_WORK_NICE"


def heavy_work_nice() -> int:
    """The nice value for heavy work in a served session (``TUI_NN_WORK_NICE`` or 5)."""
    try:
        return min(19, max(0, int(os.environ.get(ENV_NICE, HEAVY_WORK_NICE))))
    except ValueError:
        return HEAVY_WORK_NICE


def _never() -> bool:
    return False


def _policy() -> tuple[Path, int] | None:
    """The shared folder and the limit, or None outside a served session."""
    folder = os.environ.get(ENV_SLOTS, "")
    if not folder or fcntl is None:
        return None
    try:
        limit = int(os.environ.get(ENV_MAX_RUNNING, "1"))
    except ValueError:
        limit = 1
    return Path(folder), max(1, limit)


def _try_lock(path: Path) -> IO[bytes] | None:
    """``path`` opened and exclusively locked, or None when someone else holds it."""
    try:
        fh = open(path, "ab")  # noqa: SIM115 - kept open while the lock is held
    except OSError:
        return None
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        return None
    return fh


def _release(fh: IO[bytes]) -> None:
    with contextlib.suppress(OSError):
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
    fh.close()


def _take_slot(folder: Path, limit: int) -> IO[bytes] | None:
    for k in range(limit):
        fh = _try_lock(folder / f"slot-{k}.lock")
        if fh is not None:
            return fh
    return None


def _join_queue(queue: Path) -> tuple[Path, IO[bytes]]:
    """Put a locked waiting file in the queue (locked before it gets its final name)."""
    queue.mkdir(parents=True, exist_ok=True)
    name = f"{time.time_ns():020d}-{os.getpid():08d}-{secrets.token_hex(4)}.wait"
    tmp = queue / f".{name}.tmp"
    fh = _try_lock(tmp)
    if fh is None:  # pragma: no cover - a fresh unique name is never locked
        raise OSError(f"cannot lock {tmp}")
    final = queue / name
    os.replace(tmp, final)
    return final, fh


def _ahead(queue: Path, mine: Path) -> int:
    """Live waiters before ``mine`` in the queue; dead waiters' files are removed."""
    count = 0
    try:
        names = sorted(p.name for p in queue.iterdir() if p.name.endswith(".wait"))
    except OSError:
        return 0
    for name in names:
        if name >= mine.name:
            break
        path = queue / name
        fh = _try_lock(path)
        if fh is None:
            count += 1  # its waiter holds the lock: alive
            continue
        with contextlib.suppress(OSError):  # nobody holds it: its waiter died
            path.unlink()
        _release(fh)
    return count


@contextmanager
def heavy_work_turn(
    *,
    cancelled: Callable[[], bool] = _never,
    on_wait: Callable[[int], None] | None = None,
) -> Iterator[bool]:
    """Wait for a turn to run heavy work, then hold it while the ``with`` body runs.

    Yields True when the turn was had, False when ``cancelled()`` became true
    while waiting (the body should then return at once).  While waiting,
    ``on_wait(n)`` is called when the wait starts and whenever ``n``, the
    number of runs queued ahead of this one, changes (0: this run is next).
    Without a shared limit (outside ``tui-nn serve``) it yields True at once.
    """
    policy = _policy()
    if policy is None:
        yield True
        return
    folder, limit = policy
    slot = _take_slot(folder, limit) if not _queue_has_waiters(folder / "queue") else None
    if slot is None:
        slot = _wait_for_slot(folder, limit, cancelled, on_wait)
        if slot is None:
            yield False
            return
    try:
        with low_priority(heavy_work_nice()):
            yield True
    finally:
        _release(slot)


def _thread_id() -> int | None:
    try:
        return threading.get_native_id()
    except AttributeError:  # pragma: no cover - very old platforms
        return None


@contextmanager
def low_priority(nice: int) -> Iterator[int | None]:
    """Run the ``with`` body in this thread at nice ``nice`` or lower priority (Linux).

    On Linux a thread's nice value is its own (``setpriority`` on the thread's
    id), so the other threads of the process, the interface among them, keep
    theirs.  Yields the nice value the thread had (None where it cannot be
    set: then nothing changes).  On leaving, the old value is put back when
    the system allows it: raising a nice value is always allowed, lowering it
    again needs CAP_SYS_NICE or a RLIMIT_NICE that permits it; without either
    the pooled thread stays at the lower priority, which only slows the work
    it runs later, never the interface.
    """
    tid = _thread_id() if sys.platform.startswith("linux") else None
    before: int | None = None
    if tid is not None:
        try:
            before = os.getpriority(os.PRIO_PROCESS, tid)
            if before < nice:
                os.setpriority(os.PRIO_PROCESS, tid, nice)
        except OSError:
            before = None
    try:
        yield before
    finally:
        if tid is not None and before is not None:
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, tid, before)


def _queue_has_waiters(queue: Path) -> bool:
    try:
        return any(p.name.endswith(".wait") for p in queue.iterdir())
    except OSError:
        return False


def poll_seconds(ahead: int, limit: int) -> float:
    """How long a waiter sleeps before it looks at the queue again.

    The waiters who may get the next turns look every :data:`POLL_SECONDS`;
    one further back looks less often (up to once a second), so thirty waiting
    sessions do not spend the CPU that the running work and the keys need on
    reading the queue (each look tries the lock of every waiter ahead).
    """
    if ahead < limit:
        return POLL_SECONDS
    return min(MAX_POLL_SECONDS, POLL_SECONDS * (2 + ahead - limit))


def _wait_for_slot(
    folder: Path,
    limit: int,
    cancelled: Callable[[], bool],
    on_wait: Callable[[int], None] | None,
) -> IO[bytes] | None:
    """Queue up and poll until first in line with a free slot (or cancelled: None)."""
    queue = folder / "queue"
    mine, ticket = _join_queue(queue)
    told: int | None = None
    try:
        while True:
            if cancelled():
                return None
            ahead = _ahead(queue, mine)
            if ahead == 0:
                slot = _take_slot(folder, limit)
                if slot is not None:
                    return slot
            if on_wait is not None and ahead != told:
                told = ahead
                on_wait(ahead)
            time.sleep(poll_seconds(ahead, limit))
    finally:
        with contextlib.suppress(OSError):
            mine.unlink()
        _release(ticket)
