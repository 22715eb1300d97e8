"""The Files view: the saved networks (listed in a worker), save and load messages.

``scan_saved_networks`` reads a folder and each file's settings; it is slow
for many or large files, so the lab runs it off the interface thread and hands
the result to ``FilesView.show_files``.  A file that cannot be read (empty,
damaged, not a network) is listed as damaged: it is never highlighted first,
and choosing it says why it cannot be loaded.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui_nn.i18n import N_, _
from tui_nn.ui.labs.training_messages import SavedNetworkChosen
from tui_nn.ui.widgets.updates import show
from tui_nn.ui.widgets.words import Words

MAX_DESCRIBED = 30  # files whose settings are read for the list (the newest ones)


def saved_networks_folder() -> Path:
    """Where the app saves networks and looks for them (the data folder's ``nets``)."""
    from tui_nn.paths import nets_dir

    return nets_dir()


def describe_meta(meta: dict[str, Any]) -> str:
    """A one-line summary of a saved network's notes."""
    parts = []
    if isinstance(meta.get("test_accuracy"), (int, float)):
        parts.append(_("test accuracy {value}").format(value=f"{meta['test_accuracy']:.4f}"))
    if isinstance(meta.get("iterations"), int):
        parts.append(_("{count} iterations").format(count=f"{meta['iterations']:,}"))
    if isinstance(meta.get("data"), str):
        parts.append(_("on {data}").format(data=meta["data"]))
    return ", ".join(parts)


@dataclass(frozen=True)
class SavedFile:
    """One ``.npz`` in the folder: a summary of what it holds, or why it is damaged."""

    path: Path
    summary: str = ""
    problem: str = ""  # not empty: the file cannot be loaded, and this says why

    @property
    def damaged(self) -> bool:
        return bool(self.problem)


def read_summary(path: Path) -> SavedFile:
    """What a saved network is, read from its file, or why it cannot be read."""
    from tui_nn.engine.saving import load_network

    try:
        if path.stat().st_size == 0:
            return SavedFile(path, problem=_("the file is empty (a save that was interrupted)"))
        _net, config, meta = load_network(path)
    except (ValueError, OSError) as error:
        return SavedFile(path, problem=str(error).replace(str(path), "it")[:80])
    summary = describe_meta(meta)
    kind = _("{activation}, {hidden} hidden").format(
        activation=config.activation, hidden=config.hidden_size
    )
    return SavedFile(path, f"{kind} · {summary}" if summary else kind)


def scan_saved_networks(folder: Path) -> list[SavedFile]:
    """The ``.npz`` files in ``folder``, newest first, the newest described (slow: a worker).

    A missing folder has no files; a folder that cannot be read raises OSError.
    """
    if not folder.exists():
        return []
    with os.scandir(folder) as entries:  # PermissionError for a folder that cannot be read
        paths = [
            Path(entry.path)
            for entry in entries
            if entry.name.endswith(".npz") and not entry.name.startswith(".") and entry.is_file()
        ]
    dated = []
    for path in paths:
        try:
            dated.append((path.stat().st_mtime, path.name, path))
        except OSError:  # removed meanwhile
            continue
    dated.sort(reverse=True)
    return [
        read_summary(path) if index < MAX_DESCRIBED else SavedFile(path)
        for index, (_when, _name, path) in enumerate(dated)
    ]


def option_text(saved: SavedFile) -> Text:
    text = Text(saved.path.name, style="dim" if saved.damaged else "")
    if saved.damaged:
        text.append("\n  " + _("damaged, cannot be loaded: ") + saved.problem, style="dim")
    elif saved.summary:
        text.append("\n  " + saved.summary, style="dim")
    return text


class FilesView(Vertical):
    """A list of saved networks (newest first) and a message line."""

    DEFAULT_CSS = """
    FilesView { height: auto; }
    FilesView #files-help { height: auto; color: $text-muted; }
    FilesView #saved { height: auto; max-height: 14; }
    FilesView #files-message { height: auto; }
    FilesView #files-message.error { color: $error; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.files: list[SavedFile] = []
        self._listed: tuple[str, ...] | None = None  # the lines the list shows now

    def compose(self) -> ComposeResult:
        yield Words(
            N_("w saves the current network. Pick a file and press Enter (or o) to load it."),
            id="files-help",
        )
        yield OptionList(Option(_("(looking for saved networks…)"), disabled=True), id="saved")
        yield Static("", id="files-message")

    def show_files(self, files: list[SavedFile], folder: Path) -> None:
        """List ``files``; a list that reads as it does now is left as it is.

        Every visit to the Files view lists the folder again: rebuilding the same list
        would cost a layout of the screen (in a class, thirty times over) and move the
        learner's highlight back to the top.
        """
        self.files = list(files)
        empty = _("(no saved networks yet in {folder})").format(folder=folder)
        texts = [option_text(f) for f in self.files]
        lines = tuple(t.markup for t in texts) if texts else (empty,)
        if lines == self._listed:
            return
        self._listed = lines
        options = self.query_one("#saved", OptionList)
        options.clear_options()
        if not self.files:
            options.add_option(Option(empty, disabled=True))
            return
        options.add_options([Option(text, id=str(i)) for i, text in enumerate(texts)])
        good = [i for i, f in enumerate(self.files) if not f.damaged]
        options.highlighted = good[0] if good else None

    def show_unreadable(self, folder: Path, error: OSError) -> None:
        self.files = []
        self._listed = None
        options = self.query_one("#saved", OptionList)
        options.clear_options()
        reason = error.strerror or str(error)
        options.add_option(
            Option(
                _("(the folder {folder} cannot be read: {reason})").format(
                    folder=folder, reason=reason
                ),
                disabled=True,
            )
        )
        self.say(
            _("Cannot list the saved networks: {folder} cannot be read ({reason}).").format(
                folder=folder, reason=reason
            ),
            error=True,
        )

    def selected(self) -> SavedFile | None:
        index = self.query_one("#saved", OptionList).highlighted
        if index is None or not 0 <= index < len(self.files):
            return None
        return self.files[index]

    def say(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#files-message", Static)
        show(message, text)
        message.set_class(error, "error")

    def choose(self) -> None:
        """Load the highlighted file (Enter, a click or o): tell the lab, or say why not."""
        saved = self.selected()
        if saved is None:
            damaged = [f.path.name for f in self.files if f.damaged]
            if damaged and len(damaged) == len(self.files):
                self.say(
                    _("No network that can be loaded: {files} cannot be read (damaged).").format(
                        files=", ".join(damaged[:3])
                    ),
                    error=True,
                )
            else:
                self.say(_("No saved network to load: save one first (w)."), error=True)
        elif saved.damaged:
            self.say(
                _("Could not load {file}: {problem}").format(
                    file=saved.path.name, problem=saved.problem
                ),
                error=True,
            )
        else:
            self.post_message(SavedNetworkChosen(saved.path))

    @on(OptionList.OptionSelected, "#saved")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose()
