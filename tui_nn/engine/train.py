"""Stochastic gradient descent on a TwoLayerNet, as a generator of progress events.

The loop is the book's (chapter 4, ``train_neuralnet.py``): draw a minibatch,
compute the gradient, update the parameters, repeat; after every epoch measure
the accuracy on the training set and on the test set.

``Trainer.run()`` yields one small frozen dataclass per event, so a caller
(the headless ``tui-nn train`` command, or a Textual worker) decides how often
to show them:

- :class:`IterationDone` after every parameter update,
- :class:`EpochDone` after every ``iterations_per_epoch`` updates,
- :class:`TrainingFinished` last, exactly once, whatever happened (done,
  stopped, or diverged).

The consumer pauses training by not pulling the next event, and stops it by
calling :meth:`Trainer.stop` (the next event is then ``TrainingFinished`` with
``reason="stopped"``) or by simply dropping the generator.

Nothing here prints, imports the interface or touches global random state.
"""

from __future__ import annotations

import copy
import math
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

import numpy as np

from tui_nn.engine.nets import TwoLayerNet

ACTIVATIONS = ("sigmoid", "relu")
WEIGHT_INITS = ("xavier", "he")
GRADIENTS = ("backprop", "numerical")
SAMPLINGS = ("random", "shuffle")
NUM_CLASSES = 10
EVAL_CHUNK = 10_000
MAX_BATCH = 60_000  # a batch of 60,000 images is already all of MNIST


# ---------------------------------------------------------------------------
# Configuration


@dataclass
class TrainConfig:
    """Every setting of one training run; the defaults are the book's.

    ``weight_init`` is text so that a form field can hold it: ``"0.01"`` (or any
    positive number) is the standard deviation of the random starting weights,
    ``"xavier"`` and ``"he"`` scale it to the layer size.  ``train_size`` limits
    training to that many examples (a few hundred make overfitting happen);
    ``eval_size`` limits how many training and test examples the per-epoch
    accuracy is measured on (``None`` = all of them).  ``sampling`` is how a
    minibatch is drawn: ``"random"`` (the book: each batch is drawn at random,
    with replacement) or ``"shuffle"`` (each example once per epoch).
    """

    hidden_size: int = 50
    activation: str = "sigmoid"
    weight_init: str = "0.01"
    batch_size: int = 100
    learning_rate: float = 0.1
    iterations: int = 10_000
    train_size: int | None = None
    gradient: str = "backprop"
    seed: int = 0
    eval_size: int | None = None
    sampling: str = "random"

    @classmethod
    def book(cls, **changes: Any) -> TrainConfig:
        """The book's setting: sigmoid, hidden 50, std 0.01, batch 100, lr 0.1, 10,000 updates."""
        return replace(cls(), **changes)

    @classmethod
    def faster_learner(cls, **changes: Any) -> TrainConfig:
        """Chapter 5's faster learner: ReLU, He initialisation, hidden 100, lr 0.3."""
        base = cls(hidden_size=100, activation="relu", weight_init="he", learning_rate=0.3)
        return replace(base, **changes)

    def validate(self) -> list[str]:
        """Everything wrong with this configuration, in plain words (empty = fine)."""
        problems: list[str] = []

        def whole(value: object, low: int, high: int, label: str) -> None:
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
                problems.append(f"{label} must be a whole number, not {value!r}")
            elif not low <= value <= high:
                problems.append(f"{label} must be between {low:,} and {high:,}, not {value:,}")

        whole(self.hidden_size, 1, 10_000, "hidden size")
        whole(self.batch_size, 1, MAX_BATCH, "batch size")
        whole(self.iterations, 1, 100_000_000, "iterations")
        whole(self.seed, 0, 2**63 - 1, "seed")
        if self.train_size is not None:
            whole(self.train_size, 1, 100_000_000, "training-set size")
        if self.eval_size is not None:
            whole(self.eval_size, 1, 100_000_000, "accuracy sample size")
        if self.activation not in ACTIVATIONS:
            problems.append(
                f"activation must be one of {', '.join(ACTIVATIONS)}, not {self.activation!r}"
            )
        if self.gradient not in GRADIENTS:
            problems.append(
                f"gradient must be one of {', '.join(GRADIENTS)}, not {self.gradient!r}"
            )
        if self.sampling not in SAMPLINGS:
            problems.append(
                f"sampling must be one of {', '.join(SAMPLINGS)}, not {self.sampling!r}"
            )
        problem = learning_rate_problem(self.learning_rate, allow_zero=False)
        if problem:
            problems.append(problem)
        try:
            parse_weight_init(self.weight_init)
        except ValueError as error:
            problems.append(str(error))
        return problems

    def weight_init_std(self) -> float | str:
        """``weight_init`` as TwoLayerNet wants it: a float std, or "xavier"/"he"."""
        return parse_weight_init(self.weight_init)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-friendly dict of the settings (NumPy numbers become Python ones)."""
        return {k: v.item() if isinstance(v, np.generic) else v for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainConfig:
        """Build a config from :meth:`to_dict` output; unknown keys are ignored."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def parse_weight_init(text: str | float) -> float | str:
    """``"0.01"`` -> 0.01, ``"xavier"``/``"he"`` -> themselves; anything else: ValueError."""
    if isinstance(text, str):
        name = text.strip().lower()
        if name in WEIGHT_INITS:
            return name
    try:
        std = float(text)
    except (TypeError, ValueError):
        raise ValueError(
            f"weight initialisation must be a positive number (such as 0.01), "
            f"'xavier' or 'he', not {text!r}"
        ) from None
    if not math.isfinite(std) or std <= 0 or std > 100:
        raise ValueError(
            f"weight initialisation std must be a positive number up to 100, not {text!r}"
        )
    return std


