"""The cases every exercise is checked against, built from the engine.

The expected answers are the engine's (``tui_nn.engine``): the lessons'
reference numbers, arrays of random shapes from seeded generators, and edge
cases (exact zeros in a prediction, huge scores, integer arrays, a single
example). The variants are what the classic mistakes give, from the engine's
deliberately wrong versions (``tui_nn.engine.pitfalls``) or computed here.

Case names are shown to the learner; they say what was called, in words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from tui_nn.engine import pitfalls
from tui_nn.engine.descent import gradient_descent
from tui_nn.engine.functions import softmax
from tui_nn.engine.gradient import numerical_diff, numerical_gradient
from tui_nn.engine.losses import cross_entropy_error, mean_squared_error
from tui_nn.engine.nets import SimpleNet, TwoLayerNet
from tui_nn.engine.train_config import iterations_per_epoch
from tui_nn.exercises.spec import (
    Case,
    ChangedRule,
    ExerciseSpec,
    FunctionSpec,
    NonFiniteRule,
    TagRule,
    VariantRule,
)

H = 1e-4

# -- functions the cases differentiate (and the labs may name) ---------------------


def slope_function(x: Any) -> Any:
    """Lesson 3's f(x) = 0.01x² + 0.1x."""
    return 0.01 * x**2 + 0.1 * x


def cubic(x: Any) -> Any:
    """f(x) = x³: its second derivative is large enough to show a forward difference."""
    return x**3


def bowl(x: np.ndarray) -> Any:
    """Lesson 4's f(x0, x1) = x0² + x1² (the sum of squares, for any shape)."""
    return np.sum(x**2)


def tilted_bowl(x: np.ndarray) -> Any:
    """A bowl whose entries interact, for arrays of any shape."""
    flat = x.reshape(-1)
    return np.sum(np.arange(1, flat.size + 1) * flat**2) + flat[0] * flat[-1]


#: Functions a lab may ask the learner's code to differentiate, by name.
LAB_FUNCTIONS: dict[str, Callable[[Any], Any]] = {
    "slope": slope_function,
    "cubic": cubic,
    "bowl": bowl,
    "tilted_bowl": tilted_bowl,
}

# -- reference data ------------------------------------------------------------

