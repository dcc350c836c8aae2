"""Animations the lessons share: manim's, made to draw the same on every run.

manim's :class:`~manim.TransformMatchingTex` keys each part of a formula by its TeX string and
walks the keys through a Python ``set``. A set of strings comes out in an order that depends on
``PYTHONHASHSEED``, and that order is the order the parts are drawn in, so the video's bytes
changed from one run to the next. :class:`MatchingTex` keys them by an ``int`` made from the
same string instead: an ``int``'s hash is its value (modulo 2^61 − 1), not salted per run, so
the order is the same on every run.
"""

from __future__ import annotations

from manim import TransformMatchingTex


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
