"""The Exercise view (F6): a box over the lesson's text, the lab still in sight on the right.

It writes the lesson's starter file if missing (``$TUI_NN_EXERCISES`` or
``./tui-nn-exercises/``), shows its path and the check results, live: the
lab's watcher checks the file again on every save (see
:mod:`tui_nn.ui.exercise_link`).  In lessons 3 and 4, ``u`` makes the lab draw
with the learner's own function (and again with the engine's).  In a served
classroom session (``TUI_NN_SERVED=1``) nothing of the learner's runs and the
box says so.
"""

from __future__ import annotations

from typing import ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widgets import Static

from tui_nn.catalog import LESSONS
from tui_nn.i18n import N_, _
from tui_nn.ui.exercise_link import ExerciseLink, exercises_folder
from tui_nn.ui.widgets.footer import WordsFooter

SERVED_OFF = N_(
    "Checking your code is off in a classroom session: nothing you write runs here. "
    "On your own computer, `tui-nn exercise {lesson}` writes the starter file and "
    "`tui-nn check FILE` checks it."
)
NO_LAB = N_("This lesson's lab is not running, so it has no exercise view.")
CHECKING = N_("Checking your file…")
OWN_ON = N_("u: back to the engine's {name} in the lab")
OWN_OFF = N_("u: draw the lab with your own {name}")
WRITE_FAILED = N_("Could not write the starter file into {folder}: {reason}")


def report_lines(report: object) -> list[str]:
    """The check report as lines of markup: each function's verdict, the mistake's fix."""
    lines: list[str] = []
    functions = getattr(report, "functions", ())
    for result in functions:
        mark = "[green]✓[/]" if result.passed else "[red]✗[/]"
        if result.status == "not_written":
            mark = "[yellow]…[/]"
        lines.append(f"{mark} [b]{escape(result.name)}[/b]  {escape(result.title)}")
        for part in result.detail.splitlines():
            lines.append(f"    {escape(part)}")
        if result.fix:
            lines.append("    " + _("fix: {fix}").format(fix=escape(result.fix)))
        if result.lesson is not None:
            lines.append(
                "    "
                + _("revisit lesson {number} ({title})").format(
                    number=result.lesson, title=escape(LESSONS[result.lesson].local_title)
                )
            )
    problem = getattr(report, "problem", None)
    if problem:
        lines.append(f"[red]✗[/] {escape(problem)}")
    if functions:
        passed = sum(result.passed for result in functions)
        if passed == len(functions) and not problem:
            lines.append("\n[green]" + _("All {passed} passed.").format(passed=passed) + "[/]")
        else:
            lines.append(
                "\n" + _("{passed} of {total} pass.").format(passed=passed, total=len(functions))
            )
    return lines


class ExerciseScreen(ModalScreen[None]):
    """The exercise of one lesson's lab, over the lesson's text."""

    DEFAULT_CSS = """
    ExerciseScreen { align: left top; background: $background 30%; }
    ExerciseScreen #exercise-box {
        width: 45%; min-width: 40; height: 1fr;
        border: round $accent; background: $surface; padding: 0 1;
    }
    ExerciseScreen #exercise-title { text-style: bold; }
    ExerciseScreen #exercise-scroll { height: 1fr; }
    ExerciseScreen #exercise-report, ExerciseScreen #exercise-own { margin: 1 0 0 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f6", "close", N_("Close"), key_display="Esc"),
        Binding(
            "u", "toggle_own", N_("Your function"), tooltip=N_("Draw the lab with your function")
        ),
    ]

    def __init__(self, lesson: int, link: ExerciseLink | None, allowed: bool) -> None:
        super().__init__()
        self.lesson = lesson
        self.link = link
        self.allowed = allowed
        self.problem: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="exercise-box"):
            title = LESSONS[self.lesson].local_title
            yield Static(
                _("Exercise · lesson {number}: {title}").format(number=self.lesson, title=title),
                id="exercise-title",
            )
            with VerticalScroll(id="exercise-scroll"):
                yield Static(id="exercise-path")
                yield Static(id="exercise-report")
                yield Static(id="exercise-own")
            yield Static(_("Save your file: it is checked again.  Esc closes."), id="exercise-hint")
        yield WordsFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#exercise-scroll").focus()
        link = self.link
        if self.allowed and link is not None:
            try:
                link.start()
            except (OSError, ValueError) as error:
                self.problem = _(WRITE_FAILED).format(folder=exercises_folder(), reason=error)
            link.on_report = self.show
        self.show()

    def on_unmount(self) -> None:
        if self.link is not None:
            self.link.on_report = None
            self.link.stop()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_own":
            link = self.link
            return self.allowed and link is not None and link.own_name is not None
        return True

    def show(self) -> None:
        """Show the path, the latest report and what the lab draws with."""
        link = self.link
        try:
            path = self.query_one("#exercise-path", Static)
            report = self.query_one("#exercise-report", Static)
            own = self.query_one("#exercise-own", Static)
        except NoMatches:  # closing (Esc): a report came after its widgets were removed
            return
        if not self.allowed:
            path.update(_(SERVED_OFF).format(lesson=self.lesson))
            report.update("")
            own.update("")
            return
        if link is None:
            path.update(_(NO_LAB))
            return
        if self.problem is not None:
            path.update(escape(self.problem))
            return
        path.update(
            _("Your file: {path}").format(path=f"[b]{escape(str(link.path))}[/b]")
            + "\n"
            + _("Open it in your editor.")
        )
        if link.report is None:
            report.update(_(CHECKING))
        else:
            report.update("\n".join(report_lines(link.report)))
        name = link.own_name
        if name is None:
            own.update("")
        else:
            own.update(_(OWN_ON if link.own is not None else OWN_OFF).format(name=name))

    def action_toggle_own(self) -> None:
        """Draw the lab with the learner's function, or with the engine's again."""
        if self.link is not None:
            self.link.toggle_own()
        self.show()

    def action_close(self) -> None:
        self.dismiss(None)
