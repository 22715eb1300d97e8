"""Lesson 5 lab: gradient descent on a bowl, what the learning rate does, and a saddle."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import numpy as np
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Static

from tui_nn.engine import explore
from tui_nn.engine.experiments import (
    BOWLS,
    DEFAULT_START,
    LR_PRESETS,
    Bowl,
    DescentRun,
    Verdict,
    read_run,
    step_ratios,
)
from tui_nn.i18n import N_, _
from tui_nn.ui.kit.values import choice_setting, number_setting, numbers_setting
from tui_nn.ui.labs.base import JSONValue, Lab
from tui_nn.ui.labs.descent_draw import SADDLE, decade_ticks, draw_loss, draw_path, is_saddle
from tui_nn.ui.labs.descent_step import OneStep
from tui_nn.ui.labs.descent_words import (
    SADDLE_LABELS,
    SADDLE_STYLES,
    VERDICT_LABELS,
    VERDICT_STYLES,
    direction_word,
    saddle_sentence,
    verdict_sentence,
)
from tui_nn.ui.widgets.chart import ChartBox
from tui_nn.ui.widgets.number_field import NumberField
from tui_nn.ui.widgets.updates import show

__all__ = ["DescentLab", "decade_ticks", "fmt_x"]

STEPS_PER_TICK = 2
TICK_SECONDS = 0.1
PLAY_LIMIT = 2000
START_LIMIT = 1e6
#: The round bowl, the long bowl, and lesson 4's saddle.
SURFACES: tuple[Bowl, ...] = (*BOWLS, SADDLE)
#: The learning rate the saddle start uses (fast enough to see it stall, then escape).
SADDLE_LR = 0.1


def start_keys() -> str:
    return _("press s to step, g for 100 steps, p to play.")


def fmt_x(value: float) -> str:
    """How the lab prints a coordinate: nine significant digits, like the lesson's numbers."""
    return f"{value:.9g}"


