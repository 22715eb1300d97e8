"""The app's screens: a lesson, the lesson list, help, and "terminal too small"."""
