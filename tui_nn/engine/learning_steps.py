"""Small steps of learning behind the labs of lessons 0, 6 and 7 (second edition).

- ``gradient_step``: one step of gradient descent on a weight table, W - lr * dW
  (lesson 6 learns, one step at a time).
- ``loss_and_accuracy_nudges``: nudge one parameter of a TwoLayerNet a little at a
  time and measure both the loss and the accuracy on a batch (lesson 7: the
  loss moves at once, the accuracy stays flat and then jumps).
- ``hand_made_features`` / ``features_duel``: two features a person designs (how
  much ink, and how much of it is in the top half) against the features a small
  network learns from the raw pixels (lesson 0).

Plain NumPy and the standard library; no words for the learner.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from tui_nn.engine.nets import TwoLayerNet


def gradient_step(weights: np.ndarray, gradient: np.ndarray, lr: float) -> np.ndarray:
    """One step of gradient descent: ``weights - lr * gradient`` (a new array)."""
    weights = np.asarray(weights, dtype=float)
    gradient = np.asarray(gradient, dtype=float)
    if weights.shape != gradient.shape:
        raise ValueError(f"weights {weights.shape} and gradient {gradient.shape} differ")
    return weights - float(lr) * gradient


@dataclass(frozen=True)
class NudgePoint:
    """The loss and the accuracy of a batch after one parameter moved by ``offset``."""

    offset: float
    loss: float
    accuracy: float


def loss_and_accuracy_nudges(
    net: TwoLayerNet,
    x: np.ndarray,
    t: np.ndarray,
    name: str,
    index: tuple[int, ...],
    offsets: list[float] | np.ndarray,
) -> list[NudgePoint]:
    """For each offset: parameter ``name[index]`` moved by it, the batch's loss and accuracy.

    Works on a copy: ``net`` is not changed.
    """
    probe = copy.deepcopy(net)
    weights = probe.params[name]
    start = float(weights[index])
    points: list[NudgePoint] = []
    for offset in offsets:
        weights[index] = start + float(offset)
        points.append(NudgePoint(float(offset), float(probe.loss(x, t, delta=1e-7)),
                                 float(probe.accuracy(x, t))))
    weights[index] = start
    return points


# -- lesson 0: hand-made features against learned ones ---------------------------------


def hand_made_features(images: np.ndarray) -> np.ndarray:
    """Two features a person might design, per image: the ink, and the share of it on top.

    ``images``: (N, 28, 28) or (N, 784), pixel values 0..255 or 0..1.  Returns
    (N, 2): the fraction of pixels that are inked (above half), and the
    fraction of the ink that is in the top half of the image.
    """
    pictures = np.asarray(images, dtype=float).reshape(len(images), 28, 28)
    if pictures.max(initial=0.0) > 1.0:
        pictures = pictures / 255.0
    inked = pictures > 0.5
    ink = inked.reshape(len(images), -1).sum(axis=1)
    top = inked[:, :14, :].reshape(len(images), -1).sum(axis=1)
    return np.stack([ink / 784.0, top / np.maximum(ink, 1)], axis=1)


@dataclass(frozen=True)
class FeaturesDuel:
    """How well hand-made features and learned ones tell digits apart, on the same test images."""

    hand_accuracy: float
    learned_accuracy: float
    hand_guesses: np.ndarray  # (shown,) the guesses for the first test images they differ on
    learned_guesses: np.ndarray
    labels: np.ndarray  # the right answers of those images
    features: np.ndarray  # (shown, 2) the hand-made features of those images
    train_size: int
    test_size: int
    steps: int


def features_duel(
    x_train: np.ndarray,
    t_train: np.ndarray,
    x_test: np.ndarray,
    t_test: np.ndarray,
    rng: np.random.Generator,
    *,
    train_size: int = 2000,
    test_size: int = 500,
    steps: int = 300,
    hidden: int = 30,
    lr: float = 0.5,
    batch: int = 100,
    shown: int = 10,
) -> FeaturesDuel:
    """Hand-made features (nearest class average) against a 784-hidden-10 network.

    The person's side: each digit class's average of the two
    ``hand_made_features``; a test image gets the class whose average is
    nearest (features scaled to the same spread).  The learned side: a
    TwoLayerNet trained from the raw pixels for ``steps`` minibatch steps of
    gradient descent (backpropagation).  Both are scored on the same test images.
    """
    x_tr = np.asarray(x_train[:train_size], dtype=float).reshape(-1, 784) / 255.0
    t_tr = np.asarray(t_train[:train_size]).astype(np.int64)
    x_te = np.asarray(x_test[:test_size], dtype=float).reshape(-1, 784) / 255.0
    t_te = np.asarray(t_test[:test_size]).astype(np.int64)

    f_tr, f_te = hand_made_features(x_tr), hand_made_features(x_te)
    spread = f_tr.std(axis=0)
    spread[spread == 0] = 1.0
    classes = np.unique(t_tr)
    centres = np.stack([f_tr[t_tr == c].mean(axis=0) for c in classes]) / spread
    distances = ((f_te / spread)[:, None, :] - centres[None, :, :]) ** 2
    hand = classes[np.argmin(distances.sum(axis=2), axis=1)]

    net = TwoLayerNet(784, hidden, 10, rng=rng)
    for _ in range(steps):
        chosen = rng.choice(len(x_tr), size=min(batch, len(x_tr)), replace=False)
        grads = net.gradient(x_tr[chosen], t_tr[chosen])
        for key, grad in grads.items():
            net.params[key] -= lr * grad
    learned = np.argmax(net.predict(x_te), axis=1)
    # The first ``shown`` test images where the two sides answer differently (then the
    # first others, if there are not that many): where one of them is wrong.
    differ = np.flatnonzero(hand != learned)
    same = np.flatnonzero(hand == learned)
    firsts = np.concatenate([differ, same])[:shown]
    return FeaturesDuel(
        hand_accuracy=float(np.mean(hand == t_te)),
        learned_accuracy=float(np.mean(learned == t_te)),
        hand_guesses=hand[firsts],
        learned_guesses=learned[firsts],
        labels=t_te[firsts],
        features=f_te[firsts],
        train_size=len(x_tr),
        test_size=len(x_te),
        steps=steps,
    )
