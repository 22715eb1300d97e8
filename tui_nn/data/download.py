"""Download the four MNIST files, verified by SHA-256, into the cache.

Each file is tried on every mirror in order.  It is streamed (with
``requests``, so ``HTTPS_PROXY`` is honoured) to a temporary file in the
destination folder, hashed on the way, and renamed into place only when its
SHA-256 matches, so an interrupted or corrupted download never leaves a file
that looks valid.  A file already in the destination is kept only if its
checksum matches; a damaged one is reported (through ``on_message``) and
downloaded again.

Stopping is prompt: a ``cancelled()`` callback is checked between chunks and
ten times a second while a mirror is silent (the transfer runs in a daemon
thread, so a hanging mirror never keeps the process alive), and Ctrl+C in the
calling thread ends the download at once.  A mirror gets ``connect_timeout``
seconds to accept the connection and ``timeout`` seconds of silence, once:
only a connection that broke off or a server error (5xx) is tried again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from tui_nn.data import sources
from tui_nn.data.errors import DownloadCancelled, DownloadError

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


def _url(mirror: str, name: str) -> str:
    return mirror if mirror.endswith(name) else mirror.rstrip("/") + "/" + name


def _failure(exc: BaseException, connect_timeout: float, timeout: float) -> _Failure:
    """A short, learner-readable reason for one failed attempt."""
    import requests

    if isinstance(exc, _Failure):
        return exc
    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        code = exc.response.status_code
        return _Failure(f"the server answered {code} {exc.response.reason}", "http",
                        retry=code >= 500)
    if isinstance(exc, requests.ConnectTimeout):
        return _Failure(f"did not accept a connection within {connect_timeout:g} s", "timeout")
    if isinstance(exc, requests.Timeout):
        return _Failure(f"did not answer within {timeout:g} s", "timeout")
    broken = (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError)
    if isinstance(exc, broken):
        return _Failure(
            "the connection broke off in the middle of the file; nothing was saved", "broken",
            retry=True,
        )
    if isinstance(exc, requests.ConnectionError):
        return _Failure("could not connect (offline, or the mirror is down)", "refused")
    if isinstance(exc, requests.RequestException):
        return _Failure(f"{type(exc).__name__}: {exc}", "other")
    raise exc  # the destination folder, or the caller's own exception from progress()


def remove_stale_parts(folder: Path) -> None:
    """Remove the temporary files of downloads whose process is gone."""
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
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
        except OSError:
            pass


def _attempt(
    url: str, name: str, sha256: str, dest: Path, progress: Progress | None,
    connect_timeout: float, timeout: float, stop: threading.Event,
) -> Path:
    """One try at one URL (runs in the download thread)."""
    import requests

    tmp = dest / f"{PART_PREFIX}{os.getpid()}-{secrets.token_hex(4)}-{name}{PART_SUFFIX}"
    try:
        with requests.get(url, stream=True, timeout=(connect_timeout, timeout)) as response:
            response.raise_for_status()
            total = int(response.headers.get("Content-Length") or 0) or None
            if progress is not None:
                progress(name, 0, total)  # a retry starts again from 0
            digest = hashlib.sha256()
            done = 0
            with open(tmp, "xb") as handle:
                for chunk in response.iter_content(CHUNK):
                    if stop.is_set():
                        raise DownloadCancelled("download cancelled")
                    done += len(chunk)
                    if done > MAX_FILE_BYTES:
                        raise _Failure(
                            f"sent more than {MAX_FILE_BYTES // 2**20} MB: not an MNIST file; "
                            "nothing was saved", "garbage",
                        )
                    handle.write(chunk)
                    digest.update(chunk)
                    if progress is not None:
                        progress(name, min(done, total) if total else done, total)
                handle.flush()
                os.fsync(handle.fileno())
            if stop.is_set():
                raise DownloadCancelled("download cancelled")
            if digest.hexdigest() != sha256:
                raise _Failure(
                    "the file's SHA-256 does not match (corrupted or not MNIST); "
                    "nothing was saved", "hash",
                )
            target = dest / name
            os.replace(tmp, target)
            return target
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


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
                f"{target}: cached file has the wrong SHA-256 (expected {sha256}, found {found});"
                " it is not used and will be replaced by a verified download"
            )
    failures: list[str] = []
    kinds: list[str] = []
    for mirror in mirrors:
        url = _url(mirror, name)
        for attempt in range(max(0, retries) + 1):
            if cancelled is not None and cancelled():
                raise DownloadCancelled("download cancelled")
            try:
                return _in_thread(
                    lambda stop, url=url: _attempt(  # type: ignore[misc]
                        url, name, sha256, dest, progress, connect_timeout, timeout, stop
                    ),
                    cancelled,
                )
            except Exception as exc:
                if isinstance(exc, DownloadCancelled):
                    raise
                failure = _failure(exc, connect_timeout, timeout)
            if failure.retry and attempt < retries:
                _wait(1.0 + attempt, cancelled)
                continue
            failures.append(f"{url}: {failure.reason}")
            kinds.append(failure.kind)
            if on_message is not None:
                on_message(f"{url}: {failure.reason}")
            break
    tried = "\n".join(f"  - {f}" for f in failures) or "  (no mirrors given)"
    raise DownloadError(f"could not download {name} from any mirror:\n{tried}", kinds=kinds)


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
