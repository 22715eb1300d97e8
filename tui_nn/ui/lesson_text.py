"""Find and read the lesson texts (``lessons/NN-slug.md``).

An installed wheel carries them as ``tui_nn/lessons/`` (pyproject's hatch
``force-include`` maps the top-level ``lessons/`` folder there); a source tree
has them at the repository's top level.  The package copy wins.
"""

from __future__ import annotations

from pathlib import Path

import tui_nn
from tui_nn.catalog import Lesson

_PACKAGE_DIR = Path(tui_nn.__file__).resolve().parent


def lesson_dirs() -> list[Path]:
    """The folders searched for lesson texts, in order."""
    return [_PACKAGE_DIR / "lessons", _PACKAGE_DIR.parent / "lessons"]


def lesson_text_path(lesson: Lesson) -> Path | None:
    """The lesson's text file, or None when no folder has it."""
    for folder in lesson_dirs():
        candidate = folder / lesson.text_file
        if candidate.is_file():
            return candidate
    return None


def missing_text_note(lesson: Lesson) -> str:
    """Markdown shown in place of a lesson text that cannot be found or read."""
    return (
        f"# {lesson.number} {lesson.title}\n\n"
        f"*{lesson.summary}*\n\n"
        f"> The text of this lesson (`{lesson.text_file}`) is not in this build of tui-nn. "
        "The lab on the right still works."
    )


def load_lesson_text(lesson: Lesson) -> str:
    """The lesson's Markdown, or a short note saying the text is missing."""
    path = lesson_text_path(lesson)
    if path is None:
        return missing_text_note(lesson)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return missing_text_note(lesson)