T_CLASS_2 = np.eye(10)[2]
Y1 = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
Y2 = np.array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])
BOOK_W = np.array([[-0.98857721, -1.19498403, 1.7798275], [1.92945432, 2.08198445, 0.48024869]])
BOOK_X = np.array([0.6, 0.9])
BOOK_T = np.array([0.0, 0.0, 1.0])


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _probabilities(seed: int, rows: int, classes: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """A batch of softmax outputs (no exact zeros) and class labels for it."""
    rng = _rng(seed)
    y = softmax(rng.normal(size=(rows, classes)))
    labels = rng.integers(0, classes, size=rows)
    return y, labels


def _forward_gradient(f: Callable[[np.ndarray], Any], x: np.ndarray) -> np.ndarray:
    """The gradient by forward differences: the mistake, computed on purpose."""
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        tmp = x[idx]
        base = f(x)
        x[idx] = tmp + H
        grad[idx] = (f(x) - base) / H
        x[idx] = tmp
    return grad


def _unrestored_gradient(f: Callable[[np.ndarray], Any], x: np.ndarray) -> np.ndarray:
    """The gradient when each nudged entry is left at x - h: the mistake, on purpose."""
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        tmp = x[idx]
        x[idx] = tmp + H
        fxh1 = f(x)
        x[idx] = tmp - H
        grad[idx] = (fxh1 - f(x)) / (2 * H)
    return grad


# -- lesson 1 ------------------------------------------------------------------


def _mse_case(name: str, make: Callable[[], tuple[Any, Any]]) -> Case:
    return Case(
        name,
        args=make,
        expected=lambda: mean_squared_error(*make()),
        variants=lambda: {"mse_no_half": 2 * mean_squared_error(*make())},
    )


def _cee_case(
    name: str,
    make: Callable[[], tuple[Any, Any]],
    tags: frozenset[str] = frozenset(),
    rtol: float = 1e-5,
) -> Case:
    def variants() -> dict[str, Any]:
        y, t = make()
        if np.ndim(y) == 2:
            return {"sum_not_mean": cross_entropy_error(y, t) * len(y)}
        return {}

    return Case(
        name,
        args=make,
        expected=lambda: cross_entropy_error(*make()),
        variants=variants,
        tags=tags,
        rtol=rtol,
    )


def _random_one_hot() -> tuple[np.ndarray, np.ndarray]:
    y, _ = _probabilities(11, 1)
    return y[0], np.eye(10)[int(np.argmax(y[0]))]


LESSON_1 = ExerciseSpec(
    1,
    (
        FunctionSpec(
            "mean_squared_error",
            (
                _mse_case("y1 (0.6 on the right class 2)", lambda: (Y1.copy(), T_CLASS_2.copy())),
                _mse_case("y2 (0.6 on the wrong class 7)", lambda: (Y2.copy(), T_CLASS_2.copy())),
                _mse_case(
                    "a random 3x4 y and t",
                    lambda: (_rng(1).random((3, 4)), _rng(2).random((3, 4))),
                ),
            ),
            (VariantRule("mse_no_half"), ChangedRule("input_modified")),
        ),
        FunctionSpec(
            "cross_entropy_error",
            (
                _cee_case(
                    "y1 (with exact zeros), t = class 2",
                    lambda: (Y1.copy(), T_CLASS_2.copy()),
                    frozenset({"zeros"}),
                ),
                _cee_case(
                    "y2 (with exact zeros), t = class 2",
                    lambda: (Y2.copy(), T_CLASS_2.copy()),
                    frozenset({"zeros"}),
                ),
                _cee_case("a softmax output without zeros", _random_one_hot),
            ),
            (NonFiniteRule("zeros", "no_delta"), ChangedRule("input_modified")),
        ),
    ),
)

# -- lesson 2 ------------------------------------------------------------------


def _batch(seed: int, rows: int, one_hot: bool) -> Callable[[], tuple[np.ndarray, np.ndarray]]:
    def make() -> tuple[np.ndarray, np.ndarray]:
        y, labels = _probabilities(seed, rows)
        return y, (np.eye(10)[labels] if one_hot else labels)

    return make


def _zeros_batch(one_hot: bool) -> tuple[np.ndarray, np.ndarray]:
    y = np.stack([Y1, Y2, Y1])
    labels = np.array([2, 3, 7])  # Y2 gives the right class 3 a probability of exactly 0
    return y, (np.eye(10)[labels] if one_hot else labels)


LESSON_2 = ExerciseSpec(
    2,
    (
        FunctionSpec(
            "cross_entropy_error",
            (
                _cee_case(
                    "a batch of 5, one-hot t", _batch(21, 5, True), frozenset({"onehot"})
                ),
                _cee_case("a batch of 5, labels t", _batch(21, 5, False), frozenset({"label"})),
                _cee_case(
                    "a batch of 3 with exact zeros, one-hot t",
                    lambda: _zeros_batch(True),
                    frozenset({"onehot", "zeros"}),
                ),
                _cee_case(
                    "a batch of 3 with exact zeros, labels t",
                    lambda: _zeros_batch(False),
                    frozenset({"label", "zeros"}),
                ),
                _cee_case(
                    "one example y1 (1-D), one-hot t",
                    lambda: (Y1.copy(), T_CLASS_2.copy()),
                    frozenset({"onehot", "1d", "zeros"}),
                ),
                _cee_case(
                    "one example y1 (1-D), label t = 2",
                    lambda: (Y1.copy(), np.array(2)),
                    frozenset({"label", "1d"}),
                ),
            ),
            (
                NonFiniteRule("zeros", "no_delta"),
                VariantRule("sum_not_mean"),
                TagRule("label", "one_hot_only"),
                TagRule("onehot", "label_only"),
                TagRule("1d", "not_batch_of_one"),
                ChangedRule("input_modified"),
            ),
        ),
    ),
)

# -- lesson 3 ------------------------------------------------------------------


def _diff_case(name: str, f: Callable[[Any], Any], x: Any, tags: frozenset[str]) -> Case:
    return Case(
        name,
        args=lambda: (f, x),
        expected=lambda: numerical_diff(f, x),
        variants=lambda: {
            "half_times_h": pitfalls.diff_bad_parentheses(f, x),
            "forward_difference": numerical_diff(f, x, method="forward"),
            "h_too_small": 0.0,
        },
        tags=tags,
    )


LESSON_3 = ExerciseSpec(
    3,
    (
        FunctionSpec(
            "numerical_diff",
            (
                _diff_case("f(x) = 0.01x² + 0.1x at x = 5", slope_function, 5.0, frozenset()),
                _diff_case("f(x) = 0.01x² + 0.1x at x = 10", slope_function, 10.0, frozenset()),
                _diff_case("f(x) = x³ at x = 2", cubic, 2.0, frozenset()),
                _diff_case("f(x) = x³ at x = -1", cubic, -1.0, frozenset()),
                _diff_case(
                    "f(x) = 0.01x² + 0.1x at the whole number x = 5", slope_function, 5,
                    frozenset({"int"}),
                ),
            ),
            (
                VariantRule("half_times_h"),
                VariantRule("forward_difference"),
                VariantRule("h_too_small"),
                TagRule("int", "integer_input"),
            ),
        ),
    ),
)

# -- lesson 4 ------------------------------------------------------------------


def _gradient_case(
    name: str, f: Callable[[np.ndarray], Any], make_x: Callable[[], np.ndarray],
    tags: frozenset[str] = frozenset(),
) -> Case:
    def variants() -> dict[str, Any]:
        x = make_x()
        right = numerical_gradient(f, x.astype(float))
        out: dict[str, Any] = {
            "half_times_h": right * H * H,
            "forward_difference": _forward_gradient(f, x),
            "h_too_small": np.zeros(x.shape),
            "not_restored": _unrestored_gradient(f, x),
        }
        if x.dtype.kind in "iu":
            out["integer_input"] = pitfalls.book_numerical_gradient(f, x.copy())
        return out

    return Case(
        name,
        args=lambda: (f, make_x()),
        expected=lambda: numerical_gradient(f, make_x().astype(float)),
        variants=variants,
        tags=tags,
        rtol=1e-6,
        atol=1e-9,
    )


LESSON_4 = ExerciseSpec(
    4,
    (
        FunctionSpec(
            "numerical_gradient",
            (
                _gradient_case("x0² + x1² at (3, 4)", bowl, lambda: np.array([3.0, 4.0])),
                _gradient_case("x0² + x1² at (0, 2)", bowl, lambda: np.array([0.0, 2.0])),
                _gradient_case("x0² + x1² at (3, 0)", bowl, lambda: np.array([3.0, 0.0])),
                _gradient_case(
                    "a tilted bowl at a random 2x3 matrix", tilted_bowl,
                    lambda: _rng(41).normal(size=(2, 3)), frozenset({"nd"}),
                ),
                _gradient_case(
                    "a tilted bowl at a random 2x2x2 array", tilted_bowl,
                    lambda: _rng(42).normal(size=(2, 2, 2)), frozenset({"nd"}),
                ),
                _gradient_case(
                    "x0² + x1² at the integer array [3, 4]", bowl,
                    lambda: np.array([3, 4]), frozenset({"int"}),
                ),
                _gradient_case(
                    "a tilted bowl at an integer 2x3 matrix", tilted_bowl,
                    lambda: np.arange(-2, 4).reshape(2, 3), frozenset({"int", "nd"}),
                ),
            ),
            (
                VariantRule("half_times_h"),
                VariantRule("forward_difference"),
                VariantRule("h_too_small"),
                VariantRule("integer_input"),
                TagRule("int", "integer_input"),
                VariantRule("not_restored"),
                TagRule("nd", "gradient_1d_only"),
                ChangedRule("not_restored", shift=H),
                ChangedRule("input_modified"),
            ),
        ),
    ),
)

# -- lesson 5 ------------------------------------------------------------------


def _descent_case(
    name: str, make_x: Callable[[], np.ndarray], lr: float, steps: int,
    tags: frozenset[str] = frozenset(),
) -> Case:
    def run(rate: float) -> np.ndarray:
        return gradient_descent(bowl, make_x(), lr=rate, step_num=steps)

    return Case(
        name,
        args=lambda: (bowl, make_x(), lr, steps),
        expected=lambda: run(lr),
        variants=lambda: {
            "wrong_sign": run(-lr),
            "lr_twice": run(lr * lr),
            "lr_twice#2": run(2 * lr),
        },
        tags=tags,
        rtol=1e-6,
        atol=1e-15,
    )


LESSON_5 = ExerciseSpec(
    5,
    (
        FunctionSpec(
            "gradient_descent",
            (
                _descent_case(
                    "x0² + x1² from (-3, 4), lr 0.1, 10 steps", lambda: np.array([-3.0, 4.0]),
                    0.1, 10,
                ),
                _descent_case(
                    "x0² + x1² from (-3, 4), lr 0.1, 100 steps", lambda: np.array([-3.0, 4.0]),
                    0.1, 100,
                ),
                _descent_case(
                    "x0² + x1² from (-3, 4), lr 1e-10, 100 steps",
                    lambda: np.array([-3.0, 4.0]), 1e-10, 100,
                ),
                _descent_case(
                    "the sum of squares from a random 2x2 matrix, lr 0.05, 20 steps",
                    lambda: _rng(51).normal(size=(2, 2)), 0.05, 20,
                ),
                _descent_case(
                    "x0² + x1² from the integer array [-3, 4], lr 0.1, 10 steps",
                    lambda: np.array([-3, 4]), 0.1, 10, frozenset({"int"}),
                ),
            ),
            (
                VariantRule("wrong_sign"),
                VariantRule("lr_twice"),
                ChangedRule("input_modified"),
                TagRule("int", "integer_input"),
            ),
        ),
    ),
)

# -- lesson 6 ------------------------------------------------------------------


def _softmax_case(name: str, make: Callable[[], np.ndarray], tags: frozenset[str]) -> Case:
    return Case(
        name, args=lambda: (make(),), expected=lambda: softmax(make()), tags=tags, atol=1e-12
    )


def _simple_loss_case(name: str, seed: int | None) -> Case:
    def make() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if seed is None:
            return BOOK_W.copy(), BOOK_X.copy(), BOOK_T.copy()
        rng = _rng(seed)
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


def _with_weights(cls: type) -> Any:
    return _SimpleNetCall(cls)


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
                _softmax_case("softmax([0.3, 2.9, 4.0])", lambda: np.array([0.3, 2.9, 4.0]),
                              frozenset()),
                _softmax_case("softmax of a random batch of 3 rows", lambda: _rng(61).normal(
                    size=(3, 4)), frozenset({"2d"})),
                _softmax_case("softmax([1010, 1000, 990])", lambda: np.array(
                    [1010.0, 1000.0, 990.0]), frozenset({"large"})),
                _softmax_case("softmax([[1000, 1001], [-5, 3]])", lambda: np.array(
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
                _simple_loss_case("the book's W, x = [0.6, 0.9], t = class 2", None),
                _simple_loss_case("a random W, x and t", 62),
                _simple_loss_case("another random W, x and t", 63),
            ),
            (VariantRule("softmax_missing"), ChangedRule("input_modified")),
            make_instance=_with_weights,
        ),
    ),
)

