"""The SGD loop: it learns, its events come in the promised order, and it can be steered."""

from __future__ import annotations

import math
import threading

import numpy as np
import pytest

from tui_nn.engine.train import (
    EpochDone,
    IterationDone,
    TrainConfig,
    Trainer,
    TrainingFinished,
    as_float_images,
    confusion_matrix,
    iterations_per_epoch,
    parse_weight_init,
    predict_labels,
    predict_proba,
)


def make_blobs(n: int, seed: int, prototypes_seed: int = 99) -> tuple[np.ndarray, np.ndarray]:
    """uint8 (n, 28, 28) images: ten random "prototype" pictures plus noise; labels 0..9."""
    protos = np.random.default_rng(prototypes_seed).random((10, 28, 28)) > 0.7
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10, size=n)
    images = protos[labels] * 200.0 + rng.normal(0, 60, size=(n, 28, 28))
    return np.clip(images, 0, 255).astype(np.uint8), labels.astype(np.uint8)


@pytest.fixture(scope="module")
def data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    x_train, t_train = make_blobs(500, seed=1)
    x_test, t_test = make_blobs(200, seed=2)
    return x_train, t_train, x_test, t_test


def small(**changes: object) -> TrainConfig:
    base = TrainConfig(hidden_size=20, batch_size=50, iterations=100, learning_rate=0.5)
    return TrainConfig(**{**base.to_dict(), **changes})


def run_all(trainer: Trainer) -> list[object]:
    return list(trainer.run())


# -- configuration -------------------------------------------------------------


def test_defaults_are_the_books_setting() -> None:
    config = TrainConfig.book()
    assert (config.hidden_size, config.activation, config.batch_size) == (50, "sigmoid", 100)
    assert (config.learning_rate, config.iterations) == (0.1, 10_000)
    assert config.weight_init_std() == 0.01
    assert config.validate() == []
    faster = TrainConfig.faster_learner()
    assert (faster.activation, faster.weight_init, faster.hidden_size) == ("relu", "he", 100)
    assert faster.learning_rate == 0.3
    assert faster.validate() == []


@pytest.mark.parametrize(
    ("changes", "word"),
    [
        ({"learning_rate": float("inf")}, "finite"),
        ({"learning_rate": float("nan")}, "finite"),
        ({"learning_rate": 0.0}, "more than 0"),
        ({"batch_size": -5}, "batch size"),
        ({"hidden_size": 0}, "hidden size"),
        ({"iterations": 2.5}, "whole number"),
        ({"activation": "tanh"}, "activation"),
        ({"weight_init": "lots"}, "weight initialisation"),
        ({"gradient": "magic"}, "gradient"),
        ({"train_size": 0}, "training-set size"),
    ],
)
def test_validate_names_the_problem(changes: dict, word: str) -> None:
    problems = TrainConfig(**changes).validate()
    assert len(problems) == 1
    assert word in problems[0]


def test_trainer_refuses_a_bad_config(data) -> None:
    with pytest.raises(ValueError, match="batch size"):
        Trainer(small(batch_size=0), *data)


def test_weight_init_text() -> None:
    assert parse_weight_init("0.01") == 0.01
    assert parse_weight_init(" He ") == "he"
    assert parse_weight_init("xavier") == "xavier"
    with pytest.raises(ValueError):
        parse_weight_init("-1")


def test_epoch_arithmetic_from_the_lesson() -> None:
    assert iterations_per_epoch(60_000, 100) == 600
    assert iterations_per_epoch(10_000, 1_000) == 10
    assert iterations_per_epoch(50, 100) == 1
    # not a whole number: rounded down (random batches, the book) ...
    assert iterations_per_epoch(600, 250) == 2
    # ... or up for shuffled epochs, whose last batch is short (250, 250, 100)
    assert iterations_per_epoch(600, 250, "shuffle") == 3
    assert iterations_per_epoch(50, 100, "shuffle") == 1
    for bad in ((0, 10), (10, 0), (10, 2.5)):
        with pytest.raises(ValueError, match="whole number"):
            iterations_per_epoch(*bad)


