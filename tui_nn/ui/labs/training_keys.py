"""Lesson 8's keys: one binding each, with the words the Footer, help and palette show."""

from __future__ import annotations

from textual.binding import Binding, BindingType

TRAINING_KEYS: list[BindingType] = [
    Binding(
        "s", "start", "Start", tooltip="Start training with the settings of the Setup view"
    ),
    Binding(
        "p",
        "pause",
        "Pause",
        tooltip="Pause the run (even inside a slow numerical step), or go on",
    ),
    Binding(
        "x", "stop", "Stop", tooltip="Stop the run; the network keeps what it has learnt so far"
    ),
    Binding(
        "b",
        "preset('book')",
        "Book preset",
        show=False,
        tooltip="The book's settings: sigmoid, 50 hidden, std 0.01, lr 0.1",
    ),
    Binding(
        "f",
        "preset('faster')",
        "Faster",
        tooltip="ReLU, He initialisation, 100 hidden units, lr 0.3",
    ),
    Binding(
        "i",
        "inspect_next",
        "Switch inspect view",
        show=False,
        tooltip="Look inside: confusion matrix, test digits, first-layer weights",
    ),
    Binding(
        "l",
        "edit_learning_rate",
        "lr",
        tooltip="Type a new learning rate (also while training runs); Enter applies it",
    ),
    Binding(
        "n",
        "next_mistake",
        "Mistake",
        tooltip="Show the next test digit the network gets wrong",
    ),
    Binding(
        "t",
        "test_digit",
        "Test digit on pad",
        show=False,
        tooltip="Put the next test image on the drawing pad, to compare with yours",
    ),
    Binding("w", "save", "Save", tooltip="Save the trained network to your data folder"),
    Binding(
        "o", "load", "Load net", show=False, tooltip="Load the network picked in the Files view"
    ),
    Binding(
        "d",
        "download",
        "Download MNIST",
        show=False,
        tooltip="Download the real MNIST digits (about 11 MB)",
    ),
    Binding(
        "u",
        "switch_data",
        "Switch data",
        show=False,
        tooltip="Train on the built-in digits or on real MNIST (when found)",
    ),
    Binding("1", "tab(0)", "Setup view", show=False),
    Binding("2", "tab(1)", "Train view", show=False),
    Binding("3", "tab(2)", "Inspect view", show=False),
    Binding("4", "tab(3)", "Draw view", show=False),
    Binding("5", "tab(4)", "Files view", show=False),
    Binding("left_square_bracket", "page(-1)", "Previous digits", key_display="[", show=False),
    Binding("right_square_bracket", "page(1)", "Next digits", key_display="]", show=False),
]
