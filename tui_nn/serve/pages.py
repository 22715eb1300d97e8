"""The plain pages a browser gets instead of the app: a wrong link, a full class.

Their words go through the catalogue, in the language the server runs in
(``tui-nn --lang ko serve``): a class shares its teacher's language.
"""

from __future__ import annotations

from html import escape

from tui_nn.i18n import _, current_language

_PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>tui-nn</title>
<meta name="referrer" content="no-referrer">
<style>body{{background:#0c181f;color:#eee;font:18px monospace;margin:15vh auto;
max-width:40em;line-height:1.5}}</style></head>
<body><h1>{title}</h1><p>{text}</p></body></html>
"""


def page(title: str, text: str) -> str:
    return _PAGE.format(lang=escape(current_language()), title=escape(title), text=escape(text))


def refused() -> str:
    """The page for a link without the right token."""
    return page(
        _("This link does not open the class"),
        _("The link is missing its token or has a wrong one. Ask your teacher for the link"
          " and open it exactly as given."),
    )


def full(limit: int) -> str:
    return page(
        _("The class is full"),
        _("All {limit} places are taken. Try again in a moment, when someone has left.").format(
            limit=limit),
    )


def full_terminal(limit: int) -> bytes:
    """The same words, written into the browser's terminal (for a websocket past the limit)."""
    first = _("The class is full: all {limit} places are taken.").format(limit=limit)
    second = _("Reload the page in a moment, when someone has left.")
    return f"\r\n  {first}\r\n  {second}\r\n".encode()