def test_epoch_arithmetic_says_how_it_rounds() -> None:
    from tui_nn.engine.train import epoch_arithmetic

    assert epoch_arithmetic(60_000, 100) == "60,000 / 100 = 600 iterations"
    assert epoch_arithmetic(600, 250) == "600 / 250 = 2.4, rounded down: 2 iterations"
    assert epoch_arithmetic(50, 100) == "50 / 100 = 0.5, but at least: 1 iteration"
    assert epoch_arithmetic(600, 250, "shuffle") == (
        "600 / 250 = 2.4, rounded up (the last batch has 100): 3 iterations"
    )


@pytest.mark.parametrize("sampling", ["random", "shuffle"])
def test_an_epoch_is_iterations_per_epoch_updates(sampling: str) -> None:
    x, t = make_blobs(60, seed=5)
    config = TrainConfig(hidden_size=3, batch_size=25, iterations=6, sampling=sampling)
    trainer = Trainer(config, x, t, x[:10], t[:10])
    assert trainer.iterations_per_epoch == iterations_per_epoch(60, 25, sampling)
    seen: list[np.ndarray] = []
    batches = trainer._batch_indices()
    for _ in range(trainer.iterations_per_epoch):
        seen.append(next(batches))
    if sampling == "shuffle":  # every example exactly once, the last batch short
        assert [len(b) for b in seen] == [25, 25, 10]
        np.testing.assert_array_equal(np.sort(np.concatenate(seen)), np.arange(60))
    else:
        assert [len(b) for b in seen] == [25, 25]
    epochs = [e.iteration for e in trainer.run() if isinstance(e, EpochDone)]
    assert epochs == list(range(trainer.iterations_per_epoch, 7, trainer.iterations_per_epoch))


def test_images_are_scaled_once_to_float32() -> None:
    images = np.array([[[0, 255], [51, 102]]], dtype=np.uint8)
    x = as_float_images(images)
    assert x.dtype == np.float32 and x.shape == (1, 4)
    np.testing.assert_allclose(x, [[0.0, 1.0, 0.2, 0.4]], rtol=1e-6)


# -- learning ------------------------------------------------------------------


def test_training_reduces_loss_and_raises_accuracy(data) -> None:
    trainer = Trainer(small(iterations=150), *data)
    _, before_test = trainer.evaluate()
    events = run_all(trainer)
    losses = [e.loss for e in events if isinstance(e, IterationDone)]
    finished = events[-1]
    assert isinstance(finished, TrainingFinished)
    assert finished.reason == "done" and not finished.stopped_early
    assert np.mean(losses[-10:]) < 0.5 * np.mean(losses[:10])
    assert finished.test_accuracy > before_test + 0.3
    assert finished.train_accuracy > 0.8


def test_relu_he_and_shuffle_also_learn(data) -> None:
    config = small(activation="relu", weight_init="he", sampling="shuffle", learning_rate=0.1)
    trainer = Trainer(config, *data)
    _, before = trainer.evaluate()
    finished = run_all(trainer)[-1]
    assert finished.reason == "done"
    assert finished.test_accuracy > before + 0.3


def test_events_order_and_counts(data) -> None:
    trainer = Trainer(small(iterations=45, batch_size=50, train_size=200), *data)
    assert trainer.train_size == 200
    assert trainer.iterations_per_epoch == 4
    events = run_all(trainer)
    iterations = [e for e in events if isinstance(e, IterationDone)]
    epochs = [e for e in events if isinstance(e, EpochDone)]
    assert [e.iteration for e in iterations] == list(range(1, 46))
    assert [e.epoch for e in epochs] == list(range(1, 12))
    assert [e.iteration for e in epochs] == [4 * k for k in range(1, 12)]
    # each EpochDone comes right after the IterationDone that completed the epoch
    for k, event in enumerate(events):
        if isinstance(event, EpochDone):
            assert isinstance(events[k - 1], IterationDone)
            assert events[k - 1].iteration == event.iteration
    assert isinstance(events[-1], TrainingFinished)
    assert sum(isinstance(e, TrainingFinished) for e in events) == 1
    assert events[-1].iterations == 45
    assert iterations[-1].epoch == pytest.approx(45 / 4)
    seconds = [e.seconds for e in iterations]
    assert seconds == sorted(seconds)


