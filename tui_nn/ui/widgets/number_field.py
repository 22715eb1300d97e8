"""A number field that validates as the learner types and keeps the last valid value."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.validation import Failure, Integer, Number, ValidationResult, Validator
from textual.widgets import Input, Static

from tui_nn.i18n import N_, _

#: A typed number may differ from the float it becomes by rounding, no more.
EXACT_ENOUGH = 1e-9


class HeldExactly(Validator):
    """Refuses text whose number a float cannot hold: ``1e-400`` (it would become 0)
    or ``1e-320`` (a subnormal that keeps only a few digits).  Rounding in the last
    digits (``0.1``) is fine."""

    def validate(self, value: str) -> ValidationResult:
        try:
            typed = Decimal(value.strip())
            held = float(value)
        except (InvalidOperation, ValueError):
            return self.success()  # not a number at all: the Number validator says so
        if not typed.is_finite() or typed == 0 or held in (float("inf"), float("-inf")):
            return self.success()
        if held == 0.0 or abs(Decimal(held) - typed) > abs(typed) * Decimal(EXACT_ENOUGH):
            return self.failure("too small")  # the words are made by ``reasons``
        return self.success()


def _range_words(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return _("{low} to {high}").format(low=f"{low:g}", high=f"{high:g}")
    if low is not None:
        return _("at least {low}").format(low=f"{low:g}")
    if high is not None:
        return _("at most {high}").format(high=f"{high:g}")
    return ""


def reasons(failure: Failure | None, text: str) -> tuple[str, str]:
    """``(short, sentence)``: what is wrong with ``text``, in a few words and in full.

    The few words fit on the border of the narrowest field (11 cells wide:
    room for 5 cells, or two or three Hangul); the
    sentence (shown under the lab by the lesson screen, and in the tooltip)
    names the range or the reason.  Both in the current language.
    """
    typed = text.strip()
    if len(typed) > 12:
        typed = typed[:11] + "…"
    if not text.strip():
        return _("empty"), _("The field is empty: type a number.")
    try:
        if abs(float(text)) == float("inf"):
            return _("huge"), _("{text} is too big for a number here.").format(text=typed)
    except ValueError:
        pass
    validator = failure.validator if failure is not None else None
    if isinstance(failure, Number.NotInRange | Integer.NotInRange) and validator is not None:
        low = getattr(validator, "minimum", None)
        high = getattr(validator, "maximum", None)
        allowed = _range_words(low, high)
        try:
            below = low is not None and float(text) < low
        except ValueError:
            below = False
        short = _("< min") if below else _("> max")
        return short, _("{text} is out of range: {allowed}.").format(text=typed, allowed=allowed)
    if isinstance(failure, Integer.NotAnInteger):
        return _("whole"), _("{text} is not a whole number: type one without a point.").format(
            text=typed
        )
    if isinstance(failure, Number.NotANumber):
        return _("typo?"), _("{text} is not a number (digits, a point, e.g. 0.01).").format(
            text=typed
        )
    if validator is not None and isinstance(validator, HeldExactly):
        return _("tiny"), _("{text} is too small: a computer would hold it as 0.").format(
            text=typed
        )
    own_short = getattr(validator, "short", None)  # a lab's own validator may name its reason
    if isinstance(own_short, str):
        sentence = str(failure.description or "") if failure is not None else ""
        return _(own_short), sentence or _("{text} is not allowed here.").format(text=typed)
    return _("no"), _("{text} is not allowed here.").format(text=typed)


def _short_reason(failure: Failure | None, text: str) -> str:
    """A few words that fit on the border of a narrow field (see :func:`reasons`)."""
    return reasons(failure, text)[0]


class FieldNumber(Message):
    """A number from a ``NumberField`` (the base of its two messages)."""

    def __init__(self, field: NumberField, number: float) -> None:
        super().__init__()
        self.field = field
        self.number = number

    @property
    def control(self) -> NumberField:
        return self.field


class NumberField(Input):
    """An ``Input`` for one number, labelled on its border.

    While the text is a valid number in range, ``number`` follows it and a
    ``NumberField.Accepted`` message is posted.  Otherwise the border turns red,
    its subtitle says in a few words what is wrong (``error`` and the tooltip
    hold the whole sentence), and ``number`` keeps the last valid value.

    Leaving the field (Esc, Tab, a click elsewhere) while its text is bad
    puts the kept value back in the box.

    "Last valid value" means the value the field had before the learner
    started this edit: typing ``70000`` into a field limited to 1000 passes
    through 7, 70 and 700 (the lab follows them live), but once the text is
    invalid the lab goes back to the value from before the edit, not to 700.

    Enter (with a valid number) and Escape leave the field, so that the lab's
    single-letter keys work again.

    ``Accepted`` follows the typing live; ``Committed`` is posted only when the
    learner is done: Enter with a valid number, or leaving the field with a
    value different from the one it had when it got focus (a lab whose change is
    costly or random, like drawing a new batch, listens to ``Committed``).

    A number that a float cannot hold as typed (``1e-400`` becomes 0) is
    refused like any other bad input ("too small").
    """

    # No description: the lesson screen already lists Esc as "Leave field", and
    # this binding only makes Esc work where a lab is shown on its own.
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "leave", show=False)]

    # The label sits on the top border, which Input draws in $border-blurred
    # (#191919 on #1e1e1e in the dark theme, black on black in 16 colours):
    # give the label and the short error under the field the text colours
    # instead, so they read at WCAG contrast (tests/ui/test_legibility.py).
    DEFAULT_CSS = """
    NumberField {
        width: 18;
        border-title-color: $foreground;
        border-subtitle-color: $text-error;
        &:focus {
            border-title-color: $foreground;
            border-title-style: bold;
        }
        &:ansi {
            border-title-color: ansi_default;
            border-subtitle-color: ansi_bright_red;
        }
    }
    """

    class Accepted(FieldNumber):
        """The field holds a new valid number (posted as the learner types)."""

    class Committed(FieldNumber):
        """The learner is done with the field: Enter, or left it with a new number."""

    class Problem(Message):
        """The field refused what was typed (``text``: the whole sentence), or "" once fixed.

        The lesson screen shows ``text`` on a line under the lab
        (:class:`FieldMessageLine`), so a keyboard user reads the whole reason
        that the field's border can only hint at.
        """

        def __init__(self, field: NumberField, text: str) -> None:
            super().__init__()
            self.field = field
            self.text = text

        @property
        def control(self) -> NumberField:
            return self.field

    def __init__(
        self,
        number: float,
        *,
        label: str,
        minimum: float | None = None,
        maximum: float | None = None,
        integer: bool = False,
        fmt: str = "{:g}",
        id: str | None = None,
        classes: str | None = None,
        tooltip: str | None = None,
    ) -> None:
        validator: Validator = Integer(minimum, maximum) if integer else Number(minimum, maximum)
        self._fmt = fmt
        self._integer = integer
        self.number: float = int(number) if integer else float(number)
        super().__init__(
            value=fmt.format(number),
            validators=[validator] if integer else [validator, HeldExactly()],
            validate_on=["changed", "submitted"],
            id=id,
            classes=classes,
        )
        self._label = label  # the English words (the catalogue's key); shown with _()
        self.border_title = _(label)
        self.error = ""
        self._committed = self.number  # the value before the current edit
        self._on_entry = self.number  # the value when the field got focus
        self._tooltip_text = tooltip
        if tooltip:
            self.tooltip = _(tooltip)

    def refresh_language(self) -> None:
        """Show the label (and tooltip, and any refusal) in the current language."""
        self.border_title = _(self._label)
        if self.error:
            self._take(self.value, self.validate(self.value))
        elif self._tooltip_text:
            self.tooltip = _(self._tooltip_text)

    def set_number(self, number: float) -> None:
        """Show ``number`` in the field without announcing it as the learner's input."""
        self.number = int(number) if self._integer else float(number)
        self._committed = self.number
        self._on_entry = self.number
        with self.prevent(NumberField.Accepted, NumberField.Committed):
            self.value = self._fmt.format(number)
        self._clear_error()

    def action_leave(self) -> None:
        """Give the keys back to the lab: focus the nearest focusable container."""
        for ancestor in self.ancestors:
            if getattr(ancestor, "focusable", False) and ancestor is not self.screen:
                ancestor.focus()  # type: ignore[attr-defined]
                return
        self.screen.set_focus(None)

    def on_focus(self) -> None:
        if not self.error:
            self._committed = self.number
        self._on_entry = self.number

    def on_blur(self) -> None:
        if self.error:  # leaving a bad edit: show the value that is kept
            self.post_message(self.Problem(self, ""))
            self.set_number(self.number)
        self._committed = self.number
        if self.number != self._on_entry:
            self._on_entry = self.number
            self.post_message(self.Committed(self, self.number))

    @on(Input.Changed)
    def _text_changed(self, event: Input.Changed) -> None:
        if event.input is not self:
            return
        event.stop()
        self._take(event.value, event.validation_result)

    @on(Input.Submitted)
    def _text_submitted(self, event: Input.Submitted) -> None:
        if event.input is not self:
            return
        event.stop()
        if self._take(event.value, event.validation_result):
            self._committed = self.number
            self._on_entry = self.number
            self.post_message(self.Committed(self, self.number))
            self.action_leave()

    def _take(self, text: str, result: ValidationResult | None) -> bool:
        """Accept ``text`` if it is valid (and say so); otherwise explain. Returns validity."""
        if result is not None and not result.is_valid:
            failure = result.failures[0] if result.failures else None
            short, sentence = reasons(failure, text)
            if self.number != self._committed:  # go back to the value from before this edit
                self.number = self._committed
                self.post_message(self.Accepted(self, self.number))
            kept = self._fmt.format(self.number)
            self.error = _("{reason} Keeping {kept}.").format(reason=sentence, kept=kept)
            self.border_subtitle = short
            self.tooltip = self.error
            self.post_message(
                self.Problem(
                    self, _("{label}: {error}").format(label=_(self._label), error=self.error)
                )
            )
            return False
        try:
            value = int(text) if self._integer else float(text) + 0.0  # no "-0"
        except ValueError:  # pragma: no cover - the validator has already said so
            return False
        if self.error:
            self.post_message(self.Problem(self, ""))
        self._clear_error()
        self.number = value
        self.post_message(self.Accepted(self, value))
        if not self.has_focus:  # set from code or pasted: nothing to go back to
            self._committed = value
            self._on_entry = value
            self.post_message(self.Committed(self, value))
        return True

    def _clear_error(self) -> None:
        self.error = ""
        self.border_subtitle = ""
        self.tooltip = _(self._tooltip_text) if self._tooltip_text else None


