"""The learner's side of a check: runs INSIDE the separate, limited process.

The parent (:mod:`tui_nn.exercises.runner`) starts ``python -I`` with this
module, writes one JSON request on its stdin and reads JSON lines from its
stdout. Here we set the memory and CPU limits, send everything the learner's
code prints to /dev/null (stdout is ours), load the learner's file as a
module (not as ``__main__``, so its demo code does not run) and call its
functions. Each event goes out as one line as soon as it happens, so when
the parent stops an endless loop it still knows what had finished.

Requests:

- ``{"mode": "check", "path": ..., "lesson": N, "memory_mb": M, "cpu_seconds": S}``
  calls every case of the lesson's exercise;
- ``{"mode": "call", "path": ..., "function": name, "calls": [[arg, ...], ...], ...}``
  calls one function with the given arguments (numbers, lists of numbers, or
  ``{"lab_function": name}`` for one of ``cases.LAB_FUNCTIONS``).
"""

from __future__ import annotations

import json
import os
import sys
import traceback
import types
import warnings
from typing import Any, TextIO

import numpy as np

LEARNER_MODULE = "learner_exercise"


def _set_limits(memory_mb: int, cpu_seconds: int) -> None:
    import resource

    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if cpu_seconds > 0:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def _error(exc: BaseException, path: str) -> dict[str, Any]:
    """What went wrong, with the line of the learner's file where it happened."""
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == path:
            line = frame.lineno
    if isinstance(exc, SyntaxError) and exc.filename == path:
        line = exc.lineno
    try:
        message = str(exc)
    except Exception:
        message = ""
    return {"type": type(exc).__name__, "message": message[:300], "line": line}


def _send(out: TextIO, event: dict[str, Any]) -> None:
    out.write(json.dumps(event) + "\n")
    out.flush()


def _load(path: str) -> types.ModuleType:
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    code = compile(source, path, "exec")
    module = types.ModuleType(LEARNER_MODULE)
    module.__file__ = path
    sys.modules[LEARNER_MODULE] = module
    exec(code, module.__dict__)
    return module


def _resolve(module: types.ModuleType, name: str) -> Any:
    target: Any = module
    for part in name.split("."):
        target = getattr(target, part, None)
        if target is None:
            return None
    return target


def _check_function(module: types.ModuleType, spec: Any, path: str) -> dict[str, Any]:
    from tui_nn.exercises import wire

    if spec.class_name is not None:
        cls = getattr(module, spec.class_name, None)
        if not isinstance(cls, type) or not callable(getattr(cls, spec.attribute, None)):
            return {"event": "function", "function": spec.name, "missing": True, "cases": []}
    elif not callable(getattr(module, spec.name, None)):
        return {"event": "function", "function": spec.name, "missing": True, "cases": []}
    results: list[dict[str, Any]] = []
    for case in spec.cases:
        args = case.args()
        try:
            if spec.class_name is not None:
                target = getattr(spec.make_instance(getattr(module, spec.class_name)),
                                 spec.attribute)
            else:
                target = getattr(module, spec.name)
            value = target(*args)
        except NotImplementedError:
            results.append({"not_written": True})
            continue
        except BaseException as exc:  # the learner's code: anything may happen
            results.append({"error": _error(exc, path)})
            continue
        observed = args[0] if case.observe == "first_arg" else value
        after = [wire.encode(arg) if isinstance(arg, (np.ndarray, dict)) else None
                 for arg in args]
        results.append({"value": wire.encode(observed), "after": after})
    return {"event": "function", "function": spec.name, "missing": False, "cases": results}


def _lab_argument(value: Any) -> Any:
    from tui_nn.exercises.cases import LAB_FUNCTIONS

    if isinstance(value, dict) and "lab_function" in value:
        return LAB_FUNCTIONS[value["lab_function"]]
    if isinstance(value, list):
        return np.array(value, dtype=np.float64)
    return value


def _call(module: types.ModuleType, request: dict[str, Any], out: TextIO) -> None:
    from tui_nn.exercises import wire

    path = request["path"]
    target = _resolve(module, request["function"])
    if not callable(target):
        _send(out, {"event": "missing", "function": request["function"]})
        return
    for call in request["calls"]:
        try:
            value = target(*[_lab_argument(arg) for arg in call])
        except NotImplementedError:
            _send(out, {"event": "result", "not_written": True})
            continue
        except BaseException as exc:
            _send(out, {"event": "result", "error": _error(exc, path)})
            continue
        _send(out, {"event": "result", "value": wire.encode(value)})


def _run(request: dict[str, Any], out: TextIO) -> None:
    path = request["path"]
    sys.path.insert(0, os.path.dirname(path))  # as `python FILE` would, for helper files
    try:
        module = _load(path)
    except BaseException as exc:
        _send(out, {"event": "load_failed", "error": _error(exc, path)})
        return
    _send(out, {"event": "loaded"})
    if request["mode"] == "call":
        _call(module, request, out)
        return
    from tui_nn.exercises.cases import EXERCISES

    for spec in EXERCISES[request["lesson"]].functions:
        _send(out, {"event": "start", "function": spec.name})
        _send(out, _check_function(module, spec, path))


def main() -> None:
    """Read the request, limit ourselves, run it; every answer is a JSON line on stdout."""
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 1)
    request = json.loads(sys.stdin.read())
    os.dup2(devnull, 0)
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    sys.stdin = open(os.devnull)  # noqa: SIM115 - input() gets EOF, never waits
    warnings.simplefilter("ignore")
    np.seterr(all="ignore")
    import tui_nn.exercises.cases  # noqa: F401 - import before the memory limit

    _set_limits(int(request.get("memory_mb", 0)), int(request.get("cpu_seconds", 0)))
    try:
        _run(request, out)
        _send(out, {"event": "done"})
    except MemoryError:
        _send(out, {"event": "out_of_memory"})
    out.flush()
    os._exit(0)  # no clean-up of the learner's objects: they may misbehave
