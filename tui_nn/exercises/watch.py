"""Check a file again every time it is saved (by polling its modification time)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from tui_nn.exercises.checker import check_file
from tui_nn.exercises.report import CheckReport
from tui_nn.exercises.runner import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT

POLL_SECONDS = 0.5


def _stamp(path: Path) -> tuple[int, int] | None:
    """What changes when the file is saved: its modification time and size."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def watch_file(
    path: str | Path,
    on_report: Callable[[CheckReport], None],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
    lesson: int | None = None,
    poll: float = POLL_SECONDS,
    max_checks: int | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    sleep: Callable[[float], None] = time.sleep,
) -> CheckReport:
    """Check ``path`` now and after every save; give each report to ``on_report``.

    Stops after ``max_checks`` checks, when ``should_stop()`` is true, or on
    Ctrl+C (KeyboardInterrupt is left to the caller); returns the last report.
    """
    path = Path(path)
    checks = 0
    seen = _stamp(path)
    report = check_file(path, timeout=timeout, memory_mb=memory_mb, lesson=lesson)
    checks += 1
    on_report(report)
    while (max_checks is None or checks < max_checks) and not should_stop():
        sleep(poll)
        now = _stamp(path)
        if now == seen:
            continue
        seen = now
        report = check_file(path, timeout=timeout, memory_mb=memory_mb, lesson=lesson)
        checks += 1
        on_report(report)
    return report
