"""The ``tui-nn`` command: the app, and the ``data`` and ``train`` subcommands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from tui_nn import __version__
from tui_nn.catalog import LESSONS, lesson_list_text
from tui_nn.cli_words import argparse_in_language, use_cell_formatter
from tui_nn.i18n import _, available_languages, resolve_language, set_language


def _lesson_number(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text} is not a lesson number").format(text=repr(text))
        ) from None
    if not 0 <= number < len(LESSONS):
        raise argparse.ArgumentTypeError(
            _("there is no lesson {number}: lessons run from 0 to {last}").format(
                number=number, last=len(LESSONS) - 1
            )
        )
    return number


def choose_language(argv: Sequence[str] | None) -> str:
    """Set the language from ``--lang``, the saved choice or the locale, before any output."""
    from tui_nn.ui.settings import load_settings  # plain JSON, no Textual

    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    known, _rest = early.parse_known_args(argv)
    asked = known.lang if known.lang in available_languages() else None  # else: parser's error
    language = resolve_language(asked, os.environ, load_settings().language)
    set_language(language)
    return language


def _add_lang(parser: argparse.ArgumentParser, default: object = None) -> None:
    parser.add_argument(
        "--lang",
        choices=available_languages(),
        default=default,
        help=_(
            "the language of the app and its messages (default: your choice in the app, "
            "else the locale)"
        ),
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tui-nn",
        description=_("Learn how a neural network learns, live in your terminal."),
        epilog=_("Run without arguments to open the lessons where you left off."),
    )
    parser.add_argument("--version", action="version", version=f"tui-nn {__version__}",
                        help=_("print the version number and exit"))
    parser.add_argument("--list", action="store_true", help=_("print the lessons and exit"))
    parser.add_argument("--lesson", type=_lesson_number, metavar="N", help=_("open lesson N"))
    _add_lang(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    data = sub.add_parser("data", help=_("find, check or download the MNIST files"))
    _add_lang(data, argparse.SUPPRESS)
    from tui_nn.data.cli import add_arguments as add_data_arguments

    add_data_arguments(data)
    train = sub.add_parser("train", help=_("train a network on MNIST without the full app"))
    _add_lang(train, argparse.SUPPRESS)
    from tui_nn.train_cli import add_arguments as add_train_arguments

    add_train_arguments(train)
    from tui_nn.exercises import cli as exercises_cli

    exercise = sub.add_parser("exercise", help=_("write a starter file for a lesson's exercise"))
    _add_lang(exercise, argparse.SUPPRESS)
    exercises_cli.add_exercise_arguments(exercise)
    check = sub.add_parser(
        "check", help=_("check your exercise file and name any classic mistake")
    )
    _add_lang(check, argparse.SUPPRESS)
    exercises_cli.add_check_arguments(check)
    serve = sub.add_parser("serve", help=_("serve the app to a class of browsers (extra: serve)"))
    from tui_nn.serve.cli import add_arguments as add_serve_arguments

    add_serve_arguments(serve)
    use_cell_formatter(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    choose_language(argv)
    with argparse_in_language():  # "usage:", "error: ..." in the chosen language too
        parser = build_parser()
        args = parser.parse_args(argv)
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    if args.command == "data":
        from tui_nn.data.cli import run as run_data

        return run_data(args)
    if args.command == "train":
        from tui_nn.train_cli import run as run_train

        return run_train(args)
    if args.command in ("exercise", "check"):
        from tui_nn.exercises import cli as exercises_cli

        return exercises_cli.run_exercise(args) if args.command == "exercise" else (
            exercises_cli.run_check(args))
    if args.command == "serve":
        from tui_nn.serve.cli import run as run_serve

        return run_serve(args)
    if args.list:
        print(lesson_list_text())
        return 0
    from tui_nn.ui.app import run_app

    return run_app(lesson=args.lesson)


if __name__ == "__main__":
    sys.exit(main())
