"""Lesson 8's keys: one binding each, with the words the Footer, help and palette show.

The Footer shows only the four a run needs (start, pause, stop, learning rate), with
one-word descriptions, so that the app's "? Help" stays in sight at 100 columns; every other
key is ``show=False`` but still listed in the help and the command palette.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from tui_nn.i18n import N_

TRAINING_KEYS: list[BindingType] = [
    Binding(
        "s", "start", N_("Start"), tooltip=N_("Start training with the settings of the Setup view")
    ),
    Binding(
        "p",
        "pause",
        N_("Pause"),
        tooltip=N_("Pause the run (even inside a slow numerical step), or go on"),
    ),
    Binding(
        "x",
        "stop",
        N_("Stop"),
        tooltip=N_("Stop the run; the network keeps what it has learnt so far"),
    ),
    Binding(
        "l",
        "edit_learning_rate",
        N_("lr"),
        tooltip=N_("Type a new learning rate (also while training runs); Enter applies it"),
    ),
    Binding(
        "w",
        "save",
        N_("Save"),
        show=False,
        tooltip=N_("Save the trained network to your data folder"),
    ),
    Binding(
        "b",
        "preset('book')",
        N_("Book preset"),
        show=False,
        tooltip=N_("The book's settings: sigmoid, 50 hidden, std 0.01, lr 0.1"),
    ),
    Binding(
        "f",
        "preset('faster')",
        N_("Faster learner"),
        show=False,
        tooltip=N_("ReLU, He initialisation, 100 hidden units, lr 0.3"),
    ),
    Binding(
        "i",
        "inspect_next",
        N_("Switch inspect view"),
        show=False,
        tooltip=N_("Look inside: confusion matrix, test digits, first-layer weights"),
    ),
    Binding(
        "n",
        "next_mistake",
        N_("Next mistake"),
        show=False,
        tooltip=N_("Show the next test digit the network gets wrong"),
    ),
    Binding(
        "t",
        "test_digit",
        N_("Test digit on pad"),
        show=False,
        tooltip=N_("Put the next test image on the drawing pad, to compare with yours"),
    ),
    Binding(
        "o",
        "load",
        N_("Load net"),
        show=False,
        tooltip=N_("Load the network picked in the Files view"),
    ),
    Binding(
        "d",
        "download",
        N_("Download MNIST"),
        show=False,
        tooltip=N_("Download the real MNIST digits (about 11 MB)"),
    ),
    Binding(
        "u",
        "switch_data",
        N_("Switch data"),
        show=False,
        tooltip=N_("Train on the built-in digits or on real MNIST (when found)"),
    ),
    Binding("1", "tab(0)", N_("Setup view"), show=False),
    Binding("2", "tab(1)", N_("Train view"), show=False),
    Binding("3", "tab(2)", N_("Inspect view"), show=False),
    Binding("4", "tab(3)", N_("Draw view"), show=False),
    Binding("5", "tab(4)", N_("Files view"), show=False),
    Binding("left_square_bracket", "page(-1)", N_("Previous digits"), key_display="[", show=False),
    Binding("right_square_bracket", "page(1)", N_("Next digits"), key_display="]", show=False),
]
