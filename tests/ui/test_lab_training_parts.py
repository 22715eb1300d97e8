"""The training lab's pure helpers: epoch sums, drawing preparation, smoothing, the worker loop."""

from __future__ import annotations

import numpy as np
import pytest

from tui_nn.engine.train import TrainConfig
from tui_nn.ui.labs.training_controls import (
    describe_duration,
    epoch_sentence,
    form_values,
    restore_form,
    saved_form,
)
from tui_nn.ui.labs.training_inspect import first_mistake_from, weight_images
from tui_nn.ui.labs.training_live import learning_problem, smooth, text_bar
from tui_nn.ui.widgets.confusion import worst_confusion
from tui_nn.ui.widgets.drawing_pad import mnist_like


def test_epoch_arithmetic_states_the_worked_examples() -> None:
    book = epoch_sentence(60_000, 100, 10_000)
    assert "60,000 images ÷ 100 per batch = 600 iterations" in book
    assert "10,000 iterations = 16.7 epochs" in book
    tutorial = epoch_sentence(10_000, 1_000, 1_000)
    assert "= 10 iterations;" in tutorial and "1,000 iterations = 100 epochs" in tutorial
    assert "(rounded down)" in epoch_sentence(200, 30, 60)  # 6 iterations, as the trainer counts
    assert "counts as one epoch" in epoch_sentence(200, 500, 10)


def test_describe_duration_in_human_units() -> None:
    assert describe_duration(12.0) == "12.0 s"
    assert describe_duration(12 * 10_000) == "33 hours"
    assert describe_duration(10 * 86_400) == "10 days"
    assert describe_duration(float("inf")) == "forever"


def test_form_values_show_all_training_images_as_the_full_size() -> None:
    values = form_values(TrainConfig.book())
    assert values["train_size"] == 60_000 and values["hidden_size"] == 50
    assert form_values(TrainConfig.book(), full_size=600)["train_size"] == 600
    small = TrainConfig(**{**TrainConfig.book().to_dict(), "train_size": 300})
    assert form_values(small, full_size=600)["train_size"] == 300
    assert "eval_size" not in values


def test_epoch_arithmetic_says_epoch_for_one() -> None:
    assert epoch_sentence(1_000, 100, 10).endswith("10 iterations = 1 epoch")
    assert epoch_sentence(1_000, 100, 20).endswith("20 iterations = 2 epochs")
    assert "1 iteration = 0.1 epochs" in epoch_sentence(1_000, 100, 1)


def test_mnist_like_centres_and_scales_a_small_corner_drawing() -> None:
    drawing = np.zeros((28, 28))
    drawing[2:8, 3:5] = 1.0  # a short stroke in the top-left corner
    image = mnist_like(drawing)
    assert image.dtype == np.uint8 and image.shape == (28, 28) and image.max() == 255
    ys, xs = np.indices(image.shape)
    weight = image.astype(float)
    centre = ((ys * weight).sum() / weight.sum(), (xs * weight).sum() / weight.sum())
    assert centre == pytest.approx((13.5, 13.5), abs=1.0)
    rows = np.flatnonzero(image.max(axis=1) > 40)
    assert 18 <= rows.max() - rows.min() + 1 <= 23  # scaled to a 20-pixel box (plus blur)
    assert not mnist_like(np.zeros((28, 28))).any()


def test_smooth_is_a_running_mean_that_skips_non_finite_values() -> None:
    values = np.array([1.0, 3.0, 5.0, 7.0, np.nan, 9.0])
    out = smooth(values, 2)
    assert out[:4] == pytest.approx([1.0, 2.0, 4.0, 6.0])
    assert out[4] == pytest.approx(7.0) and out[5] == pytest.approx(9.0)


def test_text_bar_fills_in_proportion() -> None:
    bar = text_bar(50, 100, 26)
    assert bar.startswith("█" * 10 + "░" * 10) and bar.endswith(" 50%") and len(bar) == 25


def test_mistakes_and_weights_helpers() -> None:
    labels = np.array([1, 2, 3, 4])
    guesses = np.array([1, 0, 3, 0])
    assert first_mistake_from(guesses, labels, 0) == 1
    assert first_mistake_from(guesses, labels, 2) == 3
    assert first_mistake_from(guesses, labels, 4) == 1  # wraps around
    assert first_mistake_from(labels, labels, 0) is None
    w1 = np.random.default_rng(0).normal(size=(784, 10))
    images = weight_images(w1, count=3)
    assert len(images) == 3 and all(im.min() == 0 and im.max() == 1 for im in images)
    matrix = np.diag([5, 5, 5])
    matrix[2, 0] = 4
    assert worst_confusion(matrix) == (2, 0, 4)
    assert worst_confusion(np.diag([1, 2])) is None


def test_learning_problem_only_when_the_loss_does_not_fall() -> None:
    falling = list(np.linspace(2.3, 0.3, 100))
    assert learning_problem(falling, 0.1) is None
    flat = [2.31, 2.29] * 50
    assert "too big" in (learning_problem(flat, 10.0) or "")
    assert "hardly fell" in (learning_problem(flat, 0.01) or "")


def test_lesson_text_try_this_names_the_labs_own_keys() -> None:
    import re
    from pathlib import Path

    from textual.binding import Binding

    from tui_nn.catalog import LESSONS
    from tui_nn.ui.labs.training import TrainingLab

    text = (Path(__file__).parents[2] / "lessons" / LESSONS[8].text_file).read_text("utf-8")
    try_this = text.split("## Try this", 1)[1]
    named = set(re.findall(r"\*\*(\w)\*\*", try_this))
    keys = {b.key for b in TrainingLab.BINDINGS if isinstance(b, Binding)}
    assert named and named <= keys
    assert "Pitfall" in text and 200 <= len(text.split()) <= 400
    for needle in ("600 iterations", "10 iterations", "100 epochs", "overfitting"):
        assert needle in text


def test_confusion_table_fits_a_narrow_lab_in_per_cent() -> None:
    from tui_nn.ui.widgets.confusion import confusion_text

    matrix = np.full((10, 10), 3)
    np.fill_diagonal(matrix, 1_010)
    wide = confusion_text(matrix).plain.splitlines()
    assert "1010" in wide[1] and max(map(len, wide)) > 47
    narrow = confusion_text(matrix, max_width=47).plain.splitlines()
    assert max(map(len, narrow)) <= 47
    row = narrow[1].split()
    assert row[0] == "0" and row[1] == str(round(100 * 1_010 / 1_037)) and row[2] == "0"
    assert "% of each true digit" in narrow[-1]


def test_the_form_is_remembered_as_json_and_bad_values_are_ignored() -> None:
    import json

    values = form_values(TrainConfig.faster_learner())
    saved = saved_form({**values, "train_size": None})
    assert json.loads(json.dumps(saved)) == saved
    restored = restore_form(form_values(TrainConfig.book()), saved)
    assert restored["activation"] == "relu" and restored["hidden_size"] == 100
    assert restored["learning_rate"] == 0.3 and restored["train_size"] == 60_000
    book = form_values(TrainConfig.book())
    bad = {"hidden_size": -3, "batch_size": "many", "learning_rate": float("nan"),
           "activation": "tanh", "seed": 1.5, "iterations": True}
    assert restore_form(book, bad) == book
