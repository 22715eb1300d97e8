"""Exercises: the learner writes the book's functions, tui-nn checks them and names the mistake.

Command line: ``tui-nn exercise N`` writes lesson N's starter file into
``./tui-nn-exercises/`` (never over an existing file); ``tui-nn check FILE``
checks it (``--watch`` again on every save).

Python API (no printing; everything returns frozen dataclasses)::

    from tui_nn.exercises import check_file, format_report, write_starter

    starter = write_starter(3, "tui-nn-exercises")    # StarterFile(path, created)
    report = check_file(starter.path, timeout=5.0)    # CheckReport
    report.passed                                     # every function passed
    for result in report.functions:                   # FunctionResult, one per function
        result.name, result.status, result.title, result.detail, result.mistake,
        result.fix, result.lesson
    print(format_report(report))                      # what `tui-nn check` prints

    # a learner's function inside a lab (e.g. lesson 3's slope with their numerical_diff):
    from tui_nn.exercises import LabFunction, call_learner_function
    calls = call_learner_function(starter.path, "numerical_diff",
                                  [(LabFunction("slope"), x) for x in (1.0, 5.0)])
    [call.value for call in calls.calls if call.ok]

    watch_file(path, on_report, max_checks=None)      # check again on every save

How it is safe: the learner's file runs in a separate ``python -I``
process (:mod:`runner`, :mod:`child`) with a wall-clock limit, a memory
limit (``RLIMIT_AS``) and a CPU limit; results come back as JSON lines on a
pipe. An endless loop, a crash, a syntax or import error, ``sys.exit`` or a
huge allocation becomes a sentence in the report. In a served classroom
session (``TUI_NN_SERVED=1``) nothing of the learner's runs: ``check_file``
and ``call_learner_function`` return a report whose ``problem`` says so
(writing a starter file stays allowed: it runs nothing).

Modules: :mod:`messages` (every sentence shown), :mod:`templates` and
:mod:`starters` (the starter files), :mod:`spec` and :mod:`cases` (the cases,
built from the engine, and the rules that name mistakes), :mod:`judge`
(compare and name), :mod:`checker` (one file), :mod:`report` (dataclasses and
text), :mod:`watch`, :mod:`lab`, :mod:`cli`, :mod:`wire` (values as JSON).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what the names below are, for type checkers and readers
    from tui_nn.exercises.checker import check_file, lesson_of
    from tui_nn.exercises.lab import CallResult, LabCalls, LabFunction, call_learner_function
    from tui_nn.exercises.report import CheckReport, FunctionResult, format_report
    from tui_nn.exercises.runner import checking_allowed
    from tui_nn.exercises.starters import StarterFile, file_name, write_starter
    from tui_nn.exercises.watch import watch_file

# Imported on first use, so that building the command line parser (which imports
# tui_nn.exercises.cli) does not import NumPy.
_WHERE = {
    "CallResult": "lab",
    "CheckReport": "report",
    "FunctionResult": "report",
    "LabCalls": "lab",
    "LabFunction": "lab",
    "StarterFile": "starters",
    "call_learner_function": "lab",
    "check_file": "checker",
    "checking_allowed": "runner",
    "file_name": "starters",
    "format_report": "report",
    "lesson_of": "checker",
    "watch_file": "watch",
    "write_starter": "starters",
}

__all__ = [
    "CallResult",
    "CheckReport",
    "FunctionResult",
    "LabCalls",
    "LabFunction",
    "StarterFile",
    "call_learner_function",
    "check_file",
    "checking_allowed",
    "file_name",
    "format_report",
    "lesson_of",
    "watch_file",
    "write_starter",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
