'''The starter files, as text: the lesson's functions with their docstrings, not their bodies.

Each starter begins with the marker line ``# tui-nn exercise: lesson N`` (so
``tui-nn check`` knows the lesson whatever the file is called later) and
leaves every body as ``raise NotImplementedError``: the check reports those
functions as "not written yet". The answers are not shipped.

The code is the book's and stays as it is; the words (the head and every
docstring, :data:`DOCS`) are catalogue messages, so a starter written in
Korean has Korean docstrings and the book's function names.
'''

from __future__ import annotations

import re

from tui_nn.i18n import N_, _

#: The words of the starters: the head, then every docstring by lesson and name.
DOCS: dict[str, str] = {
    "head": N_(
        """Lesson {lesson}, {title}: write the functions below, then check them.

    tui-nn check {file_name}

Replace each `raise NotImplementedError` with your code. Save, check, repeat
(`tui-nn check --watch {file_name}` checks again every time you save).
The check calls your functions with the lesson's numbers and with random
arrays, and when something is wrong it names the mistake."""
    ),
    "1.mean_squared_error": N_(
        """How far the prediction y is from the answer t: half the sum of squared differences.

In words: subtract t from y entry by entry, square each difference, add
them all up, and halve the total.    E = 0.5 * sum((y - t)**2)

For y1 (0.6 on the right class 2) and t = class 2 the answer is 0.0975."""
    ),
    "1.cross_entropy_error": N_(
        """Cross-entropy of one prediction y (probabilities) against a one-hot answer t.

In words: take the log of every probability, keep only the one of the
right class (t is 1 there and 0 elsewhere), and change its sign.
    E = -sum(t * log(y + delta)),  delta = 1e-7

delta is a tiny number added so that log(0) never happens: y may contain
exact zeros. For y1 and t = class 2 the answer is 0.510825457099."""
    ),
    "2.cross_entropy_error": N_(
        """The mean cross-entropy of a batch of predictions y against the answers t.

y is one prediction (1-D: one probability per class) or a batch (2-D:
one row per example). t is the answer in either of two forms:
  - one-hot, the same shape as y (1 on the right class, 0 elsewhere);
  - class labels: one whole number per example (a single number for a 1-D y).

In words: for each example, take minus the log of the probability it gave
the right class (plus delta = 1e-7, so log(0) never happens), then take
the mean over the examples.
    one-hot:  E = -sum(t * log(y + delta)) / N
    labels:   E = -sum(log(y[arange(N), t] + delta)) / N
A single example (1-D y) counts as a batch of one (N = 1)."""
    ),
    "3.numerical_diff": N_(
        """The slope of the function f at the number x, measured with a small step h = 1e-4.

In words: step a little to the right and a little to the left of x, see
how much f changed, and divide by the distance between the two points.
    slope = (f(x + h) - f(x - h)) / (2 * h)     (the central difference)

For f(x) = 0.01x² + 0.1x the slope at x = 5 is about 0.2."""
    ),
    "4.numerical_gradient": N_(
        """The gradient of f at the array x: the slope along every entry of x, one at a time.

x may have any shape (a vector, a 2x3 matrix, ...); the answer has the
same shape. For each entry in turn: remember its value, set it to
value + h and compute f(x), set it to value - h and compute f(x), put
the value back, and take the central difference of the two (h = 1e-4).
    grad[idx] = (f(x with x[idx] + h) - f(x with x[idx] - h)) / (2 * h)

For f(x) = x0² + x1² the gradient at (3, 4) is (6, 8).
The array the caller gave you must be the same afterwards."""
    ),
    "5.gradient_descent": N_(
        """Walk downhill on f from init_x: step_num steps against the gradient; return the last x.

In words: start at init_x; at every step, measure the gradient (the
uphill direction) with numerical_gradient(f, x) and move a little the
other way, lr times the gradient.
    repeat step_num times:  x = x - lr * gradient of f at x

From (-3, 4) on f(x) = x0² + x1² with lr = 0.1 and 100 steps, x ends very
near (0, 0). The array init_x must stay as it was."""
    ),
    "6.softmax": N_(
        """Turn scores into probabilities: all positive, and they add up to 1.

In words: take e to the power of every score, then divide each by the
total.    y = exp(a) / sum(exp(a))
Subtracting the largest score first, exp(a - max(a)), gives the same
answer and keeps exp() from overflowing for scores like 1010.
a is one row of scores (1-D) or a batch with one row per example (2-D):
each row on its own."""
    ),
    "6.SimpleNet": N_(
        """The book's simpleNet: one layer of weights W (2 inputs, 3 classes)."""
    ),
    "6.SimpleNet.predict": N_(
        """The score of each class: x @ W."""
    ),
    "6.SimpleNet.loss": N_(
        """How wrong the net is on x: the cross-entropy of softmax(predict(x)) against t.

In words: compute the scores, turn them into probabilities with your
softmax, and measure them against the answer with cross_entropy_error.
With the book's W, x = [0.6, 0.9] and t = [0, 0, 1] the loss is 0.8793567."""
    ),
    "7.TwoLayerNet": N_(
        """The book's two-layer network: input -> hidden layer (sigmoid) -> probabilities."""
    ),
    "7.TwoLayerNet.predict": N_(
        """The probability of each class, one row per example of the batch x.

In words: a1 = x @ W1 + b1, z1 = sigmoid(a1), a2 = z1 @ W2 + b2,
and y = softmax(a2). Use self.params["W1"] and so on."""
    ),
    "7.TwoLayerNet.loss": N_(
        """The cross-entropy of predict(x) against the one-hot answers t."""
    ),
    "7.TwoLayerNet.accuracy": N_(
        """The fraction of examples whose most likely class is the right one.

In words: the class with the largest probability (argmax of each row
of predict(x)) against the class where t is 1 (argmax of each row of t);
count the matches and divide by the number of examples."""
    ),
    "7.TwoLayerNet.numerical_gradient": N_(
        """The gradient of the loss for every parameter: a dict with W1, b1, W2 and b2.

In words: for each of the four arrays, nudge its entries with
numerical_gradient(loss_W, self.params[key]), where
loss_W = lambda W: self.loss(x, t) measures the loss of the network
as it is at that moment (numerical_gradient changes the array in place)."""
    ),
    "8.sgd_update": N_(
        """One step of stochastic gradient descent: change every parameter in place.

params and grads are dicts with the same keys (like "W1" and "b1"); for
each key, move the parameter against its gradient, lr times it:
    params[key] = params[key] - lr * grads[key]
Change the arrays in params themselves: the network reads them."""
    ),
    "8.iterations_per_epoch": N_(
        """How many updates make one epoch: one pass over the training data.

In words: how many batches of batch_size fit into train_size examples,
rounded down, and at least 1. 60,000 images in batches of 100: 600."""
    ),
    "8.epoch_count": N_(
        """How many epochs a run of `iterations` updates makes.

In words: the number of updates divided by the updates in one epoch
(iterations_per_epoch above). 10,000 images, batch 1,000 and 1,000
updates: 10 updates per epoch, so 100 epochs."""
    ),
}

