"""The plain pages a browser gets instead of the app: a wrong link, a full class."""

from __future__ import annotations

from html import escape

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>tui-nn</title>
<meta name="referrer" content="no-referrer">
<style>body{{background:#0c181f;color:#eee;font:18px monospace;margin:15vh auto;
max-width:40em;line-height:1.5}}</style></head>
<body><h1>{title}</h1><p>{text}</p></body></html>
"""


def page(title: str, text: str) -> str:
    return _PAGE.format(title=escape(title), text=escape(text))


REFUSED = page(
    "This link does not open the class",
    "The link is missing its token or has a wrong one. Ask your teacher for the link"
    " and open it exactly as given.",
)


def full(limit: int) -> str:
    return page(
        "The class is full",
        f"All {limit} places are taken. Try again in a moment, when someone has left.",
    )


def full_terminal(limit: int) -> bytes:
    """The same words, written into the browser's terminal (for a websocket past the limit)."""
    return (
        f"\r\n  The class is full: all {limit} places are taken.\r\n"
        "  Reload the page in a moment, when someone has left.\r\n"
    ).encode()
