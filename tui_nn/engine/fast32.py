"""The fast float32 maths of training: forward pass, backprop, predictions, accuracy.

TwoLayerNet computes in float64 and checks its input on every call, which is
right for the lessons but costs time when it runs 10,000 times.  Training
uses the same maths in float32 on the network's own parameter arrays (a test
checks it against ``TwoLayerNet.loss_and_gradient``), and every prediction
made for the learner (labels, probabilities, accuracy, confusion matrix)
goes through the same float32 forward pass, so they always agree.
"""

from __future__ import annotations

import numpy as np

from tui_nn.engine.labels import NUM_CLASSES, class_labels
from tui_nn.engine.nets import PARAM_NAMES, TwoLayerNet

EVAL_CHUNK = 2_000  # images converted and predicted at a time (bounded memory)


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
    x = x.reshape(x.shape[0], int(np.prod(x.shape[1:])))  # also for no images at all
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
    return class_labels(t, NUM_CLASSES, "labels")


def flat_images(images: np.ndarray) -> np.ndarray:
    """Images as (N, pixels) without converting them: uint8 stay uint8 (a view when possible).

    Floats become float32 (see :func:`as_float_images`).  Training keeps uint8
    images like this and converts each batch (:func:`as_float_images`), so no
    float32 copy of a whole data set is ever made.
    """
    x = np.asarray(images)
    if x.dtype != np.uint8:
        return as_float_images(x)
    if x.ndim == 1 or (x.ndim == 2 and x.shape == (28, 28)):
        x = x[np.newaxis]
    if x.ndim < 2:
        raise ValueError(f"images must be a batch of pictures, got shape {x.shape}")
    return x.reshape(x.shape[0], int(np.prod(x.shape[1:])))


def predict_proba(net: TwoLayerNet, images: np.ndarray, chunk: int = EVAL_CHUNK) -> np.ndarray:
    """(N, 10) class probabilities for uint8 (N,28,28) or float (N,784) images.

    Computed by the same float32 forward pass as :func:`predict_labels` (the
    softmax in float64), so the most probable digit is the predicted one.
    """
    x = flat_images(images)
    out = np.empty((x.shape[0], NUM_CLASSES), dtype=np.float64)
    params = _params32(net)
    with np.errstate(all="ignore"):
        for start in range(0, x.shape[0], chunk):
            part = as_float_images(x[start : start + chunk])
            scores = _forward32(params, part, net.activation)[2]
            scores = scores.astype(np.float64)
            scores -= scores.max(axis=1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=1, keepdims=True)
            out[start : start + chunk] = scores
    return out


def predict_labels(net: TwoLayerNet, images: np.ndarray, chunk: int = EVAL_CHUNK) -> np.ndarray:
    """(N,) predicted digit for each image (vectorised, converted and computed in chunks)."""
    x = flat_images(images)
    out = np.empty(x.shape[0], dtype=np.int64)
    params = _params32(net)
    for start in range(0, x.shape[0], chunk):
        part = as_float_images(x[start : start + chunk])
        logits = _forward32(params, part, net.activation)[2]
        out[start : start + chunk] = np.argmax(logits, axis=1)
    return out


def _params32(net: TwoLayerNet) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    p = net.params
    W1, b1, W2, b2 = (np.asarray(p[k], dtype=np.float32) for k in PARAM_NAMES)
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


def accuracy_flat(net: TwoLayerNet, x: np.ndarray, t: np.ndarray) -> float:
    """Accuracy on images already flattened (uint8 or float32) and checked labels."""
    if t.size == 0:
        return 0.0
    return float(np.mean(predict_labels(net, x) == t))


