"""Lesson 5's words: what a descent run is doing, said from the engine's reading of it.

The engine (``tui_nn.engine.experiments.read_run``, and
``tui_nn.engine.explore.saddle_phase`` near the saddle) decides *what* the run
is doing; this module says it, through the catalogue, so the words stay in
the interface and follow the language.
"""

from __future__ import annotations

import math

from tui_nn.engine.experiments import RunReading, Verdict
from tui_nn.engine.explore import SaddlePhase
from tui_nn.i18n import N_, _

#: The words shown before each verdict's sentence (marked; shown with ``_()``).
VERDICT_LABELS: dict[Verdict, str] = {
    Verdict.NOT_STARTED: N_("not started yet"),
    Verdict.OVERFLOW: N_("overflow"),
    Verdict.FROZEN: N_("frozen"),
    Verdict.DIVERGING: N_("diverging"),
    Verdict.CONVERGED: N_("converged"),
    Verdict.BOUNCING: N_("bouncing"),
    Verdict.BARELY_MOVING: N_("barely moving"),
    Verdict.DESCENDING: N_("descending"),
}

#: How each verdict is styled: the word says it, the style only adds to it
#: (bold for all, colour where there is colour, so NO_COLOR loses nothing).
VERDICT_STYLES: dict[Verdict, str] = {
    Verdict.DIVERGING: "bold red",
    Verdict.FROZEN: "bold red",
    Verdict.OVERFLOW: "bold red",
    Verdict.CONVERGED: "bold green",
}

#: Near the saddle: the words before each phase's sentence.
SADDLE_LABELS: dict[SaddlePhase, str] = {
    SaddlePhase.NOT_STARTED: N_("not started yet"),
    SaddlePhase.APPROACHING: N_("sliding toward the flat spot"),
    SaddlePhase.STALLED: N_("stalled"),
    SaddlePhase.ESCAPING: N_("escaping"),
}

SADDLE_STYLES: dict[SaddlePhase, str] = {SaddlePhase.STALLED: "bold yellow"}


def direction_word(ratio: float) -> str:
    """What one update does along a direction that it multiplies by ``ratio``."""
    if not math.isfinite(ratio):
        return _("is at 0")
    size = abs(ratio)
    if size < 1.0 - 1e-6:
        word = _("shrinks") if size < 0.95 else _("shrinks slowly")
    elif size <= 1.0 + 1e-6:
        return _("bounces (same size)") if ratio < 0 else _("stays put")
    else:
        word = _("grows")
    return _("{word}, zigzagging").format(word=word) if ratio < 0 else word


def verdict_sentence(reading: RunReading, *, steps: int, h: float, start_keys: str) -> str:
    """The sentence explaining ``reading`` (``start_keys``: how to start, in this lab's keys)."""
    verdict = reading.verdict
    if verdict is Verdict.OVERFLOW:
        return _(
            "Stopped after {steps} steps: the next step would overflow "
            "(numbers past about 1.8e308 become inf in float64)."
        ).format(steps=steps)
    if verdict is Verdict.NOT_STARTED:
        return start_keys
    if verdict is Verdict.FROZEN:
        return _(
            "At |x| ≈ {size}, x + {h} rounds back to x in float64, "
            "so f(x+h) - f(x-h) is exactly 0, the numerical gradient is 0 and the update "
            "changes nothing. The run diverged, then got stuck."
        ).format(size=f"{reading.size:.2g}", h=f"{h:g}")
    if verdict is Verdict.DIVERGING:
        return _(
            "f grew from {start} to {now}. Each step jumps past "
            "the bottom and lands higher on the other side: the learning rate is too large."
        ).format(start=f"{reading.f_start:.4g}", now=f"{reading.f_now:.4g}")
    if verdict is Verdict.CONVERGED:
        return _("f = {now}: x is at the bottom (0, 0) to many digits.").format(
            now=f"{reading.f_now:.3g}"
        )
    if verdict is Verdict.BOUNCING:
        return _(
            "Each step jumps across the bowl to the same height on the other side, "
            "so f stops falling."
        )
    if verdict is Verdict.BARELY_MOVING:
        return _(
            "Each step changes x by about {moved}. "
            "The learning rate is so small that 100 steps do almost nothing."
        ).format(moved=f"{reading.moved:.2g}")
    return _("f fell from {start} to {now}.").format(
        start=f"{reading.f_start:.4g}", now=f"{reading.f_now:.4g}"
    )


def saddle_sentence(
    phase: SaddlePhase, *, length: float, f_start: float, f_now: float, start_keys: str
) -> str:
    """The sentence for a run near the saddle x0² − x1² (``length``: the gradient's now)."""
    if phase is SaddlePhase.NOT_STARTED:
        return start_keys
    if phase is SaddlePhase.APPROACHING:
        return _("f fell from {start} to {now}: x slides toward the flat spot at (0, 0).").format(
            start=f"{f_start:.4g}", now=f"{f_now:.4g}"
        )
    if phase is SaddlePhase.STALLED:
        return _(
            "The gradient here is only {length} long, so each step barely moves x: "
            "the run crawls past a flat spot that is not a minimum (f is lower along x1)."
        ).format(length=f"{length:.2g}")
    return _(
        "x found the way down along x1: f = {now} and falling. "
        "This surface has no bottom, so f keeps falling."
    ).format(now=f"{f_now:.4g}")
