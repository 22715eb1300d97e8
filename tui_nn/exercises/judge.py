"""Judge what the learner's functions gave: passed, a named mistake, or the first failing case.

Runs in the checking process (never inside the learner's one): the expected
answers and the mistakes' answers are computed here with the engine, from
the same cases the learner's process ran.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tui_nn.exercises import messages as msg
from tui_nn.exercises import report as rp
from tui_nn.exercises import wire
from tui_nn.exercises.spec import (
    Case,
    ChangedRule,
    FunctionSpec,
    ImpliedStepRule,
    NonFiniteRule,
    Rule,
    TagRule,
    VariantRule,
)
from tui_nn.i18n import _

VARIANT_RTOL = 1e-7
#: The steps h an implied-step mistake may have used, and how much the cases may disagree.
IMPLIED_STEPS = (1e-10, 0.1)
IMPLIED_SPREAD = 1.1


@dataclass
class Outcome:
    """One case: what came back and how it compares."""

    case: Case
    passed: bool = False
    right: bool = False  # the value is the expected one (inputs changed or not)
    not_written: bool = False
    error: str | None = None
    sent_error: dict[str, Any] = field(default_factory=dict)
    got: Any = None
    expected: Any = None
    problem: str | None = None  # why got is not expected (a shape, a type), if not values
    changed: list[tuple[Any, Any]] = field(default_factory=list)  # (before, after) arrays
    matches: set[str] = field(default_factory=set)


# -- comparing values ------------------------------------------------------------


def _as_array(value: Any) -> np.ndarray | None:
    if isinstance(value, wire.Opaque):
        return None
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return array


def mismatch(got: Any, expected: Any) -> str | None:
    """Why ``got`` cannot be compared with ``expected`` (a missing return, a shape), or None."""
    if got is None:
        return _(msg.NOTHING_RETURNED)
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return _(msg.NOT_A_DICT).format(got=_show(got))
        if set(got) != set(expected):
            return _(msg.DICT_MISMATCH).format(expected=sorted(expected), got=sorted(got))
        for key in expected:
            problem = mismatch(got[key], expected[key])
            if problem:
                return f"{key}: {problem}"
        return None
    array = _as_array(got)
    if np.ndim(expected) == 0:
        if array is None or array.size != 1:
            return _(msg.NOT_A_NUMBER).format(got=_show(got))
        return None
    if array is None:
        return _(msg.NOT_AN_ARRAY).format(got=_show(got))
    if array.shape != np.shape(expected):
        return _(msg.SHAPE_MISMATCH).format(expected=np.shape(expected), got=array.shape)
    return None


def close(got: Any, expected: Any, rtol: float, atol: float) -> bool:
    """True when ``got`` is ``expected`` up to the tolerances (nan where nan is expected)."""
    if mismatch(got, expected) is not None:
        return False
    if isinstance(expected, dict):
        return all(close(got[key], expected[key], rtol, atol) for key in expected)
    a = np.asarray(got, dtype=np.float64).reshape(np.shape(expected))
    b = np.asarray(expected, dtype=np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        return bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))


def _finite(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_finite(item) for item in value.values())
    array = _as_array(value)
    return array is not None and bool(np.all(np.isfinite(array)))


def _show(value: Any) -> str:
    """A value, short, with full precision for a single number."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key!r}: {_show(item)}" for key, item in value.items()) + "}"
    if isinstance(value, wire.Opaque):
        return f"{value.text} ({value.type_name})"
    if isinstance(value, (float, int)) or np.ndim(value) == 0:
        return repr(float(value)) if isinstance(value, float) else repr(value)
    array = np.asarray(value)
    formatter: Any = {"float_kind": _number_text}
    text = np.array2string(array, threshold=12, separator=", ", formatter=formatter)
    return " ".join(text.split())


def _number_text(value: float) -> str:
    return f"{value:.10g}"


# -- one case ----------------------------------------------------------------------


