"""Download the four MNIST files, verified by SHA-256, into the cache (with pooch).

Each file is tried on every mirror in order.  ``pooch.retrieve`` fetches it
(its ``HTTPDownloader`` uses ``requests``, so ``HTTPS_PROXY`` is honoured),
streams it to a temporary file, checks its SHA-256 and only then moves it to
its name.  pooch works in a private folder of ours inside the destination
(``.tui-nn-download-<pid>-<random>-<name>.part``), and the verified file is
renamed from there into place, so an interrupted, cancelled or corrupted
download never leaves a file that looks valid, and a killed one leaves only a
folder that the next download removes.  A file already in the destination is
kept only if its checksum matches; a damaged one is reported (through
``on_message``) and downloaded again.

Stopping is prompt: each attempt runs in a daemon thread (so a hanging mirror
never keeps the process alive); the calling thread checks ``cancelled()`` ten
times a second and gives up on the thread at once, and the thread itself stops
at its next chunk (the progress object pooch calls after every chunk raises).
Ctrl+C in the calling thread ends the download at once.  A mirror gets
``connect_timeout`` seconds to accept the connection and ``timeout`` seconds of
silence, once: only a connection that broke off or a server error (5xx) is
tried again.  That retry rule is ours, not pooch's (pooch's own
``retry_if_failed`` would also repeat timeouts and checksum mismatches), so
pooch is asked for one attempt at a time.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import secrets
import shutil
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from tui_nn.data import sources
from tui_nn.data.errors import DownloadCancelled, DownloadError
from tui_nn.i18n import _

#: progress(file_name, done_bytes, total_bytes_or_None); ``done`` restarts at 0 on a retry
Progress = Callable[[str, int, "int | None"], None]

DEFAULT_TIMEOUT = 15.0  # seconds a mirror may stay silent
DEFAULT_CONNECT_TIMEOUT = 5.0  # seconds to accept the connection
DEFAULT_RETRIES = 2  # extra attempts after a broken connection or a server error
CHUNK = 65536
POLL_SECONDS = 0.1
MAX_FILE_BYTES = 64 * 2**20  # the largest MNIST file is 9.9 MB: more is not MNIST
PART_PREFIX = ".tui-nn-download-"
PART_SUFFIX = ".part"
_PART_NAME = re.compile(re.escape(PART_PREFIX) + r"(\d+)-[0-9a-f]+-.*" + re.escape(PART_SUFFIX))


class _Failure(Exception):
    """One failed attempt: ``reason`` for the learner, ``kind`` for the summary, retry or not."""

    def __init__(self, reason: str, kind: str, retry: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.kind, self.retry = reason, kind, retry


class _CallerError(Exception):
    """An exception raised by the caller's ``progress()``, carried through pooch unchanged."""

    def __init__(self, error: Exception) -> None:
        super().__init__(repr(error))
        self.error = error


