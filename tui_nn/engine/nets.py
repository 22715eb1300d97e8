"""Two small networks from the book: SimpleNet (chapter 4.4) and TwoLayerNet (4.5).

Both compute a loss (how wrong the network is on some examples) and the
gradient of that loss with respect to their weights: the direction that makes
the loss grow fastest, so a learner steps the other way.

TwoLayerNet offers the gradient two ways:

- ``numerical_gradient``: nudge every weight up and down and measure the loss
  (chapter 4; simple but slow: two full forward passes per weight), or, with
  ``method="structured"``, the same differences recomputing only what a
  nudge changes (hundreds of times faster);
- ``gradient``: backpropagation (chapter 5; the same numbers in milliseconds).

Randomness comes only from the ``numpy.random.Generator`` you pass as
``rng`` (``None`` means a fresh ``np.random.default_rng()``).

NaN in the inputs or weights flows through to nan results (loss, predictions,
gradients); infinities give what the formulas give (sigmoid(inf) is 1, but
inf - inf inside softmax is nan).  Nothing prints a warning, and nothing is
checked for nan/inf on every call, to keep training fast.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tui_nn.engine._checks import as_count, as_float_array, as_number, as_numeric_array
from tui_nn.engine.functions import relu, sigmoid, softmax
from tui_nn.engine.gradient import Cancelled, ProgressCallback, numerical_gradient
from tui_nn.engine.labels import one_hot
from tui_nn.engine.losses import cross_entropy_error
from tui_nn.engine.structured import structured_gradient

PARAM_NAMES = ("W1", "b1", "W2", "b2")
ACTIVATIONS = ("sigmoid", "relu")
WEIGHT_INITS = ("xavier", "he")
NUMERICAL_METHODS = ("plain", "structured")


# ---------------------------------------------------------------------------
# SimpleNet


class SimpleNet:
    """The book's ``simpleNet``: one layer of weights W (2 inputs, 3 classes), no bias.

    ``predict(x) = x @ W`` gives a score per class; the loss is the
    cross-entropy of ``softmax(scores)`` against the right answer ``t``.

    Pass ``W`` to set the weights (any 2-D shape works; it is copied to
    float64), or leave it out to draw a 2x3 W from the standard normal
    distribution with ``rng``.
    """

    def __init__(self, W: Any = None, rng: np.random.Generator | None = None) -> None:
        if W is None:
            rng = np.random.default_rng() if rng is None else rng
            W = rng.standard_normal((2, 3))
        self.W = W

    @property
    def W(self) -> np.ndarray:
        """The weights, a float64 array with one row per input and one column per class."""
        return self._W

    @W.setter
    def W(self, value: Any) -> None:
        weights = as_float_array(value, "W").copy()
        if weights.ndim != 2:
            raise ValueError(f"W must be a 2-D matrix, but got shape {weights.shape}")
        self._W = weights

    def predict(self, x: Any) -> np.ndarray:
        """The score of each class: x @ W (for one input or a batch of rows)."""
        x = as_numeric_array(x, "x")
        if x.ndim not in (1, 2) or x.shape[-1] != self.W.shape[0]:
            raise ValueError(
                f"x must have {self.W.shape[0]} values per example, but got shape {x.shape}"
            )
        return x @ self.W

    def loss(self, x: Any, t: Any, delta: float = 1e-7) -> float:
        """Cross-entropy of softmax(predict(x)) against ``t`` (one-hot or a label).

        ``delta=0`` gives the loss without the log(0) guard.
        """
        return cross_entropy_error(softmax(self.predict(x)), t, delta=delta)

    def numerical_gradient(self, x: Any, t: Any, delta: float = 1e-7) -> np.ndarray:
        """dW: how the loss changes when each weight is nudged (same shape as W).

        This is the book's ``numerical_gradient(lambda w: net.loss(x, t), net.W)``:
        each weight of ``self.W`` is changed in place and put back.
        """

        def loss_of_current_weights(_: np.ndarray) -> float:
            return self.loss(x, t, delta=delta)

        self.loss(x, t, delta=delta)  # check x and t once, before the slow part
        return numerical_gradient(loss_of_current_weights, self.W)


# ---------------------------------------------------------------------------
# TwoLayerNet


def _init_std(weight_init_std: float | str, fan_in: int) -> float:
    """The standard deviation for a weight matrix fed by ``fan_in`` units."""
    if isinstance(weight_init_std, str):
        name = weight_init_std.lower()
        if name == "xavier":  # keeps the signal's spread for sigmoid layers
            return float(np.sqrt(1.0 / fan_in))
        if name == "he":  # the same idea for relu layers, which zero half the signal
            return float(np.sqrt(2.0 / fan_in))
        raise ValueError(
            f'weight_init_std must be a number, "xavier" or "he", but got {weight_init_std!r}'
        )
    std = as_number(weight_init_std, "weight_init_std")
    if not (np.isfinite(std) and std >= 0):
        raise ValueError(f"weight_init_std must be a number >= 0, but got {std}")
    return std


class TwoLayerNet:
    """The book's two-layer network: input -> hidden layer -> output probabilities.

        a1 = x @ W1 + b1        (one row per example)
        z1 = sigmoid(a1)        (or relu, with activation="relu")
        a2 = z1 @ W2 + b2
        y  = softmax(a2)        (a probability for each class)

    ``params`` holds the weights W1 (input_size, hidden_size), b1
    (hidden_size,), W2 (hidden_size, output_size) and b2 (output_size,), as
    float64 arrays.  The W's start as ``weight_init_std`` times standard normal
    numbers from ``rng`` ("xavier" uses std sqrt(1/n) and "he" sqrt(2/n), n
    being the number of inputs to that layer); the b's start at 0.

    Targets ``t`` may be one-hot rows or integer labels, everywhere.
    A single example (1-D ``x``) counts as a batch of one.
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        output_size: int,
        weight_init_std: float | str = 0.01,
        rng: np.random.Generator | None = None,
        activation: str = "sigmoid",
    ) -> None:
        sizes = {"input_size": input_size, "hidden_size": hidden_size, "output_size": output_size}
        for name, size in sizes.items():
            if as_count(size, name) == 0:
                raise ValueError(f"{name} must be at least 1")
        if activation not in ACTIVATIONS:
            raise ValueError(f'activation must be "sigmoid" or "relu", but got {activation!r}')
        rng = np.random.default_rng() if rng is None else rng
        self.input_size = int(input_size)
        self.hidden_size = int(hidden_size)
        self.output_size = int(output_size)
        self.activation = activation
        std1 = _init_std(weight_init_std, self.input_size)
        std2 = _init_std(weight_init_std, self.hidden_size)
        self.params: dict[str, np.ndarray] = {
            "W1": std1 * rng.standard_normal((self.input_size, self.hidden_size)),
            "b1": np.zeros(self.hidden_size),
            "W2": std2 * rng.standard_normal((self.hidden_size, self.output_size)),
            "b2": np.zeros(self.output_size),
        }

    # -- checking input ------------------------------------------------------

    def _as_batch(self, x: Any) -> np.ndarray:
        """``x`` as a 2-D batch (one row per example), after checking its shape."""
        x = as_numeric_array(x, "x")
        if x.ndim == 1:
            x = x.reshape(1, -1)
        if x.ndim != 2 or x.shape[1] != self.input_size:
            raise ValueError(
                f"x must have {self.input_size} values per example (the network's input_size), "
                f"but got shape {x.shape}"
            )
        return x

    def _targets_one_hot(self, t: Any, batch_size: int) -> np.ndarray:
        """``t`` (one-hot or labels) as one-hot rows of shape (batch_size, output_size)."""
        t = as_numeric_array(t, "t")
        classes = self.output_size
        if t.size == batch_size * classes and t.ndim in (1, 2) and t.shape[-1] == classes:
            return t.reshape(batch_size, classes).astype(np.float64, copy=False)
        if t.size == batch_size and t.ndim <= 1:
            return one_hot(t.reshape(batch_size), classes, "class labels in t")
        raise ValueError(
            f"t must hold one answer per example: for {batch_size} example(s), one-hot rows of "
            f"shape ({batch_size}, {classes}) or {batch_size} class label(s); "
            f"but t has shape {t.shape}"
        )

    # -- the forward pass ----------------------------------------------------

    def _activate(self, a: np.ndarray) -> np.ndarray:
        return sigmoid(a) if self.activation == "sigmoid" else relu(a)

    def _forward(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """a1, z1 and y for a checked 2-D batch ``x``."""
        W1, b1, W2, b2 = (self.params[name] for name in PARAM_NAMES)
        with np.errstate(over="ignore", invalid="ignore"):  # nan/inf weights give nan, quietly
            a1 = x @ W1 + b1
            z1 = self._activate(a1)
            a2 = z1 @ W2 + b2
        return a1, z1, softmax(a2)

    def predict(self, x: Any) -> np.ndarray:
        """The probability of each class, one row per example (1-D for a 1-D ``x``)."""
        batch = self._as_batch(x)
        y = self._forward(batch)[2]
        return y[0] if np.ndim(x) == 1 else y

    def loss(self, x: Any, t: Any, delta: float = 1e-7) -> float:
        """The cross-entropy of ``predict(x)`` against ``t``, averaged over the batch.

        ``delta`` is cross-entropy's guard against log(0) (see ``losses``).
        """
        batch = self._as_batch(x)
        t = self._targets_one_hot(t, batch.shape[0])
        return cross_entropy_error(self._forward(batch)[2], t, delta=delta)

    def accuracy(self, x: Any, t: Any) -> float:
        """The fraction of examples whose most likely class is the right one."""
        batch = self._as_batch(x)
        t = self._targets_one_hot(t, batch.shape[0])
        y = self._forward(batch)[2]
        return float(np.mean(np.argmax(y, axis=1) == np.argmax(t, axis=1)))

    def parameter_count(self) -> int:
        """How many numbers the network learns (79,510 for 784-100-10)."""
        return int(sum(self.params[name].size for name in PARAM_NAMES))

    # -- gradients -------------------------------------------------------------

    def numerical_gradient(
        self,
        x: Any,
        t: Any,
        on_progress: ProgressCallback | None = None,
        delta: float = 1e-7,
        method: str = "plain",
    ) -> dict[str, np.ndarray]:
        """The gradient of the loss by nudging every parameter (book, chapter 4).

        ``method="plain"`` is the book's loop (below).  ``method="structured"``
        takes exactly the same central differences with the same h, in float64,
        but recomputes only what each nudge changes (see
        :mod:`tui_nn.engine.structured`): the same numbers (to about 1e-12),
        hundreds of times faster.  It leaves the parameters untouched.

        Each parameter is changed in place, the loss measured, and the value put
        back, so this needs two full forward passes per parameter: seconds to
        minutes for a real network.  ``on_progress(done, total)`` counts
        parameters over the whole network; if it returns False the work stops,
        the parameters are left as they were, and
        ``tui_nn.engine.gradient.Cancelled`` is raised.

        ``delta`` is passed to the loss.  Backpropagation computes the gradient
        of the loss *without* delta, so to compare the two as closely as
        possible, use ``delta=0``; with the default 1e-7 they differ by about
        1e-7 / y (y being the probability of the right class) in relative terms.
        """
        if method not in NUMERICAL_METHODS:
            raise ValueError(f'method must be "plain" or "structured", but got {method!r}')
        batch = self._as_batch(x)
        targets = self._targets_one_hot(t, batch.shape[0])
        if method == "structured":
            self.loss(batch, targets, delta=delta)  # check delta the same way
            return structured_gradient(
                self.params, self.activation, batch, targets, delta=delta,
                on_progress=on_progress,
            )

        def loss_now(_: np.ndarray) -> float:
            return cross_entropy_error(self._forward(batch)[2], targets, delta=delta)

        self.loss(batch, targets, delta=delta)  # check delta once, before the slow part
        total = self.parameter_count()
        grads: dict[str, np.ndarray] = {}
        offset = 0
        for name in PARAM_NAMES:
            param = self.params[name]
            if param.dtype != np.float64 or not param.flags.writeable:
                # numerical_gradient must nudge the array the loss reads
                self.params[name] = param = param.astype(np.float64)
            report = None
            if on_progress is not None:

                def report(done: int, _: int, start: int = offset) -> bool | None:
                    return on_progress(start + done, total)

            try:
                grads[name] = numerical_gradient(loss_now, param, on_progress=report)
            except Cancelled as stop:
                raise Cancelled(offset + stop.done, total) from None
            offset += param.size
        return grads

    def loss_and_gradient(self, x: Any, t: Any) -> tuple[float, dict[str, np.ndarray]]:
        """The loss and its gradient by backpropagation (book, chapter 5), in one pass.

        Backpropagation applies the chain rule from the output back to the input:

            dy  = (y - t) / N            softmax + cross-entropy together
            dW2 = z1.T @ dy,   db2 = sum of dy over the batch
            dz1 = dy @ W2.T
            da1 = dz1 * z1 * (1 - z1)    (sigmoid; for relu: dz1 where a1 > 0, else 0)
            dW1 = x.T @ da1,   db1 = sum of da1 over the batch
        """
        batch = self._as_batch(x)
        targets = self._targets_one_hot(t, batch.shape[0])
        a1, z1, y = self._forward(batch)
        loss = cross_entropy_error(y, targets)
        with np.errstate(over="ignore", invalid="ignore"):
            dy = (y - targets) / batch.shape[0]
            dz1 = dy @ self.params["W2"].T
            da1 = dz1 * z1 * (1.0 - z1) if self.activation == "sigmoid" else dz1 * (a1 > 0)
            grads = {
                "W1": batch.T @ da1,
                "b1": np.sum(da1, axis=0),
                "W2": z1.T @ dy,
                "b2": np.sum(dy, axis=0),
            }
        return loss, grads

    def gradient(self, x: Any, t: Any) -> dict[str, np.ndarray]:
        """The gradient of the loss by backpropagation: see ``loss_and_gradient``."""
        return self.loss_and_gradient(x, t)[1]