def error_title(error: dict[str, Any], memory_mb: int) -> str:
    """A one-line verdict for an error: what happened, and where."""
    kind = error.get("type", "Error")
    if kind == "SystemExit":
        return _(msg.SYSTEM_EXIT)
    if kind in ("MemoryError", "_ArrayMemoryError"):
        return _(msg.OUT_OF_MEMORY).format(memory_mb=memory_mb)
    if kind == "RecursionError":
        return _(msg.TOO_DEEP)
    where = _(msg.AT_LINE).format(line=error["line"]) if error.get("line") else ""
    return _(msg.RAISED).format(error=kind + where)


def error_text(error: dict[str, Any], memory_mb: int) -> str:
    """An error with its message, for the case that raised it."""
    kind = error.get("type", "Error")
    if kind in ("SystemExit", "MemoryError", "_ArrayMemoryError", "RecursionError"):
        return error_title(error, memory_mb)
    if error.get("line"):
        return _(msg.ERROR_AT_LINE).format(type=kind, line=error["line"],
                                        message=error.get("message", ""))
    return _(msg.ERROR_NO_LINE).format(type=kind, message=error.get("message", ""))


def judge_case(case: Case, sent: dict[str, Any], memory_mb: int) -> Outcome:
    """Compare what the learner's process sent for ``case`` with the engine's answer."""
    outcome = Outcome(case)
    if sent.get("not_written"):
        outcome.not_written = True
        return outcome
    outcome.expected = case.expected()
    if "error" in sent:
        outcome.sent_error = sent["error"]
        outcome.error = error_text(sent["error"], memory_mb)
        return outcome
    outcome.got = wire.decode(sent.get("value", {"kind": "none"}))
    outcome.problem = mismatch(outcome.got, outcome.expected)
    before = case.args()
    for arg, after in zip(before, sent.get("after", []), strict=False):
        if after is None or not isinstance(arg, np.ndarray):
            continue
        after_value = wire.decode(after)
        if not (isinstance(after_value, np.ndarray) and after_value.shape == arg.shape
                and np.array_equal(after_value, arg, equal_nan=True)):
            outcome.changed.append((arg, after_value))
    right = outcome.problem is None and close(outcome.got, outcome.expected, case.rtol, case.atol)
    outcome.right = right
    outcome.passed = right and not outcome.changed
    if not right and outcome.problem is None:
        for key, value in case.variants().items():
            if mismatch(outcome.got, value) is None and close(
                outcome.got, value, VARIANT_RTOL, case.atol
            ):
                outcome.matches.add(key.split("#")[0])
    return outcome


# -- rules ---------------------------------------------------------------------------


def _rule_fits(rule: Rule, outcomes: list[Outcome], loose: bool = False) -> Outcome | None:
    """The outcome that shows ``rule``'s mistake, or None when the rule does not fit.

    A :class:`TagRule` fits when exactly its cases fail; ``loose`` also lets
    it fit when its cases fail among others (more than one mistake), as long
    as some case still passes.
    """
    failing = [o for o in outcomes if not o.passed]
    if isinstance(rule, VariantRule):
        return next((o for o in failing if rule.mistake in o.matches), None)
    if isinstance(rule, TagRule):
        tagged = {id(o) for o in outcomes if rule.tag in o.case.tags}
        wrong = {id(o) for o in outcomes if not o.right}
        fits = tagged <= wrong < {id(o) for o in outcomes} if loose else tagged == wrong
        if tagged and fits:
            return next(o for o in outcomes if rule.tag in o.case.tags)
        return None
    if loose:
        return None
    if isinstance(rule, ImpliedStepRule):
        return _implied_step_fits(rule, outcomes)
    if isinstance(rule, NonFiniteRule):
        return next(
            (o for o in failing if rule.tag in o.case.tags and o.error is None
             and o.problem is None and _finite(o.expected) and not _finite(o.got)),
            None,
        )
    if isinstance(rule, ChangedRule):
        for o in outcomes:
            if not o.changed:
                continue
            if rule.shift is None:
                return o
            before, after = o.changed[0]
            if isinstance(after, np.ndarray) and after.shape == before.shape:
                shift = np.abs(after.astype(float) - before.astype(float))
                if np.allclose(shift, rule.shift, rtol=1e-6, atol=0):
                    return o
        return None
    return None


