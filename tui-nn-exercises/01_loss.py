# tui-nn exercise: lesson 1
"""Lesson 1, Loss functions: write the functions below, then check them.

    tui-nn check tui-nn-exercises/01_loss.py

Replace each `raise NotImplementedError` with your code. Save, check, repeat
(`tui-nn check --watch tui-nn-exercises/01_loss.py` checks again every time you save).
The check calls your functions with the lesson's numbers and with random
arrays, and when something is wrong it names the mistake.
"""

import numpy as np


def mean_squared_error(y, t):
    """How far the prediction y is from the answer t: half the sum of squared differences.

    In words: subtract t from y entry by entry, square each difference, add
    them all up, and halve the total.    E = 0.5 * sum((y - t)**2)

    For y1 (0.6 on the right class 2) and t = class 2 the answer is 0.0975.
    """
    raise NotImplementedError


def cross_entropy_error(y, t):
    """Cross-entropy of one prediction y (probabilities) against a one-hot answer t.

    In words: take the log of every probability, keep only the one of the
    right class (t is 1 there and 0 elsewhere), and change its sign.
        E = -sum(t * log(y + delta)),  delta = 1e-7

    delta is a tiny number added so that log(0) never happens: y may contain
    exact zeros. For y1 and t = class 2 the answer is 0.510825457099.
    """
    raise NotImplementedError
