"""Every message of tui-nn's interface, as a small dataclass (one module, no duplicates).

Textual's ``Message`` supports dataclasses: its ``__post_init__`` sets the
message up, so a subclass needs only fields.  Handlers take them with
``@on(DataReady)`` or ``def on_data_ready(self, message: DataReady)``.

- ``DataReady``: the app's data store loaded (or switched) the data set, or
  failed; posted to every lab that asked for the data (see ``data_store``).
- ``WorkProgressDue`` / ``WorkDone`` / ``WorkFailed`` / ``WorkWaiting``: the lab
  kit's own messages from a worker thread to its lab (``Lab.run_in_thread``);
  labs never handle them, they get ``on_result`` / ``on_progress`` / ``on_error``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # pragma: no cover
    from tui_nn.data.mnist import Dataset
    from tui_nn.ui.kit.work import WorkRun


@dataclass(eq=False)
class DataReady(Message, bubble=False):
    """The data set to use: ``dataset`` (loaded or switched), or ``error`` (why not).

    ``dataset`` is None only when loading failed; a failed switch keeps the
    previous data set and says why in ``error``.
    """

    dataset: Dataset | None
    error: str | None = None


@dataclass(eq=False)
class WorkProgressDue(Message, bubble=False):
    """A run has progress waiting to be delivered (coalesced on the interface thread)."""

    run: WorkRun


@dataclass(eq=False)
class WorkDone(Message, bubble=False):
    """A run finished with ``result`` (dropped if the run is stale or cancelled)."""

    run: WorkRun
    result: object


@dataclass(eq=False)
class WorkFailed(Message, bubble=False):
    """A run raised ``error`` (dropped if the run is stale or cancelled)."""

    run: WorkRun
    error: BaseException


@dataclass(eq=False)
class WorkWaiting(Message, bubble=False):
    """A heavy run waits for its turn: ``ahead`` runs before it (0: its turn came)."""

    run: WorkRun
    ahead: int