_HEAD = '''# tui-nn exercise: lesson {lesson}
"""@head@"""

import numpy as np
'''

LESSON_1 = '''

def mean_squared_error(y, t):
    """@1.mean_squared_error@"""
    raise NotImplementedError


def cross_entropy_error(y, t):
    """@1.cross_entropy_error@"""
    raise NotImplementedError
'''

LESSON_2 = '''

def cross_entropy_error(y, t):
    """@2.cross_entropy_error@"""
    raise NotImplementedError
'''

LESSON_3 = '''

def numerical_diff(f, x):
    """@3.numerical_diff@"""
    raise NotImplementedError
'''

LESSON_4 = '''

def numerical_gradient(f, x):
    """@4.numerical_gradient@"""
    raise NotImplementedError
'''

LESSON_5 = '''from tui_nn.engine.gradient import numerical_gradient


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    """@5.gradient_descent@"""
    raise NotImplementedError
'''

LESSON_6 = '''from tui_nn.engine.losses import cross_entropy_error


def softmax(a):
    """@6.softmax@"""
    raise NotImplementedError


class SimpleNet:
    """@6.SimpleNet@"""

    def __init__(self, W=None):
        self.W = np.random.default_rng().standard_normal((2, 3)) if W is None else W

    def predict(self, x):
        """@6.SimpleNet.predict@"""
        return np.dot(x, self.W)

    def loss(self, x, t):
        """@6.SimpleNet.loss@"""
        raise NotImplementedError
'''

LESSON_7 = '''from tui_nn.engine.functions import sigmoid, softmax
from tui_nn.engine.gradient import numerical_gradient
from tui_nn.engine.losses import cross_entropy_error


class TwoLayerNet:
    """@7.TwoLayerNet@"""

    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        rng = np.random.default_rng()
        self.params = {
            "W1": weight_init_std * rng.standard_normal((input_size, hidden_size)),
            "b1": np.zeros(hidden_size),
            "W2": weight_init_std * rng.standard_normal((hidden_size, output_size)),
            "b2": np.zeros(output_size),
        }

    def predict(self, x):
        """@7.TwoLayerNet.predict@"""
        raise NotImplementedError

    def loss(self, x, t):
        """@7.TwoLayerNet.loss@"""
        raise NotImplementedError

    def accuracy(self, x, t):
        """@7.TwoLayerNet.accuracy@"""
        raise NotImplementedError

    def numerical_gradient(self, x, t):
        """@7.TwoLayerNet.numerical_gradient@"""
        raise NotImplementedError
'''

LESSON_8 = '''

def sgd_update(params, grads, lr):
    """@8.sgd_update@"""
    raise NotImplementedError


def iterations_per_epoch(train_size, batch_size):
    """@8.iterations_per_epoch@"""
    raise NotImplementedError


def epoch_count(iterations, train_size, batch_size):
    """@8.epoch_count@"""
    raise NotImplementedError
'''

BODIES: dict[int, str] = {
    1: LESSON_1,
    2: LESSON_2,
    3: LESSON_3,
    4: LESSON_4,
    5: LESSON_5,
    6: LESSON_6,
    7: LESSON_7,
    8: LESSON_8,
}


_DOC = re.compile(r'^( *)"""@([\w.]+)@"""$', re.M)


def _docstring(match: re.Match[str], values: dict[str, object]) -> str:
    indent, key = match.group(1), match.group(2)
    text = _(DOCS[key])
    if key == "head":
        text = text.format(**values)
    lines = text.split("\n")
    if len(lines) == 1:
        return f'{indent}"""{text}"""'
    body = "\n".join(f"{indent}{line}" if line.strip() else "" for line in lines[1:])
    return f'{indent}"""{lines[0]}\n{body}\n{indent}"""'


def starter_text(lesson: int, title: str, file_name: str) -> str:
    """The whole starter file of ``lesson``, its words in the current language."""
    values = {"lesson": lesson, "title": title, "file_name": file_name}
    text = _HEAD.replace("{lesson}", str(lesson)) + BODIES[lesson]
    return _DOC.sub(lambda match: _docstring(match, values), text)
