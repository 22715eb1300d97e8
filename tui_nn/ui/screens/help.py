"""``?`` help: every key of the app and of the current lesson's lab."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from tui_nn.i18n import N_, _
from tui_nn.ui.labs.base import Lab
from tui_nn.ui.widgets.footer import WordsFooter

# Keys every screen has, which Textual provides rather than tui-nn's own BINDINGS.
BUILT_IN_KEYS: tuple[tuple[str, str], ...] = (
    ("Tab / Shift+Tab", N_("Move to the next / previous control")),
    ("Enter", N_("Accept the number typed in a field")),
    ("Ctrl+P", N_("Command palette: search every command, e.g. 'Go to lesson'")),
    (N_("Mouse"), N_("Click fields, the help, lessons and ◀ ▶ links; scroll the text")),
)


def own_bindings(node: DOMNode, stop_at: type) -> list[Binding]:
    """The bindings declared by ``node``'s class and its bases below ``stop_at``."""
    found: list[Binding] = []
    for cls in type(node).__mro__:
        if cls is stop_at or not issubclass(cls, DOMNode):
            break
        declared: Iterable[BindingType] = cls.__dict__.get("BINDINGS", [])
        found.extend(Binding.make_bindings(declared))
    return found


def tui_nn_bindings(node: DOMNode) -> list[Binding]:
    """The bindings declared by tui-nn's own classes in ``node``'s class hierarchy."""
    found: list[Binding] = []
    for cls in type(node).__mro__:
        if cls is Lab or not cls.__module__.startswith("tui_nn."):
            break
        found.extend(Binding.make_bindings(cls.__dict__.get("BINDINGS", [])))
    return found


def lab_bindings(lab: Widget) -> list[Binding]:
    """Keys of a lab: its own class's and those of tui-nn widgets inside it.

    Keys that Textual's own widgets bring (an Input's cursor keys, a
    scroll container's arrows) are left out: they are not the lab's.  So are
    keys without a description (such as a number field's own Esc, which the
    lesson screen already lists as "Leave field").
    """
    found = own_bindings(lab, Lab)
    for child in lab.query("*"):
        if not isinstance(child, Lab):
            found.extend(tui_nn_bindings(child))
    unique: dict[tuple[str, str], Binding] = {}
    for binding in found:
        if binding.description:
            unique.setdefault((binding.key, binding.action), binding)
    return list(unique.values())


# Longer words for the app's own keys than the Footer has room for (shown with _()).
LONG_DESCRIPTIONS: dict[str, str] = {
    "previous_lesson": N_("Previous lesson (works inside a number field too)"),
    "next_lesson": N_("Next lesson (works inside a number field too)"),
    "lesson_list": N_("List of all lessons, to jump to any of them"),
    "help": N_("This help (inside a number field, ? is typed: use F1)"),
    "switch_language": N_("Switch the language (English, 한국어); it is remembered"),
    "exercise": N_("Exercise (lessons 1-8): write the lesson's functions, checked on every save"),
    "quit": N_("Quit; the lesson is remembered for next time"),
    "leave_field": N_("Leave a number field, so the lab's letter keys work again"),
    "scroll_text": N_("Scroll the lesson's text down (Shift+↓) or up (Shift+↑)"),
    "scroll_lab": N_('Scroll the lab down (Ctrl+↓) or up (Ctrl+↑): see "more below"'),
}


def key_rows(
    app: App[object], bindings: Iterable[Binding], long: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    """``(keys, description)`` rows, one per action, keys joined with " / ".

    An action with parameters (``scroll_lab(1)``, ``scroll_lab(-1)``) is one row.
    """
    rows: dict[str, tuple[list[str], str]] = {}
    for binding in bindings:
        display = app.get_key_display(binding)
        action = binding.action.split("(", 1)[0]
        long_text = (long or {}).get(action)
        short = _(binding.description) if binding.description else binding.action
        description = _(long_text) if long_text else short
        tooltip = _(binding.tooltip) if binding.tooltip else ""
        if tooltip and tooltip != description:
            description = f"{description}: {tooltip}"
        keys, _unused = rows.setdefault(action, ([], description))
        if display not in keys:
            keys.append(display)
    return [(" / ".join(keys), description) for keys, description in rows.values()]


def keys_table(title: str, rows: list[tuple[str, str]]) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", box=None, expand=True)
    table.add_column(_("Key"), style="bold", no_wrap=True)
    table.add_column(_("What it does"), ratio=1)
    for keys, description in rows:
        table.add_row(keys, description)
    return table


class HelpScreen(Screen[None]):
    """Lists the app's keys, the screen's, and those of ``lab`` (if any)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), key_display="Esc"),
    ]

    def __init__(
        self,
        app_bindings: list[Binding],
        screen_bindings: list[Binding],
        lab: Widget | None,
        lab_title: str | Callable[[], str] = "",
    ) -> None:
        super().__init__()
        self._app_bindings = app_bindings
        self._screen_bindings = screen_bindings
        self._lab = lab
        self._lab_title = lab_title
        self.app_rows: list[tuple[str, str]] = []
        self.lab_rows: list[tuple[str, str]] = []
        self.lab_title = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(id="help-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(id="help-lab")
                yield Static(id="help-app")
            yield Static(id="help-hint")
        yield WordsFooter(compact=True)

    def on_mount(self) -> None:
        # Closed while it was opening (a second ? or Esc at once): its widgets
        # may already be gone, and there is nothing left to fill (issue 10).
        for scroll in self.query("#help-scroll"):
            scroll.focus()
        self.refresh_language()

    def refresh_language(self) -> None:
        """Fill the help in the current language (nothing if it is not, or no longer, composed)."""
        if not self.is_attached or not self.query("#help-lab") or not self.query("#help-app"):
            return
        self.query_one("#help-title", Static).update(_("tui-nn · keys"))
        self.query_one("#help-hint", Static).update(_("Esc closes this help."))
        bindings = [*self._app_bindings, *self._screen_bindings]
        self.app_rows = key_rows(self.app, bindings, LONG_DESCRIPTIONS)
        self.app_rows += [(_(keys), _(what)) for keys, what in BUILT_IN_KEYS]
        everywhere = "\n" + _("Everywhere")
        self.query_one("#help-app", Static).update(keys_table(everywhere, self.app_rows))
        lab_static = self.query_one("#help-lab", Static)
        lab_title = self._lab_title() if callable(self._lab_title) else self._lab_title
        title = _("This lab: {title}").format(title=lab_title) if lab_title else _("This lab")
        self.lab_title = title
        if self._lab is None:
            why = (
                _("This lesson's lab is not running, so it has no keys here.")
                if lab_title
                else _("Open a lesson to see the keys of its lab here.")
            )
            lab_static.update(Text(f"{title}\n{why}"))
            return
        rows = key_rows(self.app, lab_bindings(self._lab))
        if not rows:
            rows = [("—", _("This lab has no keys of its own: use Tab and type in its fields."))]
        self.lab_rows = rows
        lab_static.update(keys_table(title, rows))

    def action_close(self) -> None:
        self.dismiss(None)
