"""The small learning steps behind lessons 0, 6 and 7 (second edition)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from tui_nn.data.synthetic import builtin_digits
from tui_nn.engine.experiments import REFERENCE_W
from tui_nn.engine.labels import one_hot
from tui_nn.engine.learning_steps import (
    features_duel,
    gradient_step,
    hand_made_features,
    loss_and_accuracy_nudges,
)
from tui_nn.engine.nets import SimpleNet, TwoLayerNet


def test_gradient_step_moves_against_the_gradient_and_lowers_simplenet_s_loss() -> None:
    net = SimpleNet(W=REFERENCE_W.copy())
    x, t = np.array([0.6, 0.9]), one_hot(2, 3)
    dw = net.numerical_gradient(x, t)
    stepped = gradient_step(net.W, dw, 0.5)
    np.testing.assert_allclose(stepped, REFERENCE_W - 0.5 * dw)
    losses = [net.loss(x, t)]
    for _ in range(5):
        net.W = gradient_step(net.W, net.numerical_gradient(x, t), 0.5)
        losses.append(net.loss(x, t))
    assert all(b < a for a, b in itertools.pairwise(losses))
    with pytest.raises(ValueError):
        gradient_step(np.zeros((2, 3)), np.zeros(3), 0.1)


def test_a_tiny_nudge_moves_the_loss_but_not_the_accuracy() -> None:
    rng = np.random.default_rng(3)
    x = rng.random((50, 784))
    t = rng.integers(0, 10, 50)
    net = TwoLayerNet(784, 20, 10, rng=np.random.default_rng(0))
    before = net.params["W2"].copy()
    points = loss_and_accuracy_nudges(net, x, t, "W2", (0, 0), [0.0, 0.001, 0.002])
    np.testing.assert_array_equal(net.params["W2"], before)  # the net is not changed
    assert points[0].loss == pytest.approx(net.loss(x, t))
    assert points[0].accuracy == net.accuracy(x, t)
    assert len({p.loss for p in points}) == 3  # the loss moves at every nudge
    assert len({p.accuracy for p in points}) == 1  # the accuracy does not
    far = loss_and_accuracy_nudges(net, x, t, "b2", (0,), [0.0, 50.0])
    assert far[1].accuracy != far[0].accuracy  # a big enough change flips guesses: a jump


def test_hand_made_features_are_ink_and_the_share_on_top() -> None:
    image = np.zeros((1, 28, 28), dtype=np.uint8)
    image[0, 2:6, 10:14] = 255  # 16 inked pixels, all in the top half
    image[0, 20:22, 10:14] = 200  # 8 more, in the bottom half
    features = hand_made_features(image)
    np.testing.assert_allclose(features, [[24 / 784, 16 / 24]])


def test_learned_features_beat_hand_made_ones_on_the_same_test_digits() -> None:
    (x_train, t_train), (x_test, t_test) = builtin_digits(600, 200, seed=1)
    duel = features_duel(x_train, t_train, x_test, t_test, np.random.default_rng(0),
                         train_size=600, test_size=200, steps=150)
    assert duel.test_size == 200 and duel.train_size == 600
    assert 0.0 <= duel.hand_accuracy < duel.learned_accuracy <= 1.0
    # the digits shown are the first ones where the two sides answer differently
    assert len(duel.labels) == 10 and np.all(duel.hand_guesses != duel.learned_guesses)
    again = features_duel(x_train, t_train, x_test, t_test, np.random.default_rng(0),
                          train_size=600, test_size=200, steps=150)
    assert again.learned_accuracy == duel.learned_accuracy  # the Generator decides, nothing else
