"""The result of checking a file, as frozen dataclasses, and the same as plain text.

:class:`CheckReport` holds one :class:`FunctionResult` per function of the
exercise (in the order of the starter file) and, when the file could not be
checked at all, ``problem``. :func:`format_report` turns it into the lines
``tui-nn check`` prints; the app's Exercise view can draw the dataclasses
its own way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tui_nn.catalog import LESSONS
from tui_nn.exercises import messages as msg
from tui_nn.formatting import wrap_cells
from tui_nn.i18n import _

WIDTH = 80  # terminal cells (a Hangul syllable takes two), so a report fits 80 columns
INDENT = " " * 6

#: The status of one function.
PASSED = "passed"
NOT_WRITTEN = "not_written"
MISSING = "missing"
MISTAKE = "mistake"
WRONG = "wrong"
ERROR = "error"
TOO_SLOW = "too_slow"
NOT_CHECKED = "not_checked"


@dataclass(frozen=True)
class FunctionResult:
    """How one function did.

    ``title`` is the one-line verdict ("passed", "mistake: h too small", ...),
    ``detail`` the case that showed it (expected and got), ``fix`` a one-line
    fix and ``lesson`` the lesson to revisit (both only for a named mistake).
    ``mistake`` is the mistake's id in ``messages.MISTAKES``.
    """

    name: str
    status: str
    title: str
    detail: str = ""
    mistake: str | None = None
    fix: str = ""
    lesson: int | None = None
    cases_passed: int = 0
    cases_total: int = 0

    @property
    def passed(self) -> bool:
        return self.status == PASSED


@dataclass(frozen=True)
class CheckReport:
    """The verdict on one learner's file."""

    path: Path
    lesson: int | None
    functions: tuple[FunctionResult, ...] = ()
    problem: str | None = None

    @property
    def passed(self) -> bool:
        return self.problem is None and bool(self.functions) and all(
            result.passed for result in self.functions
        )

    @property
    def mistakes(self) -> tuple[str, ...]:
        """The ids of the named mistakes found, one per function that made one."""
        return tuple(result.mistake for result in self.functions if result.mistake)

    def result(self, name: str) -> FunctionResult:
        """The result of the function called ``name`` (KeyError if there is none)."""
        for result in self.functions:
            if result.name == name:
                return result
        raise KeyError(name)


def _mark(result: FunctionResult) -> str:
    if result.passed:
        return msg.MARK_PASSED
    return msg.MARK_TODO if result.status == NOT_WRITTEN else msg.MARK_FAILED


def format_report(report: CheckReport) -> str:
    """The report as the lines ``tui-nn check`` prints."""
    if report.lesson is not None:
        lines = [_(msg.REPORT_HEADER).format(path=report.path, lesson=report.lesson,
                                          title=LESSONS[report.lesson].local_title)]
    else:
        lines = [_(msg.REPORT_HEADER_NO_LESSON).format(path=report.path)]
    lines.append("")
    width = max((len(result.name) for result in report.functions), default=0)
    for result in report.functions:
        lines.append(f"  {_mark(result)} {result.name:<{width}}  {result.title}")
        parts = result.detail.splitlines()
        if result.fix:
            parts.append(_(msg.FIX).format(fix=result.fix))
        if result.lesson is not None:
            parts.append(_(msg.REVISIT).format(lesson=result.lesson,
                                            title=LESSONS[result.lesson].local_title))
        for part in parts:
            lines.extend(wrap_cells(part, WIDTH, INDENT, INDENT + "  "))
    if report.problem:
        lines.append(_(msg.REPORT_PROBLEM).format(problem=report.problem))
    if report.functions:
        lines.append("")
        passed = sum(result.passed for result in report.functions)
        total = len(report.functions)
        if passed == total and not report.problem:
            lines.append(_(msg.REPORT_ALL_PASS).format(total=total))
        else:
            lines.append(_(msg.REPORT_SUMMARY).format(passed=passed, total=total))
    return "\n".join(lines)
