"""Downloads the hard way (issue 10, points 4 and 9): mirrors that refuse, never answer,
break off, send garbage or fail; Ctrl+C and cancelling; progress across retries."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tui_nn.data import DownloadCancelled, DownloadError, sources
from tui_nn.data.download import PART_PREFIX, download_mnist, fetch_file, remove_stale_parts

ROOT = Path(__file__).resolve().parents[2]
NAME = "t10k-labels-idx1-ubyte.gz"


def test_a_silent_mirror_is_given_up_after_one_timeout_not_one_per_retry(
    tmp_path: Path, silent_mirror, payload
) -> None:
    started = time.monotonic()
    with pytest.raises(DownloadError) as caught:
        fetch_file(NAME, payload.hashes[NAME], [silent_mirror.url], tmp_path, timeout=1.0,
                   connect_timeout=1.0, retries=2)
    elapsed = time.monotonic() - started
    assert "did not answer within 1 s" in str(caught.value)
    assert caught.value.kinds == ("timeout",) and not caught.value.offline
    assert elapsed < 2.5, f"{elapsed:.1f} s: the timeout was repeated for each retry"
    assert list(tmp_path.iterdir()) == []


def test_cancelling_stops_a_download_from_a_silent_mirror_at_once(
    tmp_path: Path, silent_mirror, payload
) -> None:
    started = time.monotonic()
    with pytest.raises(DownloadCancelled):
        download_mnist(mirrors=[silent_mirror.url], dest=tmp_path, hashes=payload.hashes,
                       timeout=30.0, cancelled=lambda: time.monotonic() - started > 0.3)
    assert time.monotonic() - started < 1.5


def test_cancelling_between_chunks_keeps_nothing(tmp_path: Path, mirror, payload) -> None:
    seen: list[int] = []
    stop = threading.Event()

    def progress(name: str, done: int, total: int | None) -> None:
        seen.append(done)
        if done > 0:
            stop.set()

    with pytest.raises(DownloadCancelled):
        download_mnist(progress=progress, mirrors=[mirror.url("good")], dest=tmp_path,
                       hashes=payload.hashes, cancelled=stop.is_set)
    time.sleep(0.3)  # the download thread notices at its next chunk and removes its file
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(PART_PREFIX)] == []
    for path in tmp_path.iterdir():  # whatever is left is complete and verified
        assert sources.sha256_of(path) == payload.hashes[path.name]


def test_progress_restarts_after_a_retry_instead_of_adding_up(
    tmp_path: Path, mirror, payload
) -> None:
    events: list[tuple[str, int, int | None]] = []
    messages: list[str] = []
    download_mnist(progress=lambda *e: events.append(e), mirrors=[mirror.url("flaky")],
                   dest=tmp_path, hashes=payload.hashes, retries=1, on_message=messages.append)
    assert messages == []  # the retry got every file
    for name, data in payload.files.items():
        mine = [(done, total) for n, done, total in events if n == name]
        assert all(total == len(data) and 0 <= done <= total for done, total in mine)
        starts = [i for i, (done, _) in enumerate(mine) if done == 0]
        assert len(starts) == 2, "each attempt starts its progress at 0"
        assert mine[-1] == (len(data), len(data))
        assert (tmp_path / name).read_bytes() == data


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("garbage", "SHA-256 does not match"),
        ("error", "503"),
        ("drop", "broke off in the middle"),
        ("missing", "404"),
    ],
)
def test_bad_mirrors_say_what_happened_and_keep_nothing(
    tmp_path: Path, mirror, payload, mode: str, reason: str
) -> None:
    with pytest.raises(DownloadError) as caught:
        fetch_file(NAME, payload.hashes[NAME], [mirror.url(mode)], tmp_path, retries=1,
                   timeout=5)
    assert reason in str(caught.value) and not caught.value.offline
    assert list(tmp_path.iterdir()) == []


def test_a_refusing_mirror_means_offline(tmp_path: Path, payload) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}/"
    with pytest.raises(DownloadError) as caught:
        fetch_file(NAME, payload.hashes[NAME], [url], tmp_path, retries=2)
    assert caught.value.offline and "could not connect" in str(caught.value)


def test_temporary_files_of_a_killed_download_are_removed(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f"{PART_PREFIX}{dead.pid}-0a1b2c3d-{NAME}.part"
    stale.write_bytes(b"half")
    ours = tmp_path / f"{PART_PREFIX}{os.getpid()}-0a1b2c3d-{NAME}.part"
    ours.write_bytes(b"being written")
    remove_stale_parts(tmp_path)
    assert not stale.exists() and ours.exists()


def cli(args: list[str], home: Path, **env: str) -> subprocess.Popen[str]:
    environ = {**os.environ, "PYTHONPATH": str(ROOT), "TUI_NN_HOME": str(home), **env}
    for name in (sources.ENV_DATA, sources.ENV_MIRRORS, sources.ENV_SOURCE):
        environ.pop(name, None)
    return subprocess.Popen([sys.executable, "-m", "tui_nn", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=environ)


def test_ctrl_c_during_a_download_from_a_silent_mirror_exits_promptly(
    tmp_path: Path, silent_mirror
) -> None:
    dest = tmp_path / "dest"
    proc = cli(["data", "download", "--mirror", silent_mirror.url, "--dest", str(dest),
                "--timeout", "60"], tmp_path / "home")
    try:
        deadline = time.monotonic() + 60
        while not silent_mirror.accepted and time.monotonic() < deadline:
            time.sleep(0.05)  # the download is waiting for an answer now
        assert silent_mirror.accepted, "the download never connected"
        time.sleep(0.2)
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        took = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    assert took < 5, f"{took:.1f} s after Ctrl+C"
    assert "cancelled (Ctrl+C)" in err and "Traceback" not in err
    assert not dest.exists() or [p.name for p in dest.iterdir()] == []


def test_cli_says_a_silent_mirror_did_not_answer_rather_than_offline(
    tmp_path: Path, silent_mirror
) -> None:
    proc = cli(["data", "download", "--mirror", silent_mirror.url, "--dest",
                str(tmp_path / "d"), "--timeout", "0.5"], tmp_path / "home")
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert "did not answer within 0.5 s" in err and "offline" not in err
    assert "Traceback" not in err


def test_an_exception_from_the_progress_callback_stops_the_download(
    tmp_path: Path, mirror, payload
) -> None:
    """The app stops a download by raising its own exception from progress()."""

    class Stop(Exception):
        pass

    def progress(name: str, done: int, total: int | None) -> None:
        raise Stop

    with pytest.raises(Stop):
        download_mnist(progress=progress, mirrors=[mirror.url("good"), mirror.url("good")],
                       dest=tmp_path, hashes=payload.hashes)
    assert len(mirror.hits) == 1  # not taken for a bad mirror: the second was never asked
