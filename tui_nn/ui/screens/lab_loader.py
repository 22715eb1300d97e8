"""Import and build a lesson's lab from its ``module:Class`` string, never raising.

A lab that is not in this build (its module does not exist yet) or that fails
while importing or constructing becomes a short note in the lab panel instead.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from textual.widget import Widget
from textual.widgets import Static

from tui_nn.catalog import Lesson
from tui_nn.i18n import _


class LabNote(Static):
    """What the lab panel shows when there is no lab to show."""

    DEFAULT_CSS = """
    LabNote {
        padding: 1 2;
        color: $text-muted;
    }
    """


@dataclass(frozen=True)
class LabResult:
    """The lab widget, or a note explaining why there is none."""

    widget: Widget
    ok: bool


def unavailable_note(lesson: Lesson) -> str:
    return _(
        "The lab of lesson {number} ({title}) is not available in this "
        "build of tui-nn.\n\nThe text still works, and the other lessons are a key away."
    ).format(number=lesson.number, title=lesson.local_title)


def error_note(lesson: Lesson, error: BaseException) -> str:
    message = str(error).strip() or _("no details")
    if len(message) > 200:
        message = message[:197] + "..."
    return _(
        "The lab of lesson {number} could not start: {error}\n\n"
        "The text still works, and the other lessons are a key away."
    ).format(number=lesson.number, error=f"{type(error).__name__}: {message}")


def build_lab(lesson: Lesson) -> LabResult:
    """Import ``lesson.lab`` and construct it with no arguments."""
    module_name, _, class_name = lesson.lab.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        missing = error.name or ""
        if missing and (module_name == missing or module_name.startswith(missing + ".")):
            return LabResult(LabNote(unavailable_note(lesson), classes="lab-missing"), False)
        return LabResult(LabNote(error_note(lesson, error), classes="lab-error"), False)
    except Exception as error:
        return LabResult(LabNote(error_note(lesson, error), classes="lab-error"), False)
    try:
        lab_class = getattr(module, class_name)
        lab = lab_class()
    except Exception as error:
        return LabResult(LabNote(error_note(lesson, error), classes="lab-error"), False)
    if not isinstance(lab, Widget):
        not_widget = TypeError(f"{lesson.lab} is not a widget")
        return LabResult(LabNote(error_note(lesson, not_widget), classes="lab-error"), False)
    return LabResult(lab, True)
