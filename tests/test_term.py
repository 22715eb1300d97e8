"""tui_nn.term: plain ASCII for terminals that are not UTF-8, no colour for NO_COLOR and dumb."""

from __future__ import annotations

import io

import pytest

from tui_nn.term import ascii_mode, colour_allowed, console, safe_text


def stream(encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding=encoding)


@pytest.mark.parametrize(
    ("encoding", "env", "expected"),
    [
        ("utf-8", {}, False),
        ("UTF8", {}, False),
        ("ascii", {}, True),
        ("ANSI_X3.4-1968", {}, True),  # what LC_ALL=C gives
        ("latin-1", {}, True),
        ("utf-8", {"TUI_NN_ASCII": "1"}, True),
        ("ascii", {"TUI_NN_ASCII": "0"}, False),
    ],
)
def test_ascii_mode(encoding: str, env: dict[str, str], expected: bool) -> None:
    assert ascii_mode(stream(encoding), env) is expected


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"TERM": "xterm-256color"}, True),
        ({"TERM": "xterm-256color", "NO_COLOR": "1"}, False),
        ({"TERM": "xterm", "NO_COLOR": ""}, True),  # an empty NO_COLOR does not count
        ({"TERM": "dumb"}, False),
        ({}, True),
    ],
)
def test_colour_policy(env: dict[str, str], expected: bool) -> None:
    assert colour_allowed(env) is expected


def test_safe_text_never_writes_escapes() -> None:
    ascii_out = stream("ascii")
    assert safe_text("850 µs · ─ → ✓ 漢", ascii_out) == "850 us - - -> ok ?"
    assert safe_text("850 µs", stream("utf-8")) == "850 µs"


def test_console_follows_the_policy() -> None:
    dumb = console(stream("utf-8"), environ={"TERM": "dumb"})
    assert dumb.color_system is None and not dumb.is_terminal
    no_colour = console(stream("utf-8"), environ={"TERM": "xterm", "NO_COLOR": "1"})
    assert no_colour.no_color
    plain = console(stream("ascii"), environ={"TERM": "xterm"})
    assert plain.options.ascii_only
