"""A class on one machine: N simulated students on a real ``tui-nn serve``, all pressing start.

    python3 bench/serve_load.py --students 30 --json  # the acceptance run of issue 14
    python3 bench/serve_load.py --students 10         # a quick look, in sentences

Every student is a raw websocket client speaking textual-serve's protocol on
127.0.0.1 (``["stdin", keys]`` in, terminal bytes out); no terminal is
emulated, a client only keeps the bytes and looks for a view's words in them,
so the load generator is not what is measured (its CPU is reported).  Each one
opens a session, opens lesson 8 with ``8``, types a short training into the
Setup form by keys alone (``--iterations``, default 100; the lab's other
settings: the book's network on all the training images).  Then the class sits
idle for 5 s (the CPU of idle sessions), switches views at rest (``5`` Files,
``1`` Setup, ``2`` Train: the latency at rest), and all press ``s`` within a
second; while the trainings take their turns every student looks away and back
(``5``, ``2``, ``1``, ``2``), until every training of the class is over.  Key
latency: from sending a key to receiving the screen update that shows the new
view (found by its words, so the training's own progress updates do not
count).  A student waits ``--think`` seconds on average between two keys.  A
training is finished when its result line ("done: N iterations …") reaches the
student.

It reports sessions held; latency median / p95 / max at rest and while
training; trainings finished; memory per session (PSS, USS, RSS from
/proc/PID/smaps_rollup: the memory-mapped MNIST counts once in PSS) idle, at
the trainings' peak and after them, and in total; the CPU of the sessions (and
their interface threads), the server and the bench per phase, and the
load-independent CPU seconds per view key, per idle second and per training
(``serve_report.cpu_seconds``); the load average; then it stops the server
and checks that every session process and the server's folder are gone.  PASS
(exit 0) needs every session held, every training finished and both p95 under
0.5 s.  Everything is bounded: the number of students, each wait, the
trainings (``--deadline``) and the whole run (``--budget``).
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

from tests.serve.running import RunningServer, alive, environ_of  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from serve_measure import (  # noqa: E402
    CpuMark,
    cpu_between,
    latencies,
    load,
    snapshot,
)
from serve_report import cpu_seconds, passed, report  # noqa: E402

WIDTH, HEIGHT = 100, 32
KEYS = {"tab": "\t", "end": "\x1b[F", "clear_left": "\x15", "escape": "\x1b", "enter": "\r"}
_GAP = rb"(?:\s|\x1b\[[0-9;?]*[A-Za-z])+"  # what may stand between two words on the wire


def mark(text: str) -> re.Pattern[bytes]:
    """A pattern for ``text`` in the terminal stream (styles may sit between its words)."""
    return re.compile(_GAP.join(re.escape(word.encode()) for word in text.split()))


LESSONS_MARK = mark("tui-nn · lessons")
SETUP_MARK = mark("train imgs")
FILES_MARK = mark("saves the current network")
TRAIN_MARK = mark("loss per iteration")  # the title of the Train view's first chart
WAITING_MARK = mark("ahead of you")  # "waiting for a turn: N ahead of you…"
#: The view keys a student presses, each timed until its view's words arrive.
VIEW_KEYS = (("5", FILES_MARK), ("1", SETUP_MARK), ("2", TRAIN_MARK))
DATA_MARK = re.compile(rb"Data:" + _GAP + rb"(?:real|built-in)")


@dataclass
class Student:
    number: int
    stream: bytearray = field(default_factory=bytearray)
    latencies: list[float] = field(default_factory=list)
    idle_latencies: list[float] = field(default_factory=list)
    finished: bool = False
    train_seconds: float | None = None
    pressed_start: float | None = None  # perf_counter when "s" was sent
    waited: bool = False  # the screen said "N ahead of you"
    error: str | None = None
    settled: bool = False
    arrived: asyncio.Event = field(default_factory=asyncio.Event)


async def _reader(ws: aiohttp.ClientWebSocketResponse[bool], student: Student) -> None:
    async for message in ws:
        if message.type == aiohttp.WSMsgType.BINARY:
            student.stream += message.data  # kept as bytes: no terminal is emulated
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


async def _send_settled(ws: aiohttp.ClientWebSocketResponse[bool], student: Student,
                        keys: str, quiet: float = 0.3, timeout: float = 15.0) -> None:
    """Send ``keys``, then wait until the app has answered and gone quiet for ``quiet`` s.

    On a busy machine the app may take seconds to act on a key; the next key of
    the form must not arrive before the focus it relies on has moved.
    """
    since = len(student.stream)
    await ws.send_str(json.dumps(["stdin", keys]))
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    last_size, last_change = since, loop.time()
    while loop.time() < end:
        await asyncio.sleep(0.05)
        size = len(student.stream)
        if size != last_size:
            last_size, last_change = size, loop.time()
        elif size > since and loop.time() - last_change >= quiet:
            return


async def _fill_form(ws: aiohttp.ClientWebSocketResponse[bool], student: Student,
                     iterations: int) -> bool:
    """Type ``iterations`` into the Setup form by keys alone (no terminal emulated).

    ``l`` focuses the learning-rate field, Tab the next one (iterations); End,
    Ctrl+U clears it, Enter keeps the typed value.  Each key waits for the
    app's answer.  The form's arithmetic line ("100 iterations = …") says it
    took, and still says so after Esc (on a busy machine an Enter handled late
    left the field to Esc, which put the book's 10,000 back: that student's
    run then held a turn for minutes and the class queued behind it).
    """
    # not preceded by a digit: "10,000,100 iterations" (100 typed after an uncleared
    # 10,000) must not pass for 100, or that student's run would hold a turn for hours
    took = re.compile(rb"(?<![0-9,])" + mark(f"{iterations:,} iterations =").pattern)
    for attempt in range(5):
        since = len(student.stream)
        quiet = 0.3 * (attempt + 1)  # a slower machine: wait longer for the app to settle
        await _send_settled(ws, student, KEYS["escape"], quiet, 2.0)  # no field focused
        await _send_settled(ws, student, "1", quiet, 3.0)  # the Setup view (may be shown)
        await _send_settled(ws, student, "l", quiet)  # the learning-rate field, focused
        await _send_settled(ws, student, KEYS["tab"], quiet)  # the iterations field
        await _send_settled(ws, student, KEYS["end"] + KEYS["clear_left"], quiet)
        await _send_settled(ws, student, str(iterations), quiet)
        await _send_settled(ws, student, KEYS["enter"], quiet)
        if await _wait_mark(student, took, since, 10):
            await _send_settled(ws, student, KEYS["escape"], 1.0, 5.0)  # keys to the lab
            await asyncio.sleep(1.0)
            if _last_iterations(student, since) == iterations:  # Esc kept it, not reverted
                return True
    return False


_ANY_ITERATIONS = re.compile(rb"(?<![0-9,])([0-9][0-9,]*)" + _GAP + rb"iterations" + _GAP + b"=")


def _last_iterations(student: Student, since: int) -> int | None:
    """The iterations the form's arithmetic line showed last (after ``since``)."""
    found = list(_ANY_ITERATIONS.finditer(student.stream, since))
    return int(found[-1].group(1).replace(b",", b"")) if found else None


