"""A real ``tui-nn serve`` in a subprocess on a free loopback port, for the tests and the bench."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path


def children(pid: int) -> list[int]:
    """The direct child processes of ``pid`` (from /proc)."""
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return out


def environ_of(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {k.decode(): v.decode(errors="replace") for k, v in pairs}


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class RunningServer:
    """``python -m tui_nn serve --port 0 …``; ``lines`` collects what it prints."""

    def __init__(self, *args: str, env: dict[str, str] | None = None,
                 lang: str = "en") -> None:
        self.args = args
        self.lang = ("--lang", lang)
        self.env = dict(os.environ if env is None else env)
        self.lines: list[str] = []
        self.port = 0
        self.process: subprocess.Popen[str] | None = None
        self._ready = threading.Event()

    def start(self, timeout: float = 60) -> RunningServer:
        self.process = subprocess.Popen(
            # in English by default: the lines are read by their words (lang="ko" for the Korean)
            [sys.executable, "-m", "tui_nn", *self.lang, "serve", "--port", "0", *self.args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=self.env,
        )
        threading.Thread(target=self._read, daemon=True).start()
        if not self._ready.wait(timeout):
            self.stop()
            raise RuntimeError("the server did not start:\n" + "\n".join(self.lines))
        return self

    def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            match = re.search(r"http://[^:/]+:(\d+)/", line)
            if match:
                self.port = int(match.group(1))
                self._ready.set()
        self._ready.set()

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def url(self, query: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{query}"

    def ws_url(self, token: str | None = None, width: int = 100, height: int = 32) -> str:
        tail = f"/{token}" if token is not None else ""
        return f"ws://127.0.0.1:{self.port}/ws{tail}?width={width}&height={height}"

    def sessions(self) -> list[int]:
        return [pid for pid in children(self.pid) if alive(pid)]

    def wait_sessions(self, count: int, timeout: float = 30) -> list[int]:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            found = self.sessions()
            if len(found) == count:
                return found
            time.sleep(0.1)
        raise AssertionError(f"expected {count} session processes, found {self.sessions()}")

    def closed_count(self) -> int:
        """How many "session N closed" lines the server has printed."""
        return sum(bool(re.search(r"session \d+ closed", line)) for line in self.lines)

    def wait_closed(self, count: int, timeout: float = 30) -> None:
        end = time.monotonic() + timeout
        while self.closed_count() < count:
            if time.monotonic() > end:
                raise AssertionError(f"the server reported {self.closed_count()} closed sessions")
            time.sleep(0.05)

    def wait_idle(self, timeout: float = 30) -> None:
        """Until every session the server opened it has also reported closed."""
        end = time.monotonic() + timeout
        while True:
            opened = sum(bool(re.search(r"session \d+ opened", line)) for line in self.lines)
            if opened == self.closed_count():
                return
            if time.monotonic() > end:
                raise AssertionError("the server still counts sessions as open")
            time.sleep(0.05)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
        if self.process is None:
            return 0
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return int(self.process.returncode)

    def __enter__(self) -> RunningServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
