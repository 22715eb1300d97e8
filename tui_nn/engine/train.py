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

The settings live in :mod:`tui_nn.engine.train_config`, the float32 maths in
:mod:`tui_nn.engine.fast32`, the minibatches in :mod:`tui_nn.engine.sampling`;
their public names are importable from here too.

Nothing here prints, imports the interface or touches global random state,
and nothing here changes how many threads NumPy's BLAS uses: the caller
decides (``tui_nn.threads.blas_threads``; one thread is fastest for training).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from tui_nn.engine.fast32 import (
    EVAL_CHUNK,
    NUM_CLASSES,
    SGDStep32,
    accuracy,
    accuracy_flat,
    as_float_images,
    as_labels,
    confusion_matrix,
    flat_images,
    gather_batch,
    loss_and_gradient32,
    predict_labels,
    predict_proba,
)
from tui_nn.engine.nets import ACTIVATIONS, WEIGHT_INITS
from tui_nn.engine.sampling import minibatches
from tui_nn.engine.timing import estimate_numerical_gradient
from tui_nn.engine.train_config import (
    GRADIENTS,
    MAX_BATCH,
    SAMPLINGS,
    EpochSplit,
    TrainConfig,
    epoch_arithmetic,
    epoch_split,
    iterations_per_epoch,
    learning_rate_problem,
    make_network,
    parse_weight_init,
)

__all__ = [
    "ACTIVATIONS",
    "EVAL_CHUNK",
    "GRADIENTS",
    "MAX_BATCH",
    "NUM_CLASSES",
    "SAMPLINGS",
    "WEIGHT_INITS",
    "EpochDone",
    "EpochSplit",
    "IterationDone",
    "TrainConfig",
    "Trainer",
    "TrainingEvent",
    "TrainingFinished",
    "accuracy",
    "as_float_images",
    "as_labels",
    "confusion_matrix",
    "epoch_arithmetic",
    "epoch_split",
    "flat_images",
    "iterations_per_epoch",
    "learning_rate_problem",
    "loss_and_gradient32",
    "make_network",
    "parse_weight_init",
    "predict_labels",
    "predict_proba",
]


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
    """The run is over; always the last event.  ``reason``: "done", "stopped", "diverged (…)".

    The accuracies are None for a diverged run: the weights hold nan or
    infinity, so every "prediction" is meaningless (argmax of nan is 0, which
    would look like a real ~10% accuracy).
    """

    iterations: int  # updates actually made
    train_accuracy: float | None
    test_accuracy: float | None
    seconds: float
    stopped_early: bool
    reason: str
    eval_seconds: float = 0.0  # part of ``seconds`` spent measuring accuracy


TrainingEvent = IterationDone | EpochDone | TrainingFinished


# ---------------------------------------------------------------------------
# The trainer


