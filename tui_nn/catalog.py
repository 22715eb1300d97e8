"""The lessons of tui-nn, in order: number, title, text file and lab.

This module is plain data, so the command line can list lessons without
importing the interface.  ``lab`` names the Textual widget that forms the
lesson's right-hand panel as ``"module:Class"``; the app imports it lazily.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Lesson:
    number: int
    slug: str
    title: str
    summary: str
    lab: str

    @property
    def text_file(self) -> str:
        """File name of the lesson text inside the ``lessons`` folder."""
        return f"{self.number:02d}-{self.slug}.md"


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        0,
        "how-a-model-learns",
        "How a model learns",
        "From data to a deployed model; what 'end-to-end' means.",
        "tui_nn.ui.labs.workflow:WorkflowLab",
    ),
    Lesson(
        1,
        "loss",
        "Loss functions",
        "How wrong is a prediction? Mean squared error and cross-entropy.",
        "tui_nn.ui.labs.loss:LossLab",
    ),
    Lesson(
        2,
        "minibatch",
        "Minibatches",
        "Learning from a random sample of the training data.",
        "tui_nn.ui.labs.minibatch:MinibatchLab",
    ),
    Lesson(
        3,
        "derivatives",
        "Derivatives",
        "Measuring a slope with numbers, and choosing the step h.",
        "tui_nn.ui.labs.derivatives:DerivativesLab",
    ),
    Lesson(
        4,
        "gradient",
        "The gradient",
        "All the partial derivatives at once: an arrow pointing uphill.",
        "tui_nn.ui.labs.gradient:GradientLab",
    ),
    Lesson(
        5,
        "gradient-descent",
        "Gradient descent",
        "Walking downhill, and what the learning rate does.",
        "tui_nn.ui.labs.descent:DescentLab",
    ),
    Lesson(
        6,
        "network-gradient",
        "A network's gradient",
        "How each weight of a small network changes its loss.",
        "tui_nn.ui.labs.simplenet:SimpleNetLab",
    ),
    Lesson(
        7,
        "backpropagation",
        "Two layers and backpropagation",
        "Why numerical gradients are slow, and the fast way.",
        "tui_nn.ui.labs.twolayer:TwoLayerLab",
    ),
    Lesson(
        8,
        "training",
        "Training on MNIST",
        "Stochastic gradient descent on real handwritten digits, live.",
        "tui_nn.ui.labs.training:TrainingLab",
    ),
)


def lesson_list_text() -> str:
    """The lessons as lines of plain text, for ``tui-nn --list``."""
    return "\n".join(f"{lesson.number}  {lesson.title} - {lesson.summary}" for lesson in LESSONS)
