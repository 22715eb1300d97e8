"""The learner's settings (for now: the lesson they were on), kept in the config folder.

The file is small JSON written atomically, so a crash never leaves half a file;
a missing, unreadable or corrupt file simply means "no settings yet".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tui_nn import paths
from tui_nn.catalog import LESSONS

SETTINGS_FILE = "settings.json"


@dataclass(frozen=True)
class Settings:
    """What tui-nn remembers between runs."""

    last_lesson: int | None = None


def settings_path() -> Path:
    """Where the settings live (``paths.config_dir()/settings.json``)."""
    return paths.config_dir() / SETTINGS_FILE


def _valid_lesson(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 <= value < len(LESSONS) else None


def load_settings() -> Settings:
    """The saved settings, or the defaults when there are none or they cannot be read."""
    try:
        raw = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing, unreadable, not JSON, bad encoding
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    return Settings(last_lesson=_valid_lesson(raw.get("last_lesson")))


def save_settings(settings: Settings) -> bool:
    """Write ``settings``; returns False (and changes nothing) if the folder is not writable."""
    data = json.dumps({"last_lesson": settings.last_lesson}, indent=2) + "\n"
    try:
        paths.atomic_write_bytes(settings_path(), data.encode("utf-8"))
    except OSError:
        return False
    return True
