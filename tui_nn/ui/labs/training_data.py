"""Which data the lab trains on: the label on screen, loading it, and downloading real MNIST."""

from __future__ import annotations

import time
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import ProgressBar, Static
from textual.worker import get_current_worker


class DataReady(Message):
    """``load_dataset()`` finished (``dataset``), or failed (``error``)."""

    def __init__(self, dataset: Any | None, error: str | None = None) -> None:
        super().__init__()
        self.dataset = dataset
        self.error = error


class DownloadProgress(Message):
    def __init__(self, file_name: str, done: int, total: int | None) -> None:
        super().__init__()
        self.file_name = file_name
        self.done = done
        self.total = total


class DownloadDone(Message):
    def __init__(self, error: str | None = None) -> None:
        super().__init__()
        self.error = error


class DownloadCancelled(Exception):
    """Raised inside the progress callback to abandon a download when the lesson is left."""


def data_line(dataset: Any | None) -> str:
    """The always-visible line saying which data is in use."""
    if dataset is None:
        return "Data: loading…"
    text = f"Data: {dataset.label} · {len(dataset.t_train):,} train / {len(dataset.t_test):,} test"
    if getattr(dataset, "source", "") != "mnist":
        text += " · d: download real MNIST · u: switch"
    else:
        text += " · u: use built-in digits"
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
            yield ProgressBar(total=None, show_eta=False, id="download-bar")

    def show_dataset(self, dataset: Any | None, note: str = "") -> None:
        self.query_one("#data-label", Static).update(data_line(dataset) + note)

    def show_error(self, text: str) -> None:
        self.query_one("#data-label", Static).update(f"Data: {text}")

    def start_download(self) -> None:
        self.add_class("downloading")
        self.query_one("#download-text", Static).update("Downloading MNIST (about 11 MB)…")

    def download_progress(self, file_name: str, done: int, total: int | None) -> None:
        bar = self.query_one("#download-bar", ProgressBar)
        bar.update(total=total, progress=done)
        size = f"{done / 1e6:.1f}" + (f" of {total / 1e6:.1f} MB" if total else " MB")
        self.query_one("#download-text", Static).update(f"Downloading {file_name}: {size}")

    def end_download(self, error: str | None) -> None:
        text = self.query_one("#download-text", Static)
        if error:
            text.update(f"Download failed: {error}. Still using the built-in digits.")
        else:
            self.remove_class("downloading")


class DataMixin:
    """Loading the data and downloading MNIST (mixed into ``TrainingLab``)."""

    dataset: Any
    state: str
    _downloading: bool
    _update_arithmetic: Any
    controls: Any
    query_one: Any
    post_message: Any
    notify: Any

    def fetch_dataset(self) -> Any:
        """The data to train on (runs in a worker thread): real MNIST if found, else built-in."""
        from tui_nn.data import load_dataset

        return load_dataset()

    @work(thread=True, exclusive=True, group="data", exit_on_error=False)
    def _load_data(self, source: str | None = None) -> None:
        try:
            if source is None:
                dataset = self.fetch_dataset()
            else:
                from tui_nn.data import load_dataset

                dataset = load_dataset(source=source)
        except Exception as error:  # missing or broken files must not take the app down
            from tui_nn.data.errors import DataNotFound

            if isinstance(error, DataNotFound):
                text = "real MNIST was not found (d downloads it)"
            else:
                text = (str(error).strip().splitlines() or [type(error).__name__])[0]
            self.post_message(DataReady(None, error=text))
        else:
            self.post_message(DataReady(dataset))

    def on_data_ready(self, message: DataReady) -> None:
        panel = self.query_one(DataPanel)
        if message.dataset is None:
            if self.dataset is None:
                panel.show_error(f"could not load ({message.error})")
            else:  # a switch failed: the data in use stays
                panel.show_dataset(self.dataset, f" · could not switch: {message.error}")
            return
        self.dataset = message.dataset
        panel.show_dataset(self.dataset)
        self.controls.set_full_size(len(self.dataset.t_train))
        self._update_arithmetic()

    def action_switch_data(self) -> None:
        """Use the built-in digits instead of real MNIST, or the other way round."""
        if self.dataset is None:
            return
        if self.state != "idle":
            self.notify("Stop the run first (x), then switch the data.")
            return
        target = "builtin" if self.dataset.source == "mnist" else "mnist"
        name = "the built-in digits" if target == "builtin" else "real MNIST"
        self.query_one(DataPanel).show_dataset(self.dataset, f" · switching to {name}…")
        self._load_data(target)

    def action_download(self) -> None:
        if self.dataset is not None and getattr(self.dataset, "source", "") == "mnist":
            self.notify("Real MNIST is already in use.")
            return
        if self._downloading:
            return
        self._downloading = True
        self.query_one(DataPanel).start_download()
        self._download()

    @work(thread=True, exclusive=True, group="download", exit_on_error=False)
    def _download(self) -> None:
        worker = get_current_worker()
        last = [0.0]

        def progress(file_name: str, done: int, total: int | None) -> None:
            if worker.is_cancelled:
                raise DownloadCancelled()
            now = time.monotonic()
            if now - last[0] >= 0.1 or (total is not None and done >= total):
                last[0] = now
                self.post_message(DownloadProgress(file_name, done, total))

        try:
            from tui_nn.data import load_dataset
            from tui_nn.data.download import download_mnist

            download_mnist(progress=progress)
            dataset = load_dataset(source="mnist")
        except DownloadCancelled:
            return
        except Exception as error:  # network trouble, bad checksum …: say so, keep going
            self.post_message(DownloadDone(error=str(error) or type(error).__name__))
            return
        self.post_message(DownloadDone())
        self.post_message(DataReady(dataset))

    def on_download_progress(self, message: DownloadProgress) -> None:
        self.query_one(DataPanel).download_progress(message.file_name, message.done, message.total)

    def on_download_done(self, message: DownloadDone) -> None:
        self._downloading = False
        self.query_one(DataPanel).end_download(message.error)