# -- lesson 7 ------------------------------------------------------------------

NET_SIZES = (4, 5, 3)


def _reference_net() -> TwoLayerNet:
    return TwoLayerNet(*NET_SIZES, weight_init_std=0.8, rng=_rng(71))


def _net_batch(rows: int = 6) -> tuple[np.ndarray, np.ndarray]:
    rng = _rng(72)
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
                _net_case("predict", "predict on a batch of 6 (4-5-3 net)",
                          lambda: (_net_batch()[0],),
                          variants=lambda: {"softmax_missing": _scores(_net_batch()[0])}),
                _net_case("predict", "predict on a batch of 1", lambda: (_net_batch(1)[0],),
                          variants=lambda: {"softmax_missing": _scores(_net_batch(1)[0])}),
            ),
            (VariantRule("softmax_missing"), ChangedRule("input_modified")),
            make_instance=_TwoLayerNetCall,
        ),
        FunctionSpec(
            "TwoLayerNet.loss",
            (_net_case("loss", "loss on a batch of 6, one-hot t", _net_batch, rtol=1e-5),),
            (ChangedRule("input_modified"),),
            make_instance=_TwoLayerNetCall,
        ),
        FunctionSpec(
            "TwoLayerNet.accuracy",
            (
                _net_case("accuracy", "accuracy on 6 examples, 3 of them right", _half_right),
                _net_case("accuracy", "accuracy on 6 examples, all right", lambda: (
                    _half_right(6)[0], np.eye(3)[np.argmax(_reference_net().predict(
                        _half_right(6)[0]), axis=1)])),
            ),
            (ChangedRule("input_modified"),),
            make_instance=_TwoLayerNetCall,
        ),
        FunctionSpec(
            "TwoLayerNet.numerical_gradient",
            (
                _net_case(
                    "numerical_gradient", "the gradient on a batch of 6 (43 parameters)",
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
    rng = _rng(seed)
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
                _sgd_case("one update of W1 and b1 with lr 0.1", 81, 0.1),
                _sgd_case("one update of W1 and b1 with lr 0.5", 82, 0.5),
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

EXERCISES: dict[int, ExerciseSpec] = {
    spec.lesson: spec for spec in (LESSON_1, LESSON_2, LESSON_3, LESSON_4, LESSON_5, LESSON_6,
                                   LESSON_7, LESSON_8)
}
