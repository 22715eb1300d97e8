"""argparse's own words (``usage:``, ``error:``, ``invalid choice``…) from tui-nn's catalogue.

argparse looks up each of its words when it formats a message, through the
two names its module imported from :mod:`gettext` (``argparse._`` and
``argparse.ngettext``, the ``argparse`` domain).  The standard route, a
compiled ``argparse.mo`` per language on disk plus ``bindtextdomain``, would
choose the language from ``LANGUAGE``/``LC_*`` again instead of tui-nn's own
choice (``--lang``, then the saved setting, then the locale), and would be a
second file per language.  So :func:`argparse_in_language` points those two
names at tui-nn's catalogue for the length of one command, and puts them back
after: one catalogue per language, one language choice, and no copy of
argparse's methods in a subclass.

The messages below are argparse's own English texts (Python 3.10-3.13),
listed here so ``scripts/extract_strings.py`` puts them in the catalogue.
Their ``%`` placeholders must stay as they are in a translation.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from tui_nn.formatting import wrap_cells
from tui_nn.i18n import N_, _, display_width, ngettext

ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("optional arguments"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)
#: The one message argparse counts (``nargs=2``: "expected 2 arguments").
ARGPARSE_PLURALS = (lambda n: ngettext("expected %s argument", "expected %s arguments", n),)


class CellHelpFormatter(argparse.HelpFormatter):
    """argparse's help, wrapped by terminal cells: Korean help still fits the terminal.

    argparse measures with ``len()``, one column a character; a Hangul syllable
    takes two, so its Korean lines would run past the edge.
    """

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap_cells(text, width) or [""]

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(wrap_cells(text, width, indent, indent))

    def _format_usage(self, usage, actions, groups, prefix):  # type: ignore[no-untyped-def]
        shown = _("usage: ") if prefix is None else prefix
        extra = display_width(shown) - len(shown)  # "사용법: " is 5 characters, 9 cells
        self._width -= extra
        try:
            return super()._format_usage(usage, actions, groups, prefix)
        finally:
            self._width += extra


class CellRawDescriptionHelpFormatter(argparse.RawDescriptionHelpFormatter, CellHelpFormatter):
    """:class:`CellHelpFormatter` that keeps the description's and epilog's own lines."""


def use_cell_formatter(parser: argparse.ArgumentParser) -> None:
    """Give ``parser`` and every subcommand's parser the cell-measuring help formatter."""
    kind = parser.formatter_class
    raw = isinstance(kind, type) and issubclass(kind, argparse.RawDescriptionHelpFormatter)
    parser.formatter_class = CellRawDescriptionHelpFormatter if raw else CellHelpFormatter
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                use_cell_formatter(child)


@contextmanager
def argparse_in_language() -> Iterator[None]:
    """While inside, argparse's words come from tui-nn's catalogue (the current language)."""
    module = vars(argparse)
    saved = {name: module.get(name) for name in ("_", "ngettext")}
    module["_"] = _
    module["ngettext"] = ngettext
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is not None:
                module[name] = value