async def _switch_views(ws: aiohttp.ClientWebSocketResponse[bool], student: Student,
                        into: list[float], args: argparse.Namespace,
                        keys: tuple[tuple[str, re.Pattern[bytes]], ...] = VIEW_KEYS) -> bool:
    """Each of ``keys`` timed until its view's words arrive, a think between; False on a
    timeout."""
    for key, view_mark in keys:
        latency = await _timed_key(ws, student, key, view_mark, args.wait)
        if latency is None:
            student.error = f"key {key} got no answer in {args.wait:.0f} s"
            return False
        into.append(latency)
        await asyncio.sleep(_think(args))
    return True


#: While training, a student looks away and comes back: Files, Train, Setup, Train.
TRAINING_KEYS = (VIEW_KEYS[0], VIEW_KEYS[2], VIEW_KEYS[1], VIEW_KEYS[2])


async def _watch_training(student: Student, since: int, done_mark: re.Pattern[bytes]) -> None:
    """Until the result line arrives: note it (and whether the screen said "N ahead of you")."""
    look_from = since
    while not student.finished:
        if not student.waited and _seen(student, WAITING_MARK, look_from):
            student.waited = True
        if _seen(student, done_mark, look_from):
            student.finished = True
            assert student.pressed_start is not None
            student.train_seconds = time.perf_counter() - student.pressed_start
            return
        look_from = max(since, len(student.stream) - OVERLAP)
        student.arrived.clear()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(student.arrived.wait(), 0.5)


_ESCAPES = re.compile(  # CSI, OSC, charset and two-byte escape sequences
    rb"\x1b(?:\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|.)")


def screen_tail(student: Student, chars: int = 160) -> str:
    """The last words the student received, without the terminal's escapes (for a problem)."""
    text = _ESCAPES.sub(b" ", bytes(student.stream[-20_000:])).decode("utf-8", "replace")
    return " ".join(text.split())[-chars:]


def _think(args: argparse.Namespace) -> float:
    """A student's pause between two keys: ``--think`` seconds on average."""
    return random.uniform(0.5, 1.5) * args.think


