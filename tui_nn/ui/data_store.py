"""The app's one data set (real MNIST or the built-in digits), loaded once and shared.

Lessons 2, 7 and 8 all learn from the same digits.  The store loads them once,
in a worker thread, through ``tui_nn.data.load_dataset``, and tells every lab
that asked when they are ready or switched.

How a lab asks for the data::

    from tui_nn.ui.data_store import data_store_of
    from tui_nn.ui.messages import DataReady

    class MyLab(Lab):
        def on_mount(self) -> None:
            data_store_of(self.app).request(self)   # loads once, for the whole app

        def on_data_ready(self, message: DataReady) -> None:
            if message.dataset is None:               # loading failed
                self.show_problem(message.error)
            else:                                     # loaded, or switched
                self.dataset = message.dataset
                self.redraw()

``request`` subscribes the lab: it gets ``DataReady`` now if the data is
already there, and again after every ``switch`` (e.g. lesson 8's "use the
built-in digits" or a finished download).  ``store.dataset`` is the data set in
use (None until loaded), ``store.source`` says which ("mnist" or "builtin"),
``store.loading`` whether a load is under way.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.message_pump import MessagePump

from tui_nn.i18n import _
from tui_nn.ui.error_log import short_reason
from tui_nn.ui.messages import DataReady

if TYPE_CHECKING:  # pragma: no cover
    from tui_nn.data.mnist import Dataset

#: Loads a data set: ``source`` is None (auto), "mnist" or "builtin".
Loader = Callable[[str | None], "Dataset"]


def _load(source: str | None) -> Dataset:
    from tui_nn.data import load_dataset

    return load_dataset(source=source)


def _forget_files() -> None:
    from tui_nn.data import clear_cache

    clear_cache()


def not_found_reason(error: BaseException) -> str:
    """A short reason for a failed load ("real MNIST was not found" for a missing file)."""
    from tui_nn.data.errors import DataNotFound

    if isinstance(error, DataNotFound):
        return _("real MNIST was not found")
    return short_reason(error)


class DataStore:
    """The data set every lab of one app shares (see the module doc)."""

    def __init__(self, app: App[Any], loader: Loader | None = None) -> None:
        self._app = app
        self._loader: Loader = loader or _load
        self._subscribers: weakref.WeakSet[MessagePump] = weakref.WeakSet()
        self._load_id = 0
        self.dataset: Dataset | None = None
        self.error: str | None = None
        self.loading = False

    @property
    def source(self) -> str | None:
        """``"mnist"`` or ``"builtin"`` once loaded, else None."""
        return None if self.dataset is None else self.dataset.source

    def request(self, lab: MessagePump) -> None:
        """Subscribe ``lab`` to ``DataReady``; load the data if nobody has yet."""
        self._subscribers.add(lab)
        if self.dataset is not None:
            lab.post_message(DataReady(self.dataset, None))
        elif self.loading:
            return
        elif self.error is not None:
            lab.post_message(DataReady(None, self.error))
        else:
            self.load()

    def forget(self, lab: MessagePump) -> None:
        """Stop telling ``lab`` about the data."""
        self._subscribers.discard(lab)

    def switch(self, source: str, *, reread: bool = False) -> None:
        """Load ``source`` ("mnist" or "builtin") and tell every subscriber.

        ``reread``: forget the files read so far first (after a download).
        If the switch fails, the data in use stays and ``DataReady`` carries
        that data set with the reason in ``error``.
        """
        self.load(source, reread=reread)

    def load(self, source: str | None = None, *, reread: bool = False) -> None:
        """Start loading ``source`` (None: real MNIST if found, else the built-in digits)."""
        self._load_id += 1
        load_id = self._load_id
        self.loading = True
        loader = self._loader

        def work() -> None:
            try:
                if reread:
                    _forget_files()
                dataset = loader(source)
            except Exception as error:  # missing or broken files must not take the app down
                self._app.call_later(self._finished, load_id, None, not_found_reason(error))
                return
            self._app.call_later(self._finished, load_id, dataset, None)

        self._app.run_worker(
            work, name="data store", group="data-store", thread=True, exit_on_error=False
        )

    def _finished(self, load_id: int, dataset: Dataset | None, error: str | None) -> None:
        if load_id != self._load_id:
            return  # a newer load was asked for meanwhile
        self.loading = False
        self.error = error
        if dataset is not None:
            self.dataset = dataset
        for lab in list(self._subscribers):
            lab.post_message(DataReady(self.dataset, error))


_STORES: weakref.WeakKeyDictionary[App[Any], DataStore] = weakref.WeakKeyDictionary()


def data_store_of(app: App[Any]) -> DataStore:
    """The data store of ``app`` (made on first use; one per app)."""
    store = _STORES.get(app)
    if store is None:
        store = _STORES[app] = DataStore(app)
    return store


def install_data_store(app: App[Any], store: DataStore) -> DataStore:
    """Give ``app`` this store (tests use it to load small data sets)."""
    _STORES[app] = store
    return store
