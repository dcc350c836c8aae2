"""Lesson ``momentum``: its scene and parts."""
