"""Find and read the lesson texts (``lessons/NN-slug.md``, ``lessons/<language>/NN-slug.md``).

An installed wheel carries them as ``tui_nn/lessons/`` (pyproject's hatch
``force-include`` maps the top-level ``lessons/`` folder there, sub-folders
included); a source tree has them at the repository's top level.  The package
copy wins.

English texts sit in ``lessons/`` itself; a translation sits in a folder named
after its language (``lessons/ko/``) under the same file name.  When the
translation of a lesson is missing, the English text is shown under a short
note in the chosen language saying so.
"""

from __future__ import annotations

from pathlib import Path

import tui_nn
from tui_nn.catalog import Lesson
from tui_nn.i18n import DEFAULT_LANGUAGE, current_language, translate

_PACKAGE_DIR = Path(tui_nn.__file__).resolve().parent


def lesson_dirs() -> list[Path]:
    """The folders searched for lesson texts, in order."""
    return [_PACKAGE_DIR / "lessons", _PACKAGE_DIR.parent / "lessons"]


def lesson_text_path(lesson: Lesson, lang: str = DEFAULT_LANGUAGE) -> Path | None:
    """The lesson's text file in ``lang`` (no fallback), or None when no folder has it."""
    for folder in lesson_dirs():
        base = folder if lang == DEFAULT_LANGUAGE else folder / lang
        candidate = base / lesson.text_file
        if candidate.is_file():
            return candidate
    return None


def missing_text_note(lesson: Lesson, lang: str = DEFAULT_LANGUAGE) -> str:
    """Markdown shown in place of a lesson text that cannot be found or read."""
    note = translate(
        "The text of this lesson (`{file}`) is not in this build of tui-nn. "
        "The lab on the right still works.",
        lang,
    ).format(file=lesson.text_file)
    title = translate(lesson.title, lang)
    summary = translate(lesson.summary, lang)
    return f"# {lesson.number} {title}\n\n*{summary}*\n\n> {note}"


def untranslated_note(lang: str) -> str:
    """The note above an English text shown because its translation is missing."""
    message = translate(
        "This lesson is not yet translated into your language; here it is in English.", lang
    )
    return f"> {message}\n\n"


def _read(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def load_lesson_text(lesson: Lesson, lang: str | None = None) -> str:
    """The lesson's Markdown in ``lang`` (default: the current language).

    A missing or unreadable translation falls back to the English text with a
    note; when there is no English text either, a short note says so.
    """
    lang = current_language() if lang is None else lang
    if lang != DEFAULT_LANGUAGE:
        text = _read(lesson_text_path(lesson, lang))
        if text is not None:
            return text
    english = _read(lesson_text_path(lesson))
    if english is None:
        return missing_text_note(lesson, lang)
    if lang != DEFAULT_LANGUAGE:
        return untranslated_note(lang) + english
    return english