def _implied_step(rule: ImpliedStepRule, got: float, facts: dict[str, float]) -> float | None:
    if rule.form == "times_h_squared":
        ratio = got / facts["slope"] if facts["slope"] else math.nan
        return math.sqrt(ratio) if ratio > 0 else None
    if not facts["second"]:
        return None
    return 2 * (got - facts["slope"]) / facts["second"]


def _implied_step_fits(rule: ImpliedStepRule, outcomes: list[Outcome]) -> Outcome | None:
    """The first failing case when all cases imply the same small step h (see the rule)."""
    steps: list[float] = []
    for o in outcomes:
        if o.case.facts is None:
            continue
        if o.error is not None or o.problem is not None:
            return None
        got = float(np.asarray(o.got, dtype=np.float64).reshape(()))
        step = _implied_step(rule, got, o.case.facts())
        if step is None and rule.form == "times_h_squared":
            return None
        if step is not None:
            steps.append(step)
    if len(steps) < 2 or not all(math.isfinite(step) for step in steps):
        return None
    low, high = min(steps), max(steps)
    if IMPLIED_STEPS[0] <= low and high <= IMPLIED_STEPS[1] and high <= low * IMPLIED_SPREAD:
        return next((o for o in outcomes if not o.passed), None)
    return None


def _case_detail(outcome: Outcome) -> str:
    name = _(outcome.case.name)
    if outcome.error is not None:
        return _(msg.CASE_ERROR).format(case=name, error=outcome.error)
    if outcome.problem is not None:
        return _(msg.CASE_LINE).format(case=name, expected=_show(outcome.expected),
                                    got=outcome.problem)
    if outcome.changed and outcome.right:
        before, after = outcome.changed[0]
        return _(msg.CASE_CHANGED).format(case=name, before=_show(before), after=_show(after))
    return _(msg.CASE_LINE).format(case=name, expected=_show(outcome.expected),
                                got=_show(outcome.got))


def judge_function(
    spec: FunctionSpec, sent: dict[str, Any] | None, memory_mb: int, lesson: int
) -> rp.FunctionResult:
    """The verdict on one function from the event the learner's process sent for it."""
    total = len(spec.cases)
    if sent is None:
        return rp.FunctionResult(spec.name, rp.NOT_CHECKED, _(msg.NOT_CHECKED), cases_total=total)
    if sent.get("missing"):
        return rp.FunctionResult(spec.name, rp.MISSING, _(msg.MISSING).format(name=spec.name),
                                 cases_total=total)
    outcomes = [judge_case(case, result, memory_mb)
                for case, result in zip(spec.cases, sent.get("cases", []), strict=False)]
    if any(o.not_written for o in outcomes):
        return rp.FunctionResult(spec.name, rp.NOT_WRITTEN, _(msg.NOT_WRITTEN), cases_total=total)
    passed = sum(o.passed for o in outcomes)
    if passed == total:
        return rp.FunctionResult(spec.name, rp.PASSED, _(msg.PASSED), cases_passed=passed,
                                 cases_total=total)
    fitting = [(rule, _rule_fits(rule, outcomes), False) for rule in spec.rules]
    fitting += [(rule, _rule_fits(rule, outcomes, loose=True), True) for rule in spec.rules]
    for rule, shown, loose in fitting:
        if shown is not None:
            mistake = msg.MISTAKES[rule.mistake]
            detail = _case_detail(shown)
            if mistake.sign:
                detail += f"\n({_(mistake.sign)})"
            if loose:
                detail += "\n" + _(msg.MORE_MISTAKES)
            return rp.FunctionResult(
                spec.name, rp.MISTAKE, _(msg.MISTAKE_TITLE).format(name=_(mistake.name)), detail,
                mistake=rule.mistake, fix=_(mistake.fix),
                lesson=lesson if mistake.lesson is None else mistake.lesson,
                cases_passed=passed, cases_total=total,
            )
    first = next(o for o in outcomes if not o.passed)
    if first.error is not None:
        title = error_title(first.sent_error, memory_mb)
        status = rp.ERROR
    else:
        title, status = _(msg.WRONG), rp.WRONG
    return rp.FunctionResult(spec.name, status, title, _case_detail(first),
                             cases_passed=passed, cases_total=total)
