"""The structured numerical gradient: the plain loop's numbers, recomputing only what changes."""

from __future__ import annotations

import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_nn.engine.gradient import Cancelled
from tui_nn.engine.nets import PARAM_NAMES, TwoLayerNet
from tui_nn.engine.structured import structured_gradient

H = 1e-4


def sparse_images(rng: np.random.Generator, n: int, pixels: int) -> np.ndarray:
    """MNIST-like inputs: most pixels exactly 0, the rest in (0, 1]."""
    x = rng.random((n, pixels))
    x[rng.random((n, pixels)) < 0.7] = 0.0
    return x


def largest_gap(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> float:
    return max(float(np.max(np.abs(a[k] - b[k]))) for k in PARAM_NAMES)


@settings(max_examples=40, deadline=None)
@given(
    inputs=st.integers(1, 12),
    hidden=st.integers(1, 8),
    classes=st.integers(2, 5),
    batch=st.integers(1, 6),
    activation=st.sampled_from(["sigmoid", "relu"]),
    delta=st.sampled_from([0.0, 1e-7]),
    targets=st.sampled_from(["labels", "one-hot", "soft"]),
    seed=st.integers(0, 2**16),
)
def test_structured_equals_plain_on_every_parameter(
    inputs, hidden, classes, batch, activation, delta, targets, seed
) -> None:
    rng = np.random.default_rng(seed)
    net = TwoLayerNet(inputs, hidden, classes, weight_init_std=0.8, rng=rng,
                      activation=activation)
    net.params["b1"] = rng.normal(0, 0.5, hidden)
    net.params["b2"] = rng.normal(0, 0.5, classes)
    x = sparse_images(rng, batch, inputs)
    labels = rng.integers(0, classes, batch)
    t: np.ndarray
    if targets == "labels":
        t = labels
    elif targets == "one-hot":
        t = np.eye(classes)[labels]
    else:
        t = rng.random((batch, classes)) + 0.1
        t /= t.sum(axis=1, keepdims=True)
    before = {k: v.copy() for k, v in net.params.items()}
    plain = net.numerical_gradient(x, t, delta=delta)
    structured = net.numerical_gradient(x, t, delta=delta, method="structured")
    for name in PARAM_NAMES:
        assert structured[name].shape == net.params[name].shape
        np.testing.assert_array_equal(net.params[name], before[name])
    assert largest_gap(plain, structured) < 1e-9


def central_difference(net: TwoLayerNet, x, t, name: str, index: tuple[int, ...]) -> float:
    """The book's central difference for one parameter, written out."""
    param = net.params[name]
    keep = param[index]
    param[index] = keep + H
    up = net.loss(x, t, delta=0.0)
    param[index] = keep - H
    down = net.loss(x, t, delta=0.0)
    param[index] = keep
    return (up - down) / (2 * H)


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_structured_on_the_lessons_network_matches_sampled_parameters(activation) -> None:
    """784-100-10 on a batch of 100: sampled parameters of all four arrays, and backprop."""
    rng = np.random.default_rng(7)
    net = TwoLayerNet(784, 100, 10, rng=rng, activation=activation,
                      weight_init_std="he" if activation == "relu" else 0.01)
    x = sparse_images(rng, 100, 784)
    x[:, :50] = 0.0  # some pixels are 0 in every image, as MNIST's borders
    t = rng.integers(0, 10, 100)
    grads = net.numerical_gradient(x, t, delta=0.0, method="structured")
    for name in PARAM_NAMES:
        shape = net.params[name].shape
        for flat in rng.choice(int(np.prod(shape)), 8, replace=False):
            index = np.unravel_index(flat, shape)
            expected = central_difference(net, x, t, name, index)
            assert abs(grads[name][index] - expected) < 1e-9, (name, index)
    np.testing.assert_array_equal(grads["W1"][:50], 0.0)  # a pixel that is always 0
    if activation == "sigmoid":  # relu's kinks make any numerical gradient differ a little
        assert largest_gap(grads, net.gradient(x, t)) < 1e-8


def test_small_chunks_give_the_same_gradient() -> None:
    rng = np.random.default_rng(3)
    net = TwoLayerNet(30, 6, 4, weight_init_std=0.5, rng=rng)
    x, t = sparse_images(rng, 9, 30), np.eye(4)[rng.integers(0, 4, 9)]
    big = structured_gradient(net.params, "sigmoid", x, t)
    tiny = structured_gradient(net.params, "sigmoid", x, t, chunk_elements=1)
    assert largest_gap(big, tiny) < 1e-12


def test_structured_progress_reaches_the_end_and_cancel_stops_it() -> None:
    rng = np.random.default_rng(4)
    net = TwoLayerNet(50, 20, 10, rng=rng)
    x, t = sparse_images(rng, 20, 50), rng.integers(0, 10, 20)
    calls: list[tuple[int, int]] = []
    net.numerical_gradient(x, t, method="structured",
                           on_progress=lambda done, total: calls.append((done, total)))
    total = net.parameter_count()
    assert calls[-1] == (total, total)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    with pytest.raises(Cancelled) as stop:
        net.numerical_gradient(x, t, method="structured", on_progress=lambda d, n: False)
    assert stop.value.total == total and stop.value.done < total


def test_a_bad_method_is_a_clear_error() -> None:
    net = TwoLayerNet(4, 3, 2, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="structured"):
        net.numerical_gradient(np.ones(4), 1, method="fast")


def test_structured_is_faster_by_a_wide_margin_on_a_tiny_net() -> None:
    """Not a time: a ratio, with the best of two runs each (the machine may be busy)."""
    rng = np.random.default_rng(5)
    net = TwoLayerNet(784, 10, 10, rng=rng)
    x, t = sparse_images(rng, 10, 784), rng.integers(0, 10, 10)

    def best(method: str) -> float:
        times = []
        for _ in range(2):
            start = time.perf_counter()
            net.numerical_gradient(x, t, method=method)
            times.append(time.perf_counter() - start)
        return min(times)

    assert best("plain") > 10 * best("structured")
