"""SimpleNet and TwoLayerNet: LESSONS.md sections 6 and 7, and a gradient check."""

import numpy as np
import pytest

from tui_nn.engine.functions import sigmoid, softmax
from tui_nn.engine.gradient import Cancelled, numerical_gradient
from tui_nn.engine.losses import cross_entropy_error
from tui_nn.engine.nets import SimpleNet, TwoLayerNet

W_REF = np.array([[-0.98857721, -1.19498403, 1.7798275], [1.92945432, 2.08198445, 0.48024869]])
X_REF = np.array([0.6, 0.9])
T_REF = np.array([0, 0, 1])
DW_REF = np.array([[0.17430645, 0.17666371, -0.35097016], [0.26145968, 0.26499557, -0.52645524]])

# ---------------------------------------------------------------------------
# SimpleNet (section 6)


def test_simplenet_predict_reference() -> None:
    net = SimpleNet(W_REF)
    p = net.predict(X_REF)
    np.testing.assert_allclose(p, [1.14336256, 1.15679559, 1.50012032], rtol=5e-9)
    assert np.argmax(p) == 2


def test_simplenet_loss_reference_with_and_without_delta() -> None:
    net = SimpleNet(W_REF)
    assert net.loss(X_REF, T_REF, delta=0.0) == pytest.approx(0.8793569, abs=5e-8)
    assert net.loss(X_REF, T_REF) == pytest.approx(0.8793567, abs=5e-8)
    assert net.loss(X_REF, 2) == net.loss(X_REF, T_REF)


def test_simplenet_dw_reference_without_delta() -> None:
    net = SimpleNet(W_REF)
    dw = net.numerical_gradient(X_REF, T_REF, delta=0.0)
    np.testing.assert_allclose(dw, DW_REF, atol=5e-9)
    np.testing.assert_allclose(dw.sum(axis=1), 0.0, atol=1e-8)  # each row sums to 0
    np.testing.assert_array_equal(net.W, W_REF)  # W put back


def test_simplenet_dw_with_delta_is_slightly_smaller() -> None:
    net = SimpleNet(W_REF)
    dw = net.numerical_gradient(X_REF, T_REF)
    # delta shrinks the slope of -log(y) by a factor y / (y + delta): about 3e-7 here.
    np.testing.assert_allclose(dw, DW_REF, rtol=1e-6)
    assert np.all(np.abs(dw) < np.abs(DW_REF))
    np.testing.assert_allclose(dw.sum(axis=1), 0.0, atol=1e-8)


def test_simplenet_dw_matches_the_book_pattern_and_exact_gradient() -> None:
    net = SimpleNet(W_REF)
    book = numerical_gradient(lambda _: net.loss(X_REF, T_REF, delta=0.0), net.W)
    np.testing.assert_array_equal(book, net.numerical_gradient(X_REF, T_REF, delta=0.0))
    exact = np.outer(X_REF, softmax(X_REF @ W_REF) - T_REF)  # x.T @ (y - t)
    np.testing.assert_allclose(book, exact, atol=1e-9)


def test_simplenet_random_weights_come_from_the_generator() -> None:
    a = SimpleNet(rng=np.random.default_rng(42))
    b = SimpleNet(rng=np.random.default_rng(42))
    assert a.W.shape == (2, 3) and a.W.dtype == np.float64
    np.testing.assert_array_equal(a.W, b.W)
    np.testing.assert_array_equal(a.W, np.random.default_rng(42).standard_normal((2, 3)))


def test_simplenet_copies_and_converts_w() -> None:
    w = np.array([[1, 2, 3], [4, 5, 6]])
    net = SimpleNet(w)
    assert net.W.dtype == np.float64
    net.W[0, 0] = 9.0
    assert w[0, 0] == 1
    # an integer W assigned later still gives a real gradient, not zeros
    net.W = np.array([[1, 0, 0], [0, 1, 0]])
    assert np.abs(net.numerical_gradient(X_REF, T_REF)).max() > 0.1


# ---------------------------------------------------------------------------
# TwoLayerNet (section 7)


def test_two_layer_net_shapes_and_parameter_count() -> None:
    net = TwoLayerNet(784, 100, 10, rng=np.random.default_rng(0))
    shapes = {name: p.shape for name, p in net.params.items()}
    assert shapes == {"W1": (784, 100), "b1": (100,), "W2": (100, 10), "b2": (10,)}
    assert all(p.dtype == np.float64 for p in net.params.values())
    assert net.parameter_count() == 79_510
    assert TwoLayerNet(784, 50, 10, rng=np.random.default_rng(0)).parameter_count() == 39_760


