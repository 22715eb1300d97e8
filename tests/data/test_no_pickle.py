"""No pickle anywhere in the package: data is IDX, .npz with allow_pickle=False, or code."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "tui_nn"

FORBIDDEN = [
    re.compile(r"^\s*(import|from)\s+(c?pickle|dill|joblib|shelve)\b", re.MULTILINE),
    re.compile(r"allow_pickle\s*=\s*True"),
]


def test_no_pickle_in_the_package() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}: {pattern.pattern}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for pattern in FORBIDDEN
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_scan_would_catch_one(tmp_path: Path) -> None:
    sample = "import numpy as np\nimport pickle\nnp.load('x.npy', allow_pickle=True)\n"
    assert all(pattern.search(sample) for pattern in FORBIDDEN)


def test_no_pickled_files_shipped() -> None:
    suffixes = {".pkl", ".pickle", ".npy"}
    assert [p for p in PACKAGE.rglob("*") if p.suffix in suffixes] == []
