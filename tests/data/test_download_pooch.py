"""pooch fetches and verifies every file; what tui-nn adds around it (its private folder,
cancelling, the caller's own exceptions, a server that sends no size, the proxy)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pooch
import pytest

from tui_nn.data import DownloadCancelled, DownloadError
from tui_nn.data.download import PART_PREFIX, download_mnist, fetch_file, remove_stale_parts

NAME = "t10k-labels-idx1-ubyte.gz"


def test_pooch_fetches_and_verifies_each_file(
    tmp_path: Path, mirror, payload, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []
    real = pooch.retrieve

    def spy(url: str, **kw: Any) -> str:
        calls.append({"url": url, **kw})
        return real(url, **kw)

    monkeypatch.setattr(pooch, "retrieve", spy)
    download_mnist(mirrors=[mirror.url("good")], dest=tmp_path, hashes=payload.hashes,
                   retries=0)
    assert sorted(c["fname"] for c in calls) == sorted(payload.files)
    for call in calls:
        assert call["known_hash"] == "sha256:" + payload.hashes[call["fname"]]
        assert Path(call["path"]).name.startswith(PART_PREFIX)  # our private folder
        assert isinstance(call["downloader"], pooch.HTTPDownloader)
        assert call["downloader"].kwargs["timeout"] == (5.0, 15.0)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(payload.files)


def test_cancelling_a_silent_mirror_leaves_nothing_at_once(
    tmp_path: Path, silent_mirror, payload
) -> None:
    started = time.monotonic()
    with pytest.raises(DownloadCancelled):
        fetch_file(NAME, payload.hashes[NAME], [silent_mirror.url], tmp_path, timeout=1.0,
                   cancelled=lambda: time.monotonic() - started > 0.3)
    assert list(tmp_path.iterdir()) == []  # pooch's temporary file went with our folder
    time.sleep(1.5)  # the abandoned thread times out meanwhile, and leaves nothing either
    assert list(tmp_path.iterdir()) == []


def test_the_callers_own_exception_comes_back_unchanged(tmp_path: Path, mirror, payload) -> None:
    def progress(name: str, done: int, total: int | None) -> None:
        raise ValueError("hash of my own")  # not to be taken for pooch's checksum error

    with pytest.raises(ValueError, match="hash of my own"):
        fetch_file(NAME, payload.hashes[NAME], [mirror.url("good")], tmp_path,
                   progress=progress)
    assert list(tmp_path.iterdir()) == []


class _NoLength(BaseHTTPRequestHandler):
    data = b""
    protocol_version = "HTTP/1.0"  # the body ends when the connection closes

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.send_response(200)
        self.end_headers()
        self.wfile.write(self.data)


@pytest.fixture
def no_length_mirror(payload) -> Iterator[str]:
    handler = type("H", (_NoLength,), {"data": payload.files[NAME]})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_a_server_that_sends_no_size(tmp_path: Path, no_length_mirror, payload) -> None:
    events: list[tuple[str, int, int | None]] = []
    fetch_file(NAME, payload.hashes[NAME], [no_length_mirror], tmp_path,
               progress=lambda *e: events.append(e))
    size = len(payload.files[NAME])
    assert events[0] == (NAME, 0, None) and events[-1] == (NAME, size, size)
    assert (tmp_path / NAME).read_bytes() == payload.files[NAME]


def test_the_proxy_variables_are_honoured(tmp_path: Path, mirror, payload, monkeypatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", mirror.base)  # the loopback server stands in for a proxy
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with pytest.raises(DownloadError, match="404"):
        fetch_file(NAME, payload.hashes[NAME], ["http://mirror.invalid/good/"], tmp_path,
                   retries=0)
    assert mirror.hits == [f"http://mirror.invalid/good/{NAME}"]  # asked through the proxy


def test_the_folder_of_a_killed_download_is_removed(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f"{PART_PREFIX}{dead.pid}-0a1b2c3d-{NAME}.part"
    stale.mkdir()
    (stale / "tmpab12cd34").write_bytes(b"half")  # pooch's temporary file
    ours = tmp_path / f"{PART_PREFIX}{os.getpid()}-0a1b2c3d-{NAME}.part"
    ours.mkdir()
    remove_stale_parts(tmp_path)
    assert not stale.exists() and ours.is_dir()
