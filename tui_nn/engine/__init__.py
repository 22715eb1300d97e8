"""The tui-nn engine: everything the lessons compute, in plain NumPy.

The modules follow chapter 4 of "Deep Learning from Scratch" (and a little of
chapter 5), with the same names the book uses:

- ``functions``: sigmoid, softmax, relu
- ``losses``: mean_squared_error, cross_entropy_error
- ``gradient``: numerical_diff, numerical_gradient
- ``pitfalls``: the classic mistakes, reproduced on purpose so a lesson can show them
- ``descent``: gradient_descent and the path it takes
- ``nets``: SimpleNet and TwoLayerNet

Import the module you need, for example
``from tui_nn.engine.gradient import numerical_gradient``.
Nothing here imports the interface or a plotting library.
"""