async def student_run(
    http: aiohttp.ClientSession, url: str, student: Student, args: argparse.Namespace,
    phases: dict[str, asyncio.Event], done_mark: re.Pattern[bytes], ready_count: list[int],
) -> None:
    try:
        ws = await http.ws_connect(url, heartbeat=30)
    except aiohttp.ClientError as error:
        student.error = f"could not connect: {error}"
        student.settled = True
        ready_count.append(0)
        return
    reader = asyncio.create_task(_reader(ws, student))
    watcher: asyncio.Task[None] | None = None
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
        if not await _fill_form(ws, student, args.iterations):
            student.error = "the Setup form did not take the settings"
            return
        student.settled = True
        ready_count.append(1)
        await phases["rest"].wait()  # every session open and idle: the class at rest
        await asyncio.sleep(random.uniform(0, 2.0))
        for _round in range(args.idle_samples):
            if not await _switch_views(ws, student, student.idle_latencies, args):
                return
        await phases["go"].wait()
        await asyncio.sleep(random.uniform(0, 1.0))  # the class presses start within a second
        since = len(student.stream)
        student.pressed_start = time.perf_counter()
        watcher = asyncio.create_task(_watch_training(student, since, done_mark))
        await _send(ws, "s", _think(args))  # on the Train view: the training starts there
        loop = asyncio.get_running_loop()
        end = loop.time() + args.deadline
        while loop.time() < end:
            if (student.finished and len(student.latencies) >= args.samples
                    and phases["over"].is_set()):
                break  # the class stays until every training is over (or failed)
            if not await _switch_views(ws, student, student.latencies, args, TRAINING_KEYS):
                return
        if not student.finished:
            student.error = student.error or (
                f"the training did not finish in time; the screen last said: …"
                f"{screen_tail(student)}")
    except Exception as error:  # a student whose connection broke: reported, not raised
        student.error = f"the connection failed: {error!r}"
    finally:
        if not student.settled:  # never got ready: do not hold the class up
            student.settled = True
            ready_count.append(0)
        if watcher is not None:
            watcher.cancel()
        await ws.close()
        reader.cancel()


async def sample_memory(server: RunningServer, into: list[dict[str, Any]],
                        stop: asyncio.Event, cpu: CpuMark, students: list[Student],
                        over: asyncio.Event) -> None:
    """Memory every second; ``cpu`` keeps each session's last CPU time (a session that
    ends before the phase does still counts); ``over`` is set once every training is."""
    while not stop.is_set():
        into.append(snapshot(server))
        latest = CpuMark.take(server)
        cpu.sessions.update(latest.sessions)
        if all(s.finished or s.error for s in students):
            over.set()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), 1.0)


