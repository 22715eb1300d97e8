"""Learner files for the tests: right answers (only here, never shipped) and classic mistakes.

Each lesson's right answer is a few named blocks of code; a file with a
mistake is the same file with one block replaced.
"""

from __future__ import annotations

from pathlib import Path

from tui_nn.exercises.starters import file_name

IMPORTS = {
    5: "from tui_nn.engine.gradient import numerical_gradient\n",
    6: "from tui_nn.engine.losses import cross_entropy_error\n",
    7: (
        "from tui_nn.engine.functions import sigmoid, softmax\n"
        "from tui_nn.engine.gradient import numerical_gradient\n"
        "from tui_nn.engine.losses import cross_entropy_error\n"
    ),
}

SOLUTIONS: dict[int, dict[str, str]] = {
    1: {
        "mean_squared_error": """
def mean_squared_error(y, t):
    return 0.5 * np.sum((y - t) ** 2)
""",
        "cross_entropy_error": """
def cross_entropy_error(y, t):
    delta = 1e-7
    return -np.sum(t * np.log(y + delta))
""",
    },
    2: {
        "cross_entropy_error": """
def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size
""",
    },
    3: {
        "numerical_diff": """
def numerical_diff(f, x):
    h = 1e-4
    return (f(x + h) - f(x - h)) / (2 * h)
""",
    },
    4: {
        "numerical_gradient": """
def numerical_gradient(f, x):
    h = 1e-4
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=[["readwrite"]])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x)
        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp_val
        it.iternext()
    return grad
""",
    },
    5: {
        "gradient_descent": """
def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=float)
    for i in range(step_num):
        grad = numerical_gradient(f, x)
        x -= lr * grad
    return x
""",
    },
    6: {
        "softmax": """
def softmax(a):
    a = np.asarray(a, dtype=float)
    exp_a = np.exp(a - np.max(a, axis=-1, keepdims=True))
    return exp_a / np.sum(exp_a, axis=-1, keepdims=True)
""",
        "SimpleNet": """
class SimpleNet:
    def __init__(self, W=None):
        self.W = np.random.default_rng(0).standard_normal((2, 3)) if W is None else W

    def predict(self, x):
        return np.dot(x, self.W)

    def loss(self, x, t):
        return cross_entropy_error(softmax(self.predict(x)), t)
""",
    },
    7: {
        "TwoLayerNet": """
class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        rng = np.random.default_rng(0)
        self.params = {
            "W1": weight_init_std * rng.standard_normal((input_size, hidden_size)),
            "b1": np.zeros(hidden_size),
            "W2": weight_init_std * rng.standard_normal((hidden_size, output_size)),
            "b2": np.zeros(output_size),
        }

    def predict(self, x):
        W1, W2 = self.params["W1"], self.params["W2"]
        b1, b2 = self.params["b1"], self.params["b2"]
        z1 = sigmoid(np.dot(x, W1) + b1)
        return softmax(np.dot(z1, W2) + b2)

    def loss(self, x, t):
        return cross_entropy_error(self.predict(x), t)

    def accuracy(self, x, t):
        y = np.argmax(self.predict(x), axis=1)
        t = np.argmax(t, axis=1)
        return np.sum(y == t) / float(x.shape[0])

    def numerical_gradient(self, x, t):
        loss_W = lambda W: self.loss(x, t)  # noqa: E731
        return {key: numerical_gradient(loss_W, self.params[key]) for key in self.params}
""",
    },
    8: {
        "sgd_update": """
def sgd_update(params, grads, lr):
    for key in params:
        params[key] -= lr * grads[key]
""",
        "iterations_per_epoch": """
def iterations_per_epoch(train_size, batch_size):
    return max(train_size // batch_size, 1)
""",
        "epoch_count": """
def epoch_count(iterations, train_size, batch_size):
    return iterations / iterations_per_epoch(train_size, batch_size)
""",
    },
}


def source(lesson: int, replace: dict[str, str] | None = None) -> str:
    """The right answer of ``lesson``, with some blocks replaced."""
    blocks = {**SOLUTIONS[lesson], **(replace or {})}
    head = f"# tui-nn exercise: lesson {lesson}\nimport numpy as np\n" + IMPORTS.get(lesson, "")
    return head + "\n" + "\n\n".join(block.strip("\n") + "\n" for block in blocks.values())


def write(folder: Path, lesson: int, text: str, name: str | None = None) -> Path:
    """Write ``text`` as the learner's file for ``lesson`` in ``folder``."""
    path = folder / (name or file_name(lesson))
    path.write_text(text, encoding="utf-8")
    return path