class DescentLab(Lab):
    """Walk downhill on x0² + x1² (or a long bowl) and watch the learning rate at work."""

    DEFAULT_CSS = """
    DescentLab .fields { height: auto; }
    DescentLab .fields NumberField { width: 1fr; max-width: 20; min-width: 12; }
    DescentLab #d5-head { color: $text-muted; }
    DescentLab #d5-path { height: 13; }
    DescentLab #d5-loss { height: 12; }
    """

    #: In the order of the lesson's "Try this" (w, ], g, b, n, s), the step first: at 80x24 the
    #: Footer has room for about seven keys, and these are the ones the text asks for.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "step", N_("Step"), tooltip=N_("One update: x ← x − lr × gradient")),
        Binding(
            "w",
            "one_step",
            N_("One step"),
            tooltip=N_("One update of one weight by hand, with the numbers"),
        ),
        Binding("right_square_bracket", "preset(1)", N_("Next lr"), key_display="]"),
        Binding("g", "hundred", N_("Run 100")),
        Binding("b", "bowl", N_("Switch bowl"), tooltip=N_("The round bowl or the long bowl")),
        Binding(
            "n",
            "saddle",
            N_("Near saddle"),
            tooltip=N_("Lesson 4's saddle x0² − x1², starting near it: watch the run stall"),
        ),
        Binding("r", "reset", N_("Reset"), tooltip=N_("Back to the start, step 0")),
        Binding("left_square_bracket", "preset(-1)", N_("Prev lr"), key_display="["),
        Binding("p", "play", N_("Play/pause")),
        Binding("asterisk", "scale_lr(10)", N_("lr × 10"), key_display="*", show=False),
        Binding("slash", "scale_lr(0.1)", N_("lr ÷ 10"), key_display="/", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.bowl_index = 0
        self.lr = 0.01
        self.start = DEFAULT_START
        self.run = DescentRun(SURFACES[0], self.start, self.lr)
        self._timer: Timer | None = None
        self.dots = 0  # step dots drawn on the path chart

    def compose(self) -> ComposeResult:
        yield Static(id="d5-head")
        with Horizontal(classes="fields"):
            yield NumberField(
                self.lr, label=N_("lr"), minimum=0.0, id="lr",
                tooltip=N_("How far each step goes along the negative gradient."),
            )
            yield NumberField(
                self.start[0], label=N_("start x0"), minimum=-START_LIMIT,
                maximum=START_LIMIT, id="x0",
            )
            yield NumberField(
                self.start[1], label=N_("start x1"), minimum=-START_LIMIT,
                maximum=START_LIMIT, id="x1",
            )
        yield Static(id="d5-status")
        yield Static(id="d5-verdict")
        yield ChartBox(id="d5-path")
        yield ChartBox(id="d5-loss")
        yield OneStep(id="d5-one")

    def on_mount(self) -> None:
        self.redraw()

    # -- actions -------------------------------------------------------------

    def action_step(self) -> None:
        self.run.step(1)
        self.redraw()

    def action_hundred(self) -> None:
        self.run.step(100)
        self.redraw()

    def action_play(self) -> None:
        if self._timer is not None:
            self._pause()
        else:
            self._timer = self.set_interval(TICK_SECONDS, self._tick)
        self.redraw()

    def action_reset(self) -> None:
        self._pause()
        self.run = DescentRun(SURFACES[self.bowl_index], self.start, self.lr)
        self.redraw()

    def action_preset(self, direction: int) -> None:
        presets = list(LR_PRESETS)
        if self.lr in presets:
            index = (presets.index(self.lr) + direction) % len(presets)
        else:
            larger = [i for i, p in enumerate(presets) if p > self.lr]
            index = larger[0] if direction > 0 and larger else 0
            if direction < 0:
                smaller = [i for i, p in enumerate(presets) if p < self.lr]
                index = smaller[-1] if smaller else len(presets) - 1
        self.lr = presets[index]
        self.query_one("#lr", NumberField).set_number(self.lr)
        self.action_reset()

    def action_scale_lr(self, factor: float) -> None:
        """Move the learning rate along a log scale: ten times larger or smaller."""
        new = float(f"{self.lr * factor:.12g}")  # 0.1 * 10 shows as 1, not 1.0000000000000002
        if not (np.isfinite(new) and new > 0.0):
            return
        self.lr = new
        self.query_one("#lr", NumberField).set_number(self.lr)
        self.action_reset()

    def action_bowl(self) -> None:
        if SURFACES[self.bowl_index] is SADDLE:  # leaving the saddle start: the lesson's start
            self.bowl_index = 0
            self.start = DEFAULT_START
            self.query_one("#x0", NumberField).set_number(self.start[0])
            self.query_one("#x1", NumberField).set_number(self.start[1])
        else:
            self.bowl_index = (self.bowl_index + 1) % len(BOWLS)  # the saddle is on n
        self.action_reset()

    def action_saddle(self) -> None:
        """The saddle, from a start near it, with a learning rate that shows the stall."""
        self.bowl_index = SURFACES.index(SADDLE)
        self.start = explore.SADDLE_START
        self.lr = SADDLE_LR
        self.query_one("#lr", NumberField).set_number(self.lr)
        self.query_one("#x0", NumberField).set_number(self.start[0])
        self.query_one("#x1", NumberField).set_number(self.start[1])
        self.action_reset()

    def action_one_step(self) -> None:
        """Show the one-step panel and put the keys in its learning-rate field."""
        panel = self.query_one(OneStep)
        panel.scroll_visible(top=True)
        self.query_one("#one-lr", NumberField).focus()

    def stop_work(self) -> None:
        self._pause()
        super().stop_work()

    # -- state that lasts ------------------------------------------------------

    def busy(self) -> str | None:
        """"descent playing 17%" while play runs (it stops by itself at PLAY_LIMIT steps)."""
        if not self.playing:
            return None
        return _("descent playing {share}").format(
            share=f"{min(self.run.steps / PLAY_LIMIT, 1.0):.0%}"
        )

    def busy_loss(self) -> str | None:
        if not self.playing:
            return None
        return _("the descent run at step {steps} (only lr, start and bowl are kept)").format(
            steps=self.run.steps
        )

    def lab_settings(self) -> dict[str, JSONValue]:
        return {
            "lr": self.lr,
            "start": [float(v) for v in self.start],
            "bowl": SURFACES[self.bowl_index].name,
        }

    def restore_settings(self, data: Mapping[str, object]) -> None:
        lr = number_setting(data, "lr", 0.0, 1e300)
        if lr is not None:
            self.lr = lr
        start = numbers_setting(data, "start", 2, -START_LIMIT, START_LIMIT)
        if start is not None:
            self.start = (start[0], start[1])
        bowl = choice_setting(data, "bowl", [b.name for b in SURFACES])
        if bowl is not None:
            self.bowl_index = [b.name for b in SURFACES].index(bowl)
        self.run = DescentRun(SURFACES[self.bowl_index], self.start, self.lr)

    # -- fields --------------------------------------------------------------

    @on(NumberField.Accepted, "#lr")
    def _lr_changed(self, event: NumberField.Accepted) -> None:
        self.lr = float(event.number)
        self.action_reset()

    @on(NumberField.Accepted, "#x0, #x1")
    def _start_changed(self, event: NumberField.Accepted) -> None:
        x0 = float(self.query_one("#x0", NumberField).number)
        x1 = float(self.query_one("#x1", NumberField).number)
        self.start = (x0, x1)
        self.action_reset()

    # -- playing -------------------------------------------------------------

    @property
    def playing(self) -> bool:
        return self._timer is not None

    def _pause(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _tick(self) -> None:
        done = self.run.step(STEPS_PER_TICK)
        if done == 0 or self.run.steps >= PLAY_LIMIT:
            self._pause()
        self.redraw()

    # -- drawing -------------------------------------------------------------

    def redraw(self) -> None:
        run = self.run
        bowl = run.bowl
        head = Text()
        head.append(f"{bowl.formula}", style="bold")
        head.append("  " + _("lr presets:") + " ")
        for preset in LR_PRESETS:
            if preset == self.lr:  # brackets say it without colour, reverse adds to it
                head.append(f"[{preset:g}]", style="reverse")
            else:
                head.append(f"{preset:g}")
            head.append(" ")
        show(self.query_one("#d5-head", Static), head)

        x = run.x
        status = Text()
        status.append(_("step {steps}").format(steps=run.steps), style="bold")
        state = _("playing") if self.playing else _("paused")
        status.append(f"  lr {self.lr:g}  {state}")
        status.append(f"  f(x) = {run.f:.6g}\n")
        status.append(f"x = ({fmt_x(x[0])}, {fmt_x(x[1])})")
        ratios = step_ratios(run)
        if ratios is not None:
            status.append(
                "\n"
                + _("last step: x0 ×{r0} ({w0}), x1 ×{r1} ({w1})").format(
                    r0=f"{ratios[0]:.3g}",
                    w0=direction_word(ratios[0]),
                    r1=f"{ratios[1]:.3g}",
                    w1=direction_word(ratios[1]),
                )
            )
        show(self.query_one("#d5-status", Static), status)
        show(self.query_one("#d5-verdict", Static), self._verdict())
        self.dots = draw_path(self.query_one("#d5-path", ChartBox), run, self.start)
        draw_loss(self.query_one("#d5-loss", ChartBox), run)

    def _verdict(self) -> Text:
        run = self.run
        bowl = run.bowl
        reading = read_run(run)
        message = Text()
        if is_saddle(bowl) and reading.verdict is not Verdict.OVERFLOW:
            phase, length = explore.saddle_phase(bowl, run.start, run.x, run.steps)
            message.append(f"{_(SADDLE_LABELS[phase])}: ", style=SADDLE_STYLES.get(phase, "bold"))
            message.append(
                saddle_sentence(
                    phase, length=length, f_start=run.fs[0], f_now=run.f, start_keys=start_keys()
                )
            )
            return message
        message.append(
            f"{_(VERDICT_LABELS[reading.verdict])}: ",
            style=VERDICT_STYLES.get(reading.verdict, "bold"),
        )
        message.append(
            verdict_sentence(reading, steps=run.steps, h=run.h, start_keys=start_keys())
        )
        if bowl.a0 != bowl.a1 and run.steps:
            message.append(
                "  "
                + _(
                    "Steep direction x1 stays stable only for lr < {steep}; "
                    "the gentle x0 would allow lr < {gentle}."
                ).format(steep=f"{1 / bowl.a1:g}", gentle=f"{1 / bowl.a0:g}")
            )
        return message

    def refresh_language(self) -> None:
        super().refresh_language()
        self.query_one(OneStep).redraw()
