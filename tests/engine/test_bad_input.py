"""Bad input gets a ValueError that names the problem, never a crash or a warning."""

import numpy as np
import pytest

from tui_nn.engine.functions import relu, sigmoid, softmax
from tui_nn.engine.gradient import numerical_diff, numerical_gradient
from tui_nn.engine.losses import cross_entropy_error, mean_squared_error
from tui_nn.engine.pitfalls import cross_entropy_without_delta

NOT_NUMBERS = [["a", "b"], "text", None, [1.0, None], [[1.0, 2.0], [3.0]], [1 + 2j]]


@pytest.mark.parametrize("function", [sigmoid, relu, softmax])
@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_activations_reject_non_numbers(function, value) -> None:
    with pytest.raises(ValueError, match="x must"):
        function(value)


@pytest.mark.parametrize("function", [sigmoid, relu, softmax])
def test_activations_reject_empty(function) -> None:
    with pytest.raises(ValueError, match="x is empty"):
        function(np.array([]))


@pytest.mark.parametrize("loss", [mean_squared_error, cross_entropy_error])
def test_losses_reject_mismatched_shapes(loss) -> None:
    with pytest.raises(ValueError, match=r"shape \(3,\)"):
        loss(np.array([0.2, 0.3, 0.5]), np.array([0.0, 1.0]))


def test_cross_entropy_mismatch_message_explains_both_forms() -> None:
    with pytest.raises(ValueError, match=r"one-hot.*class labels"):
        cross_entropy_error(np.full((4, 3), 1 / 3), np.zeros((4, 2)))
    with pytest.raises(ValueError, match="y must be one prediction"):
        cross_entropy_error(np.full((2, 2, 2), 0.5), np.zeros((2, 2, 2)))


def test_pitfall_loss_rejects_mismatched_shapes() -> None:
    with pytest.raises(ValueError, match="same shape"):
        cross_entropy_without_delta([0.5, 0.5], [1, 0, 0])


@pytest.mark.parametrize("loss", [mean_squared_error, cross_entropy_error])
def test_losses_reject_empty_and_text(loss) -> None:
    with pytest.raises(ValueError, match="y is empty"):
        loss(np.array([]), np.array([]))
    with pytest.raises(ValueError, match="y must contain numbers"):
        loss(["a"], [1])
    with pytest.raises(ValueError, match="t must contain numbers"):
        loss([1.0], ["a"])


def test_cross_entropy_rejects_negative_delta() -> None:
    with pytest.raises(ValueError, match="delta"):
        cross_entropy_error([0.5, 0.5], [1, 0], delta=-1.0)


@pytest.mark.parametrize("h", [0.0, -1e-4, np.nan, np.inf, "small"])
def test_step_must_be_positive(h) -> None:
    with pytest.raises(ValueError, match="h must"):
        numerical_diff(lambda x: x, 1.0, h=h)
    with pytest.raises(ValueError, match="h must"):
        numerical_gradient(lambda x: x[0], np.array([1.0]), h=h)


def test_numerical_diff_rejects_bad_x_method_and_f() -> None:
    with pytest.raises(ValueError, match="x must be a single number"):
        numerical_diff(lambda x: x, [1.0, 2.0])
    with pytest.raises(ValueError, match="x must contain numbers"):
        numerical_diff(lambda x: x, "five")
    with pytest.raises(ValueError, match="method"):
        numerical_diff(lambda x: x, 1.0, method="backward")
    with pytest.raises(ValueError, match="f must return a single number"):
        numerical_diff(lambda x: "oops", 1.0)


