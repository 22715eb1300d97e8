"""The report of ``bench/serve_load.py``: PASS or FAIL, the load-independent CPU figures, sentences.

``passed`` is the acceptance of issue 14: every session held, every training
finished, the key p95 under :data:`P95_TARGET_S` at rest and while the
trainings run, and nothing left behind once the server stopped.
"""

from __future__ import annotations

import argparse
from typing import Any, Protocol


class StudentKeys(Protocol):
    idle_latencies: list[float]


def cpu_seconds(result: dict[str, Any], students: list[StudentKeys]) -> dict[str, float]:
    """The load-independent figures: CPU seconds per key, per idle second, per training.

    The idle phase gives each interface thread's CPU per second with nobody
    pressing anything; a key's CPU is the rest phase's, less that idle rate
    for its length, over the keys pressed in it; a training's is the sessions'
    other threads over the training phase (less their idle rate), over the
    trainings finished.  While the trainings run, the interface threads also
    draw the progress: their CPU per session-second is given for that phase.
    """
    cpu = result.get("cpu_pct_of_one_core", {})
    idle, rest, training = cpu.get("idle"), cpu.get("rest"), cpu.get("training")
    out: dict[str, float] = {}
    if not idle or not idle["sessions"]:
        return out
    ui_rate = idle["interface_cpu_s"] / idle["seconds"] / idle["sessions"]
    other_rate = idle["other_threads_cpu_s"] / idle["seconds"] / idle["sessions"]
    out["interface_per_idle_second"] = round(ui_rate, 4)
    out["other_threads_per_idle_second"] = round(other_rate, 4)
    keys_at_rest = sum(len(s.idle_latencies) for s in students)
    if rest and keys_at_rest:
        spent = rest["interface_cpu_s"] - ui_rate * rest["seconds"] * rest["sessions"]
        out["interface_per_key_at_rest"] = round(spent / keys_at_rest, 4)
        out["server_per_key_at_rest"] = round(rest["server_cpu_s"] / keys_at_rest, 4)
        out["bench_per_key_at_rest"] = round(rest["bench_cpu_s"] / keys_at_rest, 4)
    finished = result.get("trainings_finished", 0)
    if training and training["sessions"]:
        session_seconds = training["seconds"] * training["sessions"]
        out["interface_per_session_second_training"] = round(
            training["interface_cpu_s"] / session_seconds, 4)
        if finished:
            work = training["other_threads_cpu_s"] - other_rate * session_seconds
            out["per_training"] = round(work / finished, 3)
    return out


#: The acceptance target of issue 14.
P95_TARGET_S = 0.5


def passed(result: dict[str, Any], args: argparse.Namespace) -> bool:
    return bool(
        result.get("sessions_held") == args.students
        and result["trainings_finished"] == args.students
        and result.get("idle_key_presses") and result.get("key_presses")
        and result["idle_latency_p95_s"] < P95_TARGET_S
        and result["latency_p95_s"] < P95_TARGET_S
        and not result["processes_left"] and not result["server_folder_left"]
    )


def report(result: dict[str, Any]) -> str:
    idle, peak = result.get("idle", {}), result.get("training_peak", {})

    def mem(s: dict[str, Any]) -> str:
        if not s.get("sessions"):
            return "no sessions"
        return (f"{s['sessions']} sessions: PSS {s['pss_mean_mb']:.0f} MB a session"
                f" (max {s['pss_max_mb']:.0f}), USS {s['uss_mean_mb']:.0f} MB"
                f" (max {s['uss_max_mb']:.0f}), RSS {s['rss_mean_mb']:.0f} MB"
                f" (max {s['rss_max_mb']:.0f});"
                f" total PSS {s['pss_total_mb']:.0f} MB with the server"
                f" ({s['server_pss_mb']:.0f} MB)")

    def keys(prefix: str, what: str) -> str:
        if not result.get(f"{prefix}key_presses"):
            return f"key latency {what}: no keys measured"
        return (f"key latency {what} ({result[f'{prefix}key_presses']} keys): median"
                f" {result[f'{prefix}latency_median_s']:.3f} s, p95"
                f" {result[f'{prefix}latency_p95_s']:.3f} s, max"
                f" {result[f'{prefix}latency_max_s']:.3f} s")

    lines = [
        f"students: {result['students']}; trainings: {result['iterations']} iterations each"
        f" (the lab's other settings: the book's, all training images); at most"
        f" {result.get('max_running')} at once; {result.get('data', '')}",
        f"sessions held: {result.get('sessions_held', 0)}",
        f"memory idle (lesson 8 open): {mem(idle)}",
        f"memory at the trainings' peak: {mem(peak)}",
        f"memory after every training: {mem(result.get('after_training', {}))}",
        keys("idle_", "at rest (every session open, nobody training)"),
        keys("", "while the trainings run"),
    ]
    lines.append(
        f"trainings finished: {result['trainings_finished']} of {result['students']}"
        + (f" (median {result['training_seconds_median']:.1f} s, slowest"
           f" {result['training_seconds_max']:.1f} s after pressing start, as the student"
           f" saw it; {result.get('students_told_to_wait', 0)} were told how many were"
           f" ahead of them)" if result["trainings_finished"] else ""))
    c = result.get("cpu_s", {})
    if c:
        lines.append(
            "CPU seconds (load-independent): a session's interface thread"
            f" {c['interface_per_idle_second']:.4f} per idle second"
            + (f", {c['interface_per_key_at_rest']:.3f} per view key at rest (the server"
               f" {c['server_per_key_at_rest']:.4f}, the bench {c['bench_per_key_at_rest']:.4f})"
               if "interface_per_key_at_rest" in c else "")
            + (f", {c['interface_per_session_second_training']:.4f} per second while the"
               " trainings run" if "interface_per_session_second_training" in c else "")
            + (f"; a training {c['per_training']:.2f}" if "per_training" in c else ""))
    for phase, c in result.get("cpu_pct_of_one_core", {}).items():
        lines.append(
            f"CPU {phase} ({c['seconds']:.0f} s, % of one core): sessions"
            f" {c['sessions_total_pct']:.0f} (their interface threads"
            f" {c['sessions_interface_threads_pct']:.0f}, one at most"
            f" {c['session_interface_thread_max_pct']:.0f}), server {c['server_pct']:.0f},"
            f" bench {c['bench_pct']:.0f}")
    lines.append(f"load average (1, 5, 15 min): {result.get('load_at_launch')} at launch,"
                 f" {result.get('load_before_start')} before start,"
                 f" {result.get('load_after')} at the end;"
                 f" {result.get('total_seconds', 0):.0f} s in all")
    lines.append(f"after the server stopped (exit {result['server_exit']}): session processes"
                 f" left {result['processes_left'] or 'none'}, server folder left:"
                 f" {'yes' if result['server_folder_left'] else 'no'}")
    for error in result["errors"]:
        lines.append(f"problem: student {error}")
    lines.append(("PASS" if result["passed"] else "FAIL") + f": every session held, every"
                 f" training finished, key p95 under {P95_TARGET_S} s at rest and while"
                 " training, nothing left behind")
    return "\n".join(lines)