def test_final_accuracy_reuses_the_last_epoch(data) -> None:
    events = run_all(Trainer(small(iterations=20, train_size=100), *data))
    last_epoch = [e for e in events if isinstance(e, EpochDone)][-1]
    assert last_epoch.iteration == 20
    assert events[-1].test_accuracy == last_epoch.test_accuracy
    assert events[-1].train_accuracy == last_epoch.train_accuracy


def test_accuracies_match_the_network(data) -> None:
    _, _, x_test, t_test = data
    trainer = Trainer(small(iterations=30), *data)
    finished = run_all(trainer)[-1]
    predicted = predict_proba(trainer.net, x_test).argmax(axis=1)
    assert finished.test_accuracy == pytest.approx(np.mean(predicted == t_test))
    matrix = confusion_matrix(trainer.net, x_test, t_test)
    assert matrix.shape == (10, 10) and matrix.sum() == len(t_test)
    assert np.trace(matrix) / matrix.sum() == pytest.approx(finished.test_accuracy)
    np.testing.assert_array_equal(matrix.sum(axis=1), np.bincount(t_test, minlength=10))


def test_eval_size_limits_the_measured_examples(data) -> None:
    trainer = Trainer(small(iterations=10, eval_size=7), *data)
    finished = run_all(trainer)[-1]
    for value in (finished.train_accuracy, finished.test_accuracy):
        assert round(value * 7) == pytest.approx(value * 7)


def test_predict_proba_takes_one_image_or_a_batch(data) -> None:
    trainer = Trainer(small(iterations=1), *data)
    x_test = data[2]
    probs = predict_proba(trainer.net, x_test[:3])
    assert probs.shape == (3, 10)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    one = predict_proba(trainer.net, x_test[0])
    np.testing.assert_allclose(one, probs[:1])
    flat = predict_proba(trainer.net, x_test[:3].reshape(3, 784) / 255.0)
    np.testing.assert_allclose(flat, probs, rtol=1e-5)


# -- steering -------------------------------------------------------------------


def test_same_seed_same_run_other_seed_other_run(data) -> None:
    def losses(seed: int) -> list[float]:
        run = run_all(Trainer(small(iterations=30, seed=seed), *data))
        return [e.loss for e in run if isinstance(e, IterationDone)]

    assert losses(3) == losses(3)
    assert losses(3) != losses(4)


def test_learning_rate_change_mid_run_takes_effect(data) -> None:
    trainer = Trainer(small(iterations=40), *data)
    events = trainer.run()
    for event in events:
        if isinstance(event, IterationDone) and event.iteration == 10:
            break
    trainer.learning_rate = 0.0
    frozen = {k: v.copy() for k, v in trainer.net.params.items()}
    rest = list(events)
    assert rest[-1].reason == "done" and rest[-1].iterations == 40
    for key, value in trainer.net.params.items():
        np.testing.assert_array_equal(value, frozen[key])
    # and back up: the parameters move again
    trainer2 = Trainer(small(iterations=40), *data)
    events2 = trainer2.run()
    for event in events2:
        if isinstance(event, IterationDone) and event.iteration == 10:
            break
    trainer2.learning_rate = 1.0
    assert trainer2.learning_rate == 1.0
    list(events2)
    assert not np.array_equal(trainer2.net.params["W2"], frozen["W2"])


@pytest.mark.parametrize("bad", [float("inf"), float("nan"), -0.1, "0.1"])
def test_learning_rate_setter_refuses_nonsense(data, bad) -> None:
    trainer = Trainer(small(), *data)
    with pytest.raises(ValueError, match="learning rate"):
        trainer.learning_rate = bad
    assert trainer.learning_rate == 0.5


def test_stop_ends_the_run_with_a_reason(data) -> None:
    trainer = Trainer(small(iterations=1_000), *data)
    events = []
    for event in trainer.run():
        events.append(event)
        if isinstance(event, IterationDone) and event.iteration == 7:
            trainer.stop()
    finished = events[-1]
    assert isinstance(finished, TrainingFinished)
    assert finished.reason == "stopped" and finished.stopped_early
    assert finished.iterations == 7
    assert 0.0 <= finished.test_accuracy <= 1.0


