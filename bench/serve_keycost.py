"""What one served session costs, in CPU seconds, beside the same keys in a headless app.

    python3 bench/serve_keycost.py                     # served, then headless, 3 rounds
    python3 bench/serve_keycost.py --env TEXTUAL_FPS=30 --rounds 5
    python3 bench/serve_keycost.py --no-headless --json

Load-independent figures for issue 14: on a shared machine the wall clock
says more about the other programs than about a key, but the CPU time a
thread used does not (``/proc/PID/task/TID/schedstat``: nanoseconds run, and
nanoseconds spent runnable waiting for a core, reported beside).  One
student (a websocket client on 127.0.0.1) opens lesson 8 on a real
``tui-nn serve``; then:

* **idle**: ``--idle`` seconds with no key: CPU per second of the session's
  interface thread (the app's event loop), of its other threads (the web
  driver's input thread), of the server (textual-serve's relay) and of this
  bench;
* **keys**: ``--rounds`` rounds of the lab's view keys ``5`` Files, ``1``
  Setup, ``2`` Train, ``3`` Inspect; each key gets a window that ends when its
  answer has arrived and the stream has been quiet for ``--quiet`` seconds;
  its CPU is the window's less the idle rate times the window;
  also the bytes and websocket messages the key's answer took;
* **training**: the Setup form gets ``--iterations`` by keys, ``s`` starts it;
  the CPU of the training (the session's threads other than the interface
  thread) and of the interface thread until "done: N iterations" arrives.

The headless run (a child process: ``TuiNNApp`` under Textual's test pilot at
the same size, same keys) gives the same figures without the web driver,
the relay and the websocket: the difference is what serving a key costs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from serve_measure import thread_times  # noqa: E402

WIDTH, HEIGHT = 100, 32
VIEW_KEYS = ("5", "1", "2", "3")


def process_seconds(pid: int) -> float:
    """CPU seconds of a whole process's live threads."""
    return sum(run for run, _wait in thread_times(pid).values())


class Meter:
    """CPU of a session (interface thread apart), the server and this bench, between marks."""

    def __init__(self, session: int | None, server: int | None) -> None:
        self.session, self.server = session, server
        self.at = time.monotonic()
        self.values = self._read()

    def _read(self) -> dict[str, float]:
        values = {"bench": process_seconds(os.getpid())}
        if self.server is not None:
            values["server"] = process_seconds(self.server)
        if self.session is not None:
            threads = thread_times(self.session)
            main = threads.get(self.session, (0.0, 0.0))
            values["ui"] = main[0]
            values["ui_wait"] = main[1]
            values["other_threads"] = sum(
                run for tid, (run, _w) in threads.items() if tid != self.session)
        return values

    def since(self) -> dict[str, float]:
        """Seconds of CPU (and of waiting) since this mark, and the wall seconds."""
        now = self._read()
        out = {k: now[k] - self.values.get(k, 0.0) for k in now}
        out["wall"] = time.monotonic() - self.at
        return out


def _load() -> str:
    return Path("/proc/loadavg").read_text().strip()


def _less_idle(used: dict[str, float], idle_rate: dict[str, float]) -> dict[str, float]:
    wall = used["wall"]
    return {k: round(v - idle_rate.get(k, 0.0) * wall, 4) if k != "wall" else round(v, 3)
            for k, v in used.items()}


def _summary(rows: list[dict[str, float]]) -> dict[str, float]:
    keys = sorted({k for row in rows for k in row if isinstance(row[k], (int, float))})
    return {k: round(statistics.median([row[k] for row in rows if k in row]), 4) for k in keys}


# --- the served session ---------------------------------------------------------------

