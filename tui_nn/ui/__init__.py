"""The Textual interface of tui-nn (the engine and data layers never import this)."""
