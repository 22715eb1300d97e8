"""scripts/screenshots.py: the README's pictures are made by the app itself."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_script():  # type: ignore[no-untyped-def]
    path = ROOT / "scripts" / "screenshots.py"
    spec = importlib.util.spec_from_file_location("screenshots", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_script_writes_an_svg_of_lesson_0(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The script sets these for its own run; monkeypatch puts them back afterwards.
    monkeypatch.setenv("TUI_NN_SOURCE", "builtin")
    monkeypatch.setenv("TUI_NN_HOME", str(tmp_path / "home"))
    script = load_script()
    assert script.main(["lesson-0", "--out", str(tmp_path)]) == 0
    svg = (tmp_path / "lesson-0.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg")
    assert "How&#160;a&#160;model&#160;learns" in svg or "How a model learns" in svg


def test_script_writes_the_korean_picture_and_leaves_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui_nn.i18n import current_language

    monkeypatch.setenv("TUI_NN_SOURCE", "builtin")
    monkeypatch.setenv("TUI_NN_HOME", str(tmp_path / "home"))
    script = load_script()
    assert script.main(["lesson-1-ko", "--out", str(tmp_path)]) == 0
    svg = (tmp_path / "lesson-1-ko.svg").read_text(encoding="utf-8")
    assert "손실&#160;함수" in svg and "도움말" in svg
    assert current_language() == "en"


def test_script_rejects_unknown_names(capsys: pytest.CaptureFixture[str]) -> None:
    script = load_script()
    assert script.main(["no-such-picture"]) == 2
    assert "unknown picture" in capsys.readouterr().err


def test_readme_shows_pictures_that_the_script_makes() -> None:
    script = load_script()
    names = {shot.name for shot in script.SHOTS}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = [name for name in names if f"docs/screenshots/{name}.svg" in readme]
    assert len(shown) >= 2
    for name in shown:
        assert (ROOT / "docs" / "screenshots" / f"{name}.svg").is_file()
