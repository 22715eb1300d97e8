"""Reusable widgets shared by the lesson labs."""
