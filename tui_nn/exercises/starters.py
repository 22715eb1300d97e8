"""Write a lesson's starter file into the learner's folder, never over their work."""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tui_nn.catalog import LESSONS
from tui_nn.exercises import messages as msg
from tui_nn.exercises.templates import BODIES, starter_text
from tui_nn.i18n import _

DEFAULT_FOLDER = Path("tui-nn-exercises")

#: The functions of each lesson's exercise, as the starter file names them.
FUNCTIONS: dict[int, tuple[str, ...]] = {
    1: ("mean_squared_error", "cross_entropy_error"),
    2: ("cross_entropy_error",),
    3: ("numerical_diff",),
    4: ("numerical_gradient",),
    5: ("gradient_descent",),
    6: ("softmax", "SimpleNet.loss"),
    7: ("TwoLayerNet.predict", "TwoLayerNet.loss", "TwoLayerNet.accuracy",
        "TwoLayerNet.numerical_gradient"),
    8: ("sgd_update", "iterations_per_epoch", "epoch_count"),
}


@dataclass(frozen=True)
class StarterFile:
    """Where the starter file is, and whether this call wrote it (False: it was there)."""

    path: Path
    created: bool


def has_exercise(lesson: int) -> bool:
    return lesson in BODIES


def file_name(lesson: int) -> str:
    """The starter's file name, like ``03_derivatives.py``."""
    return f"{lesson:02d}_{LESSONS[lesson].slug.replace('-', '_')}.py"


def _write_new(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` atomically unless ``path`` exists; True if written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp_name, path)  # fails if path exists: the learner's file is never replaced
        except FileExistsError:
            return False
        return True
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)


def write_starter(lesson: int, folder: str | Path = DEFAULT_FOLDER) -> StarterFile:
    """Write lesson ``lesson``'s starter file into ``folder`` (made if missing).

    An existing file is left exactly as it is (``created`` is then False).
    Raises ``ValueError`` for a lesson without an exercise (lesson 0) and
    ``OSError`` when the folder cannot be written.
    """
    if not has_exercise(lesson):
        raise ValueError(_(msg.STARTER_NONE) if lesson == 0 else _(msg.NO_EXERCISE).format(
            lesson=lesson))
    name = file_name(lesson)
    path = Path(folder) / name
    if path.exists():
        return StarterFile(path, created=False)
    text = starter_text(lesson, LESSONS[lesson].local_title, str(path))
    return StarterFile(path, created=_write_new(path, text))


def exercise_list_text() -> str:
    """The exercises, one line per lesson, for ``tui-nn exercise --list``."""
    lines = [_(msg.LIST_HEADER)]
    for lesson in LESSONS:
        if has_exercise(lesson.number):
            lines.append(_(msg.LIST_LINE).format(number=lesson.number,
                                              file_name=file_name(lesson.number),
                                              functions=", ".join(FUNCTIONS[lesson.number])))
        else:
            lines.append(_(msg.LIST_NONE).format(number=lesson.number, title=lesson.local_title))
    return "\n".join(lines)