def test_two_layer_net_initialisation() -> None:
    net = TwoLayerNet(784, 100, 10, weight_init_std=0.01, rng=np.random.default_rng(0))
    rng = np.random.default_rng(0)
    np.testing.assert_array_equal(net.params["W1"], 0.01 * rng.standard_normal((784, 100)))
    np.testing.assert_array_equal(net.params["W2"], 0.01 * rng.standard_normal((100, 10)))
    assert not net.params["b1"].any() and not net.params["b2"].any()
    for init, scale in (("xavier", 1.0), ("he", 2.0)):
        net = TwoLayerNet(784, 100, 10, weight_init_std=init, rng=np.random.default_rng(1))
        assert net.params["W1"].std() == pytest.approx(np.sqrt(scale / 784), rel=0.02)
        assert net.params["W2"].std() == pytest.approx(np.sqrt(scale / 100), rel=0.1)


def test_two_layer_net_forward_is_the_books_formula() -> None:
    rng = np.random.default_rng(3)
    net = TwoLayerNet(6, 4, 3, weight_init_std=1.0, rng=rng)
    net.params["b1"][:] = rng.standard_normal(4)
    net.params["b2"][:] = rng.standard_normal(3)
    x = rng.standard_normal((5, 6))
    p = net.params
    expected = softmax(sigmoid(x @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"])
    np.testing.assert_allclose(net.predict(x), expected, rtol=1e-14)
    np.testing.assert_allclose(net.predict(x[0]), expected[0], rtol=1e-14)
    relu_net = TwoLayerNet(6, 4, 3, weight_init_std=1.0, rng=rng, activation="relu")
    q = relu_net.params
    expected = softmax(np.maximum(0, x @ q["W1"] + q["b1"]) @ q["W2"] + q["b2"])
    np.testing.assert_allclose(relu_net.predict(x), expected, rtol=1e-14)


def test_two_layer_net_loss_and_accuracy() -> None:
    rng = np.random.default_rng(4)
    net = TwoLayerNet(784, 100, 10, rng=rng)
    x = rng.random((100, 784))
    labels = rng.integers(0, 10, 100)
    one_hot = np.eye(10)[labels]
    # tiny weights: every class gets about 1/10, so the loss is about log(10)
    assert net.loss(x, labels) == pytest.approx(np.log(10), abs=0.01)
    assert net.loss(x, labels) == pytest.approx(net.loss(x, one_hot), rel=1e-14)
    assert net.loss(x, labels) == pytest.approx(
        cross_entropy_error(net.predict(x), labels), rel=1e-14
    )
    acc = net.accuracy(x, labels)
    assert acc == net.accuracy(x, one_hot)
    assert acc == np.mean(np.argmax(net.predict(x), axis=1) == labels)
    # integer pixel values (uint8 images) work too
    assert np.isfinite(net.loss((x * 255).astype(np.uint8), labels))


def test_accuracy_counts_right_answers() -> None:
    net = TwoLayerNet(2, 3, 2, weight_init_std=1.0, rng=np.random.default_rng(5))
    x = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 2.0]])
    predicted = np.argmax(net.predict(x), axis=1)
    assert net.accuracy(x, predicted) == 1.0
    assert net.accuracy(x, 1 - predicted) == 0.0
    assert net.accuracy(x, np.concatenate([predicted[:1], 1 - predicted[1:]])) == 0.25


def test_loss_and_gradient_is_loss_plus_gradient() -> None:
    rng = np.random.default_rng(6)
    net = TwoLayerNet(8, 5, 3, weight_init_std=0.5, rng=rng)
    x, t = rng.standard_normal((4, 8)), rng.integers(0, 3, 4)
    loss, grads = net.loss_and_gradient(x, t)
    assert loss == net.loss(x, t)
    for name, g in net.gradient(x, t).items():
        np.testing.assert_array_equal(g, grads[name])
        assert g.shape == net.params[name].shape


# ---------------------------------------------------------------------------
# Gradient check: backprop against the numerical gradient


def relative_difference(a: np.ndarray, b: np.ndarray) -> float:
    """Largest difference, relative to the largest entry of either gradient."""
    scale = max(np.abs(a).max(), np.abs(b).max(), 1e-12)
    return float(np.abs(a - b).max() / scale)


