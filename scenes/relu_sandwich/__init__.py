"""Lesson ``relu_sandwich``: its scene and parts."""
