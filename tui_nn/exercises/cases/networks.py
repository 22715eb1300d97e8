"""The cases of lessons 6 to 8: softmax, SimpleNet, TwoLayerNet and the training loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from tui_nn.engine.functions import softmax
from tui_nn.engine.losses import cross_entropy_error
from tui_nn.engine.nets import SimpleNet, TwoLayerNet
from tui_nn.engine.train_config import iterations_per_epoch
from tui_nn.exercises.cases.common import (
    BOOK_T,
    BOOK_W,
    BOOK_X,
    seeded,
)
from tui_nn.exercises.spec import (
    Case,
    ChangedRule,
    ExerciseSpec,
    FunctionSpec,
    TagRule,
    VariantRule,
)
from tui_nn.i18n import N_

# -- lesson 6 ------------------------------------------------------------------


def _softmax_case(name: str, make: Callable[[], np.ndarray], tags: frozenset[str]) -> Case:
    return Case(
        name, args=lambda: (make(),), expected=lambda: softmax(make()), tags=tags, atol=1e-12
    )


def _simple_loss_case(name: str, seed: int | None) -> Case:
    def make() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if seed is None:
            return BOOK_W.copy(), BOOK_X.copy(), BOOK_T.copy()
        rng = seeded(seed)
        return rng.normal(size=(2, 3)), rng.normal(size=2), np.eye(3)[rng.integers(0, 3)]

    return Case(
        name,
        args=make,
        expected=lambda: SimpleNet(make()[0]).loss(*make()[1:]),
        variants=lambda: {
            "softmax_missing": cross_entropy_error(make()[1] @ make()[0], make()[2]),
        },
        rtol=1e-5,
    )


class _SimpleNetCall:
    """Calls ``loss(x, t)`` on the learner's SimpleNet after setting its W."""

    def __init__(self, cls: type) -> None:
        self.cls = cls

    def loss(self, W: np.ndarray, x: np.ndarray, t: np.ndarray) -> Any:
        net = self.cls()
        net.W = W
        return net.loss(x, t)


LESSON_6 = ExerciseSpec(
    6,
    (
        FunctionSpec(
            "softmax",
            (
                _softmax_case(N_("softmax([0.3, 2.9, 4.0])"), lambda: np.array([0.3, 2.9, 4.0]),
                              frozenset()),
                _softmax_case(N_("softmax of a random batch of 3 rows"), lambda: seeded(61).normal(
                    size=(3, 4)), frozenset({"2d"})),
                _softmax_case(N_("softmax([1010, 1000, 990])"), lambda: np.array(
                    [1010.0, 1000.0, 990.0]), frozenset({"large"})),
                _softmax_case(N_("softmax([[1000, 1001], [-5, 3]])"), lambda: np.array(
                    [[1000.0, 1001.0], [-5.0, 3.0]]), frozenset({"large", "2d"})),
            ),
            (
                TagRule("large", "softmax_overflow"),
                TagRule("2d", "softmax_whole_batch"),
                ChangedRule("input_modified"),
            ),
        ),
        FunctionSpec(
            "SimpleNet.loss",
            (
                _simple_loss_case(N_("the book's W, x = [0.6, 0.9], t = class 2"), None),
                _simple_loss_case(N_("a random W, x and t"), 62),
                _simple_loss_case(N_("another random W, x and t"), 63),
            ),
            (VariantRule("softmax_missing"), ChangedRule("input_modified")),
            make_instance=_SimpleNetCall,
        ),
    ),
)

# -- lesson 7 ------------------------------------------------------------------

NET_SIZES = (4, 5, 3)


def _reference_net() -> TwoLayerNet:
    return TwoLayerNet(*NET_SIZES, weight_init_std=0.8, rng=seeded(71))


def _net_batch(rows: int = 6) -> tuple[np.ndarray, np.ndarray]:
    rng = seeded(72)
    x = rng.normal(size=(rows, NET_SIZES[0]))
    return x, np.eye(NET_SIZES[2])[rng.integers(0, NET_SIZES[2], size=rows)]


class _TwoLayerNetCall:
    """Calls a method of the learner's TwoLayerNet whose params are set to the reference ones."""

    def __init__(self, cls: type) -> None:
        self.cls = cls

    def _net(self) -> Any:
        net = self.cls(*NET_SIZES)
        net.params = {key: value.copy() for key, value in _reference_net().params.items()}
        return net

    def predict(self, x: np.ndarray) -> Any:
        return self._net().predict(x)

    def loss(self, x: np.ndarray, t: np.ndarray) -> Any:
        return self._net().loss(x, t)

    def accuracy(self, x: np.ndarray, t: np.ndarray) -> Any:
        return self._net().accuracy(x, t)

    def numerical_gradient(self, x: np.ndarray, t: np.ndarray) -> Any:
        return self._net().numerical_gradient(x, t)


def _scores(x: np.ndarray) -> np.ndarray:
    net = _reference_net()
    p = net.params
    hidden = 1 / (1 + np.exp(-(x @ p["W1"] + p["b1"])))
    return np.asarray(hidden @ p["W2"] + p["b2"])


