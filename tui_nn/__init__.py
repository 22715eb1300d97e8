"""tui-nn: learn how a neural network learns, live in your terminal."""

__version__ = "0.1.0"
