"""Lesson ``overshoot``: its scene and parts."""