def _half_right(rows: int = 6) -> tuple[np.ndarray, np.ndarray]:
    """A batch whose first half the reference net gets right and second half wrong."""
    x, _ = _net_batch(rows)
    guesses = np.argmax(_reference_net().predict(x), axis=1)
    labels = np.where(np.arange(rows) < rows // 2, guesses, (guesses + 1) % NET_SIZES[2])
    return x, np.eye(NET_SIZES[2])[labels]


def _all_right(rows: int = 6) -> tuple[np.ndarray, np.ndarray]:
    """A batch the reference net gets entirely right."""
    x, _ = _net_batch(rows)
    return x, np.eye(NET_SIZES[2])[np.argmax(_reference_net().predict(x), axis=1)]


def _net_case(method: str, name: str, make: Callable[[], tuple[Any, ...]], **extra: Any) -> Case:
    def expected() -> Any:
        return getattr(_reference_net(), method)(*make())

    return Case(name, args=make, expected=expected, **extra)


LESSON_7 = ExerciseSpec(
    7,
    (
        FunctionSpec(
            "TwoLayerNet.predict",
            (
                _net_case("predict", N_("predict on a batch of 6 (4-5-3 net)"),
                          lambda: (_net_batch()[0],),
                          variants=lambda: {"softmax_missing": _scores(_net_batch()[0])}),
                _net_case("predict", N_("predict on a batch of 1"), lambda: (_net_batch(1)[0],),
                          variants=lambda: {"softmax_missing": _scores(_net_batch(1)[0])}),
            ),
            (VariantRule("softmax_missing"), ChangedRule("input_modified")),
            make_instance=_TwoLayerNetCall,
        ),
        FunctionSpec(
            "TwoLayerNet.loss",
            (_net_case("loss", N_("loss on a batch of 6, one-hot t"), _net_batch, rtol=1e-5),),
            (ChangedRule("input_modified"),),
            make_instance=_TwoLayerNetCall,
        ),
        FunctionSpec(
            "TwoLayerNet.accuracy",
            (
                _net_case("accuracy", N_("accuracy on 6 examples, 3 of them right"), _half_right),
                _net_case("accuracy", N_("accuracy on 6 examples, all right"), _all_right),
            ),
            (ChangedRule("input_modified"),),
            make_instance=_TwoLayerNetCall,
        ),
        FunctionSpec(
            "TwoLayerNet.numerical_gradient",
            (
                _net_case(
                    "numerical_gradient", N_("the gradient on a batch of 6 (43 parameters)"),
                    _net_batch, rtol=1e-5, atol=1e-8,
                    variants=lambda: {"gradient_of_copy": {
                        key: np.zeros_like(value) for key, value in
                        _reference_net().params.items()}},
                ),
            ),
            (VariantRule("gradient_of_copy"), ChangedRule("input_modified")),
            make_instance=_TwoLayerNetCall,
        ),
    ),
)

# -- lesson 8 ------------------------------------------------------------------


def _params_and_grads(seed: int) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    rng = seeded(seed)
    params = {"W1": rng.normal(size=(2, 3)), "b1": rng.normal(size=3)}
    grads = {key: rng.normal(size=value.shape) for key, value in params.items()}
    return params, grads


def _sgd_case(name: str, seed: int, lr: float) -> Case:
    def step(rate: float) -> dict[str, np.ndarray]:
        params, grads = _params_and_grads(seed)
        return {key: params[key] - rate * grads[key] for key in params}

    return Case(
        name,
        args=lambda: (*_params_and_grads(seed), lr),
        expected=lambda: step(lr),
        variants=lambda: {
            "wrong_sign": step(-lr),
            "lr_twice": step(lr * lr),
            "lr_twice#2": step(2 * lr),
            "not_in_place": _params_and_grads(seed)[0],
        },
        observe="first_arg",
    )


def _ipe_case(train_size: int, batch_size: int) -> Case:
    return Case(
        f"iterations_per_epoch({train_size}, {batch_size})",
        args=lambda: (train_size, batch_size),
        expected=lambda: iterations_per_epoch(train_size, batch_size),
    )


def _epochs_case(iterations: int, train_size: int, batch_size: int) -> Case:
    return Case(
        f"epoch_count({iterations}, {train_size}, {batch_size})",
        args=lambda: (iterations, train_size, batch_size),
        expected=lambda: iterations / iterations_per_epoch(train_size, batch_size),
        variants=lambda: {"epoch_iterations_over_batch": iterations / batch_size},
    )


LESSON_8 = ExerciseSpec(
    8,
    (
        FunctionSpec(
            "sgd_update",
            (
                _sgd_case(N_("one update of W1 and b1 with lr 0.1"), 81, 0.1),
                _sgd_case(N_("one update of W1 and b1 with lr 0.5"), 82, 0.5),
            ),
            (VariantRule("wrong_sign"), VariantRule("lr_twice"), VariantRule("not_in_place")),
        ),
        FunctionSpec(
            "iterations_per_epoch",
            (_ipe_case(60_000, 100), _ipe_case(10_000, 1_000), _ipe_case(600, 250),
             _ipe_case(50, 100)),
        ),
        FunctionSpec(
            "epoch_count",
            (_epochs_case(10_000, 60_000, 100), _epochs_case(1_000, 10_000, 1_000),
             _epochs_case(600, 60_000, 100), _epochs_case(100, 50, 100)),
            (VariantRule("epoch_iterations_over_batch"),),
        ),
    ),
)
