"""One way to say a duration, a number of things, and a progress bar, for the whole app."""

from __future__ import annotations

import io
import math
import re
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui_nn.formatting import ProgressBar, bar_text, format_clock, format_duration, plural

UNITS = {"µs": 1e-6, "ms": 1e-3, "s": 1.0, "hours": 3600.0, "days": 86400.0}


def seconds_of(text: str) -> tuple[float, float]:
    """(value in seconds, largest rounding error allowed) of a formatted duration."""
    if m := re.fullmatch(r"(\d+) min (\d\d) s", text):
        minutes, secs = int(m[1]), int(m[2])
        assert secs < 60
        return minutes * 60 + secs, 0.5
    if m := re.fullmatch(r"(\d+) h (\d\d) min", text):
        hours, minutes = int(m[1]), int(m[2])
        assert minutes < 60
        return hours * 3600 + minutes * 60, 30.0
    m = re.fullmatch(r"([\d,]+(?:\.\d)?) (µs|ms|s|hours|days)", text)
    assert m, text
    unit = UNITS[m[2]]
    step = 0.1 if "." in m[1] else 1.0
    return float(m[1].replace(",", "")) * unit, step * unit / 2


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0.0, "0 µs"),
        (0.0005, "500 µs"),
        (0.0009996, "1.0 ms"),
        (0.012, "12.0 ms"),
        (0.99996, "1.0 s"),  # not "1000.0 ms"
        (4.25, "4.2 s"),
        (12.0, "12.0 s"),
        (59.6, "59.6 s"),
        (59.96, "1 min 00 s"),  # not "60.0 s"
        (65, "1 min 05 s"),
        (3599.6, "1 h 00 min"),  # not "60 min 00 s"
        (2 * 3600 + 5 * 60, "2 h 05 min"),
        (35 * 3600 + 600, "35 hours"),
        (120_000, "33 hours"),
        (10 * 86_400, "10 days"),
        (math.inf, "forever"),
        (math.nan, "?"),
        (-1.0, "?"),
        (None, "?"),
    ],
)
def test_duration_edge_cases(seconds: float | None, expected: str) -> None:
    assert format_duration(seconds) == expected


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False))
def test_duration_is_close_and_never_at_a_unit_boundary(seconds: float) -> None:
    text = format_duration(seconds)
    value, error = seconds_of(text)
    assert abs(value - seconds) <= error * 1.0001 + 1e-12, (seconds, text)
    number = float(re.match(r"[\d,.]+", text)[0].replace(",", ""))
    if text.endswith((" µs", " ms")):
        assert number < 1000, text
    if re.fullmatch(r"[\d.]+ s", text):
        assert number < 60, text
    if text.endswith(" hours"):
        assert 10 <= number < 72, text


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False), st.floats(0, 1e6))
def test_duration_keeps_order(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert seconds_of(format_duration(low))[0] <= seconds_of(format_duration(high))[0]


def test_plural_and_clock_and_bar() -> None:
    assert plural(1, "iteration") == "1 iteration"
    assert plural(0, "iteration") == "0 iterations"
    assert plural(10_000, "epoch") == "10,000 epochs"
    assert format_clock(23.4) == "0:23" and format_clock(3723) == "1:02:03"
    assert format_clock(math.inf) == "--:--"
    assert bar_text(0.5, 10) == "[#####.....]"
    assert bar_text(2.0, 4) == "[####]" and bar_text(-1, 4) == "[....]"


def test_progress_bar_in_place_and_plain() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream, in_place=True, every=0.0)
    bar.show("one")
    bar.show("two")
    bar.finish()
    assert stream.getvalue() == "\rone\rtwo\n"
    plain = io.StringIO()
    bar = ProgressBar(plain, plain_every=3600)
    bar.show("first")
    bar.show("too soon")  # throttled
    bar.show("last", force=True)
    assert plain.getvalue() == "first\nlast\n"
    off = io.StringIO()
    ProgressBar(off, enabled=False).show("x", force=True)
    assert off.getvalue() == ""


def test_formatting_does_not_import_numpy() -> None:
    code = "import sys, tui_nn.formatting; print('numpy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"
