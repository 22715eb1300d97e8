"""A class on one machine: N simulated students on a real ``tui-nn serve``, all pressing start.

    python3 bench/serve_load.py                      # 30 students (needs the serve extra)
    python3 bench/serve_load.py --students 5 --json  # a quick look, machine-readable

Every student is a websocket client speaking textual-serve's protocol on
127.0.0.1 (``["stdin", keys]`` in, terminal bytes out).  Each one opens a
session, waits for the lesson list, opens lesson 8 with the key ``8``, types a
short training into the Setup form (``--iterations``, default 300: a click on
the field, found on the screen by its title with the terminal emulator pyte,
then clear it, type, Enter; the other settings stay the lab's: the book's network on
all the training images), and then, once every student is
ready, all press ``s`` within a second.  While the trainings run each student
keeps switching the lab's views (``5`` Files, ``1`` Setup, ``2`` Train) and
measures the key latency: the time from sending a key to receiving the screen
update that shows the new view (found by its text, so the training's own
progress updates do not count).  A training is finished when its result line
("done: N iterations …") reaches the student.

It reports the sessions held, the latency median and 95th percentile, memory
per session process and in total (PSS and USS from /proc/PID/smaps_rollup:
pages shared by the sessions, such as the memory-mapped MNIST, count once),
idle (lesson 8 open, data loaded) and at the peak of the trainings; then it
stops the server and checks that every session process and the server's folder
are gone.  Everything is bounded: the number of students, each wait, and the
whole run (``--deadline``); it stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402

try:
    import pyte
except ImportError:  # pragma: no cover
    sys.exit("bench/serve_load.py reads the students' screens with pyte: pip install pyte")

from tests.serve.running import RunningServer, alive, environ_of  # noqa: E402

WIDTH, HEIGHT = 100, 32
KEYS = {"tab": "\t", "end": "\x1b[F", "clear_left": "\x15", "escape": "\x1b", "enter": "\r"}
_GAP = rb"(?:\s|\x1b\[[0-9;?]*[A-Za-z])+"  # what may stand between two words on the wire


def mark(text: str) -> re.Pattern[bytes]:
    """A pattern for ``text`` in the terminal stream (styles may sit between its words)."""
    return re.compile(_GAP.join(re.escape(word.encode()) for word in text.split()))


LESSONS_MARK = mark("tui-nn · lessons")
SETUP_MARK = mark("train imgs")
FILES_MARK = mark("saves the current network")
DATA_MARK = re.compile(rb"Data:" + _GAP + rb"(?:real|built-in)")


@dataclass
class Student:
    number: int
    stream: bytearray = field(default_factory=bytearray)
    latencies: list[float] = field(default_factory=list)
    idle_latencies: list[float] = field(default_factory=list)
    finished: bool = False
    train_seconds: float | None = None
    error: str | None = None
    settled: bool = False
    screen: Any = None  # a pyte screen while the form is being filled in
    feed: Any = None

    def __post_init__(self) -> None:
        self.screen = pyte.Screen(WIDTH, HEIGHT)
        self.feed = pyte.ByteStream(self.screen)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)


def _field_position(student: Student, title: str) -> tuple[int, int] | None:
    """Where to click (1-based column, row) on the form field titled ``title``."""
    if student.screen is None:
        return None
    for row, line in enumerate(student.screen.display):
        column = line.find(f"▔ {title} ▔")
        if column >= 0:
            return column + 3, row + 2  # the value sits on the line under the title
    return None


async def _reader(ws: aiohttp.ClientWebSocketResponse[bool], student: Student) -> None:
    async for message in ws:
        if message.type == aiohttp.WSMsgType.BINARY:
            student.stream += message.data
            if student.screen is not None:
                student.feed.feed(message.data)
            student.arrived.set()
        elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.ERROR):
            break


async def _wait_mark(student: Student, pattern: re.Pattern[bytes], since: int,
                     timeout: float) -> bool:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    start = since
    while True:
        if _seen(student, pattern, start):
            return True
        start = max(since, len(student.stream) - OVERLAP)  # only look at what is new
        left = end - loop.time()
        if left <= 0:
            return False
        student.arrived.clear()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(student.arrived.wait(), min(left, 0.05))


OVERLAP = 400  # bytes of the stream looked at again, for a mark cut in two by a frame


def _seen(student: Student, pattern: re.Pattern[bytes], start: int) -> bool:
    return pattern.search(student.stream, max(0, start)) is not None


async def _send(ws: aiohttp.ClientWebSocketResponse[bool], keys: str, pause: float = 0.05) -> None:
    await ws.send_str(json.dumps(["stdin", keys]))
    await asyncio.sleep(pause)


async def _timed_key(ws: aiohttp.ClientWebSocketResponse[bool], student: Student, key: str,
                     pattern: re.Pattern[bytes], timeout: float) -> float | None:
    since = len(student.stream)
    started = time.perf_counter()
    await ws.send_str(json.dumps(["stdin", key]))
    if await _wait_mark(student, pattern, since, timeout):
        return time.perf_counter() - started
    return None


async def student_run(
    http: aiohttp.ClientSession, url: str, student: Student, args: argparse.Namespace,
    go: asyncio.Event, done_mark: re.Pattern[bytes], ready_count: list[int],
) -> None:
    try:
        ws = await http.ws_connect(url, heartbeat=30)
    except aiohttp.ClientError as error:
        student.error = f"could not connect: {error}"
        student.settled = True
        ready_count.append(0)
        return
    reader = asyncio.create_task(_reader(ws, student))
    try:
        await ws.send_str(json.dumps(["resize", {"width": WIDTH, "height": HEIGHT}]))
        if not await _wait_mark(student, LESSONS_MARK, 0, args.wait):
            student.error = "the lesson list never appeared"
            return
        since = len(student.stream)
        await _send(ws, "8", 0.3)
        if not await _wait_mark(student, SETUP_MARK, since, args.wait):
            student.error = "lesson 8 never appeared"
            return
        if not await _wait_mark(student, DATA_MARK, since, args.wait):  # the data loaded
            student.error = "the data never loaded"
            return
        await asyncio.sleep(1.0)
        took = mark(f"{args.iterations:,} iterations =")  # the form's arithmetic
        for _attempt in range(5):
            await _send(ws, KEYS["escape"], 0.3)  # no field focused, then the Setup view
            await _send(ws, "1", 0.7)
            where = _field_position(student, "iterations")
            if where is None:
                await asyncio.sleep(1.0)
                continue
            since = len(student.stream)
            x, y = where
            for _click in range(2):  # the first click may only wake the app up
                await _send(ws, f"\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m", 0.3)  # on the field
            await _send(ws, KEYS["end"] + KEYS["clear_left"], 0.15)
            await _send(ws, str(args.iterations), 0.15)
            await _send(ws, KEYS["enter"], 0.3)  # Enter keeps a valid value (Esc would not)
            if await _wait_mark(student, took, since, 10):
                break
        else:
            student.error = "the Setup form did not take the settings"
            return
        student.screen = None  # no more terminal emulation: the bench's CPU is the server's
        for key, view_mark in (("5", FILES_MARK), ("1", SETUP_MARK)) * args.idle_samples:
            latency = await _timed_key(ws, student, key, view_mark, args.wait)
            if latency is not None:
                student.idle_latencies.append(latency)
            await asyncio.sleep(random.uniform(0.3, 0.8))
        student.settled = True
        ready_count.append(1)
        await go.wait()
        await asyncio.sleep(random.uniform(0, 1.0))  # the class presses start within a second
        since = len(student.stream)
        started = time.perf_counter()
        await _send(ws, "s", 0.2)
        loop = asyncio.get_running_loop()
        end = loop.time() + args.wait * 4
        samples = 0
        look_from = since
        while loop.time() < end:
            if not student.finished and _seen(student, done_mark, look_from):
                student.finished = True
                student.train_seconds = time.perf_counter() - started
            look_from = max(since, len(student.stream) - OVERLAP)
            if student.finished and samples >= args.samples:
                break
            for key, view_mark in (("5", FILES_MARK), ("1", SETUP_MARK)):
                latency = await _timed_key(ws, student, key, view_mark, args.wait)
                if latency is None:
                    student.error = f"key {key} got no answer in {args.wait:.0f} s"
                else:
                    student.latencies.append(latency)
                    samples += 1
                await asyncio.sleep(random.uniform(0.3, 0.8))
            await _send(ws, "2", random.uniform(0.5, 1.0))  # back to the Train view
        if not student.finished:
            student.error = student.error or "the training did not finish in time"
    except Exception as error:  # a student whose connection broke: reported, not raised
        student.error = f"the connection failed: {error!r}"
    finally:
        if not student.settled:  # never got ready: do not hold the class up
            student.settled = True
            ready_count.append(0)
        await ws.close()
        reader.cancel()


def _memory(pid: int) -> tuple[int, int, int] | None:
    """(PSS, USS, RSS) in kB of one process, from /proc/PID/smaps_rollup."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    values = {m.group(1): int(m.group(2)) for m in re.finditer(r"^(\w+):\s+(\d+) kB", text, re.M)}
    uss = values.get("Private_Clean", 0) + values.get("Private_Dirty", 0)
    return values.get("Pss", 0), uss, values.get("Rss", 0)


