"""The app's safety net: no exception raised by a lab ever ends tui-nn with a traceback.

- Actions (keys, palette, clicks) run through ``run_action`` (public), which
  catches and notifies.
- Slow work started with the lab kit (``Lab.run_in_thread``) never raises into
  Textual: its errors go to the lab's ``on_error``.
- Errors in a lab's own message handlers, in a widget's ``render`` or in a raw
  worker reach Textual's ``App._handle_exception``.  Textual 8.2 offers no
  public hook for those (checked: ``App``, ``MessagePump``, ``Widget`` and
  ``Worker`` all call that private method directly), so this is the one private
  override left, kept small: an error from a lab replaces that lesson's lab with
  a short note and the app goes on; any other error is handed to ``super()``
  wrapped in :class:`AppStopped`, whose ``__rich__`` is one plain sentence, so
  Textual ends the app showing that sentence instead of a traceback.  The full
  traceback goes to ``error.log`` in the cache folder either way.  (Under
  Pilot only, the net also sets Textual's ``_exception_event`` while a broken
  lab is replaced, because Pilot would otherwise wait for the dead widget.)

Under Pilot (tests), errors the net caught are re-raised when ``run_test``
ends (unless ``reraise_in_tests`` is False), so a test still fails loudly.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from rich.text import Text
from textual._context import active_message_pump
from textual.actions import ActionParseResult
from textual.app import App
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.worker import WorkerFailed

from tui_nn.i18n import _
from tui_nn.ui.error_log import log_error
from tui_nn.ui.screens.lesson import LessonScreen


class AppStopped(Exception):
    """The app itself failed: Textual shows this one sentence (``__rich__``) as it ends."""

    def __init__(self, sentence: str) -> None:
        super().__init__(sentence)
        self.sentence = sentence

    def __rich__(self) -> Text:
        return Text(self.sentence)


def stopped_sentence(error: BaseException) -> str:
    """What the learner reads when tui-nn cannot go on (the details go to the log)."""
    where = log_error(error)
    details = " " + _("Details are in {where}.").format(where=where) if where else ""
    sentence = _("tui-nn stopped because of an unexpected error: {error}.").format(
        error=repr(error)
    )
    return sentence + details


class SafetyNetApp(App[int]):
    """An App whose labs cannot take it down (see the module doc)."""

    #: In tests (headless), an error caught by the safety net is also raised when
    #: ``run_test`` ends, so the test fails loudly; the app still recovers meanwhile.
    reraise_in_tests: bool = True

    def __init__(self) -> None:
        super().__init__()
        self.caught_errors: list[BaseException] = []
        self.fatal_message = ""

    # The hooks the app gives the net.
    def lesson_screen(self) -> LessonScreen | None:
        """The lesson being shown, if any."""
        return None

    def replace_failed_lesson(self, number: int, note: str) -> None:
        """Show lesson ``number`` again with ``note`` in place of its lab."""

    @asynccontextmanager
    async def run_test(self, *args: Any, **kwargs: Any) -> AsyncGenerator[Pilot[int], None]:
        """Textual's ``run_test``; errors the net caught are raised at the end (see above)."""
        try:
            async with super().run_test(*args, **kwargs) as pilot:
                yield pilot
        except AppStopped:
            if self.reraise_in_tests:
                raise
            return
        if self.reraise_in_tests and self.caught_errors:
            raise self.caught_errors[0]

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Run an action (a key, a click, a palette command); an error becomes a notice."""
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except Exception as error:
            self._recover(error, None)  # the action failed; the lab itself still runs
            return True

    def _handle_exception(self, error: Exception) -> None:
        # The one private override (no public hook in Textual 8.2): see the module doc.
        pump = active_message_pump.get(None)
        if isinstance(error, WorkerFailed) or (
            isinstance(pump, DOMNode) and pump is not self and not self._exit
        ):
            self._recover(error, pump)
            return
        self.fatal_message = stopped_sentence(error)
        super()._handle_exception(AppStopped(self.fatal_message))

    def _recover(self, error: BaseException, where: object) -> None:
        """Show ``error`` as a notification and, if it came from a lab, replace that lab."""
        self.caught_errors.append(error)
        log_error(error)
        reason = error.error if isinstance(error, WorkerFailed) else error
        self.notify(
            _("Something went wrong: {error}").format(error=f"{type(reason).__name__}: {reason}"),
            title=_("tui-nn kept going"),
            severity="error",
            timeout=8,
        )
        if isinstance(error, WorkerFailed) or not isinstance(where, DOMNode):
            return
        # ``where``'s message loop has stopped: if it belongs to the lesson on
        # screen, reopen that lesson with a note in place of its lab.
        lesson_screen = self.lesson_screen()
        if lesson_screen is None or lesson_screen.lab_is_broken:
            return
        if where is lesson_screen or lesson_screen in where.ancestors:
            note = lesson_screen.failure_text(reason)
            if self.is_headless:
                # Pilot (tests only) waits for every widget on screen to go idle; the
                # failed one never will, so let it stop waiting until the lesson is
                # replaced.  The one private field the net still touches.
                self._exception_event.set()
            self.call_later(self._replace, lesson_screen.number, note)

    def _replace(self, number: int, note: str) -> None:
        self.replace_failed_lesson(number, note)
        if self.is_headless:
            self.call_after_refresh(self._exception_event.clear)