def test_stop_from_another_thread(data) -> None:
    trainer = Trainer(small(iterations=10_000_000), *data)
    timer = threading.Timer(0.2, trainer.stop)
    timer.start()
    finished = run_all(trainer)[-1]
    timer.join()
    assert finished.reason == "stopped" and 0 < finished.iterations < 10_000_000


def test_a_trainer_runs_once(data) -> None:
    trainer = Trainer(small(iterations=2), *data)
    run_all(trainer)
    with pytest.raises(RuntimeError):
        trainer.run()


@pytest.mark.parametrize(("activation", "lr"), [("sigmoid", 1e3), ("relu", 1e6)])
def test_huge_learning_rate_runs_without_warnings(data, activation: str, lr: float) -> None:
    # RuntimeWarnings are errors in this suite: none may escape, and the run must end.
    config = small(iterations=60, learning_rate=lr, activation=activation)
    events = run_all(Trainer(config, *data))
    finished = events[-1]
    assert isinstance(finished, TrainingFinished)
    assert finished.reason == "done" or finished.reason.startswith("diverged")
    assert all(math.isfinite(e.loss) for e in events if isinstance(e, IterationDone))


def test_overflowing_weights_end_as_diverged(data) -> None:
    config = small(iterations=200, learning_rate=1e100, weight_init="he", activation="relu")
    events = run_all(Trainer(config, *data))
    finished = events[-1]
    assert finished.reason.startswith("diverged") and finished.stopped_early
    assert finished.iterations < 200
    assert all(math.isfinite(e.loss) for e in events if isinstance(e, IterationDone))
    # no meaningless accuracies from nan weights (argmax of nan is 0: "10%")
    assert finished.train_accuracy is None and finished.test_accuracy is None


def test_nan_loss_ends_as_diverged(data) -> None:
    x_train, t_train, x_test, t_test = data
    monstrous = x_train.astype(np.float64) * 1e300  # overflows in the very first pass
    finished = run_all(Trainer(small(iterations=5), monstrous, t_train, x_test, t_test))[-1]
    assert finished.reason.startswith("diverged (loss is") and finished.iterations == 0
    assert finished.train_accuracy is None and finished.test_accuracy is None


# -- numerical gradient ------------------------------------------------------------


def test_numerical_gradient_run_and_estimate(data) -> None:
    x_train, t_train, x_test, t_test = data
    images = x_train[:, ::7, ::7]  # 4x4 pictures keep the numerical gradient quick
    tests = x_test[:, ::7, ::7]
    config = small(hidden_size=3, batch_size=10, iterations=3, gradient="numerical")
    trainer = Trainer(config, images, t_train, tests, t_test)
    seconds = trainer.estimate_numerical_seconds(parameters=20, least_seconds=0.0)
    assert 0 < seconds < 5
    assert 0 < trainer.estimate_numerical_seconds("plain", parameters=20) < 5
    calls: list[tuple[int, int]] = []
    trainer.on_gradient_progress = lambda done, total: calls.append((done, total))
    events = run_all(trainer)
    assert events[-1].reason == "done" and events[-1].iterations == 3
    # the same seed with backprop takes (almost) the same steps
    twin = Trainer(TrainConfig(**{**config.to_dict(), "gradient": "backprop"}), images, t_train,
                   tests, t_test)
    run_all(twin)
    for key in trainer.net.params:
        np.testing.assert_allclose(trainer.net.params[key], twin.net.params[key], atol=1e-6)


def test_stop_cancels_a_numerical_gradient(data) -> None:
    x_train, t_train, x_test, t_test = data
    config = small(hidden_size=30, batch_size=10, iterations=5, gradient="numerical")
    trainer = Trainer(config, x_train, t_train, x_test, t_test)
    seen = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        trainer.stop()

    trainer.on_gradient_progress = progress
    finished = run_all(trainer)[-1]
    assert finished.reason == "stopped" and finished.iterations == 0
    assert seen and seen[0] < trainer.net.parameter_count()