class _ProgressHook:
    """The progress-bar object pooch's ``HTTPDownloader`` drives, in the download thread.

    pooch sets ``total`` once the server has answered (0 when it sent no
    Content-Length), calls ``update(chunk_size)`` after writing each chunk, and
    ``reset()``, ``update(total)``, ``close()`` once the body is complete.
    Anything raised here aborts the transfer, and pooch deletes its temporary
    file: this is how a cancelled download stops between chunks.
    """

    def __init__(self, name: str, progress: Progress | None, stop: threading.Event) -> None:
        self.name, self.progress, self.stop = name, progress, stop
        self._total: int | None = None
        self.done = 0
        self.finishing = False

    @property
    def total(self) -> int | None:
        return self._total

    @total.setter
    def total(self, value: int) -> None:
        self._check()
        self._total = int(value or 0) or None
        self.done = 0
        self._report()  # each attempt starts again from 0

    def update(self, n: int) -> None:
        self._check()
        if self.finishing:  # pooch's final fill, update(total) after reset()
            if self._total:
                self.done = self._total
                self._report()
            return
        self.done += n
        if self.done > MAX_FILE_BYTES:
            raise _Failure(
                _("sent more than {mb} MB: not an MNIST file; nothing was saved").format(
                    mb=MAX_FILE_BYTES // 2**20), "garbage",
            )
        self._report()

    def reset(self) -> None:
        self._check()
        self.finishing = True

    def close(self) -> None:
        self._check()

    def _check(self) -> None:
        if self.stop.is_set():
            raise DownloadCancelled("download cancelled")

    def _report(self) -> None:
        if self.progress is None:
            return
        # pooch counts whole chunks, so the last one may overshoot the size
        done = min(self.done, self._total) if self._total else self.done
        try:
            self.progress(self.name, done, self._total)
        except Exception as exc:
            raise _CallerError(exc) from exc


def _url(mirror: str, name: str) -> str:
    return mirror if mirror.endswith(name) else mirror.rstrip("/") + "/" + name


def _failure(exc: BaseException, connect_timeout: float, timeout: float) -> _Failure:
    """A short, learner-readable reason for one failed attempt."""
    import requests

    if isinstance(exc, _Failure):
        return exc
    if isinstance(exc, ValueError) and "hash" in str(exc).lower():  # pooch's hash check
        return _Failure(
            _("the file's SHA-256 does not match (corrupted or not MNIST); nothing was saved"),
            "hash",
        )
    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        code = exc.response.status_code
        return _Failure(_("the server answered {code} {reason}").format(
            code=code, reason=exc.response.reason), "http",
                        retry=code >= 500)
    if isinstance(exc, requests.ConnectTimeout):
        return _Failure(_("did not accept a connection within {seconds:g} s").format(
            seconds=connect_timeout), "timeout")
    if isinstance(exc, requests.Timeout):
        return _Failure(_("did not answer within {seconds:g} s").format(seconds=timeout),
                        "timeout")
    broken = (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError)
    if isinstance(exc, broken):
        return _Failure(
            _("the connection broke off in the middle of the file; nothing was saved"), "broken",
            retry=True,
        )
    if isinstance(exc, requests.ConnectionError):
        return _Failure(_("could not connect (offline, or the mirror is down)"), "refused")
    if isinstance(exc, requests.RequestException):
        return _Failure(f"{type(exc).__name__}: {exc}", "other")
    raise exc  # the destination folder: not the mirror's fault


def _remove(path: Path | str) -> None:
    """Remove a file or a folder of ours, if it is there."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            os.unlink(path)


def remove_stale_parts(folder: Path) -> None:
    """Remove the temporary files and folders of downloads whose process is gone."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        match = _PART_NAME.fullmatch(entry.name)
        if not match or int(match.group(1)) == os.getpid():
            continue
        try:
            os.kill(int(match.group(1)), 0)
        except ProcessLookupError:
            _remove(entry.path)
        except OSError:
            pass


def _quiet_pooch() -> None:
    """pooch logs every download at INFO on stderr; the caller reports progress itself."""
    import pooch

    logger = pooch.get_logger()
    if logger.level < logging.WARNING:
        logger.setLevel(logging.WARNING)


def _attempt(
    url: str, name: str, sha256: str, dest: Path, part: Path, progress: Progress | None,
    connect_timeout: float, timeout: float, stop: threading.Event,
) -> Path:
    """One try at one URL with pooch (runs in the download thread).

    pooch downloads into the private folder ``part`` (its temporary file, then
    the verified file); only the verified file is renamed to ``dest / name``.
    """
    import pooch

    hook = _ProgressHook(name, progress, stop)
    try:
        if stop.is_set():
            raise DownloadCancelled("download cancelled")
        downloader = pooch.HTTPDownloader(
            progressbar=hook, chunk_size=CHUNK, timeout=(connect_timeout, timeout)
        )
        verified = Path(pooch.retrieve(
            url, known_hash=f"sha256:{sha256}", fname=name, path=part, downloader=downloader,
        ))
        if stop.is_set():
            raise DownloadCancelled("download cancelled")
        target = dest / name
        os.replace(verified, target)
        if hook.total is None and progress is not None:  # the server sent no size
            size = target.stat().st_size
            progress(name, size, size)
        return target
    finally:
        _remove(part)


def _in_thread(
    job: Callable[[threading.Event], Path], cancelled: Callable[[], bool] | None
) -> Path:
    """Run ``job`` in a daemon thread; give up on it at once when cancelled or interrupted."""
    stop = threading.Event()
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = job(stop)
        except BaseException as exc:  # handed to the caller below
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="tui-nn download", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            thread.join(POLL_SECONDS)
            if cancelled is not None and cancelled():
                raise DownloadCancelled("download cancelled")
    finally:
        stop.set()  # tells the thread to stop at its next chunk (if it is still running)
    if "error" in outcome:
        raise outcome["error"]
    result: Path = outcome["value"]
    return result


def _wait(seconds: float, cancelled: Callable[[], bool] | None) -> None:
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        time.sleep(min(POLL_SECONDS, left))
        if cancelled is not None and cancelled():
            raise DownloadCancelled("download cancelled")


def fetch_file(
    name: str,
    sha256: str,
    mirrors: Sequence[str],
    dest: Path,
    *,
    progress: Progress | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
    on_message: Callable[[str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """One file into ``dest``, from the first mirror that gives a verified copy."""
    target = dest / name
    if target.is_file():
        found = sources.sha256_of(target)
        if found == sha256:
            if progress is not None:
                size = target.stat().st_size
                progress(name, size, size)
            return target
        if on_message is not None:
            on_message(
                _("{target}: cached file has the wrong SHA-256 (expected {sha256}, found "
                  "{found}); it is not used and will be replaced by a verified download").format(
                    target=target, sha256=sha256, found=found)
            )
    _quiet_pooch()
    failures: list[str] = []
    kinds: list[str] = []
    for mirror in mirrors:
        url = _url(mirror, name)
        for attempt in range(max(0, retries) + 1):
            if cancelled is not None and cancelled():
                raise DownloadCancelled("download cancelled")
            part = dest / f"{PART_PREFIX}{os.getpid()}-{secrets.token_hex(4)}-{name}{PART_SUFFIX}"
            part.mkdir()
            try:
                return _in_thread(
                    lambda stop, url=url, part=part: _attempt(  # type: ignore[misc]
                        url, name, sha256, dest, part, progress, connect_timeout, timeout, stop
                    ),
                    cancelled,
                )
            except _CallerError as exc:
                raise exc.error from None  # the caller stopping the download: not the mirror
            except Exception as exc:
                if isinstance(exc, DownloadCancelled):
                    raise
                failure = _failure(exc, connect_timeout, timeout)
            finally:
                _remove(part)  # an abandoned thread may still be waiting: its files go now
            if failure.retry and attempt < retries:
                _wait(1.0 + attempt, cancelled)
                continue
            failures.append(f"{url}: {failure.reason}")
            kinds.append(failure.kind)
            if on_message is not None:
                on_message(f"{url}: {failure.reason}")
            break
    tried = "\n".join(f"  - {f}" for f in failures) or "  " + _("(no mirrors given)")
    raise DownloadError(
        _("could not download {name} from any mirror:").format(name=name) + "\n" + tried,
        kinds=kinds,
    )


def download_mnist(
    progress: Progress | None = None,
    mirrors: Sequence[str] | None = None,
    dest: Path | str | None = None,
    *,
    hashes: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
    on_message: Callable[[str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Download the four MNIST files into ``dest`` (default: the cache) and return the folder.

    ``mirrors``: base URLs tried in order (default ``$TUI_NN_MIRRORS`` or
    :data:`~tui_nn.data.sources.DEFAULT_MIRRORS`).  ``hashes``: file name ->
    SHA-256 (default: the real MNIST sums; tests pass their own).  ``timeout``:
    seconds a mirror may stay silent; ``connect_timeout``: seconds to connect.
    ``retries``: extra attempts per mirror after a broken connection or a
    server error (a silent or refusing mirror is not asked again).
    ``cancelled``: checked between chunks and every 0.1 s; when it returns
    True the download stops and :class:`~tui_nn.data.errors.DownloadCancelled`
    is raised.  ``progress`` is called from the download thread.  Raises
    :class:`~tui_nn.data.errors.DownloadError` with every mirror's reason when
    a file cannot be obtained; the files already verified stay.
    """
    mirrors = tuple(mirrors) if mirrors is not None else sources.mirrors_from_env()
    hashes = sources.SHA256 if hashes is None else hashes
    folder = Path(dest).expanduser() if dest is not None else sources.cache_mnist_dir()
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(folder)
    for name in sources.FILES.values():
        fetch_file(
            name, hashes[name], mirrors, folder, progress=progress, timeout=timeout,
            connect_timeout=connect_timeout, retries=retries, on_message=on_message,
            cancelled=cancelled,
        )
    from tui_nn.data.mnist import clear_cache

    clear_cache()  # an "auto" data set remembered as built-in may now be real MNIST
    return folder
