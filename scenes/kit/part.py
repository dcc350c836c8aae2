"""The part: one named piece of a lesson, and its chapter.

A lesson scene lists its parts in playing order. Each part has the ``id`` of a
:class:`sgdanim.lessons.PartSpec` (where its title and the parameters it reads are declared,
without manim), a pure :meth:`Part.build` that makes and places its mobjects from the lesson's
numbers, and :meth:`Part.play`, which animates them on a scene. ``build`` touches no scene, so
a part's layout is tested without rendering (ManimML's way); ``play`` is written in the order
things appear on screen (3b1b's).

Examples
--------
>>> class Hello(Part):
...     id = "hello"
...     def build(self, numbers, params):
...         return {"greeting": f"x = {numbers.x}"}
>>> from types import SimpleNamespace
>>> Hello().build(SimpleNamespace(x=2), None)
{'greeting': 'x = 2'}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar


class Part:
    """Subclass it once per part of a lesson; set ``id`` to the part's ``PartSpec.id``."""

    id: ClassVar[str] = ""
    # True only for a part that needs nothing its predecessors leave: it starts on the screen
    # ``between_parts`` cleared, and reads no scene attribute an earlier part set. Then, when
    # the parts before it are reused from the part cache, they are replayed from their records
    # instead of built and played (``LessonScene.construct``). Stepping's stage and
    # optimizers' shared screen carry over from part to part: their parts stay False.
    starts_clean: ClassVar[bool] = False

    def build(self, numbers: Any, params: Any) -> Any:
        """Make and place this part's mobjects from the lesson's numbers; play nothing.

        The default builds nothing, for parts that only animate what is on screen already.
        """
        return None

    def play(self, scene, built: Any) -> None:
        """Animate ``built`` on ``scene`` (a :class:`scenes.kit.scene.LessonScene`)."""
        raise NotImplementedError(f"part {self.id!r} has no play step")


@dataclass(frozen=True)
class PlayedPart:
    """Where a part fell in the video: its first and last frame (inclusive), at the render's
    frame rate. The sidecar records these; they are the chapters."""

    id: str
    title: str
    start: float        # scene seconds
    end: float

    def frames(self, fps: float) -> tuple[int, int]:
        first = int(round(self.start * fps))
        return first, max(first, int(round(self.end * fps)) - 1)

    def to_json(self, fps: float) -> dict:
        first, last = self.frames(fps)
        return {"id": self.id, "title": self.title, "first_frame": first, "last_frame": last}
