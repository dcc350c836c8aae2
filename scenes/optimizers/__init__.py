"""Lesson ``optimizers``: its scene and parts."""
