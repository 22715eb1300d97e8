"""Every sentence the exercises show a learner, in one place, marked for the catalogue.

Plain constants and ``str.format`` templates only, in English, marked with
``N_``: the code shows ``_(msg.X).format(...)``, so each is translated when it
is shown (the Korean ones are in ``tui_nn/locale/ko``).
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_nn.i18n import N_


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
        N_("/2*h instead of /(2*h)"),
        3,
        N_("write (f(x + h) - f(x - h)) / (2 * h): Python reads a / 2 * h as (a / 2) * h."),
        N_("your answer is h² times the true slope: 1e-8 times for h = 1e-4"),
    ),
    "forward_difference": Mistake(
        N_("forward difference instead of central difference"),
        3,
        N_("use (f(x + h) - f(x - h)) / (2 * h); (f(x + h) - f(x)) / h is off by about h·f''/2."),
        N_("your answer is off by about h times half the second derivative"),
    ),
    "h_too_small": Mistake(
        N_("h too small"),
        3,
        N_("use h = 1e-4: with a step like 1e-50, x + h is exactly x in floating point."),
        N_("your answer is exactly 0 where the slope is not"),
    ),
    "integer_input": Mistake(
        N_("integer input truncated"),
        4,
        N_("work on a float copy: x = np.array(x, dtype=float); 3 + 1e-4 stored in an integer "
        "array is just 3."),
        N_("float inputs work, the same numbers as integers do not"),
    ),
    "not_restored": Mistake(
        N_("the perturbed entry is not restored"),
        4,
        N_("after computing f(x + h) and f(x - h), put the entry back: x[idx] = tmp_val."),
        N_("each entry was measured with the entries before it still nudged by h"),
    ),
    "input_modified": Mistake(
        N_("the caller's array is modified"),
        None,
        N_("work on a copy (x = x.copy(), or y = y + delta instead of y += delta): the numbers "
        "you were given must stay as they were."),
        N_("the array passed in was different after your function returned"),
    ),
    "no_delta": Mistake(
        N_("no delta (nan on exact zeros)"),
        1,
        N_("add a tiny delta inside the log: np.log(y + 1e-7), so log(0) never happens."),
        N_("a prediction with exact zeros gives nan or inf"),
    ),
    "one_hot_only": Mistake(
        N_("one-hot only"),
        2,
        N_("when t holds class labels (one whole number per example), pick the right class's "
        "probability: y[np.arange(batch_size), t]."),
        N_("one-hot answers work, class labels do not"),
    ),
    "label_only": Mistake(
        N_("label only"),
        2,
        N_("when t is one-hot (t.size == y.size), turn it into labels first: "
           "t = t.argmax(axis=1)."),
        N_("class labels work, one-hot answers do not"),
    ),
    "not_batch_of_one": Mistake(
        N_("1-D input not treated as a batch of one"),
        2,
        N_("if y.ndim == 1: t = t.reshape(1, t.size); y = y.reshape(1, y.size), before "
        "batch_size = y.shape[0]."),
        N_("batches work, a single example (1-D) does not"),
    ),
    "sum_not_mean": Mistake(
        N_("the sum over the batch, not the mean"),
        2,
        N_("divide by the number of examples: ... / batch_size."),
        N_("your answer is the batch size times the right one"),
    ),
    "softmax_overflow": Mistake(
        N_("softmax overflow (no max subtraction)"),
        6,
        N_("subtract the largest score first: exp_a = np.exp(a - np.max(a)); exp(1010) "
        "overflows to inf."),
        N_("small scores work, large scores (like 1010) give nan"),
    ),
    "softmax_whole_batch": Mistake(
        N_("softmax over the whole batch, not row by row"),
        6,
        N_("for a batch, take the max and the sum of each row: np.max(a, axis=-1, keepdims=True) "
        "and np.sum(..., axis=-1, keepdims=True)."),
        N_("one row works, a batch does not"),
    ),
    "softmax_missing": Mistake(
        N_("softmax missing"),
        6,
        N_("turn the scores into probabilities first: y = softmax(scores)."),
        N_("your answer is what the raw scores give without softmax"),
    ),
    "mse_no_half": Mistake(
        N_("mean squared error without the 0.5"),
        1,
        N_("the book's definition has a half in front: 0.5 * np.sum((y - t) ** 2)."),
        N_("your answer is twice the right one"),
    ),
    "gradient_1d_only": Mistake(
        N_("works for 1-D arrays only"),
        4,
        N_("visit every entry of any shape: for idx in np.ndindex(x.shape) (or np.nditer with "
        "multi_index), then x[idx]."),
        N_("1-D inputs work, a 2x3 matrix does not"),
    ),
    "wrong_sign": Mistake(
        N_("a gradient step with the wrong sign"),
        5,
        N_("step downhill: x -= lr * grad (minus: the gradient points uphill)."),
        N_("your x moved uphill, as with a negative learning rate"),
    ),
    "lr_twice": Mistake(
        N_("lr applied twice"),
        5,
        N_("multiply the gradient by lr once and subtract it once: x -= lr * grad."),
        N_("your steps are lr times too small, or twice as long as they should be"),
    ),
    "not_in_place": Mistake(
        N_("the parameters are not updated in place"),
        8,
        N_("change the arrays in params itself: params[key] -= lr * grads[key]."),
        N_("params were the same after your function returned"),
    ),
    "gradient_of_copy": Mistake(
        N_("the gradient of a copy"),
        7,
        N_("nudge the network's own arrays: numerical_gradient(loss_W, self.params['W1']), "
        "not a copy of them."),
        N_("every entry of your gradient is 0: the loss never saw the nudged weights"),
    ),
    "epoch_iterations_over_batch": Mistake(
        N_("epoch = iterations ÷ batch"),
        8,
        N_("an epoch is one pass over the training data: iterations / (train_size // batch_size)."),
        N_("your answer is iterations divided by the batch size"),
    ),
}

# -- statuses of one function ------------------------------------------------

PASSED = N_("passed")
NOT_WRITTEN = N_("not written yet")
MISSING = N_("not found in your file: define {name}")
WRONG = N_("wrong answer")
RAISED = N_("raised {error}")
AT_LINE = N_(" at line {line}")
TOO_SLOW = N_("took too long: stopped after {seconds:g} s (an endless loop?)")
NOT_CHECKED = N_("not checked: the check stopped before it got here")
MORE_MISTAKES = N_("other cases fail too: there may be more than one mistake; fix this one first")
MISTAKE_TITLE = N_("mistake: {name}")
REVISIT = N_("revisit lesson {lesson} ({title})")
FIX = N_("fix: {fix}")
CASE_LINE = N_("{case}: expected {expected}, got {got}")
CASE_ERROR = N_("{case}: {error}")
CASE_CHANGED = N_("{case}: the input was {before} before and {after} after")
SHAPE_MISMATCH = N_("an array of shape {expected}, not {got}")
DICT_MISMATCH = N_("the keys {expected}, not {got}")
NOT_A_NUMBER = N_("a number, not {got}")
NOT_AN_ARRAY = N_("an array, not {got}")
NOT_A_DICT = N_("a dict of arrays, not {got}")
NOTHING_RETURNED = N_("nothing (None): did you forget return?")
FUNCTION_PASSED = N_("{passed} of {total} cases")
ERROR_AT_LINE = N_("{type} at line {line}: {message}")
ERROR_NO_LINE = N_("{type}: {message}")
SYSTEM_EXIT = N_("called sys.exit() (or exit())")
OUT_OF_MEMORY = N_("ran out of memory (the limit is {memory_mb} MB)")
TOO_DEEP = N_("called itself too many times (RecursionError)")

# -- problems with the whole file ------------------------------------------------

FILE_NOT_FOUND = N_("there is no file {path}")
NOT_A_FILE = N_("{path} is not a file")
UNKNOWN_LESSON = (
    N_("can't tell which lesson {path} is for: keep the first line "
    "'# tui-nn exercise: lesson N' or a name like 03_derivatives.py, or pass --lesson N")
)
NO_EXERCISE = N_("lesson {lesson} has no exercise")
SYNTAX_ERROR = N_("your file does not parse: line {line}: {message}")
SYNTAX_ERROR_NO_LINE = N_("your file does not parse: {message}")
IMPORT_ERROR = N_("your file could not import something: {message} (line {line})")
LOAD_ERROR = N_("your file stopped with an error while loading: {error}")
LOAD_EXIT = N_("your file calls sys.exit() (or exit()) when it is loaded: move that under "
    "if __name__ == '__main__':")
LOAD_TOO_SLOW = (
    N_("your file took longer than {seconds:g} s to load: an endless loop at the top level?")
)
LOAD_OUT_OF_MEMORY = N_("your file ran out of memory while loading (the limit is {memory_mb} MB)")
CHECKER_DIED = (
    N_("the check stopped unexpectedly (exit status {code}): your code may have crashed Python "
    "or used too much memory (the limit is {memory_mb} MB)")
)
CHECKER_FAILED = N_("the check could not start: {reason}")
SERVED_OFF = (
    N_("Checking exercises is switched off in a served classroom session, because it runs your "
    "own code on the shared machine. Check your file on your own computer with "
    "'tui-nn check FILE'.")
)

# -- the report as text ------------------------------------------------------

REPORT_HEADER = N_("Checking {path} (lesson {lesson}: {title})")
REPORT_HEADER_NO_LESSON = N_("Checking {path}")
REPORT_SUMMARY = N_("{passed} of {total} functions pass.")
REPORT_ALL_PASS = N_("All {total} functions pass. Well done!")
REPORT_PROBLEM = N_("Problem: {problem}")
MARK_PASSED = "ok"
MARK_FAILED = "!!"
MARK_TODO = ".."

# -- options of the commands -------------------------------------------------

OPTION_NOT_A_NUMBER = N_("{text!r} is not a number")
OPTION_NOT_POSITIVE = N_("{text!r} must be a number greater than 0")
OPTION_NOT_A_LESSON = N_("{text!r} is not a lesson number")
OPTION_NO_SUCH_LESSON = N_("there is no lesson {number}: lessons run from 0 to {last}")

# -- the exercise command ------------------------------------------------------

STARTER_WRITTEN = N_("Wrote {path}: fill in the functions, then run: tui-nn check {path}")
STARTER_EXISTS = N_("{path} already exists: left as it is (your work is kept). Check it with: "
    "tui-nn check {path}")
STARTER_NONE = N_("Lesson 0 has no exercise: it is about the big picture, not code. Try lesson 1.")
STARTER_FAILED = N_("could not write {path}: {reason}")
LIST_HEADER = N_("Exercises (tui-nn exercise N writes the starter file):")
LIST_LINE = N_("{number}  {file_name:<26} {functions}")
LIST_NONE = N_("{number}  (no exercise: {title})")
WATCHING = N_("Watching {path}: it is checked again every time you save it. Ctrl+C stops.")
WATCH_STOPPED = N_("Stopped watching.")
CHECK_STOPPED = N_("Check stopped (Ctrl+C).")
