"""One learner file per named mistake: (mistake id, lesson, function, the replaced block)."""

from __future__ import annotations

from tests.exercises.learner_files import SOLUTIONS

_L2 = SOLUTIONS[2]["cross_entropy_error"]
_L4 = SOLUTIONS[4]["numerical_gradient"]
_L5 = SOLUTIONS[5]["gradient_descent"]
_L6 = SOLUTIONS[6]["softmax"]
_L7 = SOLUTIONS[7]["TwoLayerNet"]
_L8 = SOLUTIONS[8]["sgd_update"]


def _edit(block: str, old: str, new: str) -> str:
    assert old in block, old
    return block.replace(old, new)


# (test id, mistake id, lesson, function name in the report, {block: new code})
MISTAKE_FILES: list[tuple[str, str, int, str, dict[str, str]]] = [
    ("half_times_h", "half_times_h", 3, "numerical_diff", {"numerical_diff": """
def numerical_diff(f, x):
    h = 1e-4
    return (f(x + h) - f(x - h)) / 2*h
"""}),
    ("forward_difference", "forward_difference", 3, "numerical_diff", {"numerical_diff": """
def numerical_diff(f, x):
    h = 1e-4
    return (f(x + h) - f(x)) / h
"""}),
    ("half_times_h_other_h", "half_times_h", 3, "numerical_diff", {"numerical_diff": """
def numerical_diff(f, x):
    h = 1e-3
    return (f(x + h) - f(x - h)) / 2*h
"""}),
    ("forward_difference_other_h", "forward_difference", 3, "numerical_diff", {
        "numerical_diff": """
def numerical_diff(f, x):
    h = 1e-5
    return (f(x + h) - f(x)) / h
"""}),
    ("h_too_small", "h_too_small", 3, "numerical_diff", {"numerical_diff": """
def numerical_diff(f, x):
    h = 1e-50
    return (f(x + h) - f(x - h)) / (2 * h)
"""}),
    ("integer_input", "integer_input", 4, "numerical_gradient", {"numerical_gradient": _edit(
        _L4, "    x = np.array(x, dtype=float)\n", "")}),
    ("integer_input_descent", "integer_input", 5, "gradient_descent", {"gradient_descent": _edit(
        _L5, "x = np.array(init_x, dtype=float)", "x = init_x.copy()")}),
    ("not_restored", "not_restored", 4, "numerical_gradient", {"numerical_gradient": _edit(
        _L4, "        x[idx] = tmp_val\n", "")}),
    ("not_restored_in_place", "not_restored", 4, "numerical_gradient", {
        "numerical_gradient": _edit(_edit(
            _L4, "    x = np.array(x, dtype=float)\n",
            "    if x.dtype.kind != 'f':\n        x = x.astype(float)\n"),
            "        x[idx] = tmp_val\n", "")}),
    ("gradient_1d_only", "gradient_1d_only", 4, "numerical_gradient", {"numerical_gradient": """
def numerical_gradient(f, x):
    h = 1e-4
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for idx in range(x.size):
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x)
        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp_val
    return grad
"""}),
    ("input_modified_descent", "input_modified", 5, "gradient_descent", {"gradient_descent": _edit(
        _L5, "x = np.array(init_x, dtype=float)", "x = init_x")}),
    ("input_modified_softmax", "input_modified", 6, "softmax", {"softmax": """
def softmax(a):
    a -= np.max(a, axis=-1, keepdims=True)
    exp_a = np.exp(a)
    return exp_a / np.sum(exp_a, axis=-1, keepdims=True)
"""}),
    ("input_modified_loss", "input_modified", 1, "cross_entropy_error", {"cross_entropy_error": """
def cross_entropy_error(y, t):
    y += 1e-7
    return -np.sum(t * np.log(y))
"""}),
    ("no_delta_single", "no_delta", 1, "cross_entropy_error", {"cross_entropy_error": """
def cross_entropy_error(y, t):
    return -np.sum(t * np.log(y))
"""}),
    ("no_delta_batch", "no_delta", 2, "cross_entropy_error", {"cross_entropy_error": _edit(
        _L2, " + 1e-7", "")}),
    ("one_hot_only", "one_hot_only", 2, "cross_entropy_error", {"cross_entropy_error": """
def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    batch_size = y.shape[0]
    return -np.sum(t * np.log(y + 1e-7)) / batch_size
"""}),
    ("label_only", "label_only", 2, "cross_entropy_error", {"cross_entropy_error": _edit(
        _L2, "    if t.size == y.size:\n        t = t.argmax(axis=1)\n", "")}),
    ("not_batch_of_one", "not_batch_of_one", 2, "cross_entropy_error", {
        "cross_entropy_error": _edit(
            _L2, "    if y.ndim == 1:\n        t = t.reshape(1, t.size)\n"
            "        y = y.reshape(1, y.size)\n", "")}),
    ("sum_not_mean", "sum_not_mean", 2, "cross_entropy_error", {"cross_entropy_error": _edit(
        _L2, ") / batch_size", ")")}),
    ("mse_no_half", "mse_no_half", 1, "mean_squared_error", {"mean_squared_error": """
def mean_squared_error(y, t):
    return np.sum((y - t) ** 2)
"""}),
    ("softmax_overflow", "softmax_overflow", 6, "softmax", {"softmax": _edit(
        _L6, "a - np.max(a, axis=-1, keepdims=True)", "a")}),
    ("softmax_whole_batch", "softmax_whole_batch", 6, "softmax", {"softmax": """
def softmax(a):
    c = np.max(a)
    exp_a = np.exp(a - c)
    return exp_a / np.sum(exp_a)
"""}),
    ("softmax_missing_loss", "softmax_missing", 6, "SimpleNet.loss", {"SimpleNet": _edit(
        SOLUTIONS[6]["SimpleNet"], "softmax(self.predict(x))", "self.predict(x)")}),
    ("softmax_missing_predict", "softmax_missing", 7, "TwoLayerNet.predict", {
        "TwoLayerNet": _edit(_L7, "return softmax(np.dot(z1, W2) + b2)",
                             "return np.dot(z1, W2) + b2")}),
    ("gradient_of_copy", "gradient_of_copy", 7, "TwoLayerNet.numerical_gradient", {
        "TwoLayerNet": _edit(_L7, "self.params[key])", "self.params[key].copy())")}),
    ("wrong_sign_descent", "wrong_sign", 5, "gradient_descent", {"gradient_descent": _edit(
        _L5, "x -= lr * grad", "x += lr * grad")}),
    ("wrong_sign_sgd", "wrong_sign", 8, "sgd_update", {"sgd_update": _edit(
        _L8, "params[key] -= lr", "params[key] += lr")}),
    ("lr_twice_descent", "lr_twice", 5, "gradient_descent", {"gradient_descent": _edit(
        _L5, "x -= lr * grad", "x -= lr * lr * grad")}),
    ("step_twice_descent", "lr_twice", 5, "gradient_descent", {"gradient_descent": _edit(
        _L5, "x -= lr * grad", "x -= lr * grad\n        x -= lr * grad")}),
    ("lr_twice_sgd", "lr_twice", 8, "sgd_update", {"sgd_update": _edit(
        _L8, "lr * grads[key]", "lr * lr * grads[key]")}),
    ("not_in_place", "not_in_place", 8, "sgd_update", {"sgd_update": """
def sgd_update(params, grads, lr):
    params = {key: params[key] - lr * grads[key] for key in params}
    return params
"""}),
    ("epoch_iterations_over_batch", "epoch_iterations_over_batch", 8, "epoch_count", {
        "epoch_count": """
def epoch_count(iterations, train_size, batch_size):
    return iterations / batch_size
"""}),
]
