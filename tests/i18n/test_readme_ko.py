"""README.md points to README.ko.md, the whole README in Korean, and says what is Korean today."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_readmes_point_to_each_other() -> None:
    english = (ROOT / "README.md").read_text(encoding="utf-8")
    korean = (ROOT / "README.ko.md").read_text(encoding="utf-8")
    assert "[한국어](README.ko.md)" in english.split("\n## ", 1)[0]  # at the top
    assert "[English](README.md)" in korean.split("\n## ", 1)[0]
    section = english.split("<!-- section: korean -->", 1)[1]
    assert section.lstrip().startswith("## 한국어")
    for name in ("lessons/ko/", "tui_nn/locale/ko/LC_MESSAGES/tui_nn.po", "hangul_keys.py"):
        assert name in section


def test_korean_readme_is_korean_and_says_what_is_still_english() -> None:
    korean = (ROOT / "README.ko.md").read_text(encoding="utf-8")
    prose = re.sub(r"```.*?```", "", korean, flags=re.DOTALL)
    hangul = len(re.findall(r"[가-힣]", prose))
    latin = len(re.findall(r"[A-Za-z]", re.sub(r"`[^`]*`|\(http[^)]*\)|\([\w./-]+\)", "", prose)))
    assert hangul > 2 * latin
    assert "아직 영어" in korean and "lessons/ko/" in korean
    for command in ("tui-nn data status", "tui-nn train --preset faster", "extract_strings.py"):
        assert command in korean