# -- the float32 step matches the engine's backprop -----------------------------------


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_float32_step_matches_two_layer_net(data, activation: str) -> None:
    from tui_nn.engine.train import loss_and_gradient32, make_network

    x_train, t_train = data[0], data[1]
    config = small(activation=activation, weight_init="he")
    net = make_network(config, 784, np.random.default_rng(1))
    net.params["b1"] += 0.1  # non-zero biases, so they matter
    x = as_float_images(x_train[:32])
    labels = t_train[:32].astype(np.int64)
    expected_loss, expected = net.loss_and_gradient(x.astype(np.float64), labels)
    loss, grads = loss_and_gradient32(net, x, labels)
    assert loss == pytest.approx(expected_loss, rel=1e-5)
    for key, value in expected.items():
        assert grads[key].dtype == np.float32
        scale = np.abs(value).max()
        np.testing.assert_allclose(grads[key], value, atol=1e-5 * scale, rtol=0)


def test_the_engine_leaves_blas_threads_alone(data) -> None:
    """The thread policy belongs to the caller (tui_nn.threads): training changes nothing."""
    threadpoolctl = pytest.importorskip("threadpoolctl")

    def blas_threads() -> list[int]:
        return [pool["num_threads"] for pool in threadpoolctl.threadpool_info()
                if pool["user_api"] == "blas"]

    # The suite runs with one BLAS thread (tests/conftest.py): two here, so that a training
    # that set one would be seen.
    with threadpoolctl.threadpool_limits(limits=2, user_api="blas"):
        before = blas_threads()
        events = Trainer(small(iterations=5), *data).run()
        next(events)
        assert blas_threads() == before
        list(events)
        assert blas_threads() == before


def test_numerical_estimate_is_close_to_the_real_time(data) -> None:
    """The estimate is the right order of magnitude (a busy machine may slow either part)."""
    import time

    x_train, t_train, x_test, t_test = data
    config = small(hidden_size=2, batch_size=50, iterations=1, gradient="numerical")
    trainer = Trainer(config, x_train, t_train, x_test, t_test)
    estimates = [trainer.estimate_numerical_seconds("plain", least_seconds=0.1)
                 for _ in range(2)]
    x, t = as_float_images(trainer.x_train[:50]), trainer.t_train[:50]
    actuals = []
    for _ in range(2):
        start = time.perf_counter()
        trainer.net.numerical_gradient(x, t)
        actuals.append(time.perf_counter() - start)
    estimate, actual = min(estimates), min(actuals)  # the least disturbed of each
    assert actual / 10 < estimate < actual * 10, (estimates, actuals)


def test_backprop_gradient_of_the_lessons_network_takes_milliseconds() -> None:
    """LESSONS.md lesson 7: TwoLayerNet(784, 100, 10), batch of 100: backprop in milliseconds."""
    import time

    from tui_nn.engine.nets import TwoLayerNet

    rng = np.random.default_rng(0)
    net = TwoLayerNet(784, 100, 10, rng=rng)
    x = rng.random((100, 784))
    t = np.eye(10)[rng.integers(0, 10, size=100)]
    net.gradient(x, t)  # warm up
    times = []
    for _ in range(5):
        start = time.perf_counter()
        net.gradient(x, t)
        times.append(time.perf_counter() - start)
    assert float(np.median(times)) < 0.2, times  # generous: about 5 ms on two cores


# -- the book's numbers on real MNIST (LESSONS.md, lesson 8) ----------------------------


