"""Check a learner's file: which lesson it is, run it in the limited process, judge it.

:func:`check_file` never raises for anything the learner's file does and
never prints: it returns a :class:`~tui_nn.exercises.report.CheckReport`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tui_nn.exercises import messages as msg
from tui_nn.exercises import report as rp
from tui_nn.exercises.runner import (
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT,
    ChildRun,
    checking_allowed,
    run_child,
)
from tui_nn.i18n import _

MARKER = re.compile(r"#\s*tui-nn exercise:\s*lesson\s+(\d+)")
NAME = re.compile(r"^(\d{1,2})_")


def lesson_of(path: Path) -> int | None:
    """The lesson a file is for: its marker line, else its name (``03_...``), else None."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            head = handle.read(2000)
    except OSError:
        head = ""
    found = MARKER.search(head)
    if found:
        return int(found.group(1))
    named = NAME.match(path.name)
    return int(named.group(1)) if named else None


def load_problem(error: dict[str, Any], memory_mb: int) -> str:
    kind = error.get("type", "Error")
    line = error.get("line")
    message = error.get("message", "")
    if kind in ("SyntaxError", "IndentationError", "TabError"):
        if line:
            return _(msg.SYNTAX_ERROR).format(line=line, message=message.split(" (")[0])
        return _(msg.SYNTAX_ERROR_NO_LINE).format(message=message)
    if kind in ("ImportError", "ModuleNotFoundError"):
        return _(msg.IMPORT_ERROR).format(message=message, line=line or "?")
    if kind == "SystemExit":
        return _(msg.LOAD_EXIT)
    if kind in ("MemoryError", "_ArrayMemoryError"):
        return _(msg.LOAD_OUT_OF_MEMORY).format(memory_mb=memory_mb)
    from tui_nn.exercises.judge import error_text

    return _(msg.LOAD_ERROR).format(error=error_text(error, memory_mb))


def _judge_run(
    path: Path, lesson: int, run: ChildRun, timeout: float, memory_mb: int
) -> rp.CheckReport:
    from tui_nn.exercises.cases import EXERCISES
    from tui_nn.exercises.judge import judge_function

    specs = EXERCISES[lesson].functions
    if run.start_error is not None:
        return rp.CheckReport(path, lesson,
                              problem=_(msg.CHECKER_FAILED).format(reason=run.start_error))
    for event in run.events:
        if event.get("event") == "load_failed":
            return rp.CheckReport(path, lesson, problem=load_problem(event["error"], memory_mb))
    if not any(event.get("event") == "loaded" for event in run.events):
        if run.timed_out:
            problem = _(msg.LOAD_TOO_SLOW).format(seconds=timeout)
            return rp.CheckReport(path, lesson, problem=problem)
        return rp.CheckReport(path, lesson, problem=_(msg.CHECKER_DIED).format(
            code=run.returncode, memory_mb=memory_mb))
    sent = {event["function"]: event for event in run.events if event.get("event") == "function"}
    started = [event["function"] for event in run.events if event.get("event") == "start"]
    stuck = started[-1] if started and started[-1] not in sent else None
    results = []
    for spec in specs:
        if spec.name == stuck:
            status = rp.TOO_SLOW if run.timed_out else rp.ERROR
            if run.timed_out:
                title = _(msg.TOO_SLOW).format(seconds=timeout)
            elif run.out_of_memory:
                title = _(msg.OUT_OF_MEMORY).format(memory_mb=memory_mb)
            else:
                title = _(msg.CHECKER_DIED).format(code=run.returncode, memory_mb=memory_mb)
            results.append(rp.FunctionResult(spec.name, status, title,
                                             cases_total=len(spec.cases)))
        else:
            results.append(judge_function(spec, sent.get(spec.name), memory_mb, lesson))
    return rp.CheckReport(path, lesson, tuple(results))


def check_file(
    path: str | Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
    lesson: int | None = None,
) -> rp.CheckReport:
    """Check the learner's file at ``path`` against its lesson's cases.

    The file runs in a separate ``python -I`` process limited to ``timeout``
    seconds (wall clock, for the whole file) and ``memory_mb`` megabytes of
    address space. ``lesson`` overrides the lesson read from the file's
    marker line or name. In a served classroom session (``TUI_NN_SERVED=1``)
    nothing runs and the report's ``problem`` says why.
    """
    from tui_nn.exercises.cases import EXERCISES

    path = Path(path)
    if not checking_allowed():
        return rp.CheckReport(path, lesson, problem=_(msg.SERVED_OFF))
    if not path.exists():
        return rp.CheckReport(path, lesson, problem=_(msg.FILE_NOT_FOUND).format(path=path))
    if not path.is_file():
        return rp.CheckReport(path, lesson, problem=_(msg.NOT_A_FILE).format(path=path))
    lesson = lesson_of(path) if lesson is None else lesson
    if lesson is None:
        return rp.CheckReport(path, None, problem=_(msg.UNKNOWN_LESSON).format(path=path))
    if lesson not in EXERCISES:
        return rp.CheckReport(path, None, problem=_(msg.NO_EXERCISE).format(lesson=lesson))
    request = {"mode": "check", "path": str(path.resolve()), "lesson": lesson,
               "memory_mb": memory_mb}
    run = run_child(request, timeout=timeout)
    return _judge_run(path, lesson, run, timeout, memory_mb)
