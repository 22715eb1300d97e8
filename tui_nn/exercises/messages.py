"""Every sentence the exercises show a learner, in one place (a translation wraps this module).

Plain constants and ``str.format`` templates only: no logic, so a catalogue
of another language can replace them one by one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mistake:
    """A classic mistake: its short ``name``, the ``lesson`` to revisit, a one-line ``fix``
    and ``sign``, what gave it away (shown under the case that showed it)."""

    name: str
    lesson: int | None  # None: the lesson of the exercise where it happened
    fix: str
    sign: str = ""


MISTAKES: dict[str, Mistake] = {
    "half_times_h": Mistake(
        "/2*h instead of /(2*h)",
        3,
        "write (f(x + h) - f(x - h)) / (2 * h): Python reads a / 2 * h as (a / 2) * h.",
        "your answer is h² times the true slope: 1e-8 times for h = 1e-4",
    ),
    "forward_difference": Mistake(
        "forward difference instead of central difference",
        3,
        "use (f(x + h) - f(x - h)) / (2 * h); (f(x + h) - f(x)) / h is off by about h·f''/2.",
        "your answer is off by about h times half the second derivative",
    ),
    "h_too_small": Mistake(
        "h too small",
        3,
        "use h = 1e-4: with a step like 1e-50, x + h is exactly x in floating point.",
        "your answer is exactly 0 where the slope is not",
    ),
    "integer_input": Mistake(
        "integer input truncated",
        4,
        "work on a float copy: x = np.array(x, dtype=float); 3 + 1e-4 stored in an integer "
        "array is just 3.",
        "float inputs work, the same numbers as integers do not",
    ),
    "not_restored": Mistake(
        "the perturbed entry is not restored",
        4,
        "after computing f(x + h) and f(x - h), put the entry back: x[idx] = tmp_val.",
        "each entry was measured with the entries before it still nudged by h",
    ),
    "input_modified": Mistake(
        "the caller's array is modified",
        None,
        "work on a copy (x = x.copy(), or y = y + delta instead of y += delta): the numbers "
        "you were given must stay as they were.",
        "the array passed in was different after your function returned",
    ),
    "no_delta": Mistake(
        "no delta (nan on exact zeros)",
        1,
        "add a tiny delta inside the log: np.log(y + 1e-7), so log(0) never happens.",
        "a prediction with exact zeros gives nan or inf",
    ),
    "one_hot_only": Mistake(
        "one-hot only",
        2,
        "when t holds class labels (one whole number per example), pick the right class's "
        "probability: y[np.arange(batch_size), t].",
        "one-hot answers work, class labels do not",
    ),
    "label_only": Mistake(
        "label only",
        2,
        "when t is one-hot (t.size == y.size), turn it into labels first: t = t.argmax(axis=1).",
        "class labels work, one-hot answers do not",
    ),
    "not_batch_of_one": Mistake(
        "1-D input not treated as a batch of one",
        2,
        "if y.ndim == 1: t = t.reshape(1, t.size); y = y.reshape(1, y.size), before "
        "batch_size = y.shape[0].",
        "batches work, a single example (1-D) does not",
    ),
    "sum_not_mean": Mistake(
        "the sum over the batch, not the mean",
        2,
        "divide by the number of examples: ... / batch_size.",
        "your answer is the batch size times the right one",
    ),
    "softmax_overflow": Mistake(
        "softmax overflow (no max subtraction)",
        6,
        "subtract the largest score first: exp_a = np.exp(a - np.max(a)); exp(1010) "
        "overflows to inf.",
        "small scores work, large scores (like 1010) give nan",
    ),
    "softmax_whole_batch": Mistake(
        "softmax over the whole batch, not row by row",
        6,
        "for a batch, take the max and the sum of each row: np.max(a, axis=-1, keepdims=True) "
        "and np.sum(..., axis=-1, keepdims=True).",
        "one row works, a batch does not",
    ),
    "softmax_missing": Mistake(
        "softmax missing",
        6,
        "turn the scores into probabilities first: y = softmax(scores).",
        "your answer is what the raw scores give without softmax",
    ),
    "mse_no_half": Mistake(
        "mean squared error without the 0.5",
        1,
        "the book's definition has a half in front: 0.5 * np.sum((y - t) ** 2).",
        "your answer is twice the right one",
    ),
    "gradient_1d_only": Mistake(
        "works for 1-D arrays only",
        4,
        "visit every entry of any shape: for idx in np.ndindex(x.shape) (or np.nditer with "
        "multi_index), then x[idx].",
        "1-D inputs work, a 2x3 matrix does not",
    ),
    "wrong_sign": Mistake(
        "a gradient step with the wrong sign",
        5,
        "step downhill: x -= lr * grad (minus: the gradient points uphill).",
        "your x moved uphill, as with a negative learning rate",
    ),
    "lr_twice": Mistake(
        "lr applied twice",
        5,
        "multiply the gradient by lr once and subtract it once: x -= lr * grad.",
        "your steps are lr times too small, or twice as long as they should be",
    ),
    "not_in_place": Mistake(
        "the parameters are not updated in place",
        8,
        "change the arrays in params itself: params[key] -= lr * grads[key].",
        "params were the same after your function returned",
    ),
    "gradient_of_copy": Mistake(
        "the gradient of a copy",
        7,
        "nudge the network's own arrays: numerical_gradient(loss_W, self.params['W1']), "
        "not a copy of them.",
        "every entry of your gradient is 0: the loss never saw the nudged weights",
    ),
    "epoch_iterations_over_batch": Mistake(
        "epoch = iterations ÷ batch",
        8,
        "an epoch is one pass over the training data: iterations / (train_size // batch_size).",
        "your answer is iterations divided by the batch size",
    ),
}

# -- statuses of one function ------------------------------------------------

PASSED = "passed"
NOT_WRITTEN = "not written yet"
MISSING = "not found in your file: define {name}"
WRONG = "wrong answer"
RAISED = "raised {error}"
AT_LINE = " at line {line}"
TOO_SLOW = "took too long: stopped after {seconds:g} s (an endless loop?)"
NOT_CHECKED = "not checked: the check stopped before it got here"
MORE_MISTAKES = "other cases fail too: there may be more than one mistake; fix this one first"
MISTAKE_TITLE = "mistake: {name}"
REVISIT = "revisit lesson {lesson} ({title})"
FIX = "fix: {fix}"
CASE_LINE = "{case}: expected {expected}, got {got}"
CASE_ERROR = "{case}: {error}"
CASE_CHANGED = "{case}: the input was {before} before and {after} after"
SHAPE_MISMATCH = "an array of shape {expected}, not {got}"
DICT_MISMATCH = "the keys {expected}, not {got}"
NOT_A_NUMBER = "a number, not {got}"
NOT_AN_ARRAY = "an array, not {got}"
NOT_A_DICT = "a dict of arrays, not {got}"
NOTHING_RETURNED = "nothing (None): did you forget return?"
FUNCTION_PASSED = "{passed} of {total} cases"
ERROR_AT_LINE = "{type} at line {line}: {message}"
ERROR_NO_LINE = "{type}: {message}"
SYSTEM_EXIT = "called sys.exit() (or exit())"
OUT_OF_MEMORY = "ran out of memory (the limit is {memory_mb} MB)"
TOO_DEEP = "called itself too many times (RecursionError)"

# -- problems with the whole file ------------------------------------------------

FILE_NOT_FOUND = "there is no file {path}"
NOT_A_FILE = "{path} is not a file"
UNKNOWN_LESSON = (
    "can't tell which lesson {path} is for: keep the first line "
    "'# tui-nn exercise: lesson N' or a name like 03_derivatives.py, or pass --lesson N"
)
NO_EXERCISE = "lesson {lesson} has no exercise"
SYNTAX_ERROR = "your file does not parse: line {line}: {message}"
SYNTAX_ERROR_NO_LINE = "your file does not parse: {message}"
IMPORT_ERROR = "your file could not import something: {message} (line {line})"
LOAD_ERROR = "your file stopped with an error while loading: {error}"
LOAD_EXIT = "your file calls sys.exit() (or exit()) when it is loaded: move that under " \
    "if __name__ == '__main__':"
LOAD_TOO_SLOW = (
    "your file took longer than {seconds:g} s to load: an endless loop at the top level?"
)
LOAD_OUT_OF_MEMORY = "your file ran out of memory while loading (the limit is {memory_mb} MB)"
CHECKER_DIED = (
    "the check stopped unexpectedly (exit status {code}): your code may have crashed Python "
    "or used too much memory (the limit is {memory_mb} MB)"
)
CHECKER_FAILED = "the check could not start: {reason}"
SERVED_OFF = (
    "Checking exercises is switched off in a served classroom session, because it runs your "
    "own code on the shared machine. Check your file on your own computer with "
    "'tui-nn check FILE'."
)

# -- the report as text ------------------------------------------------------

REPORT_HEADER = "Checking {path} (lesson {lesson}: {title})"
REPORT_HEADER_NO_LESSON = "Checking {path}"
REPORT_SUMMARY = "{passed} of {total} functions pass."
REPORT_ALL_PASS = "All {total} functions pass. Well done!"
REPORT_PROBLEM = "Problem: {problem}"
MARK_PASSED = "ok"
MARK_FAILED = "!!"
MARK_TODO = ".."

# -- options of the commands -------------------------------------------------

OPTION_NOT_A_NUMBER = "{text!r} is not a number"
OPTION_NOT_POSITIVE = "{text!r} must be a number greater than 0"
OPTION_NOT_A_LESSON = "{text!r} is not a lesson number"
OPTION_NO_SUCH_LESSON = "there is no lesson {number}: lessons run from 0 to {last}"

# -- the exercise command ------------------------------------------------------

STARTER_WRITTEN = "Wrote {path}: fill in the functions, then run: tui-nn check {path}"
STARTER_EXISTS = "{path} already exists: left as it is (your work is kept). Check it with: " \
    "tui-nn check {path}"
STARTER_NONE = "Lesson 0 has no exercise: it is about the big picture, not code. Try lesson 1."
STARTER_FAILED = "could not write {path}: {reason}"
LIST_HEADER = "Exercises (tui-nn exercise N writes the starter file):"
LIST_LINE = "{number}  {file_name:<26} {functions}"
LIST_NONE = "{number}  (no exercise: {title})"
WATCHING = "Watching {path}: it is checked again every time you save it. Ctrl+C stops."
WATCH_STOPPED = "Stopped watching."
CHECK_STOPPED = "Check stopped (Ctrl+C)."
