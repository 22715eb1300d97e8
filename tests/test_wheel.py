"""The wheel carries the lesson texts (tui_nn/lessons/*.md) and the app's stylesheet."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tui_nn.catalog import LESSONS

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel with hatchling (offline, well under a second)."""
    from hatchling.builders.wheel import WheelBuilder

    out = tmp_path_factory.mktemp("wheel")
    (built,) = WheelBuilder(str(ROOT)).build(directory=str(out), versions=["standard"])
    return Path(built)


def test_wheel_holds_every_lesson_text(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for lesson in LESSONS:
        assert f"tui_nn/lessons/{lesson.text_file}" in names, f"{lesson.text_file} not in wheel"
    for source in (ROOT / "lessons").glob("*.md"):
        assert f"tui_nn/lessons/{source.name}" in names
    assert "tui_nn/ui/app.tcss" in names


def test_installed_wheel_reads_its_own_lesson_texts(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)  # a pure-Python wheel installs by unzipping
    script = (
        "import json, tui_nn; from tui_nn.catalog import LESSONS;"
        "from tui_nn.ui.lesson_text import lesson_text_path, load_lesson_text;"
        "p = lesson_text_path(LESSONS[0]);"
        "print(json.dumps([tui_nn.__file__, str(p), load_lesson_text(LESSONS[0])[:40]]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    package_file, text_path, start = json.loads(result.stdout)
    assert Path(package_file).is_relative_to(site)
    assert Path(text_path) == site / "tui_nn" / "lessons" / LESSONS[0].text_file
    assert start.startswith("# How a model learns")