class Trainer:
    """Runs SGD on a fresh TwoLayerNet; iterate :meth:`run` to drive it.

    Images may be uint8 (N, 28, 28) or float (N, 784); labels integer (N,) or
    one-hot.  uint8 images are kept as they are (flattened, ``x_train`` and
    ``x_test``) and each batch or evaluation chunk is converted to float32 in
    [0, 1] when it is used, so no float32 copy of a data set is made; float
    images are converted once to float32.  All
    randomness (initial weights, training subset, minibatches) comes from
    ``rng``, by default ``numpy.random.default_rng(config.seed)``, so the same
    seed gives the same run.

    Attributes the caller may use:

    - ``net``: the network being trained (its ``params`` change in place; with
      backprop they are float32 arrays, which ``save_network`` stores as float64).
    - ``learning_rate``: may be changed while ``run()`` is being iterated,
      even from another thread; it takes effect from the next update.
    - ``iterations_per_epoch``: see :func:`iterations_per_epoch` (training-set
      size / batch size, rounded down and at least 1 for random batches;
      rounded up for shuffled epochs, whose last batch is short).
    - ``train_size``: examples actually used for training.
    - ``on_gradient_progress``: optional ``callback(done, total)`` called now
      and then during a numerical gradient.
    - ``iteration``: updates made so far.

    ``gradient="numerical"`` trains with the structured numerical gradient
    (``TwoLayerNet.numerical_gradient(method="structured")``): the book's
    central differences for every parameter, in float64, fast enough to run a
    few hundred updates and watch them match backpropagation.
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
        if np.asarray(x_test).size == 0 or np.asarray(t_test).size == 0:
            raise ValueError(
                "there are no test images: the accuracy after each epoch needs at least one"
            )
        self.x_test = flat_images(x_test)
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
        x_all = flat_images(images)  # only the images actually used; uint8 stay uint8
        self.x_train = x_all
        self.t_train = t_all
        self.train_size = int(x_all.shape[0])
        self.iterations_per_epoch = iterations_per_epoch(
            self.train_size, config.batch_size, config.sampling
        )
        self.epochs = config.iterations / self.iterations_per_epoch
        self._eval_train = self._eval_indices(self.train_size)
        self._eval_test = self._eval_indices(self.x_test.shape[0])
        self._step: SGDStep32 | None = None
        if config.gradient == "backprop":
            # float32 working precision: the same maths, several times faster
            for key, value in self.net.params.items():
                self.net.params[key] = np.ascontiguousarray(value, dtype=np.float32)
            self._step = SGDStep32(self.net, config.batch_size)
            self._x_buffer = np.empty((config.batch_size, pixels), np.float32)
        self._learning_rate = float(config.learning_rate)
        self._stop = threading.Event()
        self._started = False
        self.iteration = 0
        self.on_gradient_progress: Callable[[int, int], None] | None = None

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
        return accuracy_flat(self.net, x_tr, t_tr), accuracy_flat(self.net, x_te, t_te)

    def estimate_numerical_seconds(self, method: str = "structured", **probe: Any) -> float:
        """Estimated seconds of ONE numerical-gradient update (``method`` "structured" or "plain").

        Training uses the structured gradient; ``method="plain"`` gives the
        book's loop for the same network (what lesson 7 shows).  Measured by
        :func:`tui_nn.engine.timing.estimate_numerical_gradient` on the first
        batch of training images, in the caller's BLAS thread setting; ``probe``
        passes its keyword arguments (``parameters``, ``least_seconds``,
        ``most_seconds``).
        """
        size = min(self.config.batch_size, self.train_size)
        x = as_float_images(self.x_train[:size])
        estimate = estimate_numerical_gradient(
            self.net, x, self.t_train[:size], method=method, **probe
        )
        assert estimate is not None  # no should_stop given
        return estimate.estimate

    # -- the loop ------------------------------------------------------------

    def _batch_indices(self) -> Iterator[np.ndarray]:
        return minibatches(self.rng, self.train_size, self.config.batch_size, self.config.sampling)

    def _gradient(self, x: np.ndarray, t: np.ndarray) -> tuple[float, dict[str, np.ndarray]]:
        """Loss and numerical gradient (backprop goes through ``self._step`` instead)."""
        loss = float(self.net.loss(x, t))

        def progress(done: int, total: int) -> bool:
            if self.on_gradient_progress is not None:
                self.on_gradient_progress(done, total)
            return not self._stop.is_set()

        grads = self.net.numerical_gradient(x, t, on_progress=progress, method="structured")
        return loss, grads

    def run(self) -> Iterator[TrainingEvent]:
        """Train, yielding IterationDone / EpochDone events and TrainingFinished last.

        Can be iterated once per Trainer.
        """
        if self._started:
            raise RuntimeError("this Trainer has already run; make a new one")
        self._started = True
        return self._run()

    def _run(self) -> Iterator[TrainingEvent]:
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
            t = self.t_train[idx]
            step = self._step
            with np.errstate(all="ignore"):
                if step is not None:  # backprop: one fused float32 step, in place
                    loss = step.loss(gather_batch(self.x_train, idx, self._x_buffer), t)
                    grads = None
                else:
                    try:
                        loss, grads = self._gradient(as_float_images(self.x_train[idx]), t)
                    except Cancelled:
                        reason = "stopped"
                        break
                if not math.isfinite(loss):
                    reason = f"diverged (loss is {loss})"
                    break
                lr = self._learning_rate
                if lr != 0.0:
                    if step is not None:
                        step.update(lr)
                    else:
                        assert grads is not None
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
                epoch_train, epoch_test = self.evaluate()
                eval_seconds += time.perf_counter() - t0
                last_eval = (self.iteration, epoch_train, epoch_test)
                yield EpochDone(
                    self.iteration // ipe,
                    self.iteration,
                    epoch_train,
                    epoch_test,
                    time.perf_counter() - start,
                )

        train_acc: float | None
        test_acc: float | None
        if reason.startswith("diverged"):
            train_acc = test_acc = None  # nothing meaningful to measure
        elif last_eval is not None and last_eval[0] == self.iteration:
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
