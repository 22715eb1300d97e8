"""Lesson 2's words and chart: the batch's indices and repeats, its losses, the spread chart.

Everything drawn here goes through the catalogue when drawn, so the lab's
``redraw`` shows it in the language of the moment.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rich.text import Text

from tui_nn.data.sampling import batches_per_epoch
from tui_nn.engine import explore
from tui_nn.engine.repeats import extra_draws, repeat_counts
from tui_nn.i18n import _, ngettext
from tui_nn.ui import look
from tui_nn.ui.labs.loss_chart import row_ticks_between, tick_label

INDICES_SHOWN = 40
REPEAT = "bold reverse"  # how a repeated index is marked (and it carries ×n in the list)


def indices_text(
    indices: np.ndarray,
    n: int,
    *,
    replace: bool,
    epoch: tuple[int, int, int] | None,
    batch_size: int,
) -> Text:
    """The batch's first indices (repeats highlighted), then every repeated index and how often.

    ``epoch`` is ``(epoch number, batch in epoch, batch size)`` in epoch mode.
    """
    repeated = explore.repeated_mask(indices)
    text = Text()
    if epoch is not None:
        number, batch, size = epoch
        total = batches_per_epoch(n, size)
        text.append(
            _("Epoch {epoch}, batch {batch} of {total}: shuffled once, "
              "each image comes once per epoch.").format(
                epoch=number, batch=batch, total=f"{total:,}"
            )
            + "\n"
        )
    with_replacement = replace and epoch is None
    head = (
        _("{n} indices (with replacement):") if with_replacement
        else _("{n} indices (without replacement):")
    )
    text.append(head.format(n=len(indices)) + " ")
    for position, (index, again) in enumerate(zip(indices, repeated, strict=True)):
        if position == INDICES_SHOWN:
            text.append(_("… and {n} more").format(n=len(indices) - INDICES_SHOWN))
            break
        text.append(str(int(index)), style=REPEAT if again else "")
        text.append(" ")
    text.append("\n")
    extra = extra_draws(indices)
    counts = repeat_counts(indices)
    if extra:
        text.append(
            ngettext(
                "{n} draw repeats an index. Drawn more than once:",
                "{n} draws repeat an index. Drawn more than once:",
                extra,
            ).format(n=extra),
            style="bold",
        )
        text.append("\n")
        for i, (index, times) in enumerate(counts):
            if i:
                text.append("  ")
            text.append(f"{index}×{times}", style=REPEAT)
    else:
        text.append(_("No index repeats in this batch."))
    if with_replacement:
        chance = explore.repeat_probability(n, batch_size)
        text.append("\n")
        text.append(_("Chance of a repeat at this size: {chance}.").format(chance=f"{chance:.3%}"))
    return text


def loss_text(one_hot: float, labels: float, full: float, n: int) -> str:
    """The batch loss in both forms of t, and the full-data loss it estimates."""
    return "\n".join(
        [
            _("batch loss, one-hot t: {value}").format(value=f"{one_hot:.12f}"),
            _("batch loss, labels t:  {value}").format(value=f"{labels:.12f}"),
            _("full-data loss (all {n}): {value}").format(n=f"{n:,}", value=f"{full:.6f}"),
            _("this batch is off by {diff}").format(diff=f"{labels - full:+.4f}"),
        ]
    )


def spread_text(spread: explore.LossSpread) -> str:
    """The measured spread of batch losses beside the predicted std/√batch."""
    parts = [
        f"{int(size)}: {value:.3f}"
        for size, value in zip(spread.batch_sizes, spread.spread, strict=True)
        if size in (1, 16, 256)
    ]
    one = float(spread.predicted[0])
    predicted = f"1: {one:.3f}, 16: {one / 4:.3f}, 256: {one / 16:.3f}"
    return _(
        "Spread (std) of {draws} batch losses per size: {measured}. "
        "Predicted std/√batch: {predicted}."
    ).format(draws=spread.losses.shape[1], measured=", ".join(parts), predicted=predicted)


def chart_names() -> list[str]:
    """The spread chart's legend, in plotting order."""
    return [_("± std/√batch"), _("full data"), _("batch losses"), _("this batch")]


CHART_COLOURS = ["gray", "green", "blue", "red"]


def _marker(wanted: str) -> str:
    """``wanted`` in colour; without colour a fine marker (LookPlot gives one per series)."""
    return "braille" if look.current().fine(None) else wanted


#: Rows plotext spends around the spread chart's canvas: the frame and the x tick labels.
SPREAD_FRAME_ROWS = 3


def draw_spread(
    plt: Any,
    width: int,
    height: int,
    spread: explore.LossSpread,
    batch_size: int,
    batch_loss: float,
) -> None:
    """Batch losses per batch size (log2 axis), the full-data loss and the predicted band.

    Drawn for the chart's size: the y ticks sit on rows, evenly spaced.
    """
    positions = np.log2(spread.batch_sizes.astype(float))
    full = spread.full_loss
    upper = full + spread.predicted
    lower = full - spread.predicted
    values = np.concatenate([spread.losses.ravel(), upper, lower, [batch_loss]])
    values = values[np.isfinite(values)]
    bottom, top, ticks = row_ticks_between(
        float(values.min()), float(values.max()), max(height - SPREAD_FRAME_ROWS, 2)
    )
    # The band as one closed outline: up along +std/√batch, back along -std/√batch;
    # the full-data line over it (where the band closes in, the line stays seen).
    plt.plot(
        list(positions) + list(positions[::-1]),
        list(upper) + list(lower[::-1]),
        marker="braille",
        color="gray",
    )
    plt.plot(list(positions), [full] * len(positions), marker="braille", color="green")
    xs = np.repeat(positions, spread.losses.shape[1])
    plt.scatter(list(xs), list(spread.losses.ravel()), marker=_marker("•"), color="blue")
    here = float(np.log2(batch_size))
    plt.scatter([here], [batch_loss], marker=_marker("●"), color="red")
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    plt.ylim(bottom, top)
    plt.yticks(ticks, [tick_label(v, step) for v in ticks])
    ticks_x = list(positions[::2])
    plt.xticks(ticks_x, [str(int(s)) for s in spread.batch_sizes[::2]])
