"""Lesson ``stepping``: its scene and parts."""
