"""Settings written on a thread of their own, so that no key waits for the disk.

The app saves its settings on every lesson switch and language switch.  A save
is an atomic write that ends with ``fsync`` (:func:`tui_nn.ui.settings.write_settings`),
and on a busy or slow disk that took up to a second on the interface thread:
the slowest keys of 20,000 random ones were lesson switches waiting on it.

:class:`SettingsWriter` takes the bytes to write (encoded on the interface
thread, so the thread never reads a lab's live state) and the path (decided
when the save was asked for), and writes them on one daemon thread.  Only the
newest waiting save is kept: three quick lesson switches write once or twice,
never an older state after a newer one.  :meth:`SettingsWriter.flush` waits
until everything asked for is on disk; the app calls it when it ends, so a
quit loses nothing.  The thread starts on the first save and ends once the
writer is closed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from tui_nn.ui.error_log import log_error
from tui_nn.ui.settings import write_settings

__all__ = ["FLUSH_SECONDS", "SettingsWriter"]

#: How long the app waits, when it ends, for the last save to reach the disk.
FLUSH_SECONDS = 10.0


class SettingsWriter:
    """One thread that writes the newest settings asked for (see the module's doc)."""

    def __init__(self, write: Callable[[Path, bytes], bool] = write_settings) -> None:
        self._write = write
        self._changed = threading.Condition()
        self._pending: tuple[Path, bytes] | None = None
        self._writing = False
        self._closed = False
        self._thread: threading.Thread | None = None
        #: Whether the last write reached the disk (False: the folder is not writable).
        self.last_ok = True
        self.writes = 0

    def submit(self, path: Path, data: bytes) -> None:
        """Write ``data`` to ``path`` soon; replaces a save that has not started yet.

        Once the writer is closed (the app has ended) a late save is written at
        once, on the caller's thread: it is not lost, and nothing is raised.
        """
        with self._changed:
            if not self._closed:
                self._pending = (path, data)
                if self._thread is None:
                    self._thread = threading.Thread(
                        target=self._run, name="tui-nn settings writer", daemon=True
                    )
                    self._thread.start()
                self._changed.notify_all()
                return
        self.last_ok = self._write(path, data)

    def flush(self, timeout: float = FLUSH_SECONDS) -> bool:
        """Wait until every save asked for is written; False if ``timeout`` s went by first."""
        with self._changed:
            return self._changed.wait_for(
                lambda: self._pending is None and not self._writing, timeout
            )

    def close(self, timeout: float = FLUSH_SECONDS) -> bool:
        """Flush, then end the thread (a later save is written on the caller's thread)."""
        done = self.flush(timeout)
        with self._changed:
            self._closed = True
            self._changed.notify_all()
            thread = self._thread
        if thread is not None and done:
            thread.join(timeout)
        return done

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._pending is not None or self._closed)
                if self._pending is None:  # closed, and nothing left to write
                    return
                (path, data), self._pending = self._pending, None
                self._writing = True
            ok = False
            try:
                ok = self._write(path, data)
            except Exception as error:  # a bug, not a full disk: logged; the thread goes on
                log_error(error)
            finally:
                with self._changed:
                    self._writing = False
                    self.last_ok = ok
                    self.writes += 1
                    self._changed.notify_all()
