"""Asking before quitting while work runs: what would be lost, q/Enter/y to quit, Esc to stay."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui_nn.i18n import N_, _


def quit_question(losses: list[str]) -> str:
    """The dialog's text: each thing quitting now would lose, on its own line."""
    lines = [_("Quit now? Work is still running:"), ""]
    lines += [f"• {loss}" for loss in losses]
    lines += ["", _("q, Enter or y: quit anyway    Esc or n: keep working")]
    return "\n".join(lines)


class QuitConfirmScreen(ModalScreen[bool]):
    """A small box over the lesson; dismisses with True (quit) or False (stay)."""

    DEFAULT_CSS = """
    QuitConfirmScreen { align: center middle; }
    QuitConfirmScreen #quit-box {
        width: 90%; max-width: 64; height: auto; max-height: 100%;
        border: round $warning; background: $surface; padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,enter,y", "answer(True)", N_("Quit anyway"), priority=True),
        Binding("escape,n", "answer(False)", N_("Keep working"), priority=True),
    ]

    def __init__(self, losses: list[str]) -> None:
        super().__init__()
        self.losses = losses

    def compose(self) -> ComposeResult:
        with Vertical(id="quit-box"):
            yield Static(quit_question(self.losses), id="quit-text")

    def action_answer(self, quit_now: bool) -> None:
        """Close the box: quit (True) or go back to the lesson (False)."""
        self.dismiss(quit_now)
