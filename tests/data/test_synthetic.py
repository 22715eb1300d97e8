"""The built-in digits: MNIST-shaped, deterministic, varied, and learnable."""

from __future__ import annotations

import numpy as np
import pytest

from tui_nn.data.synthetic import builtin_digits, make_digits
from tui_nn.engine.nets import TwoLayerNet


@pytest.fixture(scope="module")
def full_set() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """60,000 + 10,000 built-in digits (how fast they are made: bench/builtin_digits.py)."""
    return builtin_digits()


def test_shapes_dtypes_and_ranges(full_set) -> None:
    (x_train, t_train), (x_test, t_test) = full_set
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert t_train.shape == (60000,) and t_test.shape == (10000,)
    for a in (x_train, t_train, x_test, t_test):
        assert a.dtype == np.uint8
    assert t_train.max() == 9 and t_train.min() == 0
    # every digit well represented, like MNIST's roughly 6,000 per class
    assert np.bincount(t_train, minlength=10).min() > 5000
    assert x_train.max() == 255


def test_look_like_mnist_strokes(full_set) -> None:
    (x_train, _), _ = full_set
    sample = x_train[:5000].astype(np.float64) / 255
    # MNIST: mean intensity ~0.13, ~19% of the pixels inked, empty border
    assert 0.08 < sample.mean() < 0.18
    assert 0.12 < (sample > 0).mean() < 0.28
    border = np.concatenate([sample[:, 0, :], sample[:, -1, :], sample[:, :, 0], sample[:, :, -1]])
    assert border.mean() < 0.01
    # every image has ink, centred near the middle (centre of mass, as MNIST)
    mass = sample.sum(axis=(1, 2))
    assert mass.min() > 10
    rows = (sample.sum(axis=2) * np.arange(28)).sum(axis=1) / mass
    cols = (sample.sum(axis=1) * np.arange(28)).sum(axis=1) / mass
    assert abs(rows.mean() - 13.5) < 0.5 and abs(cols.mean() - 13.5) < 0.5
    assert np.all(np.abs(rows - 13.5) < 5) and np.all(np.abs(cols - 13.5) < 5)


def test_deterministic_from_seed() -> None:
    a_images, a_labels = make_digits(300, seed=5)
    b_images, b_labels = make_digits(300, seed=5)
    np.testing.assert_array_equal(a_images, b_images)
    np.testing.assert_array_equal(a_labels, b_labels)
    c_images, _ = make_digits(300, seed=6)
    assert not np.array_equal(a_images, c_images)


def test_train_and_test_are_different_examples(full_set) -> None:
    (x_train, _), (x_test, _) = full_set
    train_rows = {row.tobytes() for row in x_train[:20000]}
    assert not any(row.tobytes() in train_rows for row in x_test[:2000])


def test_examples_of_a_digit_vary(full_set) -> None:
    (x_train, t_train), _ = full_set
    threes = x_train[t_train == 3][:200].reshape(200, -1).astype(np.float64)
    distinct = len({row.tobytes() for row in threes.astype(np.uint8)})
    assert distinct == 200
    # pixel-wise spread across examples is large, not a template plus noise
    assert threes.std(axis=0).max() > 90


def test_zero_and_bad_counts() -> None:
    images, labels = make_digits(0)
    assert images.shape == (0, 28, 28) and labels.shape == (0,)
    with pytest.raises(ValueError, match=">= 0"):
        make_digits(-1)


def test_a_small_net_learns_them_well_above_chance_but_not_perfectly(full_set) -> None:
    """Train a small TwoLayerNet on built-in digits and test it on held-out built-in digits."""
    (x_train, t_train), (x_test, t_test) = full_set
    x = x_train[:20000].reshape(-1, 784).astype(np.float64) / 255
    t = t_train[:20000]
    xt = x_test[:2000].reshape(-1, 784).astype(np.float64) / 255
    tt = t_test[:2000]
    rng = np.random.default_rng(0)
    net = TwoLayerNet(784, 50, 10, weight_init_std="he", rng=rng, activation="relu")
    for _ in range(150):
        batch = rng.integers(0, len(x), 100)
        grads = net.gradient(x[batch], t[batch])
        for key in ("W1", "b1", "W2", "b2"):
            net.params[key] -= 0.2 * grads[key]
    test_acc = net.accuracy(xt, tt)
    train_acc = net.accuracy(x[:2000], t[:2000])
    # chance is 0.10; the README reports what longer training reaches
    assert test_acc > 0.7, f"held-out accuracy {test_acc:.3f}: the digits are not learnable"
    assert train_acc < 0.97, f"train accuracy {train_acc:.3f} after 150 steps: too easy"


def test_not_trivially_separable(full_set) -> None:
    """Nearest class mean (matching against the average 0, 1, ... 9) is as hard as on MNIST.

    On real MNIST (same subset sizes) it scores about 0.77; digits that were one template plus noise
    would score near 1.0, and unreadable ones near 0.1.
    """
    (x_train, t_train), (x_test, t_test) = full_set
    x = x_train[:20000].reshape(-1, 784) / 255.0
    t = t_train[:20000]
    means = np.stack([x[t == d].mean(axis=0) for d in range(10)])
    xt = x_test[:2000].reshape(-1, 784) / 255.0
    dist = (xt**2).sum(1)[:, None] - 2 * xt @ means.T + (means**2).sum(1)[None, :]
    accuracy = float(np.mean(dist.argmin(axis=1) == t_test[:2000]))
    assert 0.6 < accuracy < 0.9, f"nearest-class-mean accuracy {accuracy:.3f}"