def _session_tree(server: RunningServer) -> list[int]:
    return server.sessions()


def snapshot(server: RunningServer) -> dict[str, Any]:
    pids = _session_tree(server)
    rows = [m for m in (_memory(pid) for pid in pids) if m is not None]
    server_mem = _memory(server.pid)
    if not rows:
        return {"sessions": 0}
    pss = [r[0] for r in rows]
    uss = [r[1] for r in rows]
    return {
        "sessions": len(rows),
        "pss_mean_mb": statistics.mean(pss) / 1024, "pss_max_mb": max(pss) / 1024,
        "uss_mean_mb": statistics.mean(uss) / 1024, "uss_max_mb": max(uss) / 1024,
        "rss_mean_mb": statistics.mean(r[2] for r in rows) / 1024,
        "pss_total_mb": (sum(pss) + (server_mem[0] if server_mem else 0)) / 1024,
        "server_pss_mb": (server_mem[0] if server_mem else 0) / 1024,
    }


async def sample_memory(server: RunningServer, into: list[dict[str, Any]],
                        stop: asyncio.Event) -> None:
    while not stop.is_set():
        into.append(snapshot(server))
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), 1.0)


async def run(args: argparse.Namespace) -> dict[str, Any]:
    env = dict(os.environ)
    shared_mnist = ROOT.parent / "shared" / "data" / "mnist"
    if "TUI_NN_DATA" not in env and shared_mnist.is_dir():
        env["TUI_NN_DATA"] = str(shared_mnist)
    token = "bench-" + os.urandom(6).hex()
    server_args = ["--token", token, "--max-sessions", str(args.students + 2)]
    if args.max_running:
        server_args += ["--max-running", str(args.max_running)]
    server = RunningServer(*server_args, env=env).start()
    result: dict[str, Any] = {"students": args.students, "iterations": args.iterations}
    pids: list[int] = []
    root: Path | None = None
    try:
        data_line = next((line for line in server.lines if line.startswith("Data:")), "")
        result["data"] = data_line
        url = server.ws_url(token)
        students = [Student(k + 1) for k in range(args.students)]
        go = asyncio.Event()
        ready_count: list[int] = []
        done_mark = mark(f"done: {args.iterations:,} iterations")
        async with aiohttp.ClientSession() as http:
            tasks = []
            for student in students:
                tasks.append(asyncio.create_task(student_run(
                    http, url, student, args, go, done_mark, ready_count)))
                await asyncio.sleep(args.stagger)
            loop = asyncio.get_running_loop()
            end = loop.time() + args.wait * 2
            while len(ready_count) < args.students and loop.time() < end:
                await asyncio.sleep(0.2)
            await asyncio.sleep(3.0)  # settle: every session idle in lesson 8, data loaded
            pids = server.sessions()
            if pids:
                root = Path(environ_of(pids[0])["TUI_NN_SESSION_HOME"]).parents[1]
            result["sessions_held"] = len(pids)
            result["idle"] = snapshot(server)
            result["load_before_start"] = os.getloadavg()
            samples: list[dict[str, Any]] = []
            stop = asyncio.Event()
            sampler = asyncio.create_task(sample_memory(server, samples, stop))
            start = time.perf_counter()
            go.set()
            await asyncio.wait(tasks, timeout=args.deadline)
            for task in tasks:
                task.cancel()
            stop.set()
            await sampler
            result["class_seconds"] = time.perf_counter() - start
            result["load_after"] = os.getloadavg()
            peak = max((s for s in samples if s.get("sessions")),
                       key=lambda s: s["pss_total_mb"], default={})
            result["training_peak"] = peak
    finally:
        code = server.stop()
    latencies = sorted(x for s in students for x in s.latencies)
    result["server_exit"] = code
    result["key_presses"] = len(latencies)
    if latencies:
        result["latency_median_s"] = statistics.median(latencies)
        result["latency_p95_s"] = latencies[int(0.95 * (len(latencies) - 1))]
        result["latency_max_s"] = latencies[-1]
    idle = sorted(x for s in students for x in s.idle_latencies)
    result["idle_key_presses"] = len(idle)
    if idle:
        result["idle_latency_median_s"] = statistics.median(idle)
        result["idle_latency_p95_s"] = idle[int(0.95 * (len(idle) - 1))]
    trained = [s.train_seconds for s in students if s.train_seconds is not None]
    result["trainings_finished"] = len(trained)
    if trained:
        result["training_seconds_median"] = statistics.median(trained)
        result["training_seconds_max"] = max(trained)
    result["errors"] = [f"{s.number}: {s.error}" for s in students if s.error]
    result["server_lines"] = [line for line in server.lines if "session" not in line][-20:]
    result["sessions_opened"] = sum(" opened " in line for line in server.lines)
    time.sleep(0.5)
    result["processes_left"] = [pid for pid in pids if alive(pid)]
    result["server_folder_left"] = bool(root and root.exists())
    return result


