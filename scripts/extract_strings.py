"""Regenerate tui-nn's message catalogues from the code (stdlib only).

    python3 scripts/extract_strings.py            # write tui_nn/locale/tui_nn.pot, update every .po
    python3 scripts/extract_strings.py --check    # exit 1 if any of them is out of date
    python3 scripts/extract_strings.py --init fr "Français"   # start a new language

Messages are the string literals of ``_()``, ``N_()``, ``translate()`` and
``ngettext()`` calls in ``tui_nn/``.  After updating, translate the new (empty)
``msgstr`` lines of each ``tui_nn/locale/<language>/LC_MESSAGES/tui_nn.po``;
entries whose message left the code are kept at the end as ``#~`` lines.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tui_nn.i18n.catalogue import po_path, pot_path  # noqa: E402
from tui_nn.i18n.extract import extract, merge, new_catalogue, render_pot  # noqa: E402

LOCALE_DIR = ROOT / "tui_nn" / "locale"


def planned() -> dict[Path, str]:
    """Every catalogue file and the text it should have now."""
    messages = extract(ROOT / "tui_nn")
    files = {pot_path(LOCALE_DIR): render_pot(messages)}
    for folder in sorted(LOCALE_DIR.iterdir()):
        po = po_path(folder.name, LOCALE_DIR)
        if po.is_file():
            files[po] = merge(po.read_text(encoding="utf-8"), messages)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    parser.add_argument("--init", nargs=2, metavar=("CODE", "NAME"), help="start a language")
    args = parser.parse_args(argv)
    if args.init:
        code, name = args.init
        po = po_path(code, LOCALE_DIR)
        if po.exists():
            print(f"{po} exists already", file=sys.stderr)
            return 1
        po.parent.mkdir(parents=True, exist_ok=True)
        po.write_text(new_catalogue(code, name, extract(ROOT / "tui_nn")), encoding="utf-8")
        print(f"wrote {po.relative_to(ROOT)}")
        return 0
    stale = 0
    for path, text in planned().items():
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        stale += 1
        if args.check:
            print(f"out of date: {path.relative_to(ROOT)}")
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
