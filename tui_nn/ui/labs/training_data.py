"""Which data the lab trains on: the line that says so, and the download of real MNIST."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ProgressBar, Static

from tui_nn.i18n import _
from tui_nn.train_words import data_label
from tui_nn.ui.kit.progress import QuietProgressBar
from tui_nn.ui.widgets.updates import show

if TYPE_CHECKING:  # pragma: no cover
    from tui_nn.data.mnist import Dataset


@dataclass(frozen=True)
class DownloadStep:
    """How far the download of one file got (the worker's progress value)."""

    file_name: str
    done: int
    total: int | None


class DownloadCancelled(Exception):
    """Raised inside the progress callback to abandon a download when the lesson is left."""


def data_line(dataset: Dataset | None) -> str:
    """The always-visible line saying which data is in use."""
    if dataset is None:
        return _("Data: loading…")
    text = _("Data: {label} · {train} train / {test} test").format(
        label=data_label(dataset),
        train=f"{len(dataset.t_train):,}",
        test=f"{len(dataset.t_test):,}",
    )
    if dataset.source != "mnist":
        text += _(" · d: download real MNIST · u: switch")
    else:
        text += _(" · u: use built-in digits")
    return text


class DataPanel(Vertical):
    """The data line, plus a progress bar while MNIST downloads."""

    DEFAULT_CSS = """
    DataPanel { height: auto; }
    DataPanel #data-label { height: auto; color: $text-accent; }
    DataPanel #download-row { height: auto; display: none; }
    DataPanel.downloading #download-row { display: block; }
    DataPanel #download-text { height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Static(data_line(None), id="data-label")
        with Vertical(id="download-row"):
            yield Static("", id="download-text")
            yield QuietProgressBar(total=None, show_eta=False, id="download-bar")

    def show_dataset(self, dataset: Dataset | None, note: str = "") -> None:
        self._data_line(data_line(dataset) + note)

    def show_error(self, text: str) -> None:
        self._data_line(_("Data: {text}").format(text=text))

    def _data_line(self, text: str) -> None:
        show(self.query_one("#data-label", Static), text)

    def start_download(self) -> None:
        self.add_class("downloading")
        show(self.query_one("#download-text", Static), _("Downloading MNIST (about 11 MB)…"))

    def download_progress(self, step: DownloadStep) -> None:
        bar = self.query_one("#download-bar", ProgressBar)
        bar.update(total=step.total, progress=step.done)
        total = step.total
        done = f"{step.done / 1e6:.1f}"
        size = (
            _("{done} of {total} MB").format(done=done, total=f"{total / 1e6:.1f}")
            if total
            else _("{done} MB").format(done=done)
        )
        show(self.query_one("#download-text", Static),
            _("Downloading {file}: {size}").format(file=step.file_name, size=size)
        )

    def end_download(self, error: str | None) -> None:
        text = self.query_one("#download-text", Static)
        if error:
            show(text,
                _("Download failed: {error}. Still using the built-in digits.").format(error=error)
            )
        else:
            self.remove_class("downloading")