def gather_batch(images: np.ndarray, idx: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Rows ``idx`` of flat images as float32 in [0, 1] (into ``out`` when given and big enough).

    uint8 images are divided by 255 in float32 straight into ``out`` (one pass
    from bytes to floats), the same numbers as :func:`as_float_images`.
    """
    if images.dtype == np.uint8:
        rows = images[idx]
        if out is not None and out.shape[0] >= rows.shape[0] and out.shape[1:] == rows.shape[1:]:
            target = out[: rows.shape[0]]
            np.divide(rows, np.float32(255.0), out=target)
            return target
    return as_float_images(images[idx])


class SGDStep32:
    """One SGD update in float32, in place, with buffers kept from step to step.

    The same formulas, in the same order, as :func:`loss_and_gradient32`
    followed by ``param += -lr * grad`` (a test checks the results are
    identical), but every intermediate array is allocated once, for batches of
    up to ``batch_size`` examples.
    """

    def __init__(self, net: TwoLayerNet, batch_size: int) -> None:
        self.net = net
        inputs, hidden = net.params["W1"].shape
        classes = net.params["W2"].shape[1]
        f = np.float32
        self.a1 = np.empty((batch_size, hidden), f)
        self.z1 = np.empty((batch_size, hidden), f)
        self.spare = np.empty((batch_size, hidden), f)
        self.mask = np.empty((batch_size, hidden), bool)
        self.a2 = np.empty((batch_size, classes), f)
        self.grads = {
            "W1": np.empty((inputs, hidden), f),
            "b1": np.empty(hidden, f),
            "W2": np.empty((hidden, classes), f),
            "b2": np.empty(classes, f),
        }
        self.rows = np.arange(batch_size)
        self._batch: tuple[np.ndarray, np.ndarray] = (np.empty((0, inputs), f), np.empty(0, int))

    def loss(self, x: np.ndarray, labels: np.ndarray) -> float:
        """The forward pass on batch ``x`` (float32) and its loss; :meth:`update` may follow."""
        W1, b1, W2, b2 = (self.net.params[k] for k in PARAM_NAMES)
        n = x.shape[0]
        a1, z1, a2 = self.a1[:n], self.z1[:n], self.a2[:n]
        rows = self.rows[:n]
        self._batch = (x, labels)
        relu = self.net.activation != "sigmoid"
        with np.errstate(all="ignore"):
            np.matmul(x, W1, out=a1)
            a1 += b1
            if relu:
                np.maximum(a1, 0.0, out=z1)
            else:
                np.negative(a1, out=z1)
                np.exp(z1, out=z1)
                z1 += 1.0
                np.reciprocal(z1, out=z1)
            np.matmul(z1, W2, out=a2)
            a2 += b2
            # ufunc reductions called directly: the same sums as .max()/.sum()/np.mean
            a2 -= np.maximum.reduce(a2, axis=1, keepdims=True)
            np.exp(a2, out=a2)
            a2 /= np.add.reduce(a2, axis=1, keepdims=True)
            picked = a2[rows, labels]
            picked += np.float32(1e-7)
            np.log(picked, out=picked)
            return -float(np.add.reduce(picked, dtype=np.float64) / n)

    def update(self, lr: float) -> None:
        """Backpropagate the last :meth:`loss` batch and step every parameter by -lr * grad."""
        x, labels = self._batch
        params = self.net.params
        W2 = params["W2"]
        n = x.shape[0]
        a1, z1, spare, a2 = self.a1[:n], self.z1[:n], self.spare[:n], self.a2[:n]
        rows = self.rows[:n]
        grads = self.grads
        relu = self.net.activation != "sigmoid"
        with np.errstate(all="ignore"):
            dy = a2
            dy[rows, labels] -= 1.0
            dy /= np.float32(n)
            np.matmul(z1.T, dy, out=grads["W2"])
            np.add.reduce(dy, axis=0, out=grads["b2"])
            dz1 = spare
            np.matmul(dy, W2.T, out=dz1)
            if relu:
                np.greater(a1, 0, out=self.mask[:n])
                dz1 *= self.mask[:n]
            else:
                dz1 *= z1
                np.subtract(1.0, z1, out=a1)  # a1 is not needed any more
                dz1 *= a1
            np.matmul(x.T, dz1, out=grads["W1"])
            np.add.reduce(dz1, axis=0, out=grads["b1"])
            for key, grad in grads.items():
                grad *= -lr
                params[key] += grad
