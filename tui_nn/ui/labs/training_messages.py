"""Messages from the training lab's views up to the lab (small dataclasses).

The lab holds the :class:`~tui_nn.training_session.TrainingSession` and the
workers; its views (Setup, Train, Inspect, Draw, Files) never touch either.
A view tells the lab what the learner did with one of these messages, and the
lab answers by calling the view's ``show_…`` methods: attributes down,
messages up.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.message import Message


@dataclass(eq=False)
class SettingEdited(Message):
    """The Setup view's setting ``name`` now holds ``value`` (a valid one)."""

    name: str
    value: object


@dataclass(eq=False)
class SavedNetworkChosen(Message):
    """The learner picked the saved network at ``path`` in the Files view (Enter or a click)."""

    path: Path