def test_book_setting_on_real_mnist_matches_the_lesson() -> None:
    from tui_nn.data import DataNotFound, load_dataset

    try:
        mnist = load_dataset(source="mnist")
    except DataNotFound:
        pytest.skip("real MNIST not found (set TUI_NN_DATA to the folder with the .gz files)")
    # five epochs of 600; accuracies on the whole test set and 10,000 training images
    config = TrainConfig.book(iterations=3_000, eval_size=10_000)
    events = run_all(Trainer(config, mnist.x_train, mnist.t_train, mnist.x_test, mnist.t_test))
    epochs = [e for e in events if isinstance(e, EpochDone)]
    assert [e.iteration for e in epochs] == [600, 1200, 1800, 2400, 3000]
    # LESSONS.md: 0.79 after the first epoch, 0.918 after five
    assert epochs[0].test_accuracy == pytest.approx(0.79, abs=0.03)
    assert epochs[4].test_accuracy == pytest.approx(0.918, abs=0.01)
    losses = [e.loss for e in events if isinstance(e, IterationDone)]
    assert np.mean(losses[-100:]) < 0.2 * np.mean(losses[:10])


def test_an_empty_test_set_is_a_clear_error(data) -> None:
    x_train, t_train, x_test, t_test = data
    for empty_x, empty_t in (
        (x_test[:0], t_test[:0]),
        (np.zeros((0, 784), dtype=np.float32), np.zeros(0, dtype=np.int64)),
        (np.zeros(0), np.zeros(0)),
    ):
        with pytest.raises(ValueError, match="no test images"):
            Trainer(small(), x_train, t_train, empty_x, empty_t)
    assert as_float_images(x_test[:0]).shape == (0, 784)


def test_probabilities_and_predicted_labels_agree(data) -> None:
    x_train, t_train, x_test, t_test = data
    trainer = Trainer(small(iterations=30), x_train, t_train, x_test, t_test)
    run_all(trainer)
    proba = predict_proba(trainer.net, x_test)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(proba.argmax(axis=1), predict_labels(trainer.net, x_test))
    # and close to the float64 network's own answer
    np.testing.assert_allclose(proba, trainer.net.predict(as_float_images(x_test)), atol=1e-4)


def test_numerical_training_tracks_backprop_training(data) -> None:
    """A few updates with the (structured) numerical gradient follow backprop's step for step."""
    x_train, t_train, x_test, t_test = data
    config = small(hidden_size=10, batch_size=20, iterations=15, gradient="numerical")
    numerical = Trainer(config, x_train, t_train, x_test, t_test)
    backprop = Trainer(TrainConfig(**{**config.to_dict(), "gradient": "backprop"}),
                       x_train, t_train, x_test, t_test)
    losses = [[e.loss for e in t.run() if isinstance(e, IterationDone)]
              for t in (numerical, backprop)]
    assert len(losses[0]) == len(losses[1]) == 15
    np.testing.assert_allclose(losses[0], losses[1], atol=1e-4)
    for key in numerical.net.params:
        np.testing.assert_allclose(numerical.net.params[key], backprop.net.params[key],
                                   atol=1e-5)


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_the_fused_step_is_loss_and_gradient_then_update_exactly(data, activation) -> None:
    """SGDStep32 (buffers kept, in place) gives bit for bit the plain float32 step's numbers."""
    import copy

    from tui_nn.engine.fast32 import SGDStep32, gather_batch, loss_and_gradient32
    from tui_nn.engine.train import make_network

    x_train, t_train = data[0].reshape(len(data[0]), -1), data[1].astype(np.int64)
    config = small(activation=activation, weight_init="he" if activation == "relu" else "0.01")
    plain = make_network(config, 784, np.random.default_rng(1))
    for key, value in plain.params.items():
        plain.params[key] = value.astype(np.float32)
    fused = copy.deepcopy(plain)
    step = SGDStep32(fused, 50)
    buffer = np.empty((50, 784), np.float32)
    rng = np.random.default_rng(2)
    for size in (50, 50, 17, 50):  # a short batch too (the last of a shuffled epoch)
        idx = rng.integers(0, len(x_train), size)
        x = gather_batch(x_train, idx, buffer)
        np.testing.assert_array_equal(x, as_float_images(x_train[idx]))
        loss, grads = loss_and_gradient32(plain, as_float_images(x_train[idx]), t_train[idx])
        for key, grad in grads.items():
            grad *= -0.3
            plain.params[key] += grad
        assert step.loss(x, t_train[idx]) == loss
        step.update(0.3)
        for key in plain.params:
            np.testing.assert_array_equal(fused.params[key], plain.params[key])
