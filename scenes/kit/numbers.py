"""Numbers that are cheap to change every frame: counters, live readouts, table cells."""

from __future__ import annotations

import numpy as np
from manim import DecimalNumber, MathTex, VGroup

from sgdanim.render.manim_compat import FastDecimalMixin

from scenes.kit.format import decimals, scientific
from scenes.kit.plots import stand_after, times_power

__all__ = ["BIG", "FastDecimal", "FastInteger", "PoweredDecimal", "in_powers", "place_unit",
           "show"]

BIG = 1e4    # from here up a number reads in powers of ten, as the series writes big numbers


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


def in_powers(value: float, places: int | None = None) -> tuple[float, int, int | None]:
    """What a readout number shows for ``value``: the number, its decimals, and the power of
    ten its unit says (None below 10⁴, where it shows ``places`` decimals, by default
    :func:`~scenes.kit.format.short`'s figures).

    >>> in_powers(-17803375.2), in_powers(2.93811), in_powers(2.93811, 2)
    ((-1.78, 2, 7), (2.93811, 5, None), (2.93811, 2, None))
    """
    if not np.isfinite(value) or abs(value) < BIG:
        return float(value), decimals(value) if places is None else places, None
    mantissa, power = scientific(value, 2)
    return float(mantissa), 2, power


def show(number: DecimalNumber, value: float, places: int | None = None) -> int | None:
    """Set ``number`` to what it shows for ``value`` (:func:`in_powers`), with its decimals (a
    FastDecimal keeps its glyphs while the shown text stays the same). Returns the power of ten
    its unit says, or None."""
    shown, places, power = in_powers(value, places)
    if number.num_decimal_places != places:
        number.num_decimal_places = places
        number.number = None     # the text changes with the places: rebuild it
    number.set_value(shown)
    return power


def place_unit(slot: VGroup, number, unit) -> None:
    """Stand ``unit`` (None: no unit) in ``slot``, after ``number`` on its line."""
    slot.submobjects = [] if unit is None else [stand_after(unit, number)]


class PoweredDecimal(VGroup):
    """A readout number with ``places`` decimals that reads from 10⁴ up as the series writes
    such numbers: the mantissa, and a unit ``×10ᵏ`` after it (relu-sandwich's one neuron at
    lr 1e-3 read "a = −20576.43"). Each power's unit is made once, when first shown.

    >>> n = PoweredDecimal(1.5, 2)
    >>> len(n.unit), n.set_value(-20576.43).get_value(), n.number.get_value(), len(n.unit)
    (0, -20576.43, -2.06, 1)
    """

    def __init__(self, value: float, places: int, **kwargs):
        super().__init__()
        self.places = places
        shown, decimals_shown, _ = in_powers(value, places)
        self.number = FastDecimal(shown, num_decimal_places=decimals_shown,
                                  group_with_commas=False, **kwargs)
        self.unit, self.units, self.value = VGroup(), {}, value
        self.add(self.number, self.unit)
        self.set_value(value)

    def get_value(self) -> float:
        return self.value

    def set_value(self, value: float):
        self.value = value
        power = show(self.number, value, self.places)
        if power is not None and power not in self.units:
            self.units[power] = MathTex(times_power(power), font_size=self.number.font_size,
                                        color=self.number.get_color())
        place_unit(self.unit, self.number, self.units.get(power))
        return self
