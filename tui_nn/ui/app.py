"""The tui-nn app: one screen per lesson, a lesson list, help, and a safety net.

Keys (all in the Footer, the ``?`` help and the command palette):

- PgDn / PgUp: next / previous lesson.  They are ``priority`` bindings, so they
  work even while a number field has focus (an Input does not use them).
- Ctrl+L: the lesson list (also priority).  ``?`` or F1: help (inside a
  field ``?`` is just a character, so F1 is the one that always works).
  ``q`` or Ctrl+Q: quit (Ctrl+Q also from inside a field).  Esc leaves a field, so that the
  lab's single-letter keys work again.  Ctrl+P: the command palette.

Safety net: an exception raised by a lesson's lab must not end the app with a
traceback.  Actions (keys, palette, clicks) run through ``run_action``, which
catches and notifies; errors inside a lab's own message handlers reach
``_handle_exception``, which replaces that lesson's lab with a short note and
keeps the app running; a failure that cannot be recovered (in the app itself)
ends the app with one plain sentence, and the full traceback goes to
``error.log`` in the cache folder instead of the learner's screen.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from typing import ClassVar

from rich.text import Text
from textual import events
from textual._context import active_message_pump
from textual.actions import ActionParseResult
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import WorkerFailed

from tui_nn.catalog import LESSONS
from tui_nn.ui.commands import LabCommands, LessonCommands
from tui_nn.ui.error_log import error_log_path, log_error
from tui_nn.ui.screens.help import HelpScreen, own_bindings
from tui_nn.ui.screens.lesson import LessonScreen
from tui_nn.ui.screens.lesson_list import LessonListScreen
from tui_nn.ui.screens.too_small import TooSmallScreen, is_too_small
from tui_nn.ui.settings import Settings, load_settings, save_settings

__all__ = ["TuiNNApp", "error_log_path", "log_error", "run_app"]

LAST_LESSON = len(LESSONS) - 1
LESSON_KEYS = Binding.Group("Lesson", compact=False)


class TuiNNApp(App[int]):
    """The tui-nn app.  ``lesson`` opens that lesson; None resumes (or shows the list)."""

    TITLE = "tui-nn"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {LessonCommands, LabCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "pageup",
            "previous_lesson",
            "Prev lesson",
            key_display="PgUp",
            priority=True,
            group=LESSON_KEYS,
        ),
        Binding(
            "pagedown",
            "next_lesson",
            "Next lesson",
            key_display="PgDn",
            priority=True,
            group=LESSON_KEYS,
        ),
        Binding("ctrl+l", "lesson_list", "Lessons", key_display="^L", priority=True),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("f1", "help", "Help", key_display="F1", show=False, priority=True),
        Binding("ctrl+q", "quit", "Quit", key_display="^Q", priority=True),
        Binding("q", "quit", "Quit", show=False),
    ]

    #: In tests (headless), an error caught by the safety net is also handed to
    #: ``run_test`` so the test fails loudly; the app still recovers meanwhile.
    reraise_in_tests: bool = True

    def __init__(self, lesson: int | None = None) -> None:
        super().__init__()
        if lesson is not None and not 0 <= lesson <= LAST_LESSON:
            raise ValueError(f"there is no lesson {lesson}")
        self._start_lesson = lesson
        self.lesson: int | None = None
        self.caught_errors: list[BaseException] = []
        self.fatal_message = ""

    # ----------------------------------------------------------------- start

    def on_mount(self) -> None:
        number = self._start_lesson
        if number is None:
            number = load_settings().last_lesson
        if number is None:
            self.push_screen(LessonListScreen(None, can_close=False), self._list_closed)
        else:
            self.goto_lesson(number)
        self._check_size()

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size)

    def _check_size(self, size: Size | None = None) -> None:
        small = is_too_small(*(size or self.size))
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen())
        elif not small and showing:
            self.pop_screen()

    # ------------------------------------------------------------ navigation

    def lesson_screen(self) -> LessonScreen | None:
        """The lesson being shown (under any list or help on top), if any."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, LessonScreen):
                return screen
        return None

    def current_lab(self) -> Widget | None:
        screen = self.lesson_screen()
        return screen.lab if screen is not None else None

    def goto_lesson(self, number: int, lab_failure: str | None = None) -> None:
        """Open lesson ``number`` in place of the current one and remember it."""
        if not 0 <= number <= LAST_LESSON:
            return
        while isinstance(self.screen, (LessonListScreen, HelpScreen, TooSmallScreen)):
            self.pop_screen()
        current = self.lesson_screen()
        new = LessonScreen(number, lab_failure=lab_failure)
        if current is not None:
            current.stop_lab()
            self.switch_screen(new)
        else:
            self.push_screen(new)
        self.lesson = number
        save_settings(Settings(last_lesson=number))
        self.call_after_refresh(self._check_size)

    def _list_closed(self, number: int | None) -> None:
        if number is not None:
            self.goto_lesson(number)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.screen, TooSmallScreen) and action != "quit":
            return False
        if action == "next_lesson":
            return (self.lesson is not None and self.lesson < LAST_LESSON) or None
        if action == "previous_lesson":
            return (self.lesson is not None and self.lesson > 0) or None
        return True

    def action_next_lesson(self) -> None:
        """Open the next lesson."""
        if self.lesson is not None and self.lesson < LAST_LESSON:
            self.goto_lesson(self.lesson + 1)

    def action_previous_lesson(self) -> None:
        """Open the previous lesson."""
        if self.lesson is not None and self.lesson > 0:
            self.goto_lesson(self.lesson - 1)

    def action_lesson_list(self) -> None:
        """Show the list of lessons (or close it if it is showing)."""
        if isinstance(self.screen, LessonListScreen):
            if self.screen.can_close:
                self.screen.dismiss(None)
            return
        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        self.push_screen(
            LessonListScreen(self.lesson, can_close=self.lesson_screen() is not None),
            self._list_closed,
        )

    def action_help(self) -> None:
        """Show every key of the app and of the current lab (or close the help)."""
        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        if isinstance(self.screen, LessonListScreen) and self.screen.can_close:
            self.pop_screen()
        lesson_screen = self.lesson_screen()
        screen_bindings = own_bindings(lesson_screen, Screen) if lesson_screen else []
        lab = lesson_screen.lab if lesson_screen is not None else None
        title = ""
        if lesson_screen is not None:
            title = f"{lesson_screen.lesson.number} {lesson_screen.lesson.title}"
        app_bindings = list(Binding.make_bindings(self.BINDINGS))
        self.push_screen(HelpScreen(app_bindings, screen_bindings, lab, title))

    async def action_quit(self) -> None:
        """Leave tui-nn (the lesson is remembered for next time)."""
        screen = self.lesson_screen()
        if screen is not None:
            screen.stop_lab()
        self.exit(0)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand("Next lesson", "Open the next lesson (PgDn)", self.action_next_lesson)
        yield SystemCommand(
            "Previous lesson", "Open the previous lesson (PgUp)", self.action_previous_lesson
        )
        yield SystemCommand("Lesson list", "Pick any lesson (Ctrl+L)", self.action_lesson_list)
        yield SystemCommand("Help: keys", "Every key of the app and this lab (?)", self.action_help)
        yield from super().get_system_commands(screen)

    # ------------------------------------------------------------ safety net

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
        pump = active_message_pump.get(None)
        if isinstance(error, WorkerFailed) or (
            isinstance(pump, DOMNode) and pump is not self and not self._exit
        ):
            self._recover(error, pump)
            return
        # The app's own loop failed: end with one plain sentence, not a traceback.
        self._return_code = 1
        if self._exception is None and self.is_headless and self.reraise_in_tests:
            self._exception = error
        self._exception_event.set()  # Pilot (tests) stops waiting for the closed app
        where = log_error(error)
        details = f" Details are in {where}." if where else ""
        self.fatal_message = f"tui-nn stopped because of an unexpected error: {error!r}.{details}"
        self._exit_renderables.append(Text(self.fatal_message))
        self._close_messages_no_wait()

    def _recover(self, error: BaseException, where: object) -> None:
        """Show ``error`` as a notification and, if it came from a lab, replace that lab."""
        self.caught_errors.append(error)
        if self.is_headless and self.reraise_in_tests and self._exception is None:
            self._exception = error  # type: ignore[assignment]
        log_error(error)
        reason = error.error if isinstance(error, WorkerFailed) else error
        self.notify(
            f"Something went wrong: {type(reason).__name__}: {reason}",
            title="tui-nn kept going",
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
                # Pilot waits for every widget on screen to go idle; the failed
                # one never will, so let it stop waiting until the lesson is
                # replaced (``_lesson_replaced`` clears the flag again).
                self._exception_event.set()
            self.call_later(self._replace_failed_lesson, lesson_screen.number, note)

    def _replace_failed_lesson(self, number: int, note: str) -> None:
        self.goto_lesson(number, lab_failure=note)
        self.call_after_refresh(self._exception_event.clear)


def run_app(lesson: int | None = None) -> int:
    """Start the app (at ``lesson``, or where the learner left off); returns the exit code."""
    try:
        app = TuiNNApp(lesson=lesson)
        app.run()
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the last line of the safety net
        where = log_error(error)
        details = f" Details are in {where}." if where else ""
        message = f"tui-nn stopped because of an unexpected error: {error!r}.{details}"
        print(message, file=sys.stderr)
        return 1
    code = app.return_code
    return 0 if code is None else int(code)
