"""Where unexpected errors go in full: ``error.log`` in the cache folder, never the screen."""

from __future__ import annotations

import traceback
from datetime import datetime, timezone
from pathlib import Path

from tui_nn import paths


def error_log_path() -> Path:
    """Where unexpected errors are written in full (the screen only gets one sentence)."""
    return paths.cache_dir() / "error.log"


def log_error(error: BaseException) -> Path | None:
    """Append ``error`` with its traceback to the error log; None if that fails too."""
    path = error_log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"--- {datetime.now(timezone.utc).isoformat()}\n")
            log.write("".join(traceback.format_exception(error)))
    except OSError:
        return None
    return path


def short_reason(error: BaseException, limit: int = 160) -> str:
    """``error`` in one short line for the learner: its type and first line of message."""
    message = (str(error).strip().splitlines() or [""])[0]
    text = f"{type(error).__name__}: {message}" if message else type(error).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
