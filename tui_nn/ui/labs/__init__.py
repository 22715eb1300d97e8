"""One lab (the right-hand panel of a lesson) per module; see ``tui_nn.catalog``."""
