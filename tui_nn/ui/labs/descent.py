"""Lesson 5 lab: gradient descent on a bowl, and what the learning rate does."""

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

from tui_nn.engine.experiments import (
    BOWLS,
    DEFAULT_START,
    LR_PRESETS,
    DescentRun,
    chart_box,
    inside,
    level_values,
    read_run,
    step_ratios,
    visible_path,
)
from tui_nn.ui.kit.values import choice_setting, number_setting, numbers_setting
from tui_nn.ui.labs.base import JSONValue, Lab
from tui_nn.ui.labs.descent_words import (
    VERDICT_LABELS,
    VERDICT_STYLES,
    direction_word,
    verdict_sentence,
)
from tui_nn.ui.widgets.chart import Chart, safe_log10
from tui_nn.ui.widgets.number_field import NumberField

STEPS_PER_TICK = 2
TICK_SECONDS = 0.1
PLAY_LIMIT = 2000
LOG_FLOOR = 1e-30
START_LIMIT = 1e6
START_KEYS = "press s to step, g for 100 steps, p to play."


def fmt_x(value: float) -> str:
    """How the lab prints a coordinate: nine significant digits, like the lesson's numbers."""
    return f"{value:.9g}"


NICE_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500)


def decade_ticks(low: float, high: float, most: int = 5) -> tuple[list[int], int, int]:
    """Whole-decade ticks (log10 units) that cover ``low``..``high``, and the y-limits.

    The limits are the first and last tick, so every tick label sits on its own
    row and the data (flat stretches at the top included) is inside the chart:
    the top tick is always above ``high``, never cut below it.
    """
    if not (np.isfinite(low) and np.isfinite(high)):
        low, high = 0.0, 1.0
    low, high = min(low, high), max(low, high)
    for step in NICE_STEPS:
        bottom = int(np.floor(low / step)) * step
        top = int(np.ceil(high / step)) * step
        if top <= high:  # keep a flat line at the very top off the border
            top += step
        if (top - bottom) // step + 1 <= most:
            break
    return list(range(bottom, top + 1, step)), bottom, top


