"""The README's "Teaching with tui-nn" section names what a teacher needs."""

from __future__ import annotations

from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- section: serve -->")
    return text[start:text.index("## Development", start)]


def test_the_section_names_the_command_its_options_and_the_extra() -> None:
    section = _section()
    assert "## Teaching with tui-nn" in section
    for word in ("tui-nn serve", "'.[serve]'", "--host", "--port", "--max-sessions",
                 "--max-running", "--token", "Ctrl+C", "TUI_NN_SERVED=1",
                 "bench/serve_load.py"):
        assert word in section, word


def test_the_section_states_the_measured_figures() -> None:
    section = _section()
    for word in ("PSS", "p95", "trainings finished", "sessions opened"):
        assert word in section, word
