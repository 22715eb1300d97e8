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

from tui_nn.i18n import N_, _, ngettext

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
