"""Lesson 0's live step: features a person designs against features a network learns.

The lab (``f``) asks the data store for the digits, runs
:func:`tui_nn.engine.learning_steps.features_duel` on a worker thread (well
under a second on MNIST), and shows what this module draws: both accuracies
on the same test digits, and the first few digits with each side's guess.
"""

from __future__ import annotations

from rich.text import Text

from tui_nn.engine.learning_steps import FeaturesDuel
from tui_nn.i18n import N_, _, pad

FEATURES_TITLE = N_("Hand-made features against learned ones")
FEATURES_TEXT = N_(
    "A person chose two features: how much ink a digit has, and how much of it is in "
    "the top half. Each digit gets the class whose average features are nearest. "
    "The network gets only the raw pixels and learns its own features."
)


def duel_text(duel: FeaturesDuel | None, problem: str | None) -> Text:
    """The results of the duel (or what is happening while it runs)."""
    text = Text()
    if problem is not None:
        text.append(_("Could not compare: {reason}").format(reason=problem))
        return text
    if duel is None:
        text.append(_("Training a small network on the digits… (a second or two)"))
        return text
    label_width = 12
    rows = (
        (_("hand-made"), duel.hand_accuracy, duel.hand_guesses),
        (_("learned"), duel.learned_accuracy, duel.learned_guesses),
    )
    for name, accuracy, _guesses in rows:
        text.append(pad(name, label_width), style="bold")
        text.append(_("{percent} right").format(percent=f"{accuracy:6.1%}") + "\n")
    text.append("\n")
    text.append(_("The first test digits where the two answers differ:") + "\n")
    text.append(pad(_("digit"), label_width), style="bold")
    text.append(" ".join(f"{int(label)} " for label in duel.labels) + "\n")
    for name, _accuracy, guesses in rows:
        text.append(pad(name, label_width), style="bold")
        for guess, label in zip(guesses, duel.labels, strict=True):
            right = int(guess) == int(label)
            text.append(f"{int(guess)}")
            text.append("✓" if right else "✗", style="" if right else "bold reverse")
            text.append(" ")
        text.append("\n")
    text.append(_("✓ right guess, ✗ wrong guess"), style="dim")
    return text


def duel_note(duel: FeaturesDuel | None, source: str | None) -> Text:
    """How the duel was run: how many digits, how many steps, which data."""
    text = Text()
    if duel is None:
        return text
    text.append(_("on the same {n} test digits; the network learned from {m} digits "
                  "in {steps} steps").format(n=duel.test_size, m=duel.train_size,
                                             steps=duel.steps), style="dim")
    if source:
        text.append(f" · {source}", style="dim")
    return text
