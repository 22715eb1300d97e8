"""One lesson: its text on the left, its lab on the right, a title bar and the Footer.

The app keeps one LessonScreen per lesson for the whole session (installed, so
Textual does not remove it when the learner moves on): the lab keeps its
settings, results and running work while another lesson is shown.

Keyboard scrolling: Shift+↑/↓ scroll the lesson's text, Ctrl+↑/↓ the lab
(neither key is used by a lab or a number field).  When the lab has more
below the fold, a "↓ more below" line under it says so and names the key (it
follows the lab's scrolling and every layout of the screen: no timer); a
number field's refusal is said in full on a line under the lab
(:class:`~tui_nn.ui.widgets.number_field.FieldMessageLine`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Markdown, Static

from tui_nn.catalog import LESSONS, Lesson, book_reference
from tui_nn.i18n import N_, _
from tui_nn.ui import look
from tui_nn.ui.error_log import log_error
from tui_nn.ui.heap import freeze_survivors
from tui_nn.ui.labs.base import Lab
from tui_nn.ui.lesson_text import load_lesson_text
from tui_nn.ui.screens.lab_loader import LabNote, build_lab, error_note
from tui_nn.ui.widgets.footer import HelpFirst, WordsFooter
from tui_nn.ui.widgets.number_field import FieldMessageLine, NumberField

#: Lines the lesson text moves per Shift+arrow.
TEXT_STEP = 3


def book_line(lesson: Lesson) -> Text:
    """The small line under the lesson's text: the book's sections and the example files."""
    return Text(book_reference(lesson), style="italic")


class LessonHeader(Horizontal):
    """``tui-nn · N Title`` on the left; ``? help  ☰ lessons  ◀ N/8 ▶`` (clickable) on the right.

    The help key sits here as well as in the Footer because a narrow Footer
    can run out of room before it reaches the app's own keys.
    """

    def __init__(self, number: int) -> None:
        super().__init__(id="lesson-header")
        self.number = number

    def title_text(self) -> str:
        lesson = LESSONS[self.number]
        return f"tui-nn {look.current().dot} {lesson.number} {lesson.local_title}"

    def position_text(self) -> str:
        last = len(LESSONS) - 1
        sym = look.current()
        return (
            f"[@click=app.help]? {_('help')}[/]  "
            f"[@click=app.lesson_list]{sym.menu} {_('lessons')}[/]  "
            f"[@click=app.previous_lesson]{sym.previous}[/] {self.number}/{last} "
            f"[@click=app.next_lesson]{sym.next}[/]"
        )

    def compose(self) -> ComposeResult:
        yield Static(self.title_text(), id="lesson-title")
        yield Static("", id="lesson-busy")
        yield Static(self.position_text(), id="lesson-position")

    def refresh_language(self) -> None:
        """Show the title and the links in the current language."""
        self.query_one("#lesson-title", Static).update(self.title_text())
        self.query_one("#lesson-position", Static).update(self.position_text())


class LessonScreen(HelpFirst, Screen[None]):
    """The screen of lesson ``number``."""

    AUTO_FOCUS = None
    DEFAULT_CSS = """
    #lesson-book {
        padding: 0 1 1 1;
        color: $text-muted;
    }
    #lab-bottom {
        dock: bottom;
        height: auto;
    }
    /* "more below" lies over the lab's last row (a layer of its own) instead of taking a
       row from it: showing or hiding it then changes no widget's size, and costs no new
       layout of the lab (a view key of lesson 8 showed it, then hid it, each time). */
    #lab-panel { layers: default hint; }
    #more-below {
        layer: hint;
        dock: bottom;
        height: 1;
        width: 100%;
        color: $text-accent;
        text-style: bold;
        text-align: right;
        padding: 0 1;
        display: none;
    }
    #more-below.-shown { display: block; }
    """
    # Under 80 columns the text goes above the lab; 80-95 it narrows; 96+ 40%.
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 - Textual reads this class attribute
        (0, "-stacked"),
        (80, "-narrow"),
        (96, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave_field", N_("Leave field"), key_display="Esc"),
        Binding("shift+down", "scroll_text(1)", N_("Text down"), key_display="⇧↓", show=False),
        Binding("shift+up", "scroll_text(-1)", N_("Text up"), key_display="⇧↑", show=False),
        Binding("ctrl+down", "scroll_lab(1)", N_("Lab down"), key_display="^↓", show=False),
        Binding("ctrl+up", "scroll_lab(-1)", N_("Lab up"), key_display="^↑", show=False),
    ]

    def __init__(
        self,
        number: int,
        lab_failure: str | None = None,
        lab_settings: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(name=f"lesson-{number}")
        self.number = number
        self.lesson = LESSONS[number]
        self._lab_failure = lab_failure
        self._lab_settings = lab_settings or {}
        self.lab: Widget | None = None
        self._more_below_due = False
        self._styled_as: tuple[int, bool] | None = None
        self._language_due = False  # F2 was pressed while another screen was shown
        # Kept from compose (a query walks every widget of the screen, on every layout).
        self._panel: VerticalScroll | None = None
        self._more_below_line: Static | None = None
        self._field_message: FieldMessageLine | None = None
        self._header: LessonHeader | None = None

    def compose(self) -> ComposeResult:
        self._header = LessonHeader(self.number)
        yield self._header
        with Horizontal(id="lesson-body"):
            with VerticalScroll(id="lesson-text"):
                yield Markdown(load_lesson_text(self.lesson), id="lesson-markdown")
                yield Static(book_line(self.lesson), id="lesson-book")
            self._panel = VerticalScroll(id="lab-panel", can_focus=False)
            with self._panel:
                if self._lab_failure is not None:
                    yield LabNote(self._lab_failure, classes="lab-error")
                else:
                    result = build_lab(self.lesson)
                    if result.ok:
                        self.lab = result.widget
                        self._restore(result.widget)
                    yield result.widget
                with Vertical(id="lab-bottom"):
                    self._field_message = FieldMessageLine(id="field-message")
                    yield self._field_message
                self._more_below_line = Static("", id="more-below", markup=False)
                yield self._more_below_line
        yield WordsFooter(compact=True)

    def _restore(self, lab: Widget) -> None:
        if isinstance(lab, Lab) and self._lab_settings:
            try:
                lab.restore_settings(self._lab_settings)
            except Exception as error:  # a bad saved setting must not cost the lesson
                log_error(error)

    @property
    def kit_lab(self) -> Lab | None:
        """The lab, if it is built on the lab kit (every real lab is)."""
        return self.lab if isinstance(self.lab, Lab) else None

    def lab_settings(self) -> dict[str, object] | None:
        """The lab's settings to remember between runs (None: nothing to remember)."""
        lab = self.kit_lab
        if lab is None:
            return None
        try:
            return dict(lab.lab_settings())
        except Exception as error:  # keep the other labs' settings
            log_error(error)
            return None

    def _ask_lab(self, question: Callable[[Lab], str | None]) -> str | None:
        lab = self.kit_lab
        try:
            return question(lab) if lab is not None else None
        except Exception:  # a lab that cannot answer has nothing to show
            return None

    def busy(self) -> str | None:
        """The lab's running work for the title bar, or None."""
        return self._ask_lab(lambda lab: lab.busy())

    def busy_loss(self) -> str | None:
        """What quitting now would lose in this lesson, or None."""
        return self._ask_lab(lambda lab: lab.busy_loss())

    def show_busy(self, text: str) -> None:
        """Put the running work of every lesson in this screen's title bar."""
        if self.is_mounted:  # (the title bar may not be composed yet: then nothing to do)
            header = self._header
            for busy in header.query("#lesson-busy").results(Static) if header else ():
                busy.update(text)

    def on_mount(self) -> None:
        look.install(self.app)  # ASCII mode, TERM=dumb: before the first frame is drawn
        # Now, not after the first frame: a key pressed as the lesson appears goes to the
        # lab, and the first Footer already shows the lab's keys.
        self.focus_lab()
        self._styled_as = self._styles_as_of()  # styled as it was mounted
        self.call_after_refresh(freeze_survivors)  # built for the session: out of the GC's way
        # "more below" follows scrolling and layout (no polling: an idle app costs nothing).
        self.screen_layout_refresh_signal.subscribe(self, self._layout_refreshed)
        for scroller in (self.lab, self._panel):
            if scroller is not None:
                self.watch(scroller, "scroll_y", self._more_below_soon, init=False)

    def _layout_refreshed(self, _screen: Screen[None]) -> None:
        self._more_below_soon()

    def _more_below_soon(self, *_value: object) -> None:
        if not self._more_below_due:
            self._more_below_due = True
            self.call_after_refresh(self._more_below_now)

    def _more_below_now(self) -> None:
        self._more_below_due = False
        self.update_more_below()

    def on_screen_resume(self) -> None:
        if self._language_due:
            self.refresh_language()
        self._more_below_soon()

    def _styles_as_of(self) -> tuple[int, bool]:
        return (self.app._css_update_count, self.app.app_focus)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual re-styles every widget of a screen each time it is shown again.  A kept
        # lesson's styles are current (a class change re-styles its widgets at once, shown
        # or not) unless the app's CSS or focus changed since: then it re-styles, as before.
        # (Textual calls each class's handler in turn: Screen's runs next, with this event.)
        if event.refresh_styles and self._styled_as == self._styles_as_of():
            event.refresh_styles = False
        self._styled_as = self._styles_as_of()

    # -------------------------------------------------- scrolling by keyboard

    def lab_scroller(self) -> Widget | None:
        """The widget that scrolls the lab: the lab itself (a Lab scrolls) or its panel."""
        panel = self._panel
        if panel is None or not panel.is_mounted:
            return None
        lab = self.lab
        if lab is not None and lab.is_mounted and lab.max_scroll_y > 0:
            return lab
        return panel

    def more_below(self) -> bool:
        """True when part of the lab is below the fold (not scrolled to its end)."""
        scroller = self.lab_scroller()
        return scroller is not None and scroller.scroll_y < scroller.max_scroll_y - 0.5

    def more_below_text(self) -> str:
        return _("↓ more below ({key})").format(key="Ctrl+↓")

    def update_more_below(self) -> None:
        """Show the "more below" line while the lab has content under the fold."""
        if not self.is_current:
            return
        line = self._more_below_line
        if line is not None and line.is_mounted:
            # (a field's message says something more urgent on the row the line would cover)
            shown = self.more_below() and not self._field_message_shown()
            text = self.more_below_text() if shown else ""
            if shown != line.has_class("-shown") or str(line.render()) != text:
                line.update(text)
                line.set_class(shown, "-shown")

    def _field_message_shown(self) -> bool:
        message = self._field_message
        return message is not None and message.has_class("-shown")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """A widget given the keys is never left under the "more below" line."""
        self.call_after_refresh(self._lift_above_more_below, event.widget)

    def _lift_above_more_below(self, widget: Widget) -> None:
        line = self._more_below_line
        scroller = self.lab_scroller()
        if line is None or scroller is None or not line.display or not widget.is_mounted:
            return
        if widget is scroller or widget.region.height >= scroller.region.height:
            return  # the lab itself, or a part as tall as the view: nothing to uncover
        if widget.region.overlaps(line.region):
            scroller.scroll_relative(y=widget.region.bottom - line.region.y, animate=False)

    def action_scroll_text(self, direction: int) -> None:
        """Scroll the lesson's text a few lines down (1) or up (-1)."""
        for text in self.query("#lesson-text"):
            text.scroll_relative(y=direction * TEXT_STEP, animate=False)

    def action_scroll_lab(self, direction: int) -> None:
        """Scroll the lab half a screen down (1) or up (-1)."""
        scroller = self.lab_scroller()
        if scroller is not None:
            step = max(3, scroller.size.height // 2)
            scroller.scroll_relative(y=direction * step, animate=False)
            self.call_after_refresh(self.update_more_below)

    def on_number_field_problem(self, message: NumberField.Problem) -> None:
        """Say in full, under the lab, why a number field refused what was typed."""
        for line in self.query("#field-message").results(FieldMessageLine):
            line.show(message.text)

    def refresh_language(self) -> None:
        """Redraw the lesson's text, book line and title bar in the current language.

        Only these are replaced: the lab is left as it is (its fields, results
        and running work survive a language switch).  A lesson not shown now
        is redrawn when it is next shown (F2 then costs one lesson, not nine).
        """
        if not self.is_mounted or not self.query("#lesson-book"):
            return  # not composed yet: compose will use the current language
        if not self.is_current:
            self._language_due = True
            return
        self._language_due = False
        for footer in self.query(WordsFooter):
            footer.relabel()
        self.query_one(LessonHeader).refresh_language()
        self.query_one("#lesson-markdown", Markdown).update(load_lesson_text(self.lesson))
        self.query_one("#lesson-book", Static).update(book_line(self.lesson))
        for line in self.query("#field-message").results(FieldMessageLine):
            line.show("")  # a refusing field says it again in the new language
        self.update_more_below()
        lab = self.kit_lab
        if lab is not None and lab.is_mounted:
            try:
                lab.refresh_language()
            except Exception as error:  # a lab that cannot re-label keeps its old words
                log_error(error)

    def focus_lab(self) -> None:
        """Give the keyboard to the lab, so its keys work at once (focused at once, not later)."""
        lab = self.lab
        if lab is None or not lab.is_mounted:
            return
        if lab.focusable:
            self.set_focus(lab)
            return
        for widget in lab.query("*"):
            if widget.focusable:
                self.set_focus(widget)
                return

    def stop_lab(self) -> None:
        """Cancel the lab's work (the app is ending, or the lesson is being rebuilt)."""
        lab = self.lab
        if isinstance(lab, Lab):
            try:
                lab.stop_work()
            except Exception:  # a lab that fails to stop must not stop the app
                self.app.log.error("stop_work failed", lab)

    @property
    def lab_is_broken(self) -> bool:
        return self._lab_failure is not None

    def failure_text(self, error: BaseException) -> str:
        return error_note(self.lesson, error)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_field":
            return isinstance(self.focused, Input)
        return True

    def action_leave_field(self) -> None:
        """Escape: leave the focused field so that single-letter keys reach the lab again."""
        lab = self.lab
        if lab is not None and lab.is_mounted and lab.focusable:
            lab.focus()
        else:
            self.set_focus(None)
