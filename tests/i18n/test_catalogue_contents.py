"""The Korean catalogue is complete and current, and its strings are measured in cells."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

from tui_nn.catalog import LESSONS
from tui_nn.i18n import display_width, fit, set_language
from tui_nn.i18n.catalogue import po_path, pot_path
from tui_nn.i18n.extract import extract, placeholders, render_pot
from tui_nn.i18n.po import PoEntry, parse_po

ROOT = Path(__file__).resolve().parents[2]


def korean_entries() -> list[PoEntry]:
    return [e for e in parse_po(po_path("ko").read_text(encoding="utf-8")) if e.msgid]


def test_every_message_in_the_code_has_a_korean_translation() -> None:
    in_code = {message.msgid for message in extract(ROOT / "tui_nn")}
    assert len(in_code) >= 40  # the lesson titles, summaries, book sections, notes
    translated = {entry.msgid for entry in korean_entries() if entry.translated}
    missing = in_code - translated
    assert not missing, f"no Korean for: {sorted(missing)} (run scripts/extract_strings.py)"


def test_no_korean_entry_is_stale() -> None:
    in_code = {message.msgid for message in extract(ROOT / "tui_nn")}
    stale = {entry.msgid for entry in korean_entries()} - in_code
    assert not stale, f"messages no longer in the code: {sorted(stale)}"


def test_the_template_is_up_to_date() -> None:
    assert pot_path().read_text(encoding="utf-8") == render_pot(extract(ROOT / "tui_nn"))
    check = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "extract_strings.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout


def test_translations_keep_every_placeholder() -> None:
    for entry in korean_entries():
        for text in entry.msgstr:
            assert placeholders(text) == placeholders(entry.msgid), entry.msgid


def test_korean_header_names_the_language_and_its_plural_rule() -> None:
    text = po_path("ko").read_text(encoding="utf-8")
    assert '"Language: ko\\n"' in text and '"X-Language-Name: 한국어\\n"' in text
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in text


def korean_strings() -> list[str]:
    texts = [t for entry in korean_entries() for t in entry.msgstr]
    texts += [(ROOT / "lessons" / "ko" / lesson.text_file).read_text("utf-8") for lesson in LESSONS]
    return [line for text in texts for line in text.splitlines() if line.strip()]


def test_korean_is_measured_in_cells_not_characters() -> None:
    strings = korean_strings()
    assert len(strings) > 300
    overflowing = 0
    for text in strings:
        wide = sum(unicodedata.east_asian_width(char) in "WF" for char in text)
        assert display_width(text) == len(text) + wide  # each Hangul letter is 2 cells
        for cells in range(display_width(text) + 2):
            assert display_width(fit(text, cells)) <= cells
            overflowing += display_width(text[:cells]) > cells
    # Cutting by characters would overflow the space again and again.
    assert overflowing > 1000


def test_korean_titles_and_summaries_fit_an_80_column_screen() -> None:
    set_language("ko")
    for lesson in LESSONS:
        assert display_width(lesson.local_title) <= 32, lesson.local_title
        assert display_width(f"{lesson.number}  {lesson.local_summary}") <= 76


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from hatchling.builders.wheel import WheelBuilder

    out = tmp_path_factory.mktemp("wheel")
    (built,) = WheelBuilder(str(ROOT)).build(directory=str(out), versions=["standard"])
    return Path(built)


def test_the_wheel_carries_the_catalogue_and_the_korean_texts(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "tui_nn/locale/ko/LC_MESSAGES/tui_nn.po" in names
    assert "tui_nn/locale/tui_nn.pot" in names
    for lesson in LESSONS:
        assert f"tui_nn/lessons/ko/{lesson.text_file}" in names
