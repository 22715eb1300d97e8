"""The Files view: save the trained network, and load a saved one back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


def describe_meta(meta: dict[str, Any]) -> str:
    """A one-line summary of a saved network's notes."""
    parts = []
    if isinstance(meta.get("test_accuracy"), (int, float)):
        parts.append(f"test accuracy {meta['test_accuracy']:.4f}")
    if isinstance(meta.get("iterations"), int):
        parts.append(f"{meta['iterations']:,} iterations")
    if isinstance(meta.get("data"), str):
        parts.append(f"on {meta['data']}")
    return ", ".join(parts)


class FilesView(Vertical):
    """A list of saved networks (newest first) and a message line."""

    DEFAULT_CSS = """
    FilesView { height: auto; }
    FilesView #files-help { height: auto; color: $text-muted; }
    FilesView #saved { height: auto; max-height: 10; }
    FilesView #files-message { height: auto; }
    FilesView #files-message.error { color: $error; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.paths: list[Path] = []

    def compose(self) -> ComposeResult:
        yield Static("w saves the current network. Pick a file and press Enter (or o) to load it.",
                     id="files-help")
        yield OptionList(id="saved")
        yield Static("", id="files-message")

    def show_files(self, paths: list[Path], folder: Path) -> None:
        self.paths = list(paths)
        options = self.query_one("#saved", OptionList)
        options.clear_options()
        if self.paths:
            options.add_options([Option(p.name, id=str(i)) for i, p in enumerate(self.paths)])
            options.highlighted = 0
        else:
            options.add_option(Option(f"(no saved networks yet in {folder})", disabled=True))

    def selected(self) -> Path | None:
        index = self.query_one("#saved", OptionList).highlighted
        if index is None or not 0 <= index < len(self.paths):
            return None
        return self.paths[index]

    def say(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#files-message", Static)
        message.update(text)
        message.set_class(error, "error")
