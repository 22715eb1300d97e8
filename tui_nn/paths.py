"""Where tui-nn keeps its files: config, cache (downloaded data) and user data (saved nets).

Everything goes through platformdirs.  Setting ``TUI_NN_HOME`` puts all three
folders under one directory instead (tests and CI use it to stay away from the
learner's real files).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import platformdirs

APP_NAME = "tui-nn"


def _home_override() -> Path | None:
    home = os.environ.get("TUI_NN_HOME")
    return Path(home).expanduser() if home else None


def config_dir() -> Path:
    """Folder for settings such as the lesson the learner was on."""
    home = _home_override()
    return home / "config" if home else Path(platformdirs.user_config_dir(APP_NAME))


def cache_dir() -> Path:
    """Folder for downloaded or generated data (safe to delete)."""
    home = _home_override()
    return home / "cache" if home else Path(platformdirs.user_cache_dir(APP_NAME))


def user_data_dir() -> Path:
    """Folder for things the learner made, such as saved networks."""
    home = _home_override()
    return home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new one, never half.

    The bytes go to a fresh temporary file in the same folder (a unique name
    from :func:`tempfile.mkstemp`, so two threads or processes saving at once
    never share one), are flushed to disk, and the file is then renamed over
    ``path``.  On any failure the temporary file is removed and ``path`` is
    left as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def nets_dir() -> Path:
    """Folder for saved networks: ``user_data_dir() / "nets"`` (passed to the engine)."""
    return user_data_dir() / "nets"
