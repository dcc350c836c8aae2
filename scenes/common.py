"""What every lesson scene shares: the base class, the palette and small layout helpers.

A lesson scene gets validated params (or its defaults, under a plain ``manim`` command),
asks the core for its numbers once, and only draws them. ``mark`` records when something
appears, so frame tests can find the right frame without guessing.
"""

from __future__ import annotations

from manim import BLUE, GREEN, GREY_B, ORANGE, RED, TEAL, WHITE, YELLOW, Scene

from sgdanim.lessons import get as get_lesson

# One colour per meaning, across lessons.
DATA = GREY_B
MODEL = BLUE
WEIGHT = YELLOW        # the moving weight point
PATH = ORANGE
OPTIMUM = GREEN
GRAD = RED
TEXT = WHITE
ACCENT = TEAL


class LessonScene(Scene):
    """Base of every lesson scene. Subclasses set ``lesson_id``."""

    lesson_id: str = ""

    def __init__(self, params=None, **kwargs):
        lesson = get_lesson(self.lesson_id)
        self.params = params if params is not None else lesson.defaults()
        self.numbers = lesson.compute(self.params)
        self.timeline: list[tuple[float, str, dict]] = []
        super().__init__(**kwargs)

    def mark(self, name: str, **info) -> None:
        """Record that ``name`` is on screen from now on (scene time in seconds)."""
        self.timeline.append((float(self.time), name, info))

    def marks(self, name: str) -> list[tuple[float, dict]]:
        return [(t, info) for t, n, info in self.timeline if n == name]
