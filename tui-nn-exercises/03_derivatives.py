# tui-nn exercise: lesson 3
"""Lesson 3, Derivatives: write the functions below, then check them.

    tui-nn check tui-nn-exercises/03_derivatives.py

Replace each `raise NotImplementedError` with your code. Save, check, repeat
(`tui-nn check --watch tui-nn-exercises/03_derivatives.py` checks again every time you save).
The check calls your functions with the lesson's numbers and with random
arrays, and when something is wrong it names the mistake.
"""

import numpy as np


def numerical_diff(f, x):
    """The slope of the function f at the number x, measured with a small step h = 1e-4.

    In words: step a little to the right and a little to the left of x, see
    how much f changed, and divide by the distance between the two points.
        slope = (f(x + h) - f(x - h)) / (2 * h)     (the central difference)

    For f(x) = 0.01x² + 0.1x the slope at x = 5 is about 0.2.
    """
    raise NotImplementedError
