"""The tui-nn engine: everything the lessons compute, in plain NumPy.

The modules follow chapter 4 of "Deep Learning from Scratch" (and a little of
chapter 5), with the same names the book uses:

- ``functions``: sigmoid, softmax, relu
- ``losses``: mean_squared_error, cross_entropy_error
- ``gradient``: numerical_diff, numerical_gradient
- ``pitfalls``: the classic mistakes, reproduced on purpose so a lesson can show them
- ``descent``: gradient_descent and the path it takes
- ``nets``: SimpleNet and TwoLayerNet (and the names shared by the training
  code: PARAM_NAMES, ACTIVATIONS, WEIGHT_INITS)
- ``structured``: TwoLayerNet's numerical gradient recomputing only what a
  nudge changes (``numerical_gradient(method="structured")``)
- ``timing``: estimate_numerical_gradient, the one estimate of how long a
  numerical gradient takes (lessons 7 and 8, ``tui-nn train``)
- ``labels``: NUM_CLASSES, class_labels (the one label check) and one_hot
- ``sampling``: the ways to draw a minibatch and iterations_per_epoch, the
  one epoch rule
- ``explore``: helpers for the labs of lessons 1-4 (loss, minibatches,
  derivatives, gradients)
- ``experiments``: helpers for the labs of lessons 5-7 (descent on a bowl,
  learning rates, the two-layer network's timings)
- ``train_config``: TrainConfig (the settings of a run, the book's by default)
  and epoch_split (the epoch arithmetic as numbers)
- ``fast32``: the float32 forward pass and backprop used for training (one
  fused SGD step), and predictions, accuracy and the confusion matrix
- ``train``: the Trainer and its progress events (lesson 8); re-exports the
  public names of ``train_config`` and ``fast32``
- ``saving``: save a trained network to ``.npz`` and load it back, safely
- ``_checks``: input checks shared by the modules (internal)

Import the module you need, for example
``from tui_nn.engine.gradient import numerical_gradient``.
Nothing here imports the interface or a plotting library, only NumPy and the
standard library; nothing here changes how many threads NumPy's BLAS uses
(``tui_nn.threads.blas_threads`` is for the callers).
"""
