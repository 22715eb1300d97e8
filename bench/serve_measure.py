"""What the serve benches read from /proc: CPU per process and per thread, memory, the load.

CPU time does not depend on how busy the machine is the way the wall clock
does, so these are the figures to compare between runs on a shared machine:

* a whole process: ``/proc/PID/stat`` (user + system clock ticks, exited
  threads included);
* one thread: ``/proc/PID/task/TID/schedstat`` (nanoseconds run, and
  nanoseconds spent runnable waiting for a core: how much the machine made it
  wait).  A session's interface thread is its main thread (TID = PID).
"""

from __future__ import annotations

import os
import re
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

TICK = os.sysconf("SC_CLK_TCK")


class Served(Protocol):
    """What a running server offers the meters (``tests.serve.running.RunningServer``)."""

    @property
    def pid(self) -> int: ...

    def sessions(self) -> list[int]: ...


def load() -> list[float]:
    """The load average (1, 5, 15 min)."""
    return [round(x, 2) for x in os.getloadavg()]


def thread_times(pid: int) -> dict[int, tuple[float, float]]:
    """Every live thread of ``pid``: (seconds run, seconds waited runnable)."""
    out: dict[int, tuple[float, float]] = {}
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            run_ns, wait_ns, _slices = (task / "schedstat").read_text().split()
        except (OSError, ValueError):
            continue
        out[int(task.name)] = (int(run_ns) / 1e9, int(wait_ns) / 1e9)
    return out


def process_seconds(pid: int) -> float | None:
    """CPU seconds of a whole process, its ended threads included."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICK


@dataclass(frozen=True)
class SessionCpu:
    """One session's CPU seconds: the process, its interface thread, the latter's wait."""

    whole: float
    ui: float
    ui_wait: float


def session_cpu(pid: int) -> SessionCpu | None:
    whole = process_seconds(pid)
    try:
        run_ns, wait_ns, _slices = Path(f"/proc/{pid}/task/{pid}/schedstat").read_text().split()
    except (OSError, ValueError):
        return None
    if whole is None:
        return None
    return SessionCpu(whole, int(run_ns) / 1e9, int(wait_ns) / 1e9)


@dataclass
class CpuMark:
    """CPU seconds of the bench, the server and each session at one moment."""

    at: float
    bench: float
    server: float
    sessions: dict[int, SessionCpu]

    @classmethod
    def take(cls, server: Served) -> CpuMark:
        sessions = {pid: c for pid in server.sessions() if (c := session_cpu(pid)) is not None}
        return cls(time.monotonic(), process_seconds(os.getpid()) or 0.0,
                   process_seconds(server.pid) or 0.0, sessions)


def cpu_between(a: CpuMark, b: CpuMark) -> dict[str, Any]:
    """CPU between two marks: shares of one core (100 = one core busy) and seconds."""
    seconds = max(b.at - a.at, 1e-6)

    def share(cpu: float) -> float:
        return round(100 * cpu / seconds, 1)

    zero = SessionCpu(0.0, 0.0, 0.0)  # a session that started after ``a``: all of it
    both = list(b.sessions)
    whole = [b.sessions[p].whole - a.sessions.get(p, zero).whole for p in both]
    main = [b.sessions[p].ui - a.sessions.get(p, zero).ui for p in both]
    waited = [b.sessions[p].ui_wait - a.sessions.get(p, zero).ui_wait for p in both]
    return {
        "seconds": round(seconds, 1),
        "bench_pct": share(b.bench - a.bench),
        "server_pct": share(b.server - a.server),
        "sessions": len(both),
        "sessions_total_pct": share(sum(whole)),
        "sessions_interface_threads_pct": share(sum(main)),
        "session_interface_thread_mean_pct": share(statistics.mean(main)) if main else 0.0,
        "session_interface_thread_max_pct": share(max(main)) if main else 0.0,
        # seconds, for the per-key and per-training figures
        "interface_cpu_s": round(sum(main), 3),
        "interface_waited_s": round(sum(waited), 3),
        "other_threads_cpu_s": round(sum(whole) - sum(main), 3),
        "bench_cpu_s": round(b.bench - a.bench, 3),
        "server_cpu_s": round(b.server - a.server, 3),
    }


def memory(pid: int) -> tuple[int, int, int] | None:
    """(PSS, USS, RSS) in kB of one process, from /proc/PID/smaps_rollup."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    values = {m.group(1): int(m.group(2)) for m in re.finditer(r"^(\w+):\s+(\d+) kB", text, re.M)}
    uss = values.get("Private_Clean", 0) + values.get("Private_Dirty", 0)
    return values.get("Pss", 0), uss, values.get("Rss", 0)


def snapshot(server: Served) -> dict[str, Any]:
    """Memory of every session (mean, max) and in total with the server, in MB."""
    rows = [m for m in (memory(pid) for pid in server.sessions()) if m is not None]
    server_mem = memory(server.pid)
    if not rows:
        return {"sessions": 0}
    pss, uss, rss = ([r[k] for r in rows] for k in range(3))
    return {
        "sessions": len(rows),
        "pss_mean_mb": statistics.mean(pss) / 1024, "pss_max_mb": max(pss) / 1024,
        "uss_mean_mb": statistics.mean(uss) / 1024, "uss_max_mb": max(uss) / 1024,
        "rss_mean_mb": statistics.mean(rss) / 1024, "rss_max_mb": max(rss) / 1024,
        "pss_total_mb": (sum(pss) + (server_mem[0] if server_mem else 0)) / 1024,
        "server_pss_mb": (server_mem[0] if server_mem else 0) / 1024,
    }


def latencies(values: list[float], prefix: str, result: dict[str, Any]) -> None:
    """Count, median, p95 and max of some key latencies into ``result``."""
    values = sorted(values)
    result[f"{prefix}key_presses"] = len(values)
    if values:
        result[f"{prefix}latency_median_s"] = round(statistics.median(values), 3)
        result[f"{prefix}latency_p95_s"] = round(values[int(0.95 * (len(values) - 1))], 3)
        result[f"{prefix}latency_max_s"] = round(values[-1], 3)
