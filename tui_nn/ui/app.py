"""The tui-nn app: one screen per lesson, a lesson list, help, and a safety net.

Keys (all in the Footer, the ``?`` help and the command palette):

- PgDn / PgUp: next / previous lesson.  They are ``priority`` bindings, so they
  work even while a number field has focus (an Input does not use them).
- Ctrl+L: the lesson list (also priority).  ``?`` or F1: help (inside a
  field ``?`` is just a character, so F1 is the one that always works).
  ``q`` or Ctrl+Q: quit (Ctrl+Q also from inside a field); while work runs, a
  small box says what would be lost and asks first.  Esc leaves a field, so
  that the lab's single-letter keys work again.  Ctrl+P: the command palette.
  F6: the lesson's Exercise view (lessons 1-8; :mod:`tui_nn.ui.screens.exercise`).
- F2: the next language (English, 한국어), live; the choice is saved in
  settings.json.  Lesson texts, titles, the list and the help are redrawn in
  place: the labs (their fields, results and running work) are not rebuilt.
- With the Korean input method on, a jamo key outside a text field does what
  its letter does (ㅇ is d): see :mod:`tui_nn.ui.hangul_keys`.

State that lasts: each lesson's screen (and so its lab, its settings, results
and running work) is built once and kept for the whole session; the title bar
shows the work running in any lesson ("8 · training 43%").  Between runs the
last lesson and each lab's ``lab_settings()`` are kept in settings.json.

The safety net (no lab error ends the app with a traceback) is
:class:`tui_nn.ui.safety_net.SafetyNetApp`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import sys
from collections.abc import Callable, Iterable
from typing import ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.geometry import Size
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget

from tui_nn.catalog import LESSONS
from tui_nn.exercises.runner import checking_allowed
from tui_nn.i18n import N_, _, language_name, next_language, set_language
from tui_nn.ui import look
from tui_nn.ui.commands import LabCommands, LessonCommands, app_commands
from tui_nn.ui.css_cache import grow_parse_cache
from tui_nn.ui.error_log import error_log_path, log_error
from tui_nn.ui.exercise_link import link_of
from tui_nn.ui.hangul_keys import redispatch_jamo
from tui_nn.ui.heap import freeze_after_slow_collections, freeze_survivors
from tui_nn.ui.labs.base import Lab
from tui_nn.ui.safety_net import AppStopped, SafetyNetApp
from tui_nn.ui.screens.exercise import ExerciseScreen
from tui_nn.ui.screens.help import HelpScreen, own_bindings
from tui_nn.ui.screens.lesson import LessonScreen
from tui_nn.ui.screens.lesson_list import LessonListScreen
from tui_nn.ui.screens.quit_confirm import QuitConfirmScreen
from tui_nn.ui.screens.too_small import TooSmallScreen, is_too_small
from tui_nn.ui.settings import (
    Settings,
    encode_settings,
    problem_notice,
    read_settings,
    set_aside_broken,
    settings_path,
)
from tui_nn.ui.settings_writer import SettingsWriter
from tui_nn.ui.widgets.footer import WordsFooter

__all__ = ["AppStopped", "TuiNNApp", "error_log_path", "log_error", "run_app"]

LAST_LESSON = len(LESSONS) - 1
LESSON_KEYS = Binding.Group(N_("Lesson"), compact=False)
#: How often the title bar looks at the labs' running work while some runs (seconds).
BUSY_REFRESH = 0.25
#: When it looks after a key or a click (seconds after it): the key may have started work.
BUSY_LOOKS = (0.1, 1.0)


class TuiNNApp(SafetyNetApp):
    """The tui-nn app.  ``lesson`` opens that lesson; None resumes (or shows the list)."""

    TITLE = "tui-nn"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {LessonCommands, LabCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "pageup",
            "previous_lesson",
            N_("Prev lesson"),
            key_display="PgUp",
            priority=True,
            group=LESSON_KEYS,
        ),
        Binding(
            "pagedown",
            "next_lesson",
            N_("Next lesson"),
            key_display="PgDn",
            priority=True,
            group=LESSON_KEYS,
        ),
        Binding("ctrl+l", "lesson_list", N_("Lessons"), key_display="^L", priority=True),
        Binding("f6", "exercise", N_("Exercise"), key_display="F6"),
        Binding("question_mark", "help", N_("Help"), key_display="?"),
        Binding("f1", "help", N_("Help"), key_display="F1", priority=True),
        Binding("f2", "switch_language", N_("Language"), key_display="F2", priority=True),
        Binding("ctrl+q", "quit", N_("Quit"), key_display="^Q", priority=True),
        Binding("q", "quit", N_("Quit"), show=False),
    ]

    def __init__(self, lesson: int | None = None) -> None:
        super().__init__()
        grow_parse_cache(self)  # each lesson's new widgets do not re-parse all the CSS
        if lesson is not None and not 0 <= lesson <= LAST_LESSON:
            raise ValueError(f"there is no lesson {lesson}")
        self._start_lesson = lesson
        self.lesson: int | None = None
        self._screens: dict[int, LessonScreen] = {}
        self._generation = 0
        self._saved = Settings()
        self._busy_text = ""
        self._busy_timer: Timer | None = None
        self._busy_looks = 0
        self.settings_writer = SettingsWriter()  # saves off the interface thread

    # ----------------------------------------------------------------- start

    def on_mount(self) -> None:
        look.install(self)  # ASCII mode, TERM=dumb: before the first screen (the list) is drawn
        loaded = read_settings()
        self._saved = loaded.settings
        if loaded.problem is not None:
            set_aside_broken()
            self.notify(problem_notice(loaded.problem), severity="warning", timeout=10)
        number = self._start_lesson
        if number is None:
            number = self._saved.last_lesson
        if number is None:
            self.push_screen(LessonListScreen(None, can_close=False), self._list_closed)
        else:
            self.goto_lesson(number)
        self._check_size()
        self.call_after_refresh(freeze_survivors)
        freeze_after_slow_collections(asyncio.get_running_loop())

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseUp)) and not event.is_forwarded:
            self._look_at_busy_soon()  # the key may start or stop some work
            if isinstance(event, events.Key):
                event._tui_nn_screen = self.screen  # type: ignore[attr-defined]
        await super().on_event(event)

    async def _on_key(self, event: events.Key) -> None:
        # A key no widget used comes back here to the app's keys; if a later key (Ctrl+L)
        # changed the screen meanwhile, it is dropped: Esc typed in a lesson must not close
        # the list that the next key opened.
        # A jamo that no widget used (the Korean input method is on): act as its letter.
        # (Textual calls one handler per class, ``_on_key`` before ``on_key``, so both are
        # here; App's own ``_on_key``, the app's keys, runs next unless prevented.)
        stale = getattr(event, "_tui_nn_screen", self.screen) is not self.screen
        if stale or redispatch_jamo(self, event):
            event.stop()
            event.prevent_default()

    def on_lab_busy_changed(self, message: Lab.BusyChanged) -> None:
        self.watch_busy()

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
        """Show lesson ``number`` (built once, then kept) and remember it.

        ``lab_failure``: rebuild the lesson with this note in place of its lab.
        """
        if not 0 <= number <= LAST_LESSON:
            return
        while isinstance(
            self.screen,
            (LessonListScreen, HelpScreen, TooSmallScreen, QuitConfirmScreen, ExerciseScreen),
        ):
            self.pop_screen()
        current = self.lesson_screen()
        screen = self._screens.get(number)
        retired = None
        if screen is None or lab_failure is not None:
            retired = screen
            slug = LESSONS[number].slug
            screen = LessonScreen(
                number, lab_failure=lab_failure, lab_settings=self._saved.labs.get(slug)
            )
            self._generation += 1
            self.install_screen(screen, f"lesson-{number}-{self._generation}")  # kept when left
            self._screens[number] = screen
        if current is None:
            self.push_screen(screen)
        elif current is not screen:
            self.switch_screen(screen)
        if retired is not None:
            self.call_after_refresh(self._retire, retired)
        self.lesson = number
        self.save_all_settings()
        self.call_after_refresh(self._check_size)
        self.call_after_refresh(self.refresh_busy, True)

    async def _retire(self, screen: LessonScreen) -> None:
        screen.stop_lab()
        if screen in self.screen_stack:
            return
        self.uninstall_screen(screen)
        await screen.remove()

    def replace_failed_lesson(self, number: int, note: str) -> None:
        self.goto_lesson(number, lab_failure=note)

    # ------------------------------------------------------ work and settings

    def busy_summary(self) -> str:
        """The running work of every lesson, e.g. "8 · training 43%" ("" when idle)."""
        parts = []
        for number, screen in sorted(self._screens.items()):
            busy = screen.busy()
            if busy:
                parts.append(f"{number} · {busy}")
        return "   ".join(parts)

    def refresh_busy(self, always: bool = False) -> None:
        """Show ``busy_summary()`` in the title bar if it changed."""
        text = self.busy_summary()
        if text == self._busy_text and not always:
            return
        self._busy_text = text
        screen = self.lesson_screen()
        if screen is not None:
            screen.show_busy(text)

    def watch_busy(self) -> None:
        """Show the running work now, and look again every ``BUSY_REFRESH`` s while any runs.

        Called when a lab's kit work starts, moves on or ends (``Lab.BusyChanged``)
        and ``BUSY_LOOKS`` after a key or click (a lab's own work, e.g. lesson 5's play);
        when nothing runs, no timer is left: an idle app uses no CPU.
        """
        self.refresh_busy()
        if self._busy_text and self._busy_timer is None:
            self._busy_timer = self.set_interval(BUSY_REFRESH, self._poll_busy)

    def _look_at_busy_soon(self) -> None:
        # Once the key is handled: one-shot timers, not a poll (a slow machine gets a second).
        if not self._busy_looks:
            self._busy_looks = len(BUSY_LOOKS)
            for delay in BUSY_LOOKS:
                self.set_timer(delay, self._busy_looked)

    def _busy_looked(self) -> None:
        self._busy_looks -= 1
        self.watch_busy()

    def _poll_busy(self) -> None:
        self.refresh_busy()
        if not self._busy_text and self._busy_timer is not None:
            self._busy_timer.stop()
            self._busy_timer = None

    def save_all_settings(self) -> None:
        """Save the last lesson and every lab's settings (labs not opened keep theirs).

        The bytes are made here; the disk is written by ``settings_writer``'s
        thread, and the app waits for it only when it ends (``on_unmount``).
        """
        labs = dict(self._saved.labs)
        for number, screen in self._screens.items():
            section = screen.lab_settings()
            if section:
                labs[LESSONS[number].slug] = section
        self._saved = Settings(last_lesson=self.lesson, labs=labs, language=self._saved.language)
        self.settings_writer.submit(settings_path(), encode_settings(self._saved))

    def on_unmount(self) -> None:
        """The app ends: what was saved last reaches the disk before the process goes on."""
        self.settings_writer.close()

    # -------------------------------------------------------------- language

    def action_switch_language(self) -> None:
        """Show the next language now, and remember it for the next runs."""
        self.switch_language(next_language())

    def switch_language(self, language: str) -> None:
        """Show ``language``, redraw what is translated in place, and save the choice."""
        set_language(language)
        self._saved = dataclasses.replace(self._saved, language=language)
        self.save_all_settings()
        for screen in self._screens.values():  # the one shown now; the others when shown
            screen.refresh_language()
        for shown in self.screen_stack:  # the lesson list or the help on top
            if isinstance(shown, (LessonListScreen, HelpScreen)):
                shown.refresh_language()
            if shown.is_mounted and not isinstance(shown, LessonScreen):
                for footer in shown.query(WordsFooter):
                    footer.relabel()
        self.refresh_busy(True)
        self.notify(
            _("Language: {name} (F2 switches again)").format(name=language_name(language)),
            timeout=3,
        )

    def _list_closed(self, number: int | None) -> None:
        if number is not None:
            self.goto_lesson(number)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.screen, (TooSmallScreen, QuitConfirmScreen)) and action != "quit":
            return False
        if action == "next_lesson":
            return (self.lesson is not None and self.lesson < LAST_LESSON) or None
        if action == "previous_lesson":
            return (self.lesson is not None and self.lesson > 0) or None
        if action == "exercise":  # hidden where there is no exercise (lesson 0, the list)
            if isinstance(self.screen, ExerciseScreen):
                return True
            return isinstance(self.screen, LessonScreen) and self.screen.number > 0
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

    def action_exercise(self) -> None:
        """Show the lesson's exercise: your file, its check, your function in the lab."""
        if isinstance(self.screen, ExerciseScreen):
            self.screen.dismiss(None)
            return
        screen = self.lesson_screen()
        if screen is None or screen.number == 0:
            return
        while self.screen is not screen and len(self.screen_stack) > 1:
            self.pop_screen()
        lab = screen.kit_lab
        link = link_of(lab, screen.number) if lab is not None else None
        self.push_screen(ExerciseScreen(screen.number, link, checking_allowed()))

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
        title: str | Callable[[], str] = ""
        if lesson_screen is not None:
            lesson = lesson_screen.lesson
            title = lambda: f"{lesson.number} {lesson.local_title}"  # noqa: E731 - in any language
        app_bindings = list(Binding.make_bindings(self.BINDINGS))
        self.push_screen(HelpScreen(app_bindings, screen_bindings, lab, title))

    async def action_quit(self) -> None:
        """Leave tui-nn (asks first while work runs; the lesson is remembered)."""
        if isinstance(self.screen, QuitConfirmScreen):
            self.screen.dismiss(True)
            return
        losses = [
            _("lesson {number}: {loss}").format(number=number, loss=loss)
            for number, screen in sorted(self._screens.items())
            if (loss := screen.busy_loss())
        ]
        if losses:
            self.push_screen(QuitConfirmScreen(losses), self._quit_answered)
        else:
            self.quit_now()

    def _quit_answered(self, quit_now: bool | None) -> None:
        if quit_now:
            self.quit_now()

    def quit_now(self) -> None:
        """Save the settings, stop every lab's work and end the app."""
        self.save_all_settings()
        for screen in self._screens.values():
            screen.stop_lab()
        self.exit(0)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from app_commands(self)
        for command in super().get_system_commands(screen):  # Textual's own: translated too
            yield command._replace(title=_(command.title), help=_(command.help))

    def action_command_palette(self) -> None:
        """Show the command palette, its "Search" line in the current language."""
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(
                CommandPalette(placeholder=_("Search for commands…"), id="--command-palette")
            )


def run_app(lesson: int | None = None) -> int:
    """Start the app (at ``lesson``, or where the learner left off); returns the exit code."""
    try:
        app = TuiNNApp(lesson=lesson)
        app.run()
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the last line of the safety net
        where = log_error(error)
        details = " " + _("Details are in {where}.").format(where=where) if where else ""
        message = _("tui-nn stopped because of an unexpected error: {error}.").format(
            error=repr(error)
        )
        message += details
        print(message, file=sys.stderr)
        return 1
    code = app.return_code
    return 0 if code is None else int(code)
