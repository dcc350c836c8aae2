"""Animations the lessons share: manim's, made to draw the same on every run.

manim's :class:`~manim.TransformMatchingTex` keys each part of a formula by its TeX string and
walks the keys through a Python ``set``. A set of strings comes out in an order that depends on
``PYTHONHASHSEED``, and that order is the order the parts are drawn in, so the video's bytes
changed from one run to the next. :class:`MatchingTex` keys them by an ``int`` made from the
same string instead: an ``int``'s hash is its value (modulo 2^61 − 1), not salted per run, so
the order is the same on every run.
"""

from __future__ import annotations

from manim import FadeIn, FadeOut, TransformMatchingTex


class MatchingTex(TransformMatchingTex):
    """:class:`~manim.TransformMatchingTex` whose parts come in the same order on every run.

    >>> from manim import MathTex
    >>> key = MatchingTex.get_mobject_key(MathTex("a", "+", "b")[2])
    >>> key == int.from_bytes(b"b", "big"), hash(key) == key
    (True, True)
    """

    @staticmethod
    def get_mobject_key(mobject) -> int:
        """The part's TeX string read as one big-endian number: two parts match exactly when
        their strings do (TeX never starts with a NUL byte, so no two give the same number)."""
        return int.from_bytes(TransformMatchingTex.get_mobject_key(mobject).encode(), "big")


class _Still:
    """Bring the mobject to what its updaters say, then hold them while the animation plays
    (manim resumes them as it finishes).

    manim updates an animation's copies of the mobject every frame, with copies of its
    updaters: a readout left a step behind changes its digits in the copies and not in the
    mobject, and a copied parent's updater sets the child of the original, so the families
    no longer zip (ValueError). Updated first, a readout whose tracker stands still has
    nothing left to change; held, no copy's updater runs. For fades while nothing that
    drives the mobject moves (a title change)."""

    def begin(self) -> None:
        # resume_updating runs the updaters even where a group around this animation has
        # already held them (AnimationGroup does as it begins); a plain update() would not.
        self.mobject.resume_updating()
        self.mobject.suspend_updating()    # before the copies are made: they are held too
        super().begin()


class FadeOutStill(_Still, FadeOut):
    """:class:`~manim.FadeOut` of a mobject brought up to date and held still (see _Still)."""


class FadeInStill(_Still, FadeIn):
    """:class:`~manim.FadeIn` of a mobject brought up to date and held still (see _Still)."""
