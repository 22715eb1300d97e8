"""The Files view: save the trained network, and load a saved one back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static, TabbedContent
from textual.widgets.option_list import Option

from tui_nn.ui.labs.training_controls import form_values


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


MAX_DESCRIBED = 30  # files whose settings are read for the list (the newest ones)


def file_summary(path: Path) -> str:
    """What a saved network is, read from its file, or why it cannot be read."""
    from tui_nn.engine.saving import load_network

    try:
        _, config, meta = load_network(path)
    except ValueError as error:
        text = str(error).replace(str(path), "it")
        return f"cannot be loaded: {text[:80]}"
    summary = describe_meta(meta)
    kind = f"{config.activation}, {config.hidden_size} hidden"
    return f"{kind} · {summary}" if summary else kind


def option_text(path: Path, index: int) -> Text:
    text = Text(path.name)
    if index < MAX_DESCRIBED:
        text.append("\n  " + file_summary(path), style="dim")
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
            options.add_options(
                [Option(option_text(p, i), id=str(i)) for i, p in enumerate(self.paths)]
            )
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


class FilesMixin:
    """The lab's save and load keys (mixed into ``TrainingLab``; uses its state)."""

    state: str
    net: Any
    net_config: Any
    net_origin: str
    dataset: Any
    last_finished: Any
    controls: Any
    query_one: Any

    def _refresh_files(self) -> None:
        from tui_nn.engine.saving import list_saved_networks, nets_dir

        files = self.query_one(FilesView)
        try:
            files.show_files(list_saved_networks(), nets_dir())
        except OSError as error:  # an unreadable folder: say so, keep going
            files.say(f"Cannot list the saved networks: {error}", error=True)

    def action_save(self) -> None:
        from tui_nn.engine.saving import save_network

        files = self.query_one(FilesView)
        self.query_one(TabbedContent).active = "tab-files"
        if self.state != "idle":
            files.say("Wait for the run to end (or press x) before saving.", error=True)
            return
        if self.net is None or self.net_config is None:
            files.say("There is no network to save yet: train one first (s).", error=True)
            return
        meta: dict[str, Any] = {}
        if self.dataset is not None:
            meta["data"] = str(self.dataset.label)
        finished = self.last_finished
        if finished is not None:
            meta["iterations"] = int(finished.iterations)
            if finished.train_accuracy is not None and finished.test_accuracy is not None:
                meta.update(
                    train_accuracy=float(finished.train_accuracy),
                    test_accuracy=float(finished.test_accuracy),
                )
        try:
            path = save_network(None, self.net, self.net_config, meta)
        except (ValueError, OSError) as error:
            files.say(f"Could not save: {error}", error=True)
            return
        self._refresh_files()
        files.say(f"Saved to {path}")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "saved":
            self.action_load()

    def action_load(self) -> None:
        from tui_nn.engine.saving import load_network

        files = self.query_one(FilesView)
        self.query_one(TabbedContent).active = "tab-files"
        if self.state != "idle":
            files.say("Wait for the run to end (or press x) before loading.", error=True)
            return
        path = files.selected()
        if path is None:
            files.say("No saved network to load: save one first (w).", error=True)
            return
        try:
            net, config, meta = load_network(path)
        except ValueError as error:
            files.say(f"Could not load {path.name}: {error}", error=True)
            return
        self.net, self.net_config, self.last_finished = net, config, None
        self.net_origin = f"network loaded from {path.name}"
        self.controls.set_values(form_values(config, self.controls.full_size))
        self._update_arithmetic()
        summary = describe_meta(meta)
        files.say(
            f"Loaded {path.name}: {config.activation}, {config.hidden_size} hidden units"
            + (f" ({summary})" if summary else "")
            + ". Press 3 to inspect it, 4 to draw."
        )
        self._refresh_views()
