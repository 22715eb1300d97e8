"""Run the learner's file in a separate, limited Python process and collect its JSON lines.

The process is the same interpreter started with ``-I`` (isolated: no
user site, no ``PYTHON*`` variables, the current folder not on the path),
in a session of its own, with a wall-clock limit enforced here and memory
(``RLIMIT_AS``) and CPU limits it sets on itself before the learner's code
is loaded. Whatever happens in there (an endless loop, a crash, a huge
allocation, ``sys.exit``), this side gets the events that were sent before
it, plus how it ended; it never hangs and never raises.
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tui_nn

DEFAULT_TIMEOUT = 5.0
DEFAULT_MEMORY_MB = 1024
SERVED_VARIABLE = "TUI_NN_SERVED"

_BOOT = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "from tui_nn.exercises.child import main; main()"
)


def checking_allowed() -> bool:
    """False in a served classroom session (``TUI_NN_SERVED=1``): no learner code runs there."""
    return os.environ.get(SERVED_VARIABLE, "").strip() not in ("1", "true", "yes")


@dataclass
class ChildRun:
    """What came back: the events in order, and whether the process was stopped or died."""

    events: list[dict[str, Any]] = field(default_factory=list)
    timed_out: bool = False
    returncode: int | None = 0
    start_error: str | None = None

    @property
    def finished(self) -> bool:
        return any(event.get("event") == "done" for event in self.events)

    @property
    def out_of_memory(self) -> bool:
        return any(event.get("event") == "out_of_memory" for event in self.events)


def _package_root() -> str:
    return str(Path(tui_nn.__file__).resolve().parent.parent)


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[name] = "1"  # one thread: less memory, no fight over the cores
    return env


def _kill(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)  # the child's own session, started by us
    except (ProcessLookupError, PermissionError):
        process.kill()


def run_child(request: dict[str, Any], *, timeout: float = DEFAULT_TIMEOUT) -> ChildRun:
    """Send ``request`` to a fresh limited process; wait at most ``timeout`` seconds."""
    request = {"cpu_seconds": max(1, math.ceil(timeout) + 1), **request}
    try:
        process = subprocess.Popen(
            [sys.executable, "-I", "-c", _BOOT, _package_root()],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=_environment(),
            start_new_session=True,
        )
    except OSError as error:
        return ChildRun(returncode=None, start_error=str(error))
    run = ChildRun()
    payload = json.dumps(request).encode("utf-8")
    try:
        out, _ = process.communicate(payload, timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process)
        out, _ = process.communicate()
        run.timed_out = True
    finally:
        if process.poll() is None:
            _kill(process)
            process.wait()
    run.returncode = process.returncode
    for line in out.decode("utf-8", errors="replace").splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if isinstance(event, dict):
            run.events.append(event)
    return run
