"""The learner's settings: the lesson they were on and each lab's settings, between app runs.

The file is small JSON written atomically, so a crash never leaves half a file::

    {"version": 1, "last_lesson": 5, "language": "ko", "labs": {"descent": {"lr": 0.1, ...}, ...}}

``language`` is there only once the learner has switched language inside the
app (F2 or the palette): it is a choice a person made, so it comes before the
locale (see :mod:`tui_nn.i18n.language`).  A code tui-nn has no catalogue for
is kept but ignored when the app starts.

Each lab's section is keyed by its lesson's slug and holds what the lab's
``lab_settings()`` gave; the lab checks it again in ``restore_settings``.

Reading never fails: a missing file means "no settings yet"; a file that cannot
be used (not JSON, nested too deep, too large, a folder, unreadable, written by
a newer tui-nn, wrong types…) gives the defaults and a ``problem`` sentence for
the learner, and the bad file is moved aside (``settings.json.broken``) so the
next save writes a good one and nothing the learner had is destroyed.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tui_nn import paths
from tui_nn.catalog import LESSONS
from tui_nn.i18n import N_, _

SETTINGS_FILE = "settings.json"
SETTINGS_VERSION = 1
#: A settings file is a few kilobytes; anything far larger is not ours.
MAX_BYTES = 256 * 1024

LabSections = Mapping[str, Mapping[str, object]]
#: What a saved language looks like: a catalogue's code ("ko", "pt_BR").
LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(_[A-Za-z]{2})?")


@dataclass(frozen=True)
class Settings:
    """What tui-nn remembers between runs."""

    last_lesson: int | None = None
    labs: LabSections = field(default_factory=dict)
    #: The language the learner chose in the app (None: never switched).
    language: str | None = None


@dataclass(frozen=True)
class LoadedSettings:
    """The settings read, and why the file could not be used (None when it was fine)."""

    settings: Settings
    problem: str | None = None


def settings_path() -> Path:
    """Where the settings live (``paths.config_dir()/settings.json``)."""
    return paths.config_dir() / SETTINGS_FILE


def _valid_lesson(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 <= value < len(LESSONS) else None


def _valid_language(value: object) -> str | None:
    if isinstance(value, str) and LANGUAGE_CODE.fullmatch(value):
        return value
    return None


def _read_text(path: Path) -> tuple[str | None, str | None]:
    """The file's text, or (None, problem); (None, None) when there is no file."""
    try:
        if not path.exists() and not path.is_symlink():
            return None, None
        if path.is_dir():
            return None, N_("it is a folder, not a file")
        if not path.is_file():  # a device, a pipe, a broken or looping link
            return None, N_("it is not a regular file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, _("it is too large ({size} bytes)").format(size=f"{size:,}")
        data = path.read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError as error:  # unreadable, a symlink loop, …
        return None, _("it cannot be read ({reason})").format(
            reason=error.strerror or type(error).__name__
        )
    if len(data) > MAX_BYTES:
        return None, N_("it is too large")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return None, N_("it is not text (UTF-8)")


def _parse(text: str) -> tuple[Settings, str | None]:
    try:
        raw = json.loads(text)
    except RecursionError:
        return Settings(), N_("it is nested too deeply")
    except ValueError:
        return Settings(), N_("it is not valid JSON")
    if not isinstance(raw, dict):
        return Settings(), N_("it does not hold settings")
    version = raw.get("version", 0)  # files from before versioning hold only last_lesson
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        return Settings(), N_("its version is not a version number")
    if version > SETTINGS_VERSION:
        return Settings(), _("it was written by a newer tui-nn (version {version})").format(
            version=version
        )
    problems = []
    lesson = raw.get("last_lesson")
    last = _valid_lesson(lesson)
    if lesson is not None and last is None:
        problems.append(N_("the last lesson was not a lesson"))
    saved_language = raw.get("language")
    language = _valid_language(saved_language)
    if saved_language is not None and language is None:
        problems.append(N_("the language was not a language code"))
    labs: dict[str, Mapping[str, object]] = {}
    sections = raw.get("labs", {})
    if isinstance(sections, dict):
        for name, section in sections.items():
            if isinstance(section, dict):
                labs[str(name)] = section
            else:
                problems.append(
                    _("the settings of {name} were not settings").format(name=repr(name))
                )
    else:
        problems.append(N_("the labs' settings were not settings"))
    settings = Settings(last_lesson=last, labs=labs, language=language)
    return settings, ("; ".join(problems) or None)


def read_settings() -> LoadedSettings:
    """The saved settings and, if the file could not be used, why (see the module doc)."""
    path = settings_path()
    text, problem = _read_text(path)
    if text is None:
        return LoadedSettings(Settings(), problem)
    if not text.strip():
        return LoadedSettings(Settings(), "it is empty")
    settings, problem = _parse(text)
    return LoadedSettings(settings, problem)


def load_settings() -> Settings:
    """The saved settings, or the defaults when there are none or they cannot be read."""
    return read_settings().settings


def set_aside_broken() -> Path | None:
    """Move an unusable settings file out of the way (to ``settings.json.broken``).

    Returns where it went, or None when it could not be moved (e.g. a folder
    stands there: that is left alone, and saving will fail quietly).
    """
    path = settings_path()
    target = path.with_name(SETTINGS_FILE + ".broken")
    try:
        if path.is_dir() and not path.is_symlink():
            return None
        os.replace(path, target)
    except OSError:
        return None
    return target


def problem_notice(problem: str) -> str:
    """What the learner is told about an unusable settings file."""
    problem = "; ".join(_(part) for part in problem.split("; "))
    return _(
        "Your saved settings ({path}) could not be used: {problem}. "
        "tui-nn starts with the defaults and will save new settings."
    ).format(path=settings_path(), problem=problem)


def save_settings(settings: Settings) -> bool:
    """Write ``settings``; returns False (and changes nothing) if the folder is not writable."""
    return write_settings(settings_path(), encode_settings(settings))


def encode_settings(settings: Settings) -> bytes:
    """``settings`` as the bytes of settings.json (a lab's section that is not JSON is left out)."""
    labs = {}
    for name, section in settings.labs.items():
        try:  # a lab that gave something that is not JSON loses only its own section
            json.dumps(dict(section), allow_nan=False)
        except (TypeError, ValueError, RecursionError):
            continue
        labs[name] = dict(section)
    payload: dict[str, object] = {
        "version": SETTINGS_VERSION,
        "last_lesson": settings.last_lesson,
        "labs": labs,
    }
    if _valid_language(settings.language) is not None:
        payload["language"] = settings.language
    data = json.dumps(payload, indent=2, sort_keys=True, allow_nan=False) + "\n"
    return data.encode("utf-8")


def write_settings(path: Path, data: bytes) -> bool:
    """Write settings.json's bytes atomically; False (and nothing changed) if it cannot be."""
    try:
        paths.atomic_write_bytes(path, data)
    except OSError:
        return False
    return True