def learning_rate_problem(value: object, *, allow_zero: bool = True) -> str | None:
    """Why ``value`` is not a usable learning rate, or None if it is."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        return f"learning rate must be a number, not {value!r}"
    lr = float(value)
    if not math.isfinite(lr):
        return f"learning rate must be a finite number, not {value!r}"
    if lr < 0 and allow_zero:
        return f"learning rate must be 0 or more, not {value!r}"
    if lr <= 0 and not allow_zero:
        return f"learning rate must be more than 0, not {value!r}"
    return None


def iterations_per_epoch(train_size: int, batch_size: int) -> int:
    """Updates in one epoch: training-set size // batch size, at least 1."""
    return max(train_size // batch_size, 1)


# ---------------------------------------------------------------------------
# Events


@dataclass(frozen=True)
class IterationDone:
    """One parameter update happened; ``loss`` is the minibatch loss before it."""

    iteration: int  # 1-based count of updates so far
    loss: float
    seconds: float  # wall-clock seconds since run() started
    epoch: float  # iteration / iterations_per_epoch


@dataclass(frozen=True)
class EpochDone:
    """An epoch ended; accuracies measured on the (possibly sampled) train and test sets."""

    epoch: int
    iteration: int
    train_accuracy: float
    test_accuracy: float
    seconds: float


@dataclass(frozen=True)
class TrainingFinished:
    """The run is over; always the last event.  ``reason``: "done", "stopped", "diverged (…)"."""

    iterations: int  # updates actually made
    train_accuracy: float
    test_accuracy: float
    seconds: float
    stopped_early: bool
    reason: str
    eval_seconds: float = 0.0  # part of ``seconds`` spent measuring accuracy


TrainingEvent = IterationDone | EpochDone | TrainingFinished


# ---------------------------------------------------------------------------
# Data helpers


def as_float_images(images: np.ndarray) -> np.ndarray:
    """Images as float32 (N, pixels): uint8 are scaled to [0, 1], floats are kept as they are.

    Accepts (N, 28, 28), (N, 784), or a single image (28, 28) / (784,) which
    becomes a batch of one.
    """
    x = np.asarray(images)
    if x.ndim == 1 or (x.ndim == 2 and x.shape == (28, 28)):
        x = x[np.newaxis]
    if x.ndim < 2:
        raise ValueError(f"images must be a batch of pictures, got shape {x.shape}")
    x = x.reshape(x.shape[0], -1)
    if x.dtype == np.uint8:
        out = x.astype(np.float32)
        out /= np.float32(255.0)
        return out
    if not np.issubdtype(x.dtype, np.number) or np.issubdtype(x.dtype, np.complexfloating):
        raise ValueError(f"images must be numbers, got {x.dtype}")
    with np.errstate(over="ignore"):  # values beyond float32 become inf; training reports it
        return x.astype(np.float32, copy=False)


def as_labels(labels: np.ndarray) -> np.ndarray:
    """Labels as int64 (N,): integer labels are kept, one-hot rows become their argmax."""
    t = np.asarray(labels)
    if t.ndim == 2:
        t = t.argmax(axis=1)
    if t.ndim != 1:
        raise ValueError(f"labels must be a list of digits, got shape {t.shape}")
    if t.size and not np.issubdtype(t.dtype, np.integer) and not np.all(np.mod(t, 1) == 0):
        raise ValueError("labels must be whole numbers 0..9")
    t = t.astype(np.int64)
    if t.size and (t.min() < 0 or t.max() >= NUM_CLASSES):
        raise ValueError(f"labels must be digits 0..9, found {int(t.min())}..{int(t.max())}")
    return t


def predict_proba(net: TwoLayerNet, images: np.ndarray, chunk: int = EVAL_CHUNK) -> np.ndarray:
    """(N, 10) class probabilities for uint8 (N,28,28) or float (N,784) images."""
    x = as_float_images(images)
    out = np.empty((x.shape[0], NUM_CLASSES), dtype=np.float64)
    with np.errstate(all="ignore"):
        for start in range(0, x.shape[0], chunk):
            out[start : start + chunk] = net.predict(x[start : start + chunk])
    return out


def predict_labels(net: TwoLayerNet, images: np.ndarray, chunk: int = EVAL_CHUNK) -> np.ndarray:
    """(N,) predicted digit for each image (vectorised, in chunks)."""
    x = as_float_images(images)
    return _predict_labels_float(net, x, chunk)


def _predict_labels_float(net: TwoLayerNet, x: np.ndarray, chunk: int = 2_000) -> np.ndarray:
    out = np.empty(x.shape[0], dtype=np.int64)
    params = _params32(net)
    for start in range(0, x.shape[0], chunk):
        logits = _forward32(params, x[start : start + chunk], net.activation)[2]
        out[start : start + chunk] = np.argmax(logits, axis=1)
    return out


# ---------------------------------------------------------------------------
# The fast float32 step
#
# TwoLayerNet computes in float64 and checks its input on every call, which is
# right for the lessons but costs time when it runs 10,000 times.  Training
# uses the same maths in float32 on the network's own parameter arrays (a
# test checks it against ``TwoLayerNet.loss_and_gradient``).


def _params32(net: TwoLayerNet) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    p = net.params
    W1, b1, W2, b2 = (np.asarray(p[k], dtype=np.float32) for k in ("W1", "b1", "W2", "b2"))
    return W1, b1, W2, b2


def _forward32(
    params: tuple[np.ndarray, ...], x: np.ndarray, activation: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """a1, z1 and the scores a2 (before softmax) for a float32 batch."""
    W1, b1, W2, b2 = params
    with np.errstate(all="ignore"):
        a1 = x @ W1
        a1 += b1
        if activation == "sigmoid":
            z1 = np.exp(-a1)  # inf for very negative a1: 1/(1+inf) = 0, as it should be
            z1 += 1.0
            np.reciprocal(z1, out=z1)
        else:
            z1 = np.maximum(a1, 0.0)
        a2 = z1 @ W2
        a2 += b2
    return a1, z1, a2


def loss_and_gradient32(
    net: TwoLayerNet, x: np.ndarray, labels: np.ndarray
) -> tuple[float, dict[str, np.ndarray]]:
    """Cross-entropy loss (delta 1e-7) and its backprop gradient, in float32.

    The same formulas as ``TwoLayerNet.loss_and_gradient`` (book, chapter 5),
    for a float32 batch ``x`` (N, 784) and integer ``labels`` (N,).
    """
    params = _params32(net)
    a1, z1, a2 = _forward32(params, x, net.activation)
    n = x.shape[0]
    rows = np.arange(n)
    with np.errstate(all="ignore"):
        a2 -= a2.max(axis=1, keepdims=True)
        y = np.exp(a2)
        y /= y.sum(axis=1, keepdims=True)
        loss = -float(np.mean(np.log(y[rows, labels] + np.float32(1e-7)), dtype=np.float64))
        dy = y
        dy[rows, labels] -= 1.0
        dy /= np.float32(n)
        grad_W2 = z1.T @ dy
        grad_b2 = dy.sum(axis=0)
        dz1 = dy @ params[2].T
        if net.activation == "sigmoid":
            dz1 *= z1
            dz1 *= 1.0 - z1
        else:
            dz1 *= a1 > 0
        grad_W1 = x.T @ dz1
        grad_b1 = dz1.sum(axis=0)
    return loss, {"W1": grad_W1, "b1": grad_b1, "W2": grad_W2, "b2": grad_b2}


def accuracy(net: TwoLayerNet, images: np.ndarray, labels: np.ndarray) -> float:
    """Share of images whose predicted digit is the label (0.0 for no images)."""
    t = as_labels(labels)
    if t.size == 0:
        return 0.0
    return float(np.mean(predict_labels(net, images) == t))


def confusion_matrix(net: TwoLayerNet, images: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """(10, 10) int64 counts: row = true digit, column = predicted digit."""
    t = as_labels(labels)
    predicted = predict_labels(net, images)
    if predicted.shape != t.shape:
        raise ValueError(f"{predicted.shape[0]} images but {t.shape[0]} labels")
    matrix = np.zeros((NUM_CLASSES, NUM_CLASSES), dtype=np.int64)
    np.add.at(matrix, (t, predicted), 1)
    return matrix


def make_network(
    config: TrainConfig, input_size: int = 784, rng: np.random.Generator | None = None
) -> TwoLayerNet:
    """A fresh TwoLayerNet for ``config`` (random weights drawn from ``rng``)."""
    return TwoLayerNet(
        input_size,
        config.hidden_size,
        NUM_CLASSES,
        weight_init_std=config.weight_init_std(),
        rng=rng if rng is not None else np.random.default_rng(config.seed),
        activation=config.activation,
    )


# ---------------------------------------------------------------------------
# BLAS threads
#
# OpenBLAS (NumPy's matrix library) splits even small matrix products over
# all cores.  The products in a training step are small (100 x 784 x 50), and
# when the cores are busy (the app's interface thread, other programs) the
# threads wait for each other: measured here, 2,000 book iterations took 35 s
# with 2 BLAS threads on a loaded 2-core machine and 2.8 s with 1.  So the
# trainer runs with one BLAS thread and gives the old setting back afterwards.
# Without OpenBLAS (or off Linux) this does nothing.

_BLAS_GET = (
    "openblas_get_num_threads",
    "openblas_get_num_threads64_",
    "scipy_openblas_get_num_threads",
    "scipy_openblas_get_num_threads64_",
)
_BLAS_SET = tuple(name.replace("_get_", "_set_") for name in _BLAS_GET)
_blas_lock = threading.Lock()
_blas_controls: list[tuple[Any, Any]] | None = None


def _find_blas_controls() -> list[tuple[Any, Any]]:
    """(get, set) function pairs of every OpenBLAS library loaded in this process."""
    import ctypes

    paths: set[str] = set()
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                path = line.rstrip("\n").split(maxsplit=5)[-1]
                name = path.rsplit("/", 1)[-1].lower()
                if "openblas" in name and ".so" in name:
                    paths.add(path)
    except OSError:
        return []
    controls = []
    for path in sorted(paths):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for get_name, set_name in zip(_BLAS_GET, _BLAS_SET, strict=True):
            getter = getattr(lib, get_name, None)
            setter = getattr(lib, set_name, None)
            if getter is not None and setter is not None:
                getter.restype = ctypes.c_int
                getter.argtypes = []
                setter.restype = None
                setter.argtypes = [ctypes.c_int]
                controls.append((getter, setter))
                break
    return controls


def set_blas_threads(threads: int) -> Callable[[], None]:
    """Make OpenBLAS use ``threads`` threads; return a function that restores the old number."""
    global _blas_controls
    with _blas_lock:
        if _blas_controls is None:
            try:
                _blas_controls = _find_blas_controls()
            except Exception:  # any surprise: leave BLAS alone
                _blas_controls = []
        controls = list(_blas_controls)
    old = []
    for getter, setter in controls:
        try:
            old.append((setter, int(getter())))
            setter(int(threads))
        except Exception:
            continue

    def restore() -> None:
        for setter, number in old:
            try:
                setter(number)
            except Exception:
                continue

    return restore


# ---------------------------------------------------------------------------
# The trainer


class Trainer:
    """Runs SGD on a fresh TwoLayerNet; iterate :meth:`run` to drive it.

    Images may be uint8 (N, 28, 28) or float (N, 784); labels integer (N,) or
    one-hot.  They are converted once to float32 (N, 784) in [0, 1].  All
    randomness (initial weights, training subset, minibatches) comes from
    ``rng``, by default ``numpy.random.default_rng(config.seed)``, so the same
    seed gives the same run.

    Attributes the caller may use:

    - ``net``: the network being trained (its ``params`` change in place; with
      backprop they are float32 arrays, which ``save_network`` stores as float64).
    - ``learning_rate``: may be changed while ``run()`` is being iterated,
      even from another thread; it takes effect from the next update.
    - ``iterations_per_epoch``: ``max(train_size // batch_size, 1)``.
    - ``train_size``: examples actually used for training.
    - ``on_gradient_progress``: optional ``callback(done, total)`` called now
      and then during a numerical gradient (one of those takes many seconds).
    - ``iteration``: updates made so far.
    - ``blas_threads``: how many threads NumPy's OpenBLAS may use while
      ``run()`` is being iterated (default 1, see ``set_blas_threads``; None
      leaves it alone).
    """

    def __init__(
        self,
        config: TrainConfig,
        x_train: np.ndarray,
        t_train: np.ndarray,
        x_test: np.ndarray,
        t_test: np.ndarray,
        rng: np.random.Generator | None = None,
    ) -> None:
        problems = config.validate()
        if problems:
            raise ValueError("; ".join(problems))
        self.config = config
        self.rng = rng if rng is not None else np.random.default_rng(config.seed)
        images = np.asarray(x_train)
        t_all = as_labels(t_train)
        if images.shape[0] != t_all.shape[0]:
            raise ValueError(f"{images.shape[0]} training images but {t_all.shape[0]} labels")
        if images.shape[0] == 0:
            raise ValueError("there are no training images")
        self.x_test = as_float_images(x_test)
        self.t_test = as_labels(t_test)
        if self.x_test.shape[0] != self.t_test.shape[0]:
            raise ValueError(
                f"{self.x_test.shape[0]} test images but {self.t_test.shape[0]} labels"
            )
        pixels = int(np.prod(images.shape[1:])) if images.ndim > 1 else images.shape[0]
        if self.x_test.shape[1] != pixels:
            raise ValueError("training and test images have different sizes")

        self.net = make_network(config, pixels, self.rng)
        if config.train_size is not None and config.train_size < images.shape[0]:
            chosen = np.sort(self.rng.choice(images.shape[0], config.train_size, replace=False))
            images, t_all = images[chosen], t_all[chosen]
        x_all = as_float_images(images)  # only the images actually used
        self.x_train = x_all
        self.t_train = t_all
        self.train_size = int(x_all.shape[0])
        self.iterations_per_epoch = iterations_per_epoch(self.train_size, config.batch_size)
        self.epochs = config.iterations / self.iterations_per_epoch
        self._eval_train = self._eval_indices(self.train_size)
        self._eval_test = self._eval_indices(self.x_test.shape[0])
        if config.gradient == "backprop":
            # float32 working precision: the same maths, several times faster
            for key, value in self.net.params.items():
                self.net.params[key] = np.ascontiguousarray(value, dtype=np.float32)
        self._learning_rate = float(config.learning_rate)
        self._stop = threading.Event()
        self._started = False
        self.iteration = 0
        self.on_gradient_progress: Callable[[int, int], None] | None = None
        self.blas_threads: int | None = 1

    # -- run control -------------------------------------------------------

    @property
    def learning_rate(self) -> float:
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        problem = learning_rate_problem(value)
        if problem:
            raise ValueError(problem)
        self._learning_rate = float(value)

    def stop(self) -> None:
        """Ask the run to end; the next event is ``TrainingFinished(reason="stopped")``."""
        self._stop.set()

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    # -- measuring -----------------------------------------------------------

    def _eval_indices(self, n: int) -> np.ndarray | None:
        size = self.config.eval_size
        if size is None or size >= n:
            return None
        # A fixed sample, drawn from its own generator so it does not change the batches.
        sampler = np.random.default_rng([self.config.seed, n, size])
        return np.sort(sampler.choice(n, size, replace=False))

    def evaluate(self) -> tuple[float, float]:
        """(train accuracy, test accuracy) of the current network (on ``eval_size`` samples)."""
        x_tr, t_tr = self.x_train, self.t_train
        if self._eval_train is not None:
            x_tr, t_tr = x_tr[self._eval_train], t_tr[self._eval_train]
        x_te, t_te = self.x_test, self.t_test
        if self._eval_test is not None:
            x_te, t_te = x_te[self._eval_test], t_te[self._eval_test]
        return _accuracy_float(self.net, x_tr, t_tr), _accuracy_float(self.net, x_te, t_te)

    def estimate_numerical_seconds(self, probe_params: int = 200) -> float:
        """Honest estimate of the seconds ONE numerical-gradient update would take.

        Times ``probe_params`` parameters (spread over all four arrays) the way
        a numerical gradient does (nudge up, loss, nudge down, loss, restore)
        on a real minibatch, on a float64 copy of the network, with the same
        BLAS threads as ``run()``, and scales by the number of parameters.
        """
        net = copy.deepcopy(self.net)
        for key, value in net.params.items():  # numerical gradients work in float64
            net.params[key] = value.astype(np.float64)
        size = min(self.config.batch_size, self.train_size)
        x, t = self.x_train[:size], self.t_train[:size]
        flat = [p.reshape(-1) for p in net.params.values() if p.size]
        total = sum(p.size for p in flat)
        probe = max(1, min(probe_params, total))
        order = [(arr, i) for arr in flat for i in range(arr.size)]
        picks = order[:: max(1, len(order) // probe)][:probe]
        restore = set_blas_threads(self.blas_threads) if self.blas_threads else None
        try:
            with np.errstate(all="ignore"):
                net.loss(x, t)  # warm up before timing
                start = time.perf_counter()
                for arr, i in picks:
                    keep = arr[i]
                    arr[i] = keep + 1e-4
                    net.loss(x, t)
                    arr[i] = keep - 1e-4
                    net.loss(x, t)
                    arr[i] = keep
                elapsed = time.perf_counter() - start
        finally:
            if restore is not None:
                restore()
        return elapsed / len(picks) * total

    # -- the loop ------------------------------------------------------------

    def _batch_indices(self) -> Iterator[np.ndarray]:
        n, b = self.train_size, self.config.batch_size
        if self.config.sampling == "random":
            while True:
                yield self.rng.integers(0, n, size=b)
        while True:
            order = self.rng.permutation(n)
            if b >= n:
                yield order
                continue
            for k in range(self.iterations_per_epoch):
                yield order[k * b : (k + 1) * b]

    def _gradient(self, x: np.ndarray, t: np.ndarray) -> tuple[float, dict[str, np.ndarray]]:
        if self.config.gradient == "backprop":
            return loss_and_gradient32(self.net, x, t)
        loss = float(self.net.loss(x, t))

        def progress(done: int, total: int) -> bool:
            if self.on_gradient_progress is not None:
                self.on_gradient_progress(done, total)
            return not self._stop.is_set()

        return loss, self.net.numerical_gradient(x, t, on_progress=progress)

    def run(self) -> Iterator[TrainingEvent]:
        """Train, yielding IterationDone / EpochDone events and TrainingFinished last.

        Can be iterated once per Trainer.
        """
        if self._started:
            raise RuntimeError("this Trainer has already run; make a new one")
        self._started = True
        return self._run()

    def _run(self) -> Iterator[TrainingEvent]:
        restore = set_blas_threads(self.blas_threads) if self.blas_threads else None
        try:
            yield from self._loop()
        finally:
            if restore is not None:
                restore()

    def _loop(self) -> Iterator[TrainingEvent]:
        from tui_nn.engine.gradient import Cancelled

        config = self.config
        ipe = self.iterations_per_epoch
        params = self.net.params
        start = time.perf_counter()
        eval_seconds = 0.0
        last_eval: tuple[int, float, float] | None = None
        reason = "done"
        batches = self._batch_indices()

        while self.iteration < config.iterations:
            if self._stop.is_set():
                reason = "stopped"
                break
            idx = next(batches)
            x = self.x_train[idx]
            t = self.t_train[idx]
            with np.errstate(all="ignore"):
                try:
                    loss, grads = self._gradient(x, t)
                except Cancelled:
                    reason = "stopped"
                    break
                if not math.isfinite(loss):
                    reason = f"diverged (loss is {loss})"
                    break
                lr = self._learning_rate
                if lr != 0.0:
                    for key, grad in grads.items():
                        grad *= -lr
                        params[key] += grad
                # A nan/inf weight shows in the loss soon; the sums make sure, every few steps.
                count = self.iteration + 1
                check = count % 8 == 0 or count % ipe == 0 or count == config.iterations
                finite = not check or all(
                    math.isfinite(float(np.sum(p))) for p in params.values()
                )
            self.iteration += 1
            now = time.perf_counter() - start
            yield IterationDone(self.iteration, loss, now, self.iteration / ipe)
            if not finite:
                reason = "diverged (weights overflowed)"
                break
            if self.iteration % ipe == 0:
                t0 = time.perf_counter()
                train_acc, test_acc = self.evaluate()
                eval_seconds += time.perf_counter() - t0
                last_eval = (self.iteration, train_acc, test_acc)
                yield EpochDone(
                    self.iteration // ipe,
                    self.iteration,
                    train_acc,
                    test_acc,
                    time.perf_counter() - start,
                )

        if last_eval is not None and last_eval[0] == self.iteration:
            train_acc, test_acc = last_eval[1], last_eval[2]
        else:
            t0 = time.perf_counter()
            train_acc, test_acc = self.evaluate()
            eval_seconds += time.perf_counter() - t0
        yield TrainingFinished(
            iterations=self.iteration,
            train_accuracy=train_acc,
            test_accuracy=test_acc,
            seconds=time.perf_counter() - start,
            stopped_early=reason != "done",
            reason=reason,
            eval_seconds=eval_seconds,
        )


def _accuracy_float(net: TwoLayerNet, x: np.ndarray, t: np.ndarray) -> float:
    if t.size == 0:
        return 0.0
    return float(np.mean(_predict_labels_float(net, x) == t))
