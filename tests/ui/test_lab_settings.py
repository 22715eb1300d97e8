"""Every lab of lessons 0-6 keeps its settings between app runs, and ignores bad saved values."""

from __future__ import annotations

import importlib
import json

import pytest

from tui_nn.catalog import LESSONS
from tui_nn.ui.labs.base import Lab

OWN_LESSONS = range(7)

#: Settings a learner could have made in each lab (different from the defaults).
CHANGED: dict[str, dict[str, object]] = {
    "how-a-model-learns": {"stage": 3, "end_to_end": True},
    "loss": {"reference": "y2", "class": 7, "delta": False},
    "minibatch": {"batch": 64, "replace": False, "epoch": True},
    "derivatives": {"x": 10.0, "h": 0.01, "point": [1.0, -2.0], "bug": True, "function": "sine"},
    "gradient": {"point": [0.0, 2.0], "function": "saddle", "integer": True},
    "gradient-descent": {"lr": 0.5, "start": [1.0, 2.0], "bowl": "long bowl"},
    "network-gradient": {"x": [1.0, -1.0], "t": 1, "row": 1, "col": 2, "step": 0.5, "lr": 0.25},
}

GARBAGE: list[object] = [None, "x", 1e400, -1e400, float("nan"), [], {}, [1, 2, 3], {"a": 1}]
GARBAGE.append("9" * 50)


def make_lab(number: int) -> Lab:
    module_name, _, class_name = LESSONS[number].lab.partition(":")
    lab = getattr(importlib.import_module(module_name), class_name)()
    assert isinstance(lab, Lab)
    return lab


@pytest.mark.parametrize("number", OWN_LESSONS)
def test_settings_survive_json_and_a_new_lab(number: int) -> None:
    slug = LESSONS[number].slug
    changed = CHANGED[slug]
    first = make_lab(number)
    defaults = first.lab_settings()
    assert set(defaults) == set(changed)  # every setting the lab keeps is tested here
    first.restore_settings(changed)
    saved = json.loads(json.dumps(first.lab_settings(), allow_nan=False))
    assert saved == changed and saved != defaults
    second = make_lab(number)
    second.restore_settings(saved)
    assert second.lab_settings() == changed


@pytest.mark.parametrize("number", OWN_LESSONS)
def test_bad_saved_values_are_ignored(number: int) -> None:
    lab = make_lab(number)
    defaults = lab.lab_settings()
    for key in defaults:
        for bad in GARBAGE:
            lab.restore_settings({key: bad})
    lab.restore_settings({"unknown": 1})
    assert lab.lab_settings() == defaults
