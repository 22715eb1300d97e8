"""Export SVG screenshots of tui-nn, drawn by the app itself, into docs/screenshots/.

Run it from the repository after the screens change:

    python3 scripts/screenshots.py            # all the pictures the README uses
    python3 scripts/screenshots.py --list     # what it would make
    python3 scripts/screenshots.py lesson-3   # only some of them

The app runs headless at a fixed terminal size with its own temporary
TUI_NN_HOME and the built-in digits (TUI_NN_SOURCE=builtin), so the pictures
do not depend on your files or on whether real MNIST is installed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"


@dataclass(frozen=True)
class Shot:
    """The app at ``lesson`` (None: the lesson list) in ``language``, after pressing ``keys``."""

    name: str
    lesson: int | None
    size: tuple[int, int] = (100, 32)
    keys: tuple[str, ...] = ()
    settle: float = 0.5
    language: str = "en"


SHOTS: tuple[Shot, ...] = (
    Shot("lessons", None, (100, 32)),
    Shot("lesson-0", 0, keys=("right", "right", "right", "right")),
    Shot("lesson-1", 1),
    Shot("lesson-3", 3),
    Shot("lesson-4", 4),
    Shot("lesson-3-80x24", 3, (80, 24)),
    Shot("help", 1, keys=("f1",)),
    Shot("lesson-1-ko", 1, language="ko"),
)


async def take(shot: Shot, out: Path) -> Path:
    from tui_nn.i18n import current_language, set_language

    before = current_language()
    set_language(shot.language)
    try:
        return await _take(shot, out)
    finally:
        set_language(before)


async def _take(shot: Shot, out: Path) -> Path:
    from tui_nn.ui.app import TuiNNApp

    app = TuiNNApp(lesson=shot.lesson)
    async with app.run_test(size=shot.size) as pilot:
        await pilot.pause()
        for key in shot.keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause(shot.settle)  # let charts and workers draw
        path = app.save_screenshot(filename=f"{shot.name}.svg", path=str(out))
    return Path(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="which pictures (default: all)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder (default: {OUT})")
    parser.add_argument("--list", action="store_true", help="list the pictures and exit")
    args = parser.parse_args(argv)
    if args.list:
        for shot in SHOTS:
            where = "lesson list" if shot.lesson is None else f"lesson {shot.lesson}"
            print(
                f"{shot.name}: {where} at {shot.size[0]}x{shot.size[1]}, keys {shot.keys}, "
                f"language {shot.language}"
            )
        return 0
    chosen = [shot for shot in SHOTS if not args.names or shot.name in args.names]
    unknown = set(args.names) - {shot.name for shot in SHOTS}
    if unknown:
        print(f"unknown picture(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    os.environ["TUI_NN_HOME"] = tempfile.mkdtemp(prefix="tui-nn-shots-")
    os.environ["TUI_NN_SOURCE"] = "builtin"
    sys.path.insert(0, str(ROOT))
    args.out.mkdir(parents=True, exist_ok=True)
    for shot in chosen:
        path = asyncio.run(take(shot, args.out))
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