def test_numerical_gradient_rejects_empty_text_and_non_scalar_f() -> None:
    with pytest.raises(ValueError, match="x is empty"):
        numerical_gradient(np.sum, np.array([]))
    with pytest.raises(ValueError, match="x must contain numbers"):
        numerical_gradient(np.sum, ["a", "b"])
    x = np.array([1.0, 2.0])
    with pytest.raises(ValueError, match="f must return a single number"):
        numerical_gradient(lambda v: v * 2, x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


# ---------------------------------------------------------------------------
# Networks


def _small_net():
    from tui_nn.engine.nets import TwoLayerNet

    return TwoLayerNet(4, 3, 2, rng=np.random.default_rng(0))


@pytest.mark.parametrize("method", ["predict", "loss", "accuracy", "gradient"])
def test_two_layer_net_rejects_wrong_input_width(method) -> None:
    net = _small_net()
    args = (np.zeros((2, 5)),) if method == "predict" else (np.zeros((2, 5)), [0, 1])
    with pytest.raises(ValueError, match=r"x must have 4 values per example.*\(2, 5\)"):
        getattr(net, method)(*args)


def test_two_layer_net_rejects_mismatched_targets() -> None:
    net = _small_net()
    x = np.zeros((3, 4))
    with pytest.raises(ValueError, match=r"for 3 example\(s\).*shape \(2,\)"):
        net.loss(x, [0, 1])
    with pytest.raises(ValueError, match=r"shape \(3, 3\)"):
        net.gradient(x, np.zeros((3, 3)))
    with pytest.raises(ValueError, match="from 0 to 1"):
        net.accuracy(x, [0, 1, 2])
    with pytest.raises(ValueError, match="t must contain numbers"):
        net.numerical_gradient(x, ["a", "b", "c"])


def test_two_layer_net_rejects_empty_and_text() -> None:
    net = _small_net()
    with pytest.raises(ValueError, match="x is empty"):
        net.predict(np.zeros((0, 4)))
    with pytest.raises(ValueError, match="x must contain numbers"):
        net.loss([["a"] * 4], [0])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"hidden_size": 0}, "hidden_size must be at least 1"),
        ({"input_size": 2.5}, "input_size must be a whole number"),
        ({"output_size": -1}, "output_size must be 0 or more"),
        ({"activation": "tanh"}, "activation"),
        ({"weight_init_std": "glorot"}, "xavier"),
        ({"weight_init_std": -0.1}, "weight_init_std"),
        ({"weight_init_std": np.nan}, "weight_init_std"),
    ],
)
def test_two_layer_net_rejects_bad_settings(kwargs, message) -> None:
    from tui_nn.engine.nets import TwoLayerNet

    settings = {"input_size": 4, "hidden_size": 3, "output_size": 2, **kwargs}
    with pytest.raises(ValueError, match=message):
        TwoLayerNet(**settings)


def test_nan_weights_give_nan_loss_without_warning() -> None:
    net = _small_net()
    net.params["W1"][0, 0] = np.nan
    x = np.ones((2, 4))
    assert np.isnan(net.loss(x, [0, 1]))
    assert np.all(np.isnan(net.gradient(x, [0, 1])["W1"]))
    # inf saturates the sigmoid (sigmoid(inf) = 1), so the loss stays a number
    net.params["W1"][0, 0] = np.inf
    assert np.isfinite(net.loss(x, [0, 1]))
    net.params["W2"][0, 0] = np.inf  # inf - inf in softmax: nan, still quietly
    assert np.isnan(net.loss(x, [0, 1]))
    assert isinstance(net.accuracy(x, [0, 1]), float)


def test_simplenet_rejects_bad_w_and_x() -> None:
    from tui_nn.engine.nets import SimpleNet

    with pytest.raises(ValueError, match="W must be a 2-D matrix"):
        SimpleNet(np.zeros(3))
    with pytest.raises(ValueError, match="W must contain numbers"):
        SimpleNet([["a", "b", "c"], ["d", "e", "f"]])
    net = SimpleNet(np.ones((2, 3)))
    with pytest.raises(ValueError, match="x must have 2 values per example"):
        net.predict([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="t does not match y"):
        net.loss([1.0, 2.0], [0, 1])
