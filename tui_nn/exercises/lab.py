"""Use a learner's own function in a lab: call it in the limited process with given inputs.

For the app's Exercise view, e.g. lesson 3's slope drawn with the learner's
``numerical_diff``::

    results = call_learner_function(path, "numerical_diff",
                                    [(LabFunction("slope"), x) for x in (1.0, 5.0, 10.0)])
    slopes = [r.value for r in results.calls if r.ok]

Arguments are numbers, lists of numbers (given to the function as float
arrays) or :class:`LabFunction` (one of ``cases.LAB_FUNCTIONS`` by name: the
learner's code cannot receive a function across the process boundary, so it
is named and rebuilt there).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui_nn.exercises import messages as msg
from tui_nn.exercises import wire
from tui_nn.exercises.runner import (
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT,
    checking_allowed,
    run_child,
)
from tui_nn.i18n import _


@dataclass(frozen=True)
class LabFunction:
    """A function the lab's inputs refer to by name (see ``cases.LAB_FUNCTIONS``)."""

    name: str


@dataclass(frozen=True)
class CallResult:
    """One call: ``value`` when it worked, else ``problem`` (a sentence for the learner)."""

    value: Any = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class LabCalls:
    """Every call's result, or ``problem`` when the file could not be used at all."""

    calls: tuple[CallResult, ...] = ()
    problem: str | None = None


def _argument(value: Any) -> Any:
    if isinstance(value, LabFunction):
        return {"lab_function": value.name}
    if hasattr(value, "tolist"):
        return value.tolist()
    return value


def call_learner_function(
    path: str | Path,
    function: str,
    calls: Sequence[Sequence[Any]],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
) -> LabCalls:
    """Call ``function`` (e.g. ``"numerical_diff"``) of the learner's file once per argument list.

    Everything runs in one limited process, as a check does; a call that
    raises gives a ``CallResult`` with a ``problem``, the others still run.
    """
    from tui_nn.exercises.checker import load_problem
    from tui_nn.exercises.judge import error_text

    if not checking_allowed():
        return LabCalls(problem=_(msg.SERVED_OFF))
    path = Path(path)
    if not path.is_file():
        return LabCalls(problem=_(msg.FILE_NOT_FOUND).format(path=path))
    request = {"mode": "call", "path": str(path.resolve()), "function": function,
               "calls": [[_argument(arg) for arg in call] for call in calls],
               "memory_mb": memory_mb}
    run = run_child(request, timeout=timeout)
    results: list[CallResult] = []
    for event in run.events:
        kind = event.get("event")
        if kind == "load_failed":
            return LabCalls(problem=load_problem(event["error"], memory_mb))
        if kind == "missing":
            return LabCalls(problem=_(msg.MISSING).format(name=function))
        if kind != "result":
            continue
        if event.get("not_written"):
            results.append(CallResult(problem=_(msg.NOT_WRITTEN)))
        elif "error" in event:
            results.append(CallResult(problem=error_text(event["error"], memory_mb)))
        else:
            results.append(CallResult(value=wire.decode(event["value"])))
    if len(results) < len(calls):
        if run.timed_out:
            stop = _(msg.TOO_SLOW).format(seconds=timeout)
        else:
            stop = _(msg.CHECKER_DIED).format(code=run.returncode, memory_mb=memory_mb)
        if not results:
            return LabCalls(problem=stop)
        results.extend(CallResult(problem=stop) for _ in range(len(calls) - len(results)))
    return LabCalls(tuple(results))
