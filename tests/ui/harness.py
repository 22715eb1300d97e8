"""One shared Pilot harness for lab tests: a lab on its own, and what it shows.

How to use it::

    from tests.ui.harness import LabApp, shown_text, type_into

    async def test_something() -> None:
        app = LabApp(LossLab)                      # a class, or an instance
        async with app.run_test(size=(100, 32)) as pilot:
            lab = app.lab                           # the mounted lab
            assert "MSE" in shown_text(app, "#loss-numbers")
            field = await type_into(pilot, "#loss-prob", "0.9")
            assert field.number == 0.9

- ``LabApp(lab)`` mounts just that lab and a Footer (so the lab's bindings are
  listed as in the real app) and gives the lab the keyboard when it opens, as
  the lesson screen does.  ``lab`` may be a ``Widget`` subclass (built with no
  arguments) or an already built widget (e.g. a subclass with small settings).
- ``shown_text(where, selector)`` is the text a widget shows on screen:
  ``where`` is the app (its current screen is searched) or any widget; a
  ``Static`` gives its rendered text, a widget with a ``text`` attribute (the
  training lab's ``LiveText``) gives that.
- ``type_into(pilot, selector_or_field, text)`` focuses a ``NumberField``,
  deletes its text (End, Ctrl+U) and types ``text`` key by key, as a learner
  would (an empty ``text`` leaves the field empty).  It returns the field; it
  does not press Enter.
- ``await settled(pilot)`` waits until the screen has handled every message and
  been redrawn after them (so a layout a widget asked for is done: what a
  snapshot or a size check then sees is final).  ``Pilot.pause()`` alone can
  return on a loaded machine before a pending layout has run.
- ``assert_refused(pilot, field, text, reason, shown)`` types invalid ``text``
  into a field and checks what a learner must see: the field's number is the
  one from before the edit, ``field.error`` says "Keeping <that value>", the
  field says ``reason`` ("not a number", "0 to 9"...: on its border or in the
  whole sentence of ``field.error``) and has a word on its border, and
  ``shown()`` (the lab's numbers on screen) is what it was before the edit.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import Any

from textual.app import App, ComposeResult
from textual.pilot import Pilot, WaitForScreenTimeout
from textual.widget import Widget
from textual.widgets import Static

from tui_nn.ui.widgets.footer import WordsFooter
from tui_nn.ui.widgets.number_field import NumberField

__all__ = ["LabApp", "assert_refused", "settled", "shown_text", "type_into"]


async def settled(pilot: Pilot[Any], timeout: float = 60.0) -> bool:
    """Wait until the app is idle: every message handled, on the screen it ends on, redrawn.

    Keys or messages may change the screen (help, list, another lesson) while
    they are handled, so this waits again until the same screen has both
    handled its messages and been redrawn.  False if it gave up: after
    ``timeout`` s, or when the app stopped on an exception.
    """
    app = pilot.app
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        screen = app.screen
        try:
            if not await pilot._wait_for_screen(timeout=max(0.1, deadline - time.monotonic())):
                return False  # an exception: the app's safety net has it
        except WaitForScreenTimeout:
            return False
        if app.screen is not screen:
            continue
        redrawn = asyncio.Event()
        screen.call_after_refresh(redrawn.set)
        while not redrawn.is_set() and app.screen is screen and time.monotonic() < deadline:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(redrawn.wait(), 0.25)
        if redrawn.is_set() and app.screen is screen:
            return True
    return False


class LabApp(App[None]):
    """Just one lab and a Footer; the lab has the keyboard when the app opens."""

    def __init__(self, lab: type[Widget] | Widget) -> None:
        super().__init__()
        self.lab: Widget = lab() if isinstance(lab, type) else lab

    def compose(self) -> ComposeResult:
        yield self.lab
        yield WordsFooter()

    def on_mount(self) -> None:
        if self.lab.can_focus:
            self.lab.focus()


def shown_text(where: App[Any] | Widget, selector: str) -> str:
    """The text the widget matching ``selector`` shows (searched in the app's screen)."""
    root = where.screen if isinstance(where, App) else where
    widget = root.query_one(selector)
    if isinstance(widget, Static):
        return str(widget.render())
    text = getattr(widget, "text", None)
    if isinstance(text, str):
        return text
    return str(widget.render())


async def type_into(pilot: Pilot[Any], field: str | NumberField, text: str) -> NumberField:
    """Focus a number field, delete what it holds and type ``text`` key by key."""
    if isinstance(field, str):
        field = pilot.app.screen.query_one(field, NumberField)
    field.focus()
    await pilot.pause()
    await pilot.press("end", "ctrl+u")  # delete everything left of the cursor
    if text:
        await pilot.press(*text)
    return field


async def assert_refused(
    pilot: Pilot[Any],
    field: str | NumberField,
    text: str,
    reason: str,
    shown: Callable[[], object],
) -> None:
    """Type invalid ``text``: the value from before the edit is kept, said and still shown."""
    if isinstance(field, str):
        field = pilot.app.screen.query_one(field, NumberField)
    before_number, before_text, before_shown = field.number, field.value, shown()
    if field.error:  # still showing an earlier refusal: the kept value is the one it names
        before_text = field.error.rsplit("Keeping ", 1)[1].rstrip(".")
    await type_into(pilot, field, text)
    await pilot.pause()
    assert field.number == before_number, f"{text!r}: {field.number} != {before_number}"
    assert f"Keeping {before_text}." in field.error, f"{text!r}: {field.error!r}"
    # The border has room for two or three words ("too high"); the whole
    # reason ("-1 is out of range: 0 to 9.") is in ``error`` (shown under the lab).
    assert field.border_subtitle, f"{text!r}: no word on the border"
    assert reason == field.border_subtitle or reason in field.error, f"{text!r}: {field.error!r}"
    assert shown() == before_shown, f"{text!r} changed what the lab shows"
    assert pilot.app.is_running


async def press_every_key_and_refuse_bad_input(
    pilot: Pilot[Any], bad_inputs_by_field: dict[str, list[tuple[str, str]]]
) -> None:
    """Press each of the lab's keys (forwards, then backwards), then type every bad input.

    ``bad_inputs_by_field`` maps a field selector to ``(text, short reason)``
    pairs; each must be refused as ``assert_refused`` checks, with the lab's
    Statics unchanged, and Esc must then give the keys back to the lab.
    """
    lab = pilot.app.lab  # type: ignore[attr-defined]
    keys = [key for b in lab.BINDINGS for key in b.key.split(",")]
    await pilot.press(*keys, *reversed(keys))

    def shown() -> list[str]:
        return [str(widget.render()) for widget in lab.query(Static)]

    for field_id, bad_inputs in bad_inputs_by_field.items():
        for bad, reason in bad_inputs:
            await assert_refused(pilot, field_id, bad, reason, shown)
        await pilot.press("escape")  # the lab's keys work again
        assert not isinstance(pilot.app.focused, NumberField)
