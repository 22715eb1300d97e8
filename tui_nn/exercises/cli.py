"""``tui-nn exercise`` and ``tui-nn check``: write a starter file, check the learner's file.

Exit status of ``check``: 0 when every function passes, 1 otherwise (a
mistake, a file that does not load, a served session), 2 for bad options,
130 when stopped with Ctrl+C (``--watch`` ends with 0 then: stopping is how it ends).
This module is imported to build the parser: NumPy and the engine are
imported only when a command runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui_nn.catalog import LESSONS
from tui_nn.exercises import messages as msg
from tui_nn.exercises.runner import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT
from tui_nn.exercises.starters import DEFAULT_FOLDER
from tui_nn.i18n import _


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_(msg.OPTION_NOT_A_NUMBER).format(text=text)) from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(_(msg.OPTION_NOT_POSITIVE).format(text=text))
    return value


def _lesson(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_(msg.OPTION_NOT_A_LESSON).format(text=text)) from None
    if not 0 <= number < len(LESSONS):
        raise argparse.ArgumentTypeError(
            _(msg.OPTION_NO_SUCH_LESSON).format(number=number, last=len(LESSONS) - 1)
        )
    return number


def add_exercise_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("lesson", nargs="?", type=_lesson, metavar="N",
                        help=_("the lesson whose starter file to write (1 to 8)"))
    parser.add_argument("--dir", type=Path, default=DEFAULT_FOLDER, metavar="DIR",
                        help=_("the folder to write it into (default ./{folder})").format(
                            folder=DEFAULT_FOLDER))
    parser.add_argument("--list", action="store_true", dest="exercise_list",
                        help=_("list the exercises and exit"))


def run_exercise(args: argparse.Namespace) -> int:
    from tui_nn.exercises.starters import exercise_list_text, write_starter

    if args.exercise_list or args.lesson is None:
        print(exercise_list_text())
        return 0
    if args.lesson == 0:
        print(_(msg.STARTER_NONE))
        return 0
    try:
        starter = write_starter(args.lesson, args.dir)
    except OSError as error:
        print(_(msg.STARTER_FAILED).format(path=args.dir, reason=error.strerror or error),
              file=sys.stderr)
        return 1
    template = msg.STARTER_WRITTEN if starter.created else msg.STARTER_EXISTS
    print(_(template).format(path=starter.path))
    return 0


def add_check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help=_("your exercise file"))
    parser.add_argument("--watch", action="store_true",
                        help=_("check again every time the file is saved (Ctrl+C stops)"))
    parser.add_argument("--lesson", type=_lesson, metavar="N", dest="check_lesson",
                        help=_("the lesson the file is for (default: from its first line or name)"))
    parser.add_argument("--timeout", type=_positive, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=_("stop your code after this long (default {seconds:g})").format(
                            seconds=DEFAULT_TIMEOUT))
    parser.add_argument("--memory", type=_positive, default=DEFAULT_MEMORY_MB, metavar="MB",
                        help=_("memory your code may use (default {memory_mb})").format(
                            memory_mb=DEFAULT_MEMORY_MB))
    parser.add_argument("--max-checks", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--poll", type=_positive, default=None, help=argparse.SUPPRESS)


def run_check(args: argparse.Namespace) -> int:
    from tui_nn.exercises.checker import check_file
    from tui_nn.exercises.report import format_report
    from tui_nn.exercises.runner import checking_allowed
    from tui_nn.exercises.watch import POLL_SECONDS, watch_file

    if not checking_allowed():
        print(_(msg.SERVED_OFF), file=sys.stderr)
        return 1
    options = {"timeout": args.timeout, "memory_mb": int(args.memory), "lesson": args.check_lesson}
    if not args.watch:
        try:
            report = check_file(args.file, **options)
        except KeyboardInterrupt:
            print(_(msg.CHECK_STOPPED), file=sys.stderr)
            return 130
        print(format_report(report))
        return 0 if report.passed else 1

    def show(report: object) -> None:
        print(format_report(report), flush=True)  # type: ignore[arg-type]
        print(flush=True)

    print(_(msg.WATCHING).format(path=args.file), flush=True)
    try:
        last = watch_file(args.file, show, poll=args.poll or POLL_SECONDS,
                          max_checks=args.max_checks, **options)
    except KeyboardInterrupt:
        print(_(msg.WATCH_STOPPED))
        return 0
    return 0 if last.passed else 1