async def run(args: argparse.Namespace) -> dict[str, Any]:
    env = dict(os.environ)
    if args.nice is not None:
        env["TUI_NN_WORK_NICE"] = str(args.nice)  # the sessions inherit the server's
    shared_mnist = ROOT.parent / "shared" / "data" / "mnist"
    if "TUI_NN_DATA" not in env and shared_mnist.is_dir():
        env["TUI_NN_DATA"] = str(shared_mnist)
    token = "bench-" + os.urandom(6).hex()
    server_args = ["--token", token, "--max-sessions", str(args.students + 2)]
    if args.max_running:
        server_args += ["--max-running", str(args.max_running)]
    began = time.monotonic()
    result: dict[str, Any] = {"students": args.students, "iterations": args.iterations,
                              "think_s": args.think, "nice": args.nice,
                              "load_at_launch": load()}
    server = RunningServer(*server_args, env=env).start()
    pids: list[int] = []
    root: Path | None = None
    students = [Student(k + 1) for k in range(args.students)]
    try:
        result["data"] = next((ln for ln in server.lines if ln.startswith("Data:")), "")
        url = server.ws_url(token)
        phases = {"rest": asyncio.Event(), "go": asyncio.Event(), "over": asyncio.Event()}
        ready_count: list[int] = []
        done_mark = mark(f"done: {args.iterations:,} iterations")
        cpu: dict[str, Any] = {}
        async with aiohttp.ClientSession() as http:
            opening = CpuMark.take(server)
            tasks = []
            for student in students:
                tasks.append(asyncio.create_task(student_run(
                    http, url, student, args, phases, done_mark, ready_count)))
                await asyncio.sleep(args.stagger)
            loop = asyncio.get_running_loop()
            end = loop.time() + args.wait * 2
            while len(ready_count) < args.students and loop.time() < end:
                await asyncio.sleep(0.2)
            result["open_seconds"] = round(time.monotonic() - began, 1)
            await asyncio.sleep(3.0)  # settle: every session idle in lesson 8, data loaded
            pids = server.sessions()
            if pids:
                root = Path(environ_of(pids[0])["TUI_NN_SESSION_HOME"]).parents[1]
            result["sessions_held"] = len(pids)
            result["idle"] = snapshot(server)
            quiet = CpuMark.take(server)
            cpu["opening"] = cpu_between(opening, quiet)
            await asyncio.sleep(5.0)  # nobody presses anything: what idle sessions cost
            resting = CpuMark.take(server)
            cpu["idle"] = cpu_between(quiet, resting)
            result["load_at_rest"] = load()
            phases["rest"].set()  # everyone switches views a few times, nobody trains
            rest_end = loop.time() + 2.0 + args.idle_samples * len(VIEW_KEYS) * (
                1.5 * args.think + args.wait)
            while loop.time() < rest_end and not all(
                    s.error or len(s.idle_latencies) >= args.idle_samples * len(VIEW_KEYS)
                    for s in students):
                await asyncio.sleep(0.2)
            start_mark = CpuMark.take(server)
            cpu["rest"] = cpu_between(resting, start_mark)
            result["load_before_start"] = load()
            samples: list[dict[str, Any]] = []
            stop = asyncio.Event()
            seen = CpuMark(0.0, 0.0, 0.0, dict(start_mark.sessions))
            sampler = asyncio.create_task(sample_memory(
                server, samples, stop, seen, students, phases["over"]))
            start = time.perf_counter()
            args.deadline = min(args.deadline, args.budget - (time.monotonic() - began) - 30)
            result["training_deadline_s"] = round(args.deadline)
            phases["go"].set()
            await asyncio.wait(tasks, timeout=args.deadline + args.wait)
            for task in tasks:
                task.cancel()
            stop.set()
            await sampler
            final = CpuMark.take(server)
            final.sessions = {**seen.sessions, **final.sessions}
            cpu["training"] = cpu_between(start_mark, final)
            result["class_seconds"] = round(time.perf_counter() - start, 1)
            result["load_after"] = load()
            result["cpu_pct_of_one_core"] = cpu
            peak = max((s for s in samples if s.get("sessions")),
                       key=lambda s: s["pss_total_mb"], default={})
            result["training_peak"] = peak
            result["after_training"] = next(  # the last look with the whole class still in
                (s for s in reversed(samples) if s.get("sessions") == len(pids)), {})
    finally:
        code = server.stop()
    result["server_exit"] = code
    result["max_running"] = next(  # read now: the line may come after the address
        (int(m.group(1)) for ln in server.lines
         if (m := re.search(r"(\d+) trainings? at once", ln))), None)
    latencies([x for s in students for x in s.idle_latencies], "idle_", result)
    latencies([x for s in students for x in s.latencies], "", result)
    trained = [s.train_seconds for s in students if s.train_seconds is not None]
    result["trainings_finished"] = len(trained)
    result["students_told_to_wait"] = sum(s.waited for s in students)
    result["cpu_s"] = cpu_seconds(result, students)
    if trained:
        result["training_seconds_median"] = round(statistics.median(trained), 1)
        result["training_seconds_max"] = round(max(trained), 1)
    result["errors"] = [f"{s.number}: {s.error}" for s in students if s.error]
    result["server_lines"] = [line for line in server.lines if "session" not in line][-20:]
    result["sessions_opened"] = sum(" opened " in line for line in server.lines)
    time.sleep(0.5)
    result["processes_left"] = [pid for pid in pids if alive(pid)]
    result["server_folder_left"] = bool(root and root.exists())
    result["total_seconds"] = round(time.monotonic() - began, 1)
    result["passed"] = passed(result, args)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--iterations", type=int, default=100,
                        help="each student's training (short: 30 of them take turns)")
    parser.add_argument("--samples", type=int, default=6,
                        help="key latencies per student while training")
    parser.add_argument("--idle-samples", type=int, default=1,
                        help="view switches per student at rest (two keys each)")
    parser.add_argument("--think", type=float, default=10.0,
                        help="seconds a student waits between two keys, on average")
    parser.add_argument("--max-running", type=int, default=0,
                        help="the server's --max-running (default: the server's own default)")
    parser.add_argument("--nice", type=int, default=None,
                        help="the trainings' nice value (default: tui_nn.work_slots's, 10)")
    parser.add_argument("--stagger", type=float, default=1.0,
                        help="seconds between two students opening the page")
    parser.add_argument("--wait", type=float, default=60, help="longest wait for one answer")
    parser.add_argument("--deadline", type=float, default=240,
                        help="longest time for the trainings after start")
    parser.add_argument("--budget", type=float, default=450,
                        help="seconds the whole run may take before the trainings' deadline"
                             " is cut short (the server's stop and the report come after)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not 1 <= args.students <= 60:
        parser.error("--students must be between 1 and 60 on this machine")
    result = asyncio.run(run(args))
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