class DescentLab(Lab):
    """Walk downhill on x0² + x1² (or a long bowl) and watch the learning rate at work."""

    DEFAULT_CSS = """
    DescentLab .fields { height: auto; }
    DescentLab .fields NumberField { width: 1fr; max-width: 20; min-width: 12; }
    DescentLab #d5-head { color: $text-muted; }
    DescentLab #d5-path { height: 12; min-height: 8; }
    DescentLab #d5-loss { height: 12; min-height: 10; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "step", "Step"),
        Binding("p", "play", "Play/pause"),
        Binding("g", "hundred", "Run 100"),
        Binding("r", "reset", "Reset"),
        Binding("right_square_bracket", "preset(1)", "Next lr", key_display="]"),
        Binding("left_square_bracket", "preset(-1)", "Prev lr", key_display="["),
        Binding("b", "bowl", "Switch bowl"),
        Binding("asterisk", "scale_lr(10)", "lr × 10", key_display="*", show=False),
        Binding("slash", "scale_lr(0.1)", "lr ÷ 10", key_display="/", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.bowl_index = 0
        self.lr = 0.01
        self.start = DEFAULT_START
        self.run = DescentRun(BOWLS[0], self.start, self.lr)
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="d5-head")
        with Horizontal(classes="fields"):
            yield NumberField(
                self.lr, label="lr", minimum=0.0, id="lr",
                tooltip="How far each step goes along the negative gradient.",
            )
            for i, value in enumerate(self.start):
                yield NumberField(
                    value, label=f"start x{i}", minimum=-START_LIMIT, maximum=START_LIMIT,
                    id=f"x{i}",
                )
        yield Static(id="d5-status")
        yield Static(id="d5-verdict")
        yield Chart(id="d5-path")
        yield Chart(id="d5-loss")

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
        self.run = DescentRun(BOWLS[self.bowl_index], self.start, self.lr)
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
        self.bowl_index = (self.bowl_index + 1) % len(BOWLS)
        self.action_reset()

    def stop_work(self) -> None:
        self._pause()
        super().stop_work()

    # -- state that lasts ------------------------------------------------------

    def busy(self) -> str | None:
        """"descent playing 17%" while play runs (it stops by itself at PLAY_LIMIT steps)."""
        if not self.playing:
            return None
        return f"descent playing {min(self.run.steps / PLAY_LIMIT, 1.0):.0%}"

    def busy_loss(self) -> str | None:
        if not self.playing:
            return None
        return f"the descent run at step {self.run.steps} (only lr, start and bowl are kept)"

    def lab_settings(self) -> dict[str, JSONValue]:
        return {
            "lr": self.lr,
            "start": [float(v) for v in self.start],
            "bowl": BOWLS[self.bowl_index].name,
        }

    def restore_settings(self, data: Mapping[str, object]) -> None:
        lr = number_setting(data, "lr", 0.0, 1e300)
        if lr is not None:
            self.lr = lr
        start = numbers_setting(data, "start", 2, -START_LIMIT, START_LIMIT)
        if start is not None:
            self.start = (start[0], start[1])
        bowl = choice_setting(data, "bowl", [b.name for b in BOWLS])
        if bowl is not None:
            self.bowl_index = [b.name for b in BOWLS].index(bowl)
        self.run = DescentRun(BOWLS[self.bowl_index], self.start, self.lr)

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
        head.append("  lr presets: ")
        for preset in LR_PRESETS:
            head.append(f"{preset:g}", style="reverse" if preset == self.lr else "")
            head.append(" ")
        self.query_one("#d5-head", Static).update(head)

        x = run.x
        status = Text()
        status.append(f"step {run.steps}", style="bold")
        status.append(f"  lr {self.lr:g}  {'playing' if self.playing else 'paused'}")
        status.append(f"  f(x) = {run.f:.6g}\n")
        status.append(f"x = ({fmt_x(x[0])}, {fmt_x(x[1])})")
        ratios = step_ratios(run)
        if ratios is not None:
            status.append(
                f"\nlast step: x0 ×{ratios[0]:.3g} ({direction_word(ratios[0])}), "
                f"x1 ×{ratios[1]:.3g} ({direction_word(ratios[1])})"
            )
        self.query_one("#d5-status", Static).update(status)

        reading = read_run(run)
        message = Text()
        message.append(
            f"{VERDICT_LABELS[reading.verdict]}: ",
            style=VERDICT_STYLES.get(reading.verdict, "bold"),
        )
        message.append(verdict_sentence(reading, steps=run.steps, h=run.h, start_keys=START_KEYS))
        if bowl.a0 != bowl.a1 and run.steps:
            message.append(
                f"  Steep direction x1 stays stable only for lr < {1 / bowl.a1:g}; "
                f"the gentle x0 would allow lr < {1 / bowl.a0:g}."
            )
        self.query_one("#d5-verdict", Static).update(message)
        self._draw_path()
        self._draw_loss()

    def _draw_path(self) -> None:
        chart = self.query_one("#d5-path", Chart)
        plt = chart.plt
        plt.clear_figure()
        run = self.run
        box = chart_box(run.bowl, self.start)
        for level in level_values(run.bowl, box):
            xs, ys = run.bowl.level_curve(level, points=240)
            px, py = inside(xs, ys, box)
            if px:
                plt.scatter(px, py, marker="braille", color="blue")
        path0, path1 = visible_path(run.path(), box)
        if len(path0) > 1:
            plt.plot(path0, path1, marker="braille", color="red+")
        sx, sy = self.start
        if abs(sx) <= box[0] and abs(sy) <= box[1]:
            plt.scatter([sx], [sy], marker="S", color="green+")
        x = run.x
        if abs(x[0]) <= box[0] and abs(x[1]) <= box[1]:
            plt.scatter([float(x[0])], [float(x[1])], marker="●", color="yellow+")
            title = "path on the level curves (● now, S start)"
        else:
            title = "path (x has left this view)"
        plt.scatter([0.0], [0.0], marker="+", color="white")
        plt.xlim(-box[0], box[0])
        plt.ylim(-box[1], box[1])
        plt.title(title)
        chart.refresh()

    def _draw_loss(self) -> None:
        chart = self.query_one("#d5-loss", Chart)
        plt = chart.plt
        plt.clear_figure()
        fs = self.run.fs
        logs = safe_log10(fs, floor=LOG_FLOOR)
        steps = list(range(len(fs)))
        if len(fs) == 1:
            plt.scatter(steps, [float(v) for v in logs], color="cyan+")
        else:
            plt.plot(steps, [float(v) for v in logs], marker="braille", color="cyan+")
        last = len(fs) - 1
        ticks = [0, 1]
        if last:
            ticks = sorted({round(v) for v in np.linspace(0, last, min(last, 5) + 1)})
        plt.xticks([float(t) for t in ticks], [str(t) for t in ticks])
        plt.xlim(0, max(last, 1))
        positions, bottom, top = decade_ticks(float(logs.min()), float(logs.max()))
        plt.yticks([float(p) for p in positions], [f"1e{p}" for p in positions])
        plt.ylim(bottom, top)
        plt.title(f"f per step (log scale), now {self.run.f:.3g}")
        chart.refresh()
