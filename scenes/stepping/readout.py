"""The step readout over the landscape: ``after step k  a = …  b = …``, the real weights at
the walker's last whole step, each with the figures the strip and the captions give it.

A weight from 10⁴ up (a runaway lr) reads as the strip's cells do, ``−1.78×10⁷``: its number
shows the mantissa and a unit ``×10^k`` stands after it, one per power the run reaches, made
when the readout is (a formula per value shown would ask LaTeX for every step).
"""

from __future__ import annotations

import numpy as np
from manim import RIGHT, Dot, MathTex, VGroup

from scenes.kit.format import short
from scenes.kit.numbers import FastDecimal, FastInteger, in_powers, place_unit, show
from scenes.kit.plots import UNIT_BUFF, times_power
from scenes.kit.style import LABEL_SIZE, WEIGHT_COLOURS


class Readout(VGroup):
    """``after step k  a = …  b = …`` at the walker's last whole step (real weights, never a
    blend). Its numbers are DecimalNumbers set only when the step changes."""

    def __init__(self, walker, path, **kwargs):
        super().__init__(**kwargs)
        size = LABEL_SIZE
        self.step_label = MathTex(r"\text{after step}", font_size=size)
        self.step = FastInteger(0, font_size=size)
        numbers, labels, self.units = [], [], []
        for col, name in enumerate("ab"):
            colour = WEIGHT_COLOURS[name]
            labels.append(MathTex(f"{name} =", font_size=size, color=colour))
            value, places, _ = in_powers(path[0, col])
            numbers.append(FastDecimal(value, places, font_size=size, group_with_commas=False,
                                       color=colour))
            powers = {in_powers(v)[2] for v in path[:, col]} - {None}
            self.units.append({k: MathTex(times_power(k), font_size=size, color=colour)
                               for k in sorted(powers)})
        self.a_label, self.b_label = labels
        self.a, self.b = numbers
        self.add(self.step_label, self.step, self.a_label, self.a, self.b_label, self.b)
        self.arrange(RIGHT, buff=0.12)
        # Room for the widest number each will show (a runaway's weights grow many digits),
        # so a never runs into "b =" and b stays in the frame.
        room = [FastInteger(len(path) - 1, font_size=size).width - self.step.width]
        for col, number in enumerate(numbers):
            room.append(max(_widest(path[:, col], self.units[col], size) - number.width, 0.0))
        VGroup(self.a_label, self.a).shift(RIGHT * (0.15 + room[0]))
        VGroup(self.b_label, self.b).shift(RIGHT * (0.3 + room[0] + room[1]))
        self.room = Dot(self.b.get_right() + RIGHT * room[2], radius=0.01).set_opacity(0)
        self.add(self.room)
        # where each weight's unit stands while it reads in powers (empty below 10⁴)
        self.unit_slots = [VGroup(), VGroup()]
        self.add(*self.unit_slots)
        shown = {"k": 0}

        def update(group):
            k = int(np.clip(np.floor(walker.index.get_value() + 1e-6), 0, len(path) - 1))
            if k != shown["k"]:
                shown["k"] = k
                self.step.set_value(k)
                for col, number in enumerate(numbers):
                    power = show(number, path[k, col])
                    place_unit(self.unit_slots[col], number, self.units[col].get(power))
        self.add_updater(update)


def _widest(values, units: dict, size: float) -> float:
    """How wide a weight's number, and unit, get showing any of ``values``: the plain value
    with the most characters, and each length of mantissa with each power."""
    def width(shown, places, power):
        number = FastDecimal(shown, places, font_size=size, group_with_commas=False).width
        return number if power is None else number + UNIT_BUFF + units[power].width

    read = [in_powers(v) for v in values]
    plain = [r for r in read if r[2] is None]
    kinds = {(len(short(r[0])), r[2]): r for r in read if r[2] is not None}
    candidates = ([max(plain, key=lambda r: len(short(r[0])))] if plain else []) + [*kinds.values()]
    return max(width(*r) for r in candidates)
