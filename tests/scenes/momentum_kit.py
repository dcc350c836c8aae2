"""What the scene tests of lesson ``momentum`` share (tests/scenes/test_momentum*.py): the frame's
half size, the scene and each part's build at the defaults as fixtures, a build with other
numbers, every mobject a build returned, and boxes: a mobject's, whether two stand apart, a
curve's points made dense and whether points fall inside a mobject."""

from __future__ import annotations

import numpy as np
import pytest

from tests.lessons.momentum_kit import LESSON
from tests.lessons.momentum_kit import numbers  # noqa: F401 - a fixture


HALF_FRAME = (7.12, 4.0)    # the frame is 14.22 by 8 scene units


@pytest.fixture(scope="module")
def momentum_scene():
    pytest.importorskip("manim")
    from scenes.momentum.scene import Momentum
    return Momentum


def build(momentum_scene, part_id, n, params=None):
    part = next(p for p in momentum_scene.parts if p.id == part_id)
    return part().build(n, params or LESSON.defaults())


@pytest.fixture(scope="module")
def built(momentum_scene, numbers):
    """Each part's build at the defaults (tests that move a curve build their own)."""
    return {part.id: build(momentum_scene, part.id, numbers) for part in momentum_scene.parts}


def mobjects(value):
    """Every mobject a build returned, through its lists and namespaces."""
    from manim import Mobject
    if isinstance(value, Mobject):
        return [value]
    if isinstance(value, (list, tuple)):
        return [m for v in value for m in mobjects(v)]
    if hasattr(value, "__dict__") and not hasattr(value, "shown"):   # not the numbers
        return [m for v in vars(value).values() for m in mobjects(v)]
    return []


def box(mob):
    """(left, bottom, right, top) of a mobject's bounding box."""
    return (mob.get_left()[0], mob.get_bottom()[1], mob.get_right()[0], mob.get_top()[1])


def apart(a, b) -> bool:
    (l1, b1, r1, t1), (l2, b2, r2, t2) = box(a), box(b)
    return r1 <= l2 or r2 <= l1 or t1 <= b2 or t2 <= b1


def _dense(points, per=50):
    """Points along a polyline, ``per`` on each segment, for a crossing test."""
    t = np.linspace(0, 1, per)[:, None]
    return np.vstack([a + t * (b - a) for a, b in zip(points[:-1], points[1:])])


def _inside(points, mob) -> bool:
    left, bottom, right, top = box(mob)
    x, y = points[:, 0], points[:, 1]
    return bool(np.any((left < x) & (x < right) & (bottom < y) & (y < top)))


class Log:
    """A scene that logs, in order, what a part says (``("say", text)``) and each mobject it
    brings in or animates (``("show", mobject)``), and does nothing else."""

    def __init__(self):
        self.events = []

    def say(self, text, *_, **__):
        self.events.append(("say", text))

    def play(self, *animations, **_):
        self.events += [("show", a.mobject) for a in animations if hasattr(a, "mobject")]

    def add(self, *mobs):
        self.events += [("show", m) for m in mobs]

    def get_mobject_family_members(self):
        return []

    def __getattr__(self, name):
        return lambda *args, **kwargs: None

    def said_when_shown(self, mob) -> str | None:
        """The last caption said before ``mob`` (or a part of it) first came in."""
        family, said = set(map(id, mob.get_family())), None
        for kind, value in self.events:
            if kind == "say":
                said = value
            elif family & set(map(id, value.get_family())):
                return said
        return None
