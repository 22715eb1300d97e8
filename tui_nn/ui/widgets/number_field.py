"""A number field that validates as the learner types and keeps the last valid value."""

from __future__ import annotations

from textual import on
from textual.message import Message
from textual.validation import Integer, Number, ValidationResult
from textual.widgets import Input


class NumberField(Input):
    """An ``Input`` for one number, labelled on its border.

    While the text is a valid number in range, ``number`` follows it and a
    ``NumberField.Accepted`` message is posted.  Otherwise the border turns red,
    its subtitle says what is wrong, and ``number`` keeps the last valid value.
    """

    DEFAULT_CSS = """
    NumberField {
        width: 18;
    }
    """

    class Accepted(Message):
        """The field holds a new valid number."""

        def __init__(self, field: NumberField, number: float) -> None:
            super().__init__()
            self.field = field
            self.number = number

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
        validator = Integer(minimum, maximum) if integer else Number(minimum, maximum)
        self._fmt = fmt
        self._integer = integer
        self.number: float = int(number) if integer else float(number)
        super().__init__(
            value=fmt.format(number),
            validators=[validator],
            validate_on=["changed", "submitted"],
            id=id,
            classes=classes,
        )
        self.border_title = label
        if tooltip:
            self.tooltip = tooltip

    def set_number(self, number: float) -> None:
        """Show ``number`` in the field without announcing it as the learner's input."""
        self.number = int(number) if self._integer else float(number)
        with self.prevent(NumberField.Accepted):
            self.value = self._fmt.format(number)
        self.border_subtitle = ""

    @on(Input.Changed)
    def _on_changed(self, event: Input.Changed) -> None:
        if event.input is not self:
            return
        event.stop()
        self._take(event.value, event.validation_result)

    @on(Input.Submitted)
    def _on_submitted(self, event: Input.Submitted) -> None:
        if event.input is not self:
            return
        event.stop()
        self._take(event.value, event.validation_result)

    def _take(self, text: str, result: ValidationResult | None) -> None:
        if result is not None and not result.is_valid:
            reason = result.failure_descriptions[0] if result.failure_descriptions else "invalid"
            if not text.strip():
                reason = "Type a number."
            self.border_subtitle = f"{reason} Keeping {self._fmt.format(self.number)}."
            return
        try:
            value = int(text) if self._integer else float(text)
        except ValueError:  # pragma: no cover - the validator has already said so
            return
        self.border_subtitle = ""
        self.number = value
        self.post_message(self.Accepted(self, value))
