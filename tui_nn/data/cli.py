"""``tui-nn data status|download|path``: find, check or download the MNIST files.

Exit status: 0 when all went well (for ``status`` and ``path``: real, verified
MNIST is there); 1 when MNIST is missing or a file is bad, or a download
failed (the message on stderr says why); 130 when interrupted.

This module is imported every time ``tui-nn`` starts (to build the parser), so
it imports nothing heavy at module level.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tui_nn.formatting import ProgressBar as SharedProgressBar
from tui_nn.formatting import bar_text
from tui_nn.i18n import _

if TYPE_CHECKING:  # pragma: no cover
    from tui_nn.data import sources


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text} is not a number of seconds").format(text=repr(text))
        ) from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(
            _("{text} must be more than 0 and at most 3600").format(text=text)
        )
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``data`` actions to the ``tui-nn data`` parser."""
    parser.epilog = _(
        "Without an ACTION, `status` runs. Exit status 1 means: MNIST missing or damaged,"
        " or the download failed (the message says why)."
    )
    sub = parser.add_subparsers(dest="data_command", metavar="ACTION")
    status = sub.add_parser(
        "status", help=_("where MNIST is looked for, what was found, and whether it is verified"))
    status.add_argument("--data-dir", metavar="DIR", help=_("look in DIR first"))
    download = sub.add_parser(
        "download", help=_("download MNIST into the cache, checking every file's SHA-256"))
    download.add_argument(
        "--dest", metavar="DIR", help=_("put the files in DIR instead of the cache folder"))
    download.add_argument(
        "--mirror", action="append", metavar="URL",
        help=_("base URL to download from (repeat for several; overrides TUI_NN_MIRRORS)"),
    )
    download.add_argument(
        "--timeout", type=_seconds, default=15.0, metavar="SECONDS",
        help=_("give up on a mirror that stays silent this long (default 15)"),
    )
    download.add_argument(
        "--retries", type=int, default=2, metavar="N",
        help=_("extra attempts per mirror after a broken connection or a server error "
        "(default 2; a silent or refusing mirror is not asked again)"),
    )
    path = sub.add_parser("path", help=_("print the folder MNIST is read from"))
    path.add_argument("--data-dir", metavar="DIR", help=_("look in DIR first"))


def run(args: argparse.Namespace) -> int:
    """Run the ``data`` action in ``args`` (``status`` when none is given)."""
    command = getattr(args, "data_command", None) or "status"
    try:
        if command == "download":
            return cmd_download(
                dest=args.dest, mirrors=args.mirror, timeout=args.timeout, retries=args.retries
            )
        data_dir = getattr(args, "data_dir", None)
        if command == "path":
            return cmd_path(data_dir)
        return cmd_status(data_dir)
    except KeyboardInterrupt:
        print("\n" + _("interrupted: nothing unverified was kept"), file=sys.stderr)
        return 130


# --- status ----------------------------------------------------------------------------------


def cmd_status(data_dir: str | None = None, out: TextIO | None = None) -> int:
    """Print where MNIST is looked for and what is there; 0 if verified MNIST will be used."""
    from tui_nn.data import sources

    out = out or sys.stdout
    locations = sources.survey(data_dir)
    chosen = next((loc for loc in locations if loc.usable), None)
    damage = _damage(chosen) if chosen is not None and not chosen.verified else None
    print(_("Where tui-nn looks for the MNIST files, in order:"), file=out)
    for number, loc in enumerate(locations, 1):
        label = {"data_dir": "--data-dir", "cache": _("cache")}.get(loc.kind, loc.kind)
        print(f"  {number}. {label}: {loc.path}", file=out)
        if not loc.path.is_dir():
            print("       " + _("(no such folder)"), file=out)
            continue
        for check in loc.checks:
            print(f"       {check.describe()}", file=out)
        if loc is chosen and damage is not None:
            print("       " + _("-> damaged, not used: {damage}").format(damage=damage), file=out)
        elif loc is chosen:
            verdict = (_("verified") if loc.verified
                       else _("NOT verified: checksums differ from MNIST"))
            print("       " + _("-> used ({verdict})").format(verdict=verdict), file=out)
        elif loc.complete and not loc.usable:
            print("       " + _("-> not used: a file is damaged (run `tui-nn data download`)"),
                  file=out)
    print(_("Download mirrors: {mirrors}").format(mirrors=", ".join(sources.mirrors_from_env())),
          file=out)
    source = _source_text()
    if chosen is None:
        print(
            _("Real MNIST: not found. The lessons use the built-in digits ({source}).\n"
              "Get MNIST with `tui-nn data download`, or set TUI_NN_DATA to a folder"
              " with the four .gz files.").format(source=source),
            file=out,
        )
        return 1
    if damage is not None:
        from tui_nn.data.errors import DataError
        from tui_nn.data.mnist import resolve_source

        try:
            strict = resolve_source(None) == "mnist"
        except DataError:
            strict = False
        then = (
            _("Loading real MNIST fails until it is replaced")
            if strict
            else _("The lessons use the built-in digits")
        )
        print(
            _("Real MNIST: {path} is damaged. {then} ({source}).\n"
              "Replace the files, or run `tui-nn data download` and unset TUI_NN_DATA.").format(
                path=chosen.path, then=then, source=source),
            file=out,
        )
        return 1
    print(_("Real MNIST: {path} ({source}).").format(path=chosen.path, source=source),
          file=out)
    bad = [loc for loc in locations if loc.complete and not loc.verified and loc.path.is_dir()]
    return 0 if chosen.verified and not any(b.must_verify for b in bad) else 1