class FieldMessageLine(Static):
    """One line under a lab saying why a number field refused its text (empty when none).

    It listens to nothing itself: the screen that holds the lab forwards
    ``NumberField.Problem`` to :meth:`show`.
    """

    DEFAULT_CSS = """
    FieldMessageLine {
        height: auto;
        max-height: 2;
        color: $text-error;
        padding: 0 1;
        display: none;
    }
    FieldMessageLine.-shown { display: block; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.text = ""

    def show(self, text: str) -> None:
        """Show ``text`` ("" hides the line)."""
        self.text = text
        self.update(text)
        self.set_class(bool(text), "-shown")


POINT_TIPS = (
    N_("First coordinate of the point (-100 to 100)"),
    N_("Second coordinate of the point (-100 to 100)"),
)


def point_fields(
    point: tuple[float, float], *, id_prefix: str, limit: float = 100
) -> tuple[NumberField, NumberField]:
    """The two fields x0 and x1 of a point in the plane, each from -limit to limit."""
    return tuple(  # type: ignore[return-value]
        NumberField(
            value,
            label=f"x{i}",
            minimum=-limit,
            maximum=limit,
            id=f"{id_prefix}-x{i}",
            tooltip=POINT_TIPS[i] if limit == 100 else None,
        )
        for i, value in enumerate(point)
    )
