# tui-nn exercise: lesson 4
"""Lesson 4, The gradient: write the functions below, then check them.

    tui-nn check tui-nn-exercises/04_gradient.py

Replace each `raise NotImplementedError` with your code. Save, check, repeat
(`tui-nn check --watch tui-nn-exercises/04_gradient.py` checks again every time you save).
The check calls your functions with the lesson's numbers and with random
arrays, and when something is wrong it names the mistake.
"""

import numpy as np


def numerical_gradient(f, x):
    """The gradient of f at the array x: the slope along every entry of x, one at a time.

    x may have any shape (a vector, a 2x3 matrix, ...); the answer has the
    same shape. For each entry in turn: remember its value, set it to
    value + h and compute f(x), set it to value - h and compute f(x), put
    the value back, and take the central difference of the two (h = 1e-4).
        grad[idx] = (f(x with x[idx] + h) - f(x with x[idx] - h)) / (2 * h)

    For f(x) = x0² + x1² the gradient at (3, 4) is (6, 8).
    The array the caller gave you must be the same afterwards.
    """
    raise NotImplementedError
