"""What an exercise is made of: cases to run, and rules that recognise a mistake.

A :class:`Case` builds fresh arguments every time (the checker process and
the judging process build the same ones, from fixed seeds), says what the
engine answers (``expected``) and what the classic wrong versions answer
(``variants``, keyed by mistake id). A :class:`FunctionSpec` lists the cases
of one function of the learner's file and the rules that name a mistake from
how the cases went; the first rule that fits wins.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


def _no_variants() -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Case:
    """One call of a learner's function.

    ``args()`` gives fresh arguments; ``expected()`` the engine's answer;
    ``variants()`` the answers of classic mistakes. ``observe="first_arg"``
    judges the first argument after the call instead of the returned value
    (for functions that update their argument in place). ``facts()`` gives
    exact numbers about the case for :class:`ImpliedStepRule` (``slope``,
    the exact derivative, and ``second``, the second derivative).
    """

    name: str
    args: Callable[[], tuple[Any, ...]]
    expected: Callable[[], Any]
    variants: Callable[[], dict[str, Any]] = _no_variants
    tags: frozenset[str] = frozenset()
    observe: str = "result"
    rtol: float = 1e-6
    atol: float = 1e-12
    facts: Callable[[], dict[str, float]] | None = None


@dataclass(frozen=True)
class VariantRule:
    """The mistake whose variant answer matches what the learner's function gave."""

    mistake: str


@dataclass(frozen=True)
class TagRule:
    """The mistake when exactly the cases tagged ``tag`` fail (and all others pass)."""

    tag: str
    mistake: str


@dataclass(frozen=True)
class NonFiniteRule:
    """The mistake when a case tagged ``tag`` gives nan or inf where the engine does not."""

    tag: str
    mistake: str


@dataclass(frozen=True)
class ChangedRule:
    """The mistake when an array argument is different after the call.

    With ``shift`` set, it applies only when every entry moved by exactly that
    much (up or down): the sign of a perturbation left in place.
    """

    mistake: str
    shift: float | None = None


@dataclass(frozen=True)
class ImpliedStepRule:
    """The mistake when every case's answer implies the same step h, whatever h was used.

    ``form="times_h_squared"``: answer = slope * h**2 (``/2*h``);
    ``form="forward"``: answer - slope = h * second / 2 (a forward difference).
    """

    mistake: str
    form: str


Rule = VariantRule | TagRule | NonFiniteRule | ChangedRule | ImpliedStepRule


@dataclass(frozen=True)
class FunctionSpec:
    """One function (``"numerical_diff"``) or method (``"SimpleNet.loss"``) to check.

    For a method, ``make_instance(cls)`` builds the object to call it on from
    the learner's class.
    """

    name: str
    cases: tuple[Case, ...]
    rules: tuple[Rule, ...] = ()
    make_instance: Callable[[type], Any] | None = field(default=None, compare=False)

    @property
    def class_name(self) -> str | None:
        return self.name.split(".")[0] if "." in self.name else None

    @property
    def attribute(self) -> str:
        return self.name.split(".")[-1]


@dataclass(frozen=True)
class ExerciseSpec:
    """The exercise of one lesson: its functions, in the order they are checked."""

    lesson: int
    functions: tuple[FunctionSpec, ...]
