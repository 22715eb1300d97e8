"""The pieces without a process: values as JSON, comparing, and the report's text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tui_nn.exercises import wire
from tui_nn.exercises.cases import EXERCISES
from tui_nn.exercises.judge import close, judge_function, mismatch
from tui_nn.exercises.report import CheckReport, FunctionResult, format_report


@pytest.mark.parametrize(
    "value",
    [1.5, 3, float("nan"), float("inf"), np.float64(0.25), np.array([[1.0, np.nan], [3, 4]]),
     np.array([3, 4]), {"W1": np.ones((2, 3)), "b1": np.zeros(3)}, None],
)
def test_values_cross_the_pipe_as_json_unchanged(value: object) -> None:
    back = wire.decode(json.loads(json.dumps(wire.encode(value))))
    if isinstance(value, dict):
        assert set(back) == set(value)
        for key in value:
            np.testing.assert_array_equal(back[key], value[key])
    elif value is None:
        assert back is None
    else:
        np.testing.assert_array_equal(back, value)
        assert np.asarray(back).dtype.kind == np.asarray(value).dtype.kind


def test_anything_else_crosses_as_its_repr() -> None:
    back = wire.decode(json.loads(json.dumps(wire.encode("hello"))))
    assert isinstance(back, wire.Opaque)
    assert repr(back) == "'hello'"


def test_mismatch_says_what_kind_of_value_was_wanted() -> None:
    assert mismatch(None, 1.0) == "nothing (None): did you forget return?"
    assert mismatch(np.ones(3), 1.0) is not None
    assert mismatch(np.ones(3), np.ones((3, 1))) == "an array of shape (3, 1), not (3,)"
    assert mismatch({"a": 1.0}, {"b": 1.0}) == "the keys ['b'], not ['a']"
    assert mismatch(np.array(2.0), 2.0) is None


def test_close_treats_nan_as_nan_and_respects_the_tolerance() -> None:
    assert close(np.array([np.nan, 1.0]), np.array([np.nan, 1.0]), 1e-6, 0)
    assert not close(np.array([np.nan, 1.0]), np.array([0.0, 1.0]), 1e-6, 0)
    assert close(1.0 + 1e-9, 1.0, 1e-6, 0)
    assert not close(1.0 + 1e-3, 1.0, 1e-6, 0)


def test_a_function_the_process_never_reached_is_not_checked() -> None:
    spec = EXERCISES[3].functions[0]
    assert judge_function(spec, None, 100, 3).status == "not_checked"
    assert judge_function(spec, {"missing": True}, 100, 3).status == "missing"


def test_the_report_text_wraps_and_sums_up() -> None:
    report = CheckReport(Path("03_derivatives.py"), 3, (
        FunctionResult("numerical_diff", "mistake", "mistake: h too small",
                       "case: expected 0.2, got 0.0", mistake="h_too_small",
                       fix="use h = 1e-4 " * 12, lesson=3),
    ))
    text = format_report(report)
    assert text.splitlines()[0] == "Checking 03_derivatives.py (lesson 3: Derivatives)"
    assert all(len(line) <= 96 for line in text.splitlines())
    assert "      revisit lesson 3 (Derivatives)" in text
    assert text.endswith("0 of 1 functions pass.")
    assert not report.passed and report.mistakes == ("h_too_small",)


def test_the_exercises_import_no_interface_and_the_engine_not_them() -> None:
    code = (
        "import sys, tui_nn.engine, tui_nn.engine.nets, tui_nn.engine.train\n"
        "print('tui_nn.exercises' in sys.modules)\n"
        "import tui_nn.exercises, tui_nn.exercises.cases, tui_nn.exercises.child\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'textual', 'plotext', 'textual_plotext'} or m.startswith('tui_nn.ui')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[0] == "False"
    assert out[1] == "[]"


def test_the_command_line_parser_does_not_import_numpy() -> None:
    code = "import sys; import tui_nn.exercises.cli; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False"


def test_the_package_offers_every_name_it_lists() -> None:
    import tui_nn.exercises as exercises

    for name in exercises.__all__:
        assert getattr(exercises, name) is not None
    with pytest.raises(AttributeError):
        exercises.nothing_here  # noqa: B018
