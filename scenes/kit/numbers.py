"""Numbers that are cheap to change every frame: counters, live readouts, table cells."""

from __future__ import annotations

from manim import DecimalNumber

from sgdanim.render.manim_compat import FastDecimalMixin

__all__ = ["FastDecimal", "FastInteger"]


class FastDecimal(FastDecimalMixin, DecimalNumber):
    """A :class:`~manim.DecimalNumber` that is cheap to update every frame.

    It draws exactly what ``DecimalNumber`` draws, but skips the rebuild when the shown string
    does not change and copies cached glyphs without deep-copying their TeX settings. Both
    lean on ``DecimalNumber``'s private methods, so they live in
    :class:`sgdanim.render.manim_compat.FastDecimalMixin`.

    Examples
    --------
    >>> a = FastDecimal(3.14159, num_decimal_places=2)
    >>> b = DecimalNumber(3.14159, num_decimal_places=2)
    >>> bool((a.get_all_points() == b.get_all_points()).all())
    True
    """


class FastInteger(FastDecimal):
    """A :class:`FastDecimal` without decimals (step and epoch counters).

    >>> FastInteger(7).get_value()
    7
    """

    def __init__(self, number=0, **kwargs):
        super().__init__(number, num_decimal_places=0, **kwargs)

    def get_value(self):
        return int(round(super().get_value()))