async def _quiet(student: Any, since: int, quiet: float, timeout: float) -> None:
    """Until something arrived after ``since`` and nothing more for ``quiet`` seconds."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    size, changed = len(student.stream), loop.time()
    while loop.time() < end:
        await asyncio.sleep(0.02)
        if len(student.stream) != size:
            size, changed = len(student.stream), loop.time()
        elif size > since and loop.time() - changed >= quiet:
            return


async def served(args: argparse.Namespace) -> dict[str, Any]:
    import aiohttp
    import serve_load as sl

    from tests.serve.running import RunningServer

    env = dict(os.environ)
    for item in args.env:
        name, _eq, value = item.partition("=")
        env[name] = value
    shared = ROOT.parent / "shared" / "data" / "mnist"
    if "TUI_NN_DATA" not in env and shared.is_dir():
        env["TUI_NN_DATA"] = str(shared)
    token = "keycost-" + os.urandom(6).hex()
    result: dict[str, Any] = {"kind": "served", "env": args.env, "load_before": _load()}
    server = RunningServer("--token", token, "--max-sessions", "2", env=env).start()
    messages = [0]
    try:
        student = sl.Student(1)
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(server.ws_url(token, WIDTH, HEIGHT))

            async def reader() -> None:
                async for message in ws:
                    if message.type == aiohttp.WSMsgType.BINARY:
                        student.stream += message.data
                        messages[0] += 1
                        student.arrived.set()

            task = asyncio.create_task(reader())
            await ws.send_str(json.dumps(["resize", {"width": WIDTH, "height": HEIGHT}]))
            if not await sl._wait_mark(student, sl.LESSONS_MARK, 0, args.wait):
                raise RuntimeError("the lesson list never appeared")
            await _quiet(student, 0, args.quiet, args.wait)
            pid = server.wait_sessions(1)[0]
            result["threads"] = len(thread_times(pid))

            def meter() -> Meter:
                return Meter(pid, server.pid)

            m = meter()
            await asyncio.sleep(args.idle)
            result["idle_list"] = {k: round(v / m.since()["wall"], 5)
                                   for k, v in m.since().items() if k != "wall"}
            m, since = meter(), len(student.stream)
            await ws.send_str(json.dumps(["stdin", "8"]))
            if not await sl._wait_mark(student, sl.DATA_MARK, since, args.wait):
                raise RuntimeError("lesson 8 or its data never appeared")
            await _quiet(student, since, args.quiet, args.wait)
            result["open_lesson_8"] = {k: round(v, 3) for k, v in m.since().items()}
            await asyncio.sleep(2.0)
            m = meter()
            await asyncio.sleep(args.idle)
            used = m.since()
            idle_rate = {k: v / used["wall"] for k, v in used.items() if k != "wall"}
            result["idle_lesson_8_per_s"] = {k: round(v, 5) for k, v in idle_rate.items()}
            rows: list[dict[str, float]] = []
            for _round in range(args.rounds):
                for key in VIEW_KEYS:
                    m, since, count = meter(), len(student.stream), messages[0]
                    started = time.perf_counter()
                    await ws.send_str(json.dumps(["stdin", key]))
                    await _quiet(student, since, args.quiet, args.wait)
                    row = _less_idle(m.since(), idle_rate)
                    row["key"] = float(key)
                    row["bytes"] = len(student.stream) - since
                    row["messages"] = messages[0] - count
                    row["answered_s"] = round(time.perf_counter() - started - args.quiet, 3)
                    rows.append(row)
            result["keys"] = {key: _summary([r for r in rows if r["key"] == float(key)])
                              for key in VIEW_KEYS}
            result["key_all"] = _summary(rows)
            if args.iterations:
                await ws.send_str(json.dumps(["stdin", "1"]))
                await asyncio.sleep(1.0)
                if not await sl._fill_form(ws, student, args.iterations):
                    raise RuntimeError("the Setup form did not take the iterations")
                await ws.send_str(json.dumps(["stdin", "2"]))
                await _quiet(student, len(student.stream), args.quiet, args.wait)
                done = sl.mark(f"done: {args.iterations:,} iterations")
                m, since = meter(), len(student.stream)
                await ws.send_str(json.dumps(["stdin", "s"]))
                if not await sl._wait_mark(student, done, since, args.deadline):
                    raise RuntimeError("the training did not finish")
                await _quiet(student, since, args.quiet, args.wait)
                used = m.since()
                result["training"] = {k: round(v, 3) for k, v in used.items()}
                result["training"]["bytes"] = len(student.stream) - since
            await ws.close()
            task.cancel()
    finally:
        result["server_exit"] = server.stop()
    result["load_after"] = _load()
    return result


# --- the same keys headless -------------------------------------------------------------

def headless_child(args: argparse.Namespace) -> dict[str, Any]:
    """Runs in a child process: the app under Textual's pilot, no driver output at all."""
    import threading

    from tui_nn.ui.app import TuiNNApp
    from tui_nn.ui.labs.training import TrainingLab

    main_tid = threading.get_native_id()
    pid = os.getpid()
    result: dict[str, Any] = {"kind": "headless", "load_before": _load()}

    class Here(Meter):
        def _read(self) -> dict[str, float]:
            threads = thread_times(pid)
            main = threads.get(main_tid, (0.0, 0.0))
            return {"ui": main[0], "ui_wait": main[1], "other_threads": sum(
                run for tid, (run, _w) in threads.items() if tid != main_tid)}

    async def settle(pilot: Any) -> None:
        await pilot.pause()
        await pilot.app.animator.wait_until_complete()
        await pilot.pause()
        await asyncio.sleep(args.quiet)

    async def drive() -> None:
        app = TuiNNApp()
        async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
            await settle(pilot)
            m = Here(None, None)
            await asyncio.sleep(args.idle)
            used = m.since()
            result["idle_list"] = {k: round(v / used["wall"], 5)
                                   for k, v in used.items() if k != "wall"}
            m = Here(None, None)
            await pilot.press("8")
            for _ in range(int(args.wait / 0.05)):
                lab = getattr(app.screen, "lab", None)
                if isinstance(lab, TrainingLab) and lab.dataset is not None:
                    break
                await asyncio.sleep(0.05)
            await settle(pilot)
            result["open_lesson_8"] = {k: round(v, 3) for k, v in m.since().items()}
            await asyncio.sleep(2.0)
            m = Here(None, None)
            await asyncio.sleep(args.idle)
            used = m.since()
            idle_rate = {k: v / used["wall"] for k, v in used.items() if k != "wall"}
            result["idle_lesson_8_per_s"] = {k: round(v, 5) for k, v in idle_rate.items()}
            rows = []
            for _round in range(args.rounds):
                for key in VIEW_KEYS:
                    m = Here(None, None)
                    await pilot.press(key)
                    await settle(pilot)
                    row = _less_idle(m.since(), idle_rate)
                    row["key"] = float(key)
                    rows.append(row)
            result["keys"] = {key: _summary([r for r in rows if r["key"] == float(key)])
                              for key in VIEW_KEYS}
            result["key_all"] = _summary(rows)

    asyncio.run(drive())
    result["load_after"] = _load()
    return result


