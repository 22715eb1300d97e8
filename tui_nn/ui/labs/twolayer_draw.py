"""What the lesson 7 lab draws: the network's sizes, the three columns, the check, the nudge.

Plain functions of the lab's state that return Rich ``Text``; every word goes
through the catalogue when drawn (so F2 redraws them in the other language).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
from rich.text import Text

from tui_nn.engine.learning_steps import NudgePoint
from tui_nn.formatting import format_duration
from tui_nn.i18n import N_, _, pad
from tui_nn.ui.labs.twolayer_work import (
    INPUT_SIZE,
    NET_SEED,
    OUTPUT_SIZE,
    GradientResult,
    Progress,
    largest_difference,
)

METHODS = ("plain", "structured", "backprop")
TITLES = {"plain": N_("plain numerical"), "structured": N_("structured"),
          "backprop": N_("backprop")}
KEYS = {"plain": "n", "structured": "s", "backprop": "b"}
SHORT = {"plain": N_("plain"), "structured": N_("structured"), "backprop": N_("backprop")}
NUDGE_PARAMETER = ("W2", (0, 0))  # the one weight the accuracy-or-loss nudge moves
NUDGE_STEP = 0.05
SHOWN_NUDGES = 4


@dataclass
class Column:
    """What one of the three ways to get the gradient has done so far."""

    running: bool = False
    progress: Progress | None = None
    result: GradientResult | None = None
    error: tuple[str, dict[str, object]] | None = None  # a message and its values
    stop: threading.Event = field(default_factory=threading.Event)

    @property
    def grads(self) -> dict[str, np.ndarray] | None:
        return None if self.result is None else self.result.grads


def seconds_text(seconds: float | None) -> str:
    return "?" if seconds is None or not np.isfinite(seconds) else format_duration(seconds)


def sizes_text(hidden: int, parameter_count: int) -> Text:
    sizes = Text()
    sizes.append(_("network {a}-{b}-{c}").format(a=INPUT_SIZE, b=hidden, c=OUTPUT_SIZE),
                 style="bold")
    sizes.append("\n" + _("{a} pixels in, {c} digits out, seed {seed}").format(
        a=INPUT_SIZE, c=OUTPUT_SIZE, seed=NET_SEED) + "\n")
    shapes = {"W1": (INPUT_SIZE, hidden), "b1": (hidden,),
              "W2": (hidden, OUTPUT_SIZE), "b2": (OUTPUT_SIZE,)}
    for name, shape in shapes.items():
        shape_text = "(" + ", ".join(str(n) for n in shape) + (",)" if len(shape) == 1 else ")")
        sizes.append(f"  {name} {shape_text:<12} {int(np.prod(shape)):>9,}\n")
    sizes.append(f"  {pad(_('total'), 15)} {parameter_count:>9,}", style="bold")
    sizes.append(" " + _("parameters"))
    return sizes


def column_text(method: str, column: Column, keys_while_running: int) -> Text:
    text = Text()
    text.append(_(TITLES[method]), style="bold")
    text.append(f"\n[{KEYS[method]}] ")
    result = column.result
    if column.error is not None and not column.running:
        message, values = column.error
        text.append(_(message).format(**values))
    elif column.running:
        progress = column.progress
        if progress is None:
            text.append(_("starting…"))
        else:
            text.append(_("{done} of {total}").format(
                done=f"{progress.done:,}", total=f"{progress.total:,}") + "\n")
            text.append(_("{time} so far").format(time=seconds_text(progress.elapsed)))
            left = progress.elapsed / max(progress.done, 1) * (progress.total - progress.done)
            if progress.done:
                text.append("\n" + _("about {time} left").format(time=seconds_text(left)))
            if method == "plain":
                text.append(" " + _("(c cancels)"))
        if method == "plain" and keys_while_running:
            text.append("\n" + _("keys answered while it runs: {n}").format(
                n=keys_while_running), style="dim")
    elif result is None:
        text.append(_("not run yet"))
    elif result.cancelled:
        text.append(_("cancelled after {done} of {total}").format(
            done=f"{result.done:,}", total=f"{result.total:,}") + "\n")
        text.append(_("({time} thrown away)").format(time=seconds_text(result.seconds)))
    else:
        text.append(_("done in") + "\n")
        text.append(seconds_text(result.seconds), style="bold")
        text.append(" " + _("(median)") if result.repeats > 1 else "")
    return text


def check_text(columns: dict[str, Column]) -> Text:
    text = Text()
    text.append(_("gradient check:") + " ", style="bold")
    done = {m: columns[m] for m in METHODS if columns[m].grads is not None}
    if len(done) < 2:
        text.append(_("needs two gradients of this batch (n or s, and b)"))
        return text
    pairs = [(a, b) for i, a in enumerate(METHODS) for b in METHODS[i + 1:]
             if a in done and b in done]
    worst = 0.0
    for a, b in pairs:
        grads_a, grads_b = done[a].grads, done[b].grads
        assert grads_a is not None and grads_b is not None
        gap = largest_difference(grads_a, grads_b)
        worst = max(worst, gap)
        text.append("\n  " + _("largest |{a} - {b}| = {gap}").format(
            a=_(SHORT[a]), b=_(SHORT[b]), gap=f"{gap:.2e}"))
    text.append("\n  " + (_("they agree") if worst < 1e-6 else _("they DISAGREE")))
    times = {m: c.result.seconds for m, c in done.items() if c.result is not None}
    if "backprop" in times and times["backprop"] > 0:
        for method in ("plain", "structured"):
            if method in times:
                text.append("\n  " + _("backprop is {ratio}× faster than {method}").format(
                    ratio=f"{times[method] / times['backprop']:,.0f}", method=_(TITLES[method])))
    return text


def nudge_text(points: list[NudgePoint], running: bool) -> Text:
    """The accuracy-or-loss table: each nudge of one weight, its loss and its accuracy."""
    name, (row, col) = NUDGE_PARAMETER
    text = Text()
    text.append(_("Loss or accuracy?"), style="bold")
    text.append(" " + _("a nudges {name}[{row},{col}] by +{step}").format(
        name=name, row=row, col=col, step=NUDGE_STEP))
    if not points:
        text.append("\n" + (_("measuring…") if running else _("not nudged yet: press a")))
        return text
    text.append("\n  " + _("offset     loss   accuracy"), style="dim")
    for point in points[-SHOWN_NUDGES:]:
        text.append(f"\n  {point.offset:+6.2f}  {point.loss:.6f}  {point.accuracy:6.1%}")
    if len(points) >= 2:
        loss_moved = points[-1].loss - points[-2].loss
        points_moved = (points[-1].accuracy - points[-2].accuracy) * 100
        text.append("\n" + _("loss {loss}, accuracy {acc} points").format(
            loss=f"{loss_moved:+.6f}", acc=f"{points_moved:+.1f}"), style="bold")
        if points_moved == 0:
            text.append("\n" + _("no guess flipped, so accuracy did not move:\n"
                                 "its slope is 0, nothing to learn from"))
        else:
            text.append("\n" + _("a guess flipped: accuracy jumped\n(a step, not a slope)"))
    return text
