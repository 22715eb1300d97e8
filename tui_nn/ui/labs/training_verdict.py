"""The loss curve's verdict (:mod:`tui_nn.engine.curve`) in words, during a run and after it."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tui_nn.engine.curve import Curve, judge_curve, random_guess_loss, stretch_means
from tui_nn.i18n import _

BIG_LR = 1.0  # from this learning rate on, a curve in trouble is blamed on the step size


def curve_words(losses: Sequence[float], learning_rate: float, *, ended: bool) -> str:
    """What the loss curve says so far (``ended``: the run is over), or "" for too few losses."""
    data = np.asarray(losses, dtype=float)
    verdict = judge_curve(data)
    if verdict in (Curve.TOO_SHORT, Curve.DIVERGED):
        return ""  # a diverged run gets its own sentence from the lab
    means = stretch_means(data, min(10, data.size // 10))
    first, last = float(means[0]), float(means[-1])
    lr = f"{learning_rate:g}"
    big = learning_rate >= BIG_LR
    try_smaller = _("A learning rate of {lr} is too big: every step overshoots. Try 0.1.").format(
        lr=lr
    )
    if verdict is Curve.NOT_FALLING:
        if big:
            return (
                _("The loss is not falling (about {last}; random guessing scores {guess}).").format(
                    last=f"{last:.2f}", guess=f"{random_guess_loss():.2f}"
                )
                + " "
                + try_smaller
            )
        if ended:
            return _(
                "The loss hardly fell ({first} → {last}): "
                "try more iterations or a larger learning rate."
            ).format(first=f"{first:.2f}", last=f"{last:.2f}")
        return _("The loss has not started to fall yet ({first} → {last}).").format(
            first=f"{first:.2f}", last=f"{last:.2f}"
        )
    if verdict is Curve.NOT_SETTLING:
        sentence = (
            _("The loss did not settle: it stalled, even climbed, then dropped in sudden steps.")
            if ended
            else _("The loss is not settling: it stalls, even climbs, then drops in sudden steps.")
        )
        return sentence + " " + (try_smaller if big else _("Try a smaller learning rate."))
    if verdict is Curve.OSCILLATING:
        sentence = _("The loss keeps jumping back up towards {first} instead of settling.").format(
            first=f"{first:.2f}"
        )
        return sentence + " " + (try_smaller if big else _("Try a smaller learning rate."))
    if verdict is Curve.RISING:
        sentence = _(
            "The loss is rising ({first} → {last}): the steps throw the network out of the valley."
        ).format(first=f"{first:.2f}", last=f"{last:.2f}")
        return sentence + " " + (try_smaller if big else _("Try a smaller learning rate."))
    if verdict is Curve.FALLING:
        return _("The loss is falling steadily ({first} → {last}).").format(
            first=f"{first:.2f}", last=f"{last:.2f}"
        )
    return _("The loss fell ({first} → {last}) and has levelled off.").format(
        first=f"{first:.2f}", last=f"{last:.2f}"
    )


def curve_trouble(losses: Sequence[float]) -> bool:
    """True when the curve says the run is not learning well (the words are a warning)."""
    return judge_curve(np.asarray(losses, dtype=float)).trouble