def headless(args: argparse.Namespace) -> dict[str, Any]:
    env = dict(os.environ)
    shared = ROOT.parent / "shared" / "data" / "mnist"
    if "TUI_NN_DATA" not in env and shared.is_dir():
        env["TUI_NN_DATA"] = str(shared)
    for item in args.env:
        name, _eq, value = item.partition("=")
        env[name] = value
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    with tempfile.TemporaryDirectory(prefix="keycost-home-") as home:
        env["TUI_NN_HOME"] = home
        argv = [sys.executable, __file__, "--child", "--rounds", str(args.rounds),
                "--idle", str(args.idle), "--quiet", str(args.quiet), "--wait", str(args.wait)]
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError("the headless child failed:\n" + done.stderr[-3000:])
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def report(result: dict[str, Any]) -> str:
    lines = [f"{result['kind']} {' '.join(result.get('env', [])) or ''}".rstrip()
             + f" (load before {result['load_before']}, after {result['load_after']})"]

    def cpu(d: dict[str, float], scale: float = 1.0, unit: str = "s") -> str:
        parts = [f"interface thread {d.get('ui', 0) * scale:.3f} {unit}"
                 f" (waited {d.get('ui_wait', 0) * scale:.3f})",
                 f"other threads {d.get('other_threads', 0) * scale:.3f}"]
        if "server" in d:
            parts.append(f"server {d['server'] * scale:.3f}")
        parts.append(f"bench {d.get('bench', 0) * scale:.3f}")
        return ", ".join(parts)

    lines.append("  idle on the lesson list, CPU s per s: " + cpu(result["idle_list"]))
    lines.append("  idle in lesson 8, CPU s per s: " + cpu(result["idle_lesson_8_per_s"]))
    lines.append("  first open of lesson 8 (until its data shows): " + cpu(
        result["open_lesson_8"]) + f", {result['open_lesson_8']['wall']:.1f} s wall")
    for key, d in result["keys"].items():
        extra = (f"; {d['bytes'] / 1024:.1f} kB in {d['messages']:.0f} messages,"
                 f" answered {d['answered_s']:.3f} s" if "bytes" in d else "")
        lines.append(f"  key {key} (median of {result.get('rounds', '?')}): " + cpu(d) + extra)
    training = result.get("training")
    if training:
        lines.append(f"  training: the work {training['other_threads']:.2f} s CPU, interface"
                     f" thread {training['ui']:.2f} s, server {training.get('server', 0):.2f} s,"
                     f" {training['wall']:.1f} s wall, {training['bytes'] / 1024:.0f} kB sent")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of each idle phase")
    parser.add_argument("--quiet", type=float, default=0.5,
                        help="a key's answer is over when nothing came for this long")
    parser.add_argument("--wait", type=float, default=60.0)
    parser.add_argument("--iterations", type=int, default=100,
                        help="the served session's training (0: none)")
    parser.add_argument("--deadline", type=float, default=300.0)
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="in the server's environment (its sessions inherit it)")
    parser.add_argument("--no-headless", action="store_true")
    parser.add_argument("--no-served", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(headless_child(args)))
        return 0
    results = []
    if not args.no_served:
        results.append(asyncio.run(served(args)))
    if not args.no_headless:
        results.append(headless(args))
    for r in results:
        r["rounds"] = args.rounds
    print(json.dumps(results, indent=2) if args.json else "\n".join(map(report, results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