def _damage(location: sources.Location) -> str | None:
    """Why the files of a folder that is not verified cannot be read (None: they can)."""
    from tui_nn.data.errors import IdxFormatError
    from tui_nn.data.idx import read_pair

    try:
        for images, labels in (("train_images", "train_labels"), ("test_images", "test_labels")):
            read_pair(location.file(images), location.file(labels))
    except (IdxFormatError, OSError, ValueError) as error:
        return str(error)
    return None


def _source_text() -> str:
    import os

    from tui_nn.data import sources

    value = os.environ.get(sources.ENV_SOURCE)
    if value:
        return f"{sources.ENV_SOURCE}={value}"
    return _("{name} unset: auto").format(name=sources.ENV_SOURCE)


# --- path ------------------------------------------------------------------------------------


def cmd_path(data_dir: str | None = None, out: TextIO | None = None) -> int:
    """Print the folder MNIST is read from; if none, say so and print where a download goes."""
    from tui_nn.data import sources

    out = out or sys.stdout
    location, _reasons = sources.find_mnist(data_dir)
    if location is None:
        print(
            _("MNIST not found; `tui-nn data download` would put it in this folder:"),
            file=sys.stderr,
        )
        print(sources.cache_mnist_dir(), file=out)
        return 1
    print(location.path, file=out)
    return 0


# --- download --------------------------------------------------------------------------------


class ProgressBar(SharedProgressBar):
    """A one-line text progress bar per file, redrawn on ``stream`` (stderr by default)."""

    def __init__(self, stream: TextIO | None = None, width: int = 30) -> None:
        super().__init__(stream or sys.stderr, every=0.0, in_place=True)
        self.width = width
        self._current: str | None = None
        self._last: tuple[str, int] | None = None

    def __call__(self, name: str, done: int, total: int | None) -> None:
        if self._current is not None and name != self._current:
            self.finish()
        self._current = name
        if total:
            percent = min(100, done * 100 // total)
            if self._last == (name, percent):
                return
            self._last = (name, percent)
            bar = bar_text(percent / 100, self.width)
            text = f"{percent:3d}%  {done / 1e6:5.1f}/{total / 1e6:.1f} MB"
        else:
            bar, text = f"[{'?' * self.width}]", f"{done / 1e6:5.1f} MB"
        self.show(f"  {name:28s} {bar} {text}", force=True)

    def finish(self) -> None:
        super().finish()
        self._current = None


def cmd_download(
    dest: str | None = None,
    mirrors: list[str] | None = None,
    timeout: float = 15.0,
    retries: int = 2,
    out: TextIO | None = None,
    err: TextIO | None = None,
    connect_timeout: float = 5.0,
) -> int:
    """Download and verify the four files; 0 on success, 1 with a clear message otherwise."""
    from tui_nn.data import sources
    from tui_nn.data.download import download_mnist
    from tui_nn.data.errors import DataError, DownloadCancelled, DownloadError

    out = out or sys.stdout
    err = err or sys.stderr
    use = tuple(mirrors) if mirrors else sources.mirrors_from_env()
    folder = Path(dest).expanduser() if dest else sources.cache_mnist_dir()
    print(_("Downloading MNIST into {folder}").format(folder=folder), file=err)
    print(_("Mirrors, tried in order: {mirrors}").format(mirrors=", ".join(use)), file=err)
    bar = ProgressBar(err)

    def message(text: str) -> None:
        bar.finish()
        print(f"  ! {text}", file=err)

    try:
        download_mnist(
            progress=bar, mirrors=use, dest=folder, timeout=timeout, retries=retries,
            connect_timeout=connect_timeout, on_message=message,
        )
    except KeyboardInterrupt:
        bar.finish()
        print("tui-nn data download: " + _(
            "cancelled (Ctrl+C); nothing half-downloaded was kept. "
            "Run it again to resume with the files already verified."), file=err)
        return 130
    except DownloadCancelled:
        bar.finish()
        print("tui-nn data download: " + _("cancelled; nothing half-downloaded was kept."),
              file=err)
        return 130
    except DataError as exc:
        bar.finish()
        hint = ""
        if isinstance(exc, DownloadError) and exc.offline:
            hint = "\n" + _("You seem to be offline (or every mirror is down). The lessons still"
                             " work with the built-in digits.")
        elif isinstance(exc, DownloadError) and "timeout" in exc.kinds:
            hint = "\n" + _("A mirror that does not answer may be blocked by a firewall or a "
                             "proxy (HTTPS_PROXY). The lessons still work with the built-in "
                             "digits.")
        print(f"tui-nn data download: {exc}{hint}", file=err)
        return 1
    except OSError as exc:
        bar.finish()
        print("tui-nn data download: " + _("cannot write to {folder}: {reason}").format(
            folder=folder, reason=exc.strerror or exc), file=err)
        return 1
    finally:
        bar.finish()
    print(_("MNIST downloaded and verified (SHA-256): {folder}").format(folder=folder), file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m tui_nn.data.cli ACTION``: the same as ``tui-nn data ACTION``."""
    parser = argparse.ArgumentParser(prog="tui-nn data", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