def report(result: dict[str, Any]) -> str:
    idle, peak = result.get("idle", {}), result.get("training_peak", {})

    def mem(s: dict[str, Any]) -> str:
        if not s.get("sessions"):
            return "no sessions"
        return (f"{s['sessions']} sessions: PSS {s['pss_mean_mb']:.0f} MB a session"
                f" (max {s['pss_max_mb']:.0f}), USS {s['uss_mean_mb']:.0f} MB"
                f" (max {s['uss_max_mb']:.0f}), RSS {s['rss_mean_mb']:.0f} MB;"
                f" total PSS {s['pss_total_mb']:.0f} MB with the server"
                f" ({s['server_pss_mb']:.0f} MB)")

    lines = [
        f"students: {result['students']}; trainings: {result['iterations']} iterations each"
        f" (the lab's other settings: the book's, all training images); {result.get('data', '')}",
        f"sessions held: {result.get('sessions_held', 0)}",
        f"memory idle (lesson 8 open): {mem(idle)}",
        f"memory at the trainings' peak: {mem(peak)}",
    ]
    if result.get("idle_key_presses"):
        lines.append(
            f"key latency before start ({result['idle_key_presses']} keys, sessions opening"
            f" and idle): median {result['idle_latency_median_s']:.3f} s,"
            f" p95 {result['idle_latency_p95_s']:.3f} s")
    if result.get("key_presses"):
        lines.append(
            f"key latency while the trainings run ({result['key_presses']} keys): median"
            f" {result['latency_median_s']:.3f} s, p95 {result['latency_p95_s']:.3f} s,"
            f" max {result['latency_max_s']:.3f} s")
    lines.append(
        f"trainings finished: {result['trainings_finished']} of {result['students']}"
        + (f" (median {result['training_seconds_median']:.1f} s, slowest"
           f" {result['training_seconds_max']:.1f} s after pressing start)"
           if result["trainings_finished"] else ""))
    lines.append(f"the whole class took {result.get('class_seconds', 0):.1f} s; load average"
                 f" {result.get('load_before_start', (0,))[0]:.2f} before start,"
                 f" {result.get('load_after', (0,))[0]:.2f} after")
    lines.append(f"after the server stopped (exit {result['server_exit']}): session processes"
                 f" left {result['processes_left'] or 'none'}, server folder left:"
                 f" {'yes' if result['server_folder_left'] else 'no'}")
    for error in result["errors"]:
        lines.append(f"problem: student {error}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--samples", type=int, default=6, help="key latencies per student")
    parser.add_argument("--idle-samples", type=int, default=2,
                        help="view switches per student before start (latency at rest)")
    parser.add_argument("--max-running", type=int, default=0)
    parser.add_argument("--stagger", type=float, default=1.0,
                        help="seconds between two students opening the page")
    parser.add_argument("--wait", type=float, default=60, help="longest wait for one answer")
    parser.add_argument("--deadline", type=float, default=420, help="longest run after start")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not 1 <= args.students <= 60:
        parser.error("--students must be between 1 and 60 on this machine")
    result = asyncio.run(run(args))
    print(json.dumps(result, indent=2) if args.json else report(result))
    ok = (result.get("sessions_held") == args.students
          and result["trainings_finished"] == args.students
          and not result["processes_left"] and not result["server_folder_left"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
