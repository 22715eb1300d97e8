"""``tui-nn serve``: the lessons in every student's browser, from one machine."""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import sys

from tui_nn.i18n import N_, _
from tui_nn.serve.options import ServeOptions, default_max_running

INSTALL_HINT = N_(
    "tui-nn serve needs textual-serve, which is not installed. Install the extra with"
    " `python3 -m pip install 'tui-nn[serve]'` (or `python3 -m pip install '.[serve]'`"
    " in a clone of tui-nn), then run `tui-nn serve` again."
)


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a whole number").format(text=text)) from None
    if value < 0:
        raise argparse.ArgumentTypeError(_("{text!r} is negative").format(text=text))
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = _(
        "Serve the app to browsers: every student who opens the link gets tui-nn in a page,"
        " with a home of their own. Stop with Ctrl+C."
    )
    parser.add_argument("--host", default="127.0.0.1",
                        help=_("address to listen on (default 127.0.0.1: this machine only;"
                               " any other needs a token, generated when not given)"))
    parser.add_argument("--port", type=_count, default=8000, help=_("port (default 8000)"))
    parser.add_argument("--max-sessions", type=_count, default=40, metavar="N",
                        help=_("most students at once (default 40)"))
    parser.add_argument("--max-running", type=_count, default=0, metavar="N",
                        help=_("most trainings and numerical gradients running at once"
                               " (default: one per core: {n} here)"
                               ).format(n=default_max_running()))
    parser.add_argument("--token", default=None,
                        help=_("a secret every link must carry (?token=...)"))


def run(args: argparse.Namespace) -> int:
    options = ServeOptions(
        host=args.host, port=args.port, max_sessions=args.max_sessions,
        max_running=args.max_running, token=args.token,
    )
    problems = options.problems()
    if problems:
        for problem in problems:
            print(_("tui-nn serve: {problem}").format(problem=problem), file=sys.stderr)
        return 2
    if importlib.util.find_spec("textual_serve") is None:
        print(_(INSTALL_HINT), file=sys.stderr)
        return 1
    from tui_nn.serve.runner import serve

    try:
        return asyncio.run(serve(options.resolved()))
    except KeyboardInterrupt:  # pragma: no cover - signals are handled inside
        return 130
