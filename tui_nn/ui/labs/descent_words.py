"""Lesson 5's words: what a descent run is doing, said from the engine's reading of it.

The engine (``tui_nn.engine.experiments.read_run``) decides *what* the run is
doing; this module says it, so the words (and, later, their translation) stay
in the interface.
"""

from __future__ import annotations

import math

from tui_nn.engine.experiments import RunReading, Verdict

#: The words shown before each verdict's sentence.
VERDICT_LABELS: dict[Verdict, str] = {
    Verdict.NOT_STARTED: "not started yet",
    Verdict.OVERFLOW: "overflow",
    Verdict.FROZEN: "frozen",
    Verdict.DIVERGING: "diverging",
    Verdict.CONVERGED: "converged",
    Verdict.BOUNCING: "bouncing",
    Verdict.BARELY_MOVING: "barely moving",
    Verdict.DESCENDING: "descending",
}

#: How each verdict is styled (the red ones say "something went wrong").
VERDICT_STYLES: dict[Verdict, str] = {
    Verdict.DIVERGING: "bold red",
    Verdict.FROZEN: "bold red",
    Verdict.OVERFLOW: "bold red",
    Verdict.CONVERGED: "bold green",
}


def direction_word(ratio: float) -> str:
    """What one update does along a direction that it multiplies by ``ratio``."""
    if not math.isfinite(ratio):
        return "is at 0"
    size = abs(ratio)
    if size < 1.0 - 1e-6:
        word = "shrinks" if size < 0.95 else "shrinks slowly"
    elif size <= 1.0 + 1e-6:
        return "bounces (same size)" if ratio < 0 else "stays put"
    else:
        word = "grows"
    return word + (", zigzagging" if ratio < 0 else "")


def verdict_sentence(reading: RunReading, *, steps: int, h: float, start_keys: str) -> str:
    """The sentence explaining ``reading`` (``start_keys``: how to start, in this lab's keys)."""
    verdict = reading.verdict
    if verdict is Verdict.OVERFLOW:
        return (
            f"Stopped after {steps} steps: the next step would overflow "
            "(numbers past about 1.8e308 become inf in float64)."
        )
    if verdict is Verdict.NOT_STARTED:
        return start_keys
    if verdict is Verdict.FROZEN:
        return (
            f"At |x| ≈ {reading.size:.2g}, x + {h:g} rounds back to x in float64, "
            "so f(x+h) - f(x-h) is exactly 0, the numerical gradient is 0 and the update "
            "changes nothing. The run diverged, then got stuck."
        )
    if verdict is Verdict.DIVERGING:
        return (
            f"f grew from {reading.f_start:.4g} to {reading.f_now:.4g}. Each step jumps past "
            "the bottom and lands higher on the other side: the learning rate is too large."
        )
    if verdict is Verdict.CONVERGED:
        return f"f = {reading.f_now:.3g}: x is at the bottom (0, 0) to many digits."
    if verdict is Verdict.BOUNCING:
        return (
            "Each step jumps across the bowl to the same height on the other side, "
            "so f stops falling."
        )
    if verdict is Verdict.BARELY_MOVING:
        return (
            f"Each step changes x by about {reading.moved:.2g}. "
            "The learning rate is so small that 100 steps do almost nothing."
        )
    return f"f fell from {reading.f_start:.4g} to {reading.f_now:.4g}."
