"""The lesson registry. Each module in this package defines ``LESSON``, a :class:`Lesson`.

A lesson's numbers are computed here, in the core, from its validated parameters; its scene in
``scenes/`` only draws them. Modules are discovered, so adding a lesson touches no shared file.

Examples
--------
>>> "stepping" in lesson_ids()
True
>>> get("stepping").defaults().lr
0.0001
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Mapping

from ..core.errors import UsageError
from ..core.params import Param, Params, resolve


@dataclass(frozen=True)
class Lesson:
    """``compute(params)`` returns the lesson's numbers: an object whose ``shown()`` gives the
    JSON-able numbers the clip puts on screen (they go into the sidecar)."""

    id: str
    title: str
    summary: str
    scene: str                # "scenes.module:ClassName"
    params: tuple[Param, ...]
    compute: Callable[[Params], Any]
    order: int = 100

    def defaults(self) -> Params:
        return resolve(self.id, self.params)

    def resolve(self, table: Mapping[str, Any] | None = None, sets=(),
                base: Mapping[str, Any] | None = None) -> Params:
        return resolve(self.id, self.params, table, sets, base)

    @property
    def module_name(self) -> str:
        return self.scene.partition(":")[0]

    @property
    def class_name(self) -> str:
        return self.scene.partition(":")[2]

    def scene_class(self):
        """Import the Manim scene class (this imports manim)."""
        return getattr(importlib.import_module(self.module_name), self.class_name)


@lru_cache(maxsize=None)
def all_lessons() -> dict[str, Lesson]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        lesson = getattr(module, "LESSON", None)
        if isinstance(lesson, Lesson):
            found.append(lesson)
    return {lesson.id: lesson for lesson in sorted(found, key=lambda l: (l.order, l.id))}


def lesson_ids() -> list[str]:
    return list(all_lessons())


def get(lesson_id: str) -> Lesson:
    lessons = all_lessons()
    if lesson_id not in lessons:
        raise UsageError(f"unknown lesson {lesson_id!r} (known: {', '.join(lessons)})")
    return lessons[lesson_id]
