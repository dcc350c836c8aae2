"""Run a scene's updaters every frame without manim's recursive walk over every mobject.

Each frame, ``Scene.update_mobjects`` calls ``Mobject.update`` on every mobject on screen,
and that recurses into every submobject: every glyph of every formula and table, nearly all
of which have no updater. The recursion (a method call with keyword arguments per glyph)
and ``inspect.signature`` of each updater, asked again every frame, were 6-7% of stepping's
samples at 480p (docs/performance.md, "Session 10").

:func:`update_families` makes the same calls in the same order: each mobject's updaters
(given ``dt`` if their signature names it, as manim decides), then its submobjects', depth
first, reading each list as manim's loop does, and nothing under a mobject whose updating is
suspended. It only skips visiting what would do nothing: a submobject with no updaters and
no submobjects. A class that overrides ``update`` is asked its own way.
``tests/scenes/test_kit.py`` compares the calls with manim's walk.
"""

from __future__ import annotations

import inspect

from manim import Mobject

__all__ = ["UpdaterCalls", "update_families"]

_PLAIN_UPDATE = Mobject.update


class UpdaterCalls:
    """Whether each updater takes ``dt``, asked of its signature once instead of every frame.

    Holds the updaters it has seen (as long as the scene that owns it).

    >>> calls = UpdaterCalls()
    >>> calls.wants_dt(lambda mob, dt: None), calls.wants_dt(lambda mob: None)
    (True, False)
    """

    def __init__(self) -> None:
        self._wants_dt: dict = {}

    def wants_dt(self, updater) -> bool:
        try:
            return self._wants_dt[updater]
        except KeyError:
            wanted = self._wants_dt[updater] = "dt" in inspect.signature(updater).parameters
            return wanted
        except TypeError:  # an unhashable callable: ask every time, as manim does
            return "dt" in inspect.signature(updater).parameters


def update_families(mobjects, dt: float, calls: UpdaterCalls) -> None:
    """``for mob in mobjects: mob.update(dt)``, the same updater calls in the same order.

    >>> from manim import Dot, VGroup
    >>> seen = []
    >>> group = VGroup(Dot(), Dot().add_updater(lambda m, dt: seen.append(dt)))
    >>> update_families([group], 0.5, UpdaterCalls())
    >>> seen
    [0.5]
    """
    wants_dt = calls.wants_dt

    def walk(mob) -> None:
        if mob.updating_suspended:
            return
        for updater in mob.updaters:
            if wants_dt(updater):
                updater(mob, dt)
            else:
                updater(mob)
        for sub in mob.submobjects:
            if type(sub).update is not _PLAIN_UPDATE:
                sub.update(dt, recursive=True)
            elif sub.updaters or sub.submobjects:  # else manim's call would do nothing
                walk(sub)

    for mob in mobjects:
        if type(mob).update is not _PLAIN_UPDATE:
            mob.update(dt)
        else:
            walk(mob)
