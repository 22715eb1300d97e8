"""The lessons of tui-nn, in order: number, title, text file and lab.

This module is plain data, so the command line can list lessons without
importing the interface.  ``lab`` names the Textual widget that forms the
lesson's right-hand panel as ``"module:Class"``; the app imports it lazily.

``title`` and ``summary`` are the English source texts (marked with ``N_`` for
the catalogue); show ``local_title`` / ``local_summary``, which are in the
current language (:mod:`tui_nn.i18n`).
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_nn.i18n import N_, _


@dataclass(frozen=True)
class BookSection:
    """A section of the book: ``number`` as in the Korean edition's table of contents.

    ``title`` is an English description (marked for the catalogue); its Korean
    translation is the Korean edition's own section title, word for word.
    """

    number: str
    title: str

    @property
    def chapter(self) -> int:
        return int(self.number.split(".", 1)[0])

    @property
    def local_title(self) -> str:
        return _(self.title)


@dataclass(frozen=True)
class Lesson:
    number: int
    slug: str
    title: str
    summary: str
    lab: str
    #: The sections of the book this lesson follows, in order.
    sections: tuple[BookSection, ...] = ()
    #: The matching example files of the book's code (WegraLee/deep-learning-from-scratch).
    examples: tuple[str, ...] = ()

    @property
    def text_file(self) -> str:
        """File name of the text in ``lessons/`` (and in ``lessons/<language>/``)."""
        return f"{self.number:02d}-{self.slug}.md"

    @property
    def local_title(self) -> str:
        """The title in the current language."""
        return _(self.title)

    @property
    def local_summary(self) -> str:
        """The summary in the current language."""
        return _(self.summary)


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        0,
        "how-a-model-learns",
        N_("How a model learns"),
        N_("From data to a deployed model; what 'end-to-end' means."),
        "tui_nn.ui.labs.workflow:WorkflowLab",
        sections=(
            BookSection("4.1", N_("Learning from data")),
            BookSection("4.1.1", N_("Data-driven learning")),
            BookSection("4.1.2", N_("Training data and test data")),
        ),
        examples=(),
    ),
    Lesson(
        1,
        "loss",
        N_("Loss functions"),
        N_("How wrong is a prediction? Mean squared error and cross-entropy."),
        "tui_nn.ui.labs.loss:LossLab",
        sections=(
            BookSection("4.2.1", N_("Mean squared error")),
            BookSection("4.2.2", N_("Cross-entropy error")),
        ),
        examples=("common/functions.py",),
    ),
    Lesson(
        2,
        "minibatch",
        N_("Minibatches"),
        N_("Learning from a random sample of the training data."),
        "tui_nn.ui.labs.minibatch:MinibatchLab",
        sections=(
            BookSection("4.2.3", N_("Minibatch learning")),
            BookSection("4.2.4", N_("Cross-entropy error for batches")),
        ),
        examples=("common/functions.py",),
    ),
    Lesson(
        3,
        "derivatives",
        N_("Derivatives"),
        N_("Measuring a slope with numbers, and choosing the step h."),
        "tui_nn.ui.labs.derivatives:DerivativesLab",
        sections=(
            BookSection("4.3.1", N_("Derivatives")),
            BookSection("4.3.2", N_("An example of numerical differentiation")),
            BookSection("4.3.3", N_("Partial derivatives")),
        ),
        examples=("ch04/gradient_1d.py",),
    ),
    Lesson(
        4,
        "gradient",
        N_("The gradient"),
        N_("All the partial derivatives at once: an arrow pointing uphill."),
        "tui_nn.ui.labs.gradient:GradientLab",
        sections=(BookSection("4.4", N_("Gradient")),),
        examples=("ch04/gradient_2d.py", "common/gradient.py"),
    ),
    Lesson(
        5,
        "gradient-descent",
        N_("Gradient descent"),
        N_("Walking downhill, and what the learning rate does."),
        "tui_nn.ui.labs.descent:DescentLab",
        sections=(BookSection("4.4.1", N_("The gradient method (gradient descent)")),),
        examples=("ch04/gradient_method.py",),
    ),
    Lesson(
        6,
        "network-gradient",
        N_("A network's gradient"),
        N_("How each weight of a small network changes its loss."),
        "tui_nn.ui.labs.simplenet:SimpleNetLab",
        sections=(BookSection("4.4.2", N_("Gradients of a neural network")),),
        examples=("ch04/gradient_simplenet.py",),
    ),
    Lesson(
        7,
        "backpropagation",
        N_("Two layers and backpropagation"),
        N_("Why numerical gradients are slow, and the fast way."),
        "tui_nn.ui.labs.twolayer:TwoLayerLab",
        sections=(
            BookSection("4.5.1", N_("A two-layer neural network class")),
            BookSection("5.7.2", N_("A neural network with backpropagation")),
            BookSection("5.7.3", N_("Checking the gradient from backpropagation")),
        ),
        examples=("ch04/two_layer_net.py", "ch05/two_layer_net.py", "ch05/gradient_check.py"),
    ),
    Lesson(
        8,
        "training",
        N_("Training on MNIST"),
        N_("Stochastic gradient descent on real handwritten digits, live."),
        "tui_nn.ui.labs.training:TrainingLab",
        sections=(
            BookSection("4.5.2", N_("Minibatch training")),
            BookSection("4.5.3", N_("Evaluating with test data")),
            BookSection("5.7.4", N_("Training with backpropagation")),
            BookSection("6.4.1", N_("Overfitting")),
        ),
        examples=(
            "ch04/train_neuralnet.py",
            "ch04/train_neuralnet_2.py",
            "ch05/train_neuralnet.py",
            "ch06/overfit_weight_decay.py",
        ),
    ),
)


def lesson_list_text() -> str:
    """The lessons as lines of plain text (in the current language), for ``tui-nn --list``."""
    return "\n".join(
        f"{lesson.number}  {lesson.local_title} - {lesson.local_summary}" for lesson in LESSONS
    )


def book_reference(lesson: Lesson) -> str:
    """Where the lesson is in the book and its code, in the current language (one line)."""
    sections = ", ".join(f"{section.number} {section.local_title}" for section in lesson.sections)
    text = _("Deep Learning from Scratch: {sections}").format(sections=sections)
    if lesson.examples:
        text += _("; code: {files}").format(files=", ".join(lesson.examples))
    return text