def _random_case(shape, activation, seed, batch):
    """A random net and batch; for relu, one whose hidden inputs stay clear of the
    kink at 0 (where the slope jumps and a numerical gradient is meaningless)."""
    input_size, hidden_size, output_size = shape
    for attempt in range(100):
        rng = np.random.default_rng([seed, attempt])
        net = TwoLayerNet(*shape, weight_init_std=0.8, rng=rng, activation=activation)
        net.params["b1"][:] = rng.standard_normal(hidden_size) * 0.5
        net.params["b2"][:] = rng.standard_normal(output_size) * 0.5
        x = rng.standard_normal((batch, input_size))
        t = rng.integers(0, output_size, batch)
        a1 = x @ net.params["W1"] + net.params["b1"]
        if activation == "sigmoid" or np.abs(a1).min() > 1e-2:
            return net, x, t
    raise AssertionError("no kink-free case found")


SHAPES = [(2, 3, 2), (5, 4, 3), (10, 7, 4), (4, 6, 10), (12, 3, 5)]


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("batch", [1, 6])
def test_backprop_matches_numerical_gradient(shape, activation, batch) -> None:
    net, x, t = _random_case(shape, activation, seed=sum(shape) * 10 + batch, batch=batch)
    before = {k: v.copy() for k, v in net.params.items()}
    backprop = net.gradient(x, t)
    numeric = net.numerical_gradient(x, t, delta=0.0)
    for name in ("W1", "b1", "W2", "b2"):
        assert relative_difference(backprop[name], numeric[name]) < 1e-6, name
        np.testing.assert_array_equal(net.params[name], before[name])


def test_backprop_matches_numerical_gradient_one_hot_and_default_delta() -> None:
    rng = np.random.default_rng(7)
    net = TwoLayerNet(6, 5, 3, rng=rng)  # the book's small init: y is near 1/3
    x = rng.random((4, 6))
    t = np.eye(3)[rng.integers(0, 3, 4)]
    backprop = net.gradient(x, t)
    numeric = net.numerical_gradient(x, t)  # delta = 1e-7, as the book
    exact = net.numerical_gradient(x, t, delta=0.0)
    for name in backprop:
        # delta changes the slope by about 1e-7 / y = 3e-7, relatively
        assert relative_difference(backprop[name], numeric[name]) < 1e-6, name
        # without delta, the difference is what lesson 7 shows: about 1e-10 or smaller
        assert np.abs(backprop[name] - exact[name]).max() < 1e-9, name


def test_numerical_gradient_matches_the_generic_function() -> None:
    rng = np.random.default_rng(8)
    net = TwoLayerNet(3, 4, 2, rng=rng, weight_init_std=1.0)
    x, t = rng.standard_normal((2, 3)), np.array([0, 1])
    grads = net.numerical_gradient(x, t)
    for name, param in net.params.items():
        generic = numerical_gradient(lambda _: net.loss(x, t), param)
        np.testing.assert_array_equal(grads[name], generic)


def test_numerical_gradient_progress_and_cancel() -> None:
    rng = np.random.default_rng(9)
    net = TwoLayerNet(4, 3, 2, rng=rng)
    x, t = rng.random((2, 4)), np.array([1, 0])
    total = net.parameter_count()
    calls = []
    net.numerical_gradient(x, t, on_progress=lambda d, n: calls.append((d, n)))
    assert calls[-1] == (total, total)
    done = [d for d, _ in calls]
    assert done == sorted(done) and all(n == total for _, n in calls)
    assert (4 * 3 + 1) in done  # the first entry of b1 counts on from W1's 12

    before = {k: v.copy() for k, v in net.params.items()}
    with pytest.raises(Cancelled) as info:
        net.numerical_gradient(x, t, on_progress=lambda d, n: d <= 12)
    assert (info.value.done, info.value.total) == (13, total)
    for name, value in before.items():
        np.testing.assert_array_equal(net.params[name], value)


def test_numerical_gradient_works_after_params_replaced_by_integers() -> None:
    net = TwoLayerNet(2, 2, 2, rng=np.random.default_rng(10))
    net.params["W1"] = np.array([[1, 0], [0, 1]])
    x, t = np.array([[0.5, -0.5]]), np.array([1])
    numeric = net.numerical_gradient(x, t, delta=0.0)
    assert relative_difference(net.gradient(x, t)["W1"], numeric["W1"]) < 1e-6
    assert np.abs(numeric["W1"]).max() > 0


def test_seeded_nets_are_reproducible() -> None:
    a = TwoLayerNet(5, 4, 3, rng=np.random.default_rng(11))
    b = TwoLayerNet(5, 4, 3, rng=np.random.default_rng(11))
    for name in a.params:
        np.testing.assert_array_equal(a.params[name], b.params[name])
