"""The settings of a classroom server, checked, and the link students open."""

from __future__ import annotations

import hmac
import ipaddress
import os
import secrets
import socket
from dataclasses import dataclass
from urllib.parse import quote

from tui_nn.i18n import _

#: Hosts that only this machine can reach (no token needed there unless one is set).
LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and "localhost"."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def usable_cores() -> int:
    """The cores this server may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def default_max_running(cores: int | None = None) -> int:
    """Heavy runs at once by default: one per core.

    Measured with ``bench/serve_load.py``: a 100-iteration training of lesson 8
    costs about 0.25 s of CPU, so thirty of them need a few seconds of the
    machine, while the keys of thirty students need far more; what made a
    class's trainings late was never the CPU they need but one run at a time:
    a single long run (a student who kept the book's 10,000 iterations, a
    numerical gradient) held the only turn and every other student waited
    behind it.  With a turn per core, one long run leaves the queue moving.
    The keys stay first because heavy work runs at a lower priority than the
    interfaces (:data:`tui_nn.work_slots.HEAVY_WORK_NICE`), not because a core
    is kept empty.
    """
    return max(1, usable_cores() if cores is None else cores)


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    max_sessions: int = 40
    max_running: int = 0  # 0: default_max_running()
    token: str | None = None
    command: tuple[str, ...] = ()  # the app to start per session (default: this tui-nn)

    def problems(self) -> list[str]:
        out = []
        if not 0 <= self.port <= 65535:
            out.append(_("--port must be between 0 and 65535, not {port}").format(port=self.port))
        if self.max_sessions < 1:
            out.append(_("--max-sessions must be at least 1, not {n}").format(n=self.max_sessions))
        if self.max_running < 0:
            out.append(_("--max-running must be at least 1, not {n}").format(n=self.max_running))
        if self.token is not None and (len(self.token) < 8 or not self.token.isascii()
                                       or not all(c.isalnum() or c in "-_" for c in self.token)):
            out.append(_("--token must be at least 8 letters, digits, '-' or '_'"))
        return out

    def resolved(self) -> ServeOptions:
        """These options with the limit filled in and a token generated when one is required."""
        token = self.token
        if token is None and not is_loopback(self.host):
            token = secrets.token_urlsafe(12)
        running = self.max_running or default_max_running()
        return ServeOptions(self.host, self.port, self.max_sessions, running, token, self.command)

    def token_ok(self, given: str | None) -> bool:
        """Whether ``given`` is the token (compared in constant time); True when none is set."""
        if self.token is None:
            return True
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    def link(self, port: int | None = None) -> str:
        """The address students open, with the token."""
        host = self.host
        if host in ("0.0.0.0", "::", ""):
            host = socket.gethostname()
        if ":" in host:
            host = f"[{host}]"
        url = f"http://{host}:{self.port if port is None else port}/"
        return url + (f"?token={quote(self.token)}" if self.token else "")
