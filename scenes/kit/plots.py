"""Plots every lesson shares: axes with a log y axis, and a curve that grows with a tracker.

Both return mobjects and leave the playing to the scene. Where they put things is checked
without rendering (``tests/scenes/test_plots.py``).
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Axes, DecimalNumber, LogBase, MathTex, ValueTracker,
                   VGroup, VMobject, linear)

from scenes.kit.format import decimals, scientific
from scenes.kit.style import MIN_FONT_SIZE


# A 10^k label's distance from its axis where the axis has tick marks: past the 0.1 a tick
# reaches out, and a gap (at 0.1 the optimizers' exponents touched their ticks, review r22).
TICK_LABEL_BUFF = 0.18
# A label 10^k's height per point of font size (measured: 0.243 at 26): decades closer than
# that would stack their labels into each other.
DECADE_LABEL_HEIGHT = 0.00934


def decade_labels(point: Callable[[int, int], np.ndarray], xs, ys, corner: tuple[int, int], *,
                  font_size: float = MIN_FONT_SIZE, buff: float = TICK_LABEL_BUFF) -> VGroup:
    """The labels ``10^k`` of a plot's decades: one under the x axis at each decade of ``xs``,
    then one left of the y axis at each decade of ``ys``, each ``buff`` from its axis.
    ``point(kx, ky)`` is the scene point of a pair of decades, and ``corner`` the pair where
    the axes cross. Every log plot's labels come from here, so they look and stand alike.

    >>> at = lambda kx, ky: np.array([kx, ky, 0.0])
    >>> labels = decade_labels(at, [0, 2], [1], corner=(0, 0), buff=0.2)
    >>> [t.tex_string for t in labels]
    ['10^{0}', '10^{2}', '10^{1}']
    >>> round(float(labels[1].get_top()[1]), 6), round(float(labels[2].get_right()[0]), 6)
    (-0.2, -0.2)
    """
    x0, y0 = corner
    return VGroup(*[MathTex(f"10^{{{k}}}", font_size=font_size).next_to(point(k, y0), DOWN,
                                                                        buff=buff) for k in xs],
                  *[MathTex(f"10^{{{k}}}", font_size=font_size).next_to(point(x0, k), LEFT,
                                                                        buff=buff) for k in ys])


def numbers_in_powers(line, from_power: int = 5) -> int:
    """Writes a number line's numbers in units of ``10^k`` once the largest reaches
    ``10^from_power``, or stays under 0.01 (:func:`unit_power`), each where its own number
    stood, and returns ``k`` (0: left as they were) for the axis' name to say: "2" under
    "err² (×10⁹)" where 2000000000 ran off the frame, "1.5" under "(×10⁻⁶)" where 0.0000015
    did (momentum's constant gradient of 10⁻⁶).

    >>> from manim import NumberLine
    >>> line = NumberLine([0, 4e7, 2e7], include_numbers=True)
    >>> numbers_in_powers(line), [float(n.get_value()) for n in line.numbers]
    (7, [0.0, 2.0, 4.0])
    >>> numbers_in_powers(NumberLine([0, 6e4, 2e4], include_numbers=True))
    0
    >>> line = NumberLine([0, 1.5e-6, 5e-7], include_numbers=True)
    >>> keep_to_range(line); numbers_in_powers(line), [float(n.get_value()) for n in line.numbers]
    (-6, [0.0, 0.5, 1.0, 1.5])
    """
    values = [float(n.get_value()) for n in line.numbers]
    top = max((abs(v) for v in values), default=0.0)
    power = unit_power(top, from_power)
    if not power:
        return 0
    step = min(np.diff(sorted(values))) if len(values) > 1 else top
    places = decimals(step / 10 ** power, 3)
    scaled = []
    for old in line.numbers:
        # + 0.0: 0/10^k of a -0.0 tick would read "−0"
        new = DecimalNumber(float(old.get_value()) / 10 ** power + 0.0, num_decimal_places=places,
                            font_size=old.font_size, group_with_commas=False,
                            color=old.get_color()).move_to(old)
        # a y axis' numbers end where their tick's buff begins; an x axis' hang from it
        scaled.append(new.align_to(old, UP if line.label_direction[0] == 0 else RIGHT))
    line.numbers.submobjects = scaled
    return power


def unit_power(top: float, from_power: int = 4) -> int:
    """The power of ten a linear axis reaching ``top`` is numbered in: ``top``'s exponent
    below 0.01, where the series writes numbers in powers, or from ``10^from_power`` up (10⁴,
    as the series writes them; an axis may wait longer), else 0.

    >>> unit_power(1.21e-6), unit_power(0.0011), unit_power(1.21), unit_power(1.21e6)
    (-6, -3, 0, 6)
    >>> unit_power(5e4), unit_power(9.6e4, from_power=5), unit_power(0.0)
    (4, 0, 0)
    """
    if scientific(top, 0)[1] is None:     # the series' one rule for when a number needs one
        return 0
    power = int(math.floor(math.log10(top)))    # 9.6×10⁴ is 10⁴s, not 10⁵s rounded
    return power if power < 0 or power >= from_power else 0


def keep_to_range(line) -> None:
    """Take off the ticks and numbers manim puts past a linear number line's ends: its tick
    range runs 10⁻⁶ past the end whatever the scale, so an axis over 10⁻⁸ (d at momentum's
    lr 1e-12) grew 200 ticks and numbers down the frame, and overshoot's loss axis from
    w0 = 0.001 read −0.0000005 to 0.000002.

    >>> from manim import NumberLine
    >>> line = NumberLine([0, 1e-6, 5e-7], include_numbers=True)
    >>> [float(n.get_value()) for n in line.numbers]
    [-5e-07, -0.0, 5e-07, 1e-06, 1.5e-06]
    >>> keep_to_range(line)
    >>> len(line.ticks), [float(n.get_value()) for n in line.numbers]
    (3, [-0.0, 5e-07, 1e-06])
    """
    if isinstance(line.scaling, LogBase):     # its range is in exponents, its numbers not
        return
    low, high, step = (float(v) for v in line.x_range[:3])
    slack = 1e-3 * step

    def outside(value: float) -> bool:
        return not low - slack <= value <= high + slack

    ticks = [t for t in getattr(line, "ticks", []) if outside(float(line.p2n(t.get_center())))]
    numbers = [m for m in getattr(line, "numbers", []) if outside(float(m.get_value()))]
    if ticks:
        line.ticks.remove(*ticks)
    if numbers:
        line.numbers.remove(*numbers)


def in_powers_name(name: MathTex, power: int) -> MathTex:
    """An axis' name with the unit :func:`numbers_in_powers` wrote its numbers in, in the
    name's size and colour (``name`` itself when ``power`` is 0)."""
    if not power:
        return name
    return MathTex(name.get_tex_string() + rf"\ ({times_power(power)})", font_size=name.font_size,
                   color=name.get_color())


def times_power(power: int) -> str:
    r"""The TeX of the unit :func:`numbers_in_powers` writes numbers in, ``\times10^{k}``,
    for a name (in brackets) or after a number.

    >>> times_power(6)
    '\\times10^{6}'
    """
    return rf"\times10^{{{power}}}"


UNIT_BUFF = 0.08     # between a number and the times_power unit after it


def stand_after(unit, number):
    """Set ``unit`` (a :func:`times_power` MathTex) after ``number`` on its line; returns it."""
    return unit.next_to(number, RIGHT, buff=UNIT_BUFF).align_to(number, DOWN)


def decades_per_label(decades: int, height: float, font_size: float) -> int:
    """How many decades apart a log axis ``height`` tall, spanning ``decades``, can label
    ``10^k`` in ``font_size`` with no two labels touching: 1 while each decade is as tall as
    a label (a target RMSE of 10⁻⁹ stretched the race's axis to 12 decades in 2.55).

    >>> decades_per_label(3, 2.55, 26), decades_per_label(12, 2.55, 26)
    (1, 2)
    """
    label = DECADE_LABEL_HEIGHT * font_size
    return max(1, math.ceil(decades * label / height))


class LogAxes(VGroup):
    """Axes whose y axis is manim's log scale (``NumberLine(scaling=LogBase())``) from
    ``10^low`` to ``10^high``, with a tick (``tick_marks``) and a label ``10^k`` on every
    ``decades_per_tick``-th decade (by default every decade, or every second, third... when
    the axis is too short for a label on each: :func:`decades_per_label`). The labels stand
    where manim puts the ticks, so the two always agree.

    ``point(x, value)`` takes the value itself (an error, an rmse), not its log, and places its
    size |value|; sizes below ``10^low`` (0 among them) sit on the bottom of the axis, where
    the x axis is.

    Examples
    --------
    >>> ax = LogAxes((0, 30, 10), (-3, 3), width=6, height=3)
    >>> [t.tex_string for t in ax.labels]
    ['10^{-3}', '10^{-2}', '10^{-1}', '10^{0}', '10^{1}', '10^{2}', '10^{3}']
    >>> bool(np.allclose(ax.point(0, 0.0), ax.point(0, 1e-3)))   # clipped to the floor
    True
    >>> round(float(ax.point(0, -10.0)[1] - ax.point(0, 1.0)[1]), 6)  # a decade is height / 6
    0.5
    >>> bottom, top = ax.vertical(5)
    >>> bool(np.allclose(bottom, ax.axes.x_axis.n2p(5))), round(float(top[1] - bottom[1]), 6)
    (True, 3.0)
    """

    def __init__(self, x_range, decades: tuple[int, int], *, width: float, height: float,
                 decades_per_tick: int | None = None, font_size: float = 22,
                 label_size: float | None = None, label_buff: float = 0.14,
                 tick_marks: bool = True, x_axis_config=None, **kwargs):
        super().__init__(**kwargs)
        self.low, self.high = int(decades[0]), int(decades[1])
        size = label_size or font_size + 2
        decades_per_tick = (decades_per_tick
                            or decades_per_label(self.high - self.low, height, size))
        self.axes = Axes(
            x_range=list(x_range), y_range=[self.low, self.high, decades_per_tick],
            x_length=width, y_length=height, tips=False,
            x_axis_config={"include_numbers": True, "font_size": font_size,
                           "numbers_to_exclude": [0], **(x_axis_config or {})},
            y_axis_config={"scaling": LogBase(custom_labels=False), "include_numbers": False,
                           "include_ticks": tick_marks})
        self.labels = decade_labels(lambda _, k: self.point(0, 10.0 ** k), [],
                                    self.ticked_decades(), corner=(0, self.low),
                                    font_size=size, buff=label_buff)
        self.add(self.axes, self.labels)

    def ticked_decades(self) -> list[int]:
        """The decades k whose ``10^k`` has a tick: where manim's axis puts them (a multiple
        of ``decades_per_tick`` from 10^0, when the axis spans it)."""
        return [round(math.log10(v)) for v in self.axes.y_axis.get_tick_range()]

    def point(self, x, value) -> np.ndarray:
        """The scene point of ``(x, |value|)``; sizes below the axis's floor sit on it. Given
        arrays, the points of the pairs, one row each.

        >>> ax = LogAxes((0, 10, 1), (0, 2), width=4, height=2)
        >>> ax.point(np.arange(3), [1.0, 10.0, 100.0]).round(6).tolist()
        [[-2.0, -1.0, 0.0], [-1.6, 0.0, 0.0], [-1.2, 1.0, 0.0]]
        """
        size = np.maximum(np.abs(np.asarray(value, dtype=float)), 10.0 ** self.low)
        if size.ndim == 0:
            return self.axes.c2p(x, size)
        # manim maps coordinate arrays (xs, ys) to an array of (xs, ys, zs): rows are points here
        return self.axes.c2p(np.broadcast_to(np.asarray(x, dtype=float), size.shape), size).T

    def vertical(self, x: float) -> tuple[np.ndarray, np.ndarray]:
        """The bottom and the top of the plot at ``x`` (a marker's line runs between them)."""
        return self.point(x, 10.0 ** self.low), self.point(x, 10.0 ** self.high)


def polyline_prefix(points: np.ndarray, k: float, *, interpolate: bool = True) -> np.ndarray:
    """The first ``k`` segments of a polyline: its points up to index ``floor(k)``, then, with
    ``interpolate``, its head, the fraction of ``k`` along the next segment (point ``k``
    itself when ``k`` is whole). Always at least two points, so manim has a curve to draw.

    >>> pts = np.array([[0., 0, 0], [1, 0, 0], [1, 1, 0]])
    >>> polyline_prefix(pts, 1.5).tolist()
    [[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [1.0, 0.5, 0.0]]
    >>> polyline_prefix(pts, 2).tolist()
    [[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [1.0, 1.0, 0.0]]
    >>> polyline_prefix(pts, 1.5, interpolate=False).tolist()
    [[0.0, 0.0, 0.0], [1.0, 0.0, 0.0]]
    >>> polyline_prefix(pts, -1, interpolate=False).tolist()
    [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    """
    last = len(points) - 1
    k = float(np.clip(k, 0, last))
    whole = int(np.floor(k))
    shown = points[:whole + 1]
    if interpolate:
        frac = k - whole
        head = points[whole] * (1 - frac) + points[min(whole + 1, last)] * frac
        return np.vstack([shown, head[None]])
    return shown if len(shown) >= 2 else np.vstack([shown, shown])


class TrackedCurve(VMobject):
    """A polyline through precomputed points that shows as much of itself as its tracker says:
    index ``k`` of the points (see :func:`polyline_prefix`) is its end.

    Parameters
    ----------
    points
        The polyline's points, in scene coordinates unless ``to_scene`` maps them. With none,
        the curve draws nothing.
    tracker
        What drives it (a new one at 0 if not given); ``grow`` animates it.
    interpolate
        Whether the curve runs on to a head between two points (else it stops at a point).
    index_of
        Maps the tracker's value to the index of the curve's end, for a tracker counted in
        other units (rows of a clock that ticks per epoch); the identity if not given.
    to_scene
        Maps the points drawn to scene points at every update, so the curve follows axes that
        move after it is built; not given, the points are scene points.
    hide_unstarted
        Whether the curve is invisible while its index is below 0 (before its first point).

    Examples
    --------
    >>> curve = TrackedCurve(np.array([[0., 0, 0], [1, 0, 0], [2, 0, 0]]))
    >>> _ = curve.tracker.set_value(1.5)
    >>> curve.update().get_end().tolist(), curve.head().tolist()
    ([1.5, 0.0, 0.0], [1.5, 0.0, 0.0])
    >>> clock = ValueTracker(5)                  # rows run; a point per 10 rows done
    >>> per_ten = TrackedCurve([[0., 0, 0], [1, 0, 0]], clock, interpolate=False,
    ...                        index_of=lambda rows: rows // 10 - 1, hide_unstarted=True)
    >>> hidden = per_ten.get_stroke_opacity()
    >>> _ = clock.set_value(25)
    >>> float(hidden), float(per_ten.update().get_stroke_opacity()), per_ten.get_end().tolist()
    (0.0, 1.0, [1.0, 0.0, 0.0])
    """

    def __init__(self, points, tracker: ValueTracker | None = None, *, interpolate: bool = True,
                 index_of: Callable[[float], float] | None = None,
                 to_scene: Callable[[np.ndarray], np.ndarray] | None = None,
                 hide_unstarted: bool = False, **style):
        super().__init__(**style)
        self.vertices = np.asarray(points, dtype=float)
        self.tracker = tracker if tracker is not None else ValueTracker(0.0)
        self.partial_segment = interpolate   # not .interpolate: VMobject.interpolate is a method
        self.index_of, self.to_scene = index_of, to_scene
        self.shown_opacity = self.get_stroke_opacity() if hide_unstarted else None
        if len(self.vertices):
            self.add_updater(lambda m: m.redraw())
            self.update()

    def end_index(self) -> float:
        """The index of the curve's end, as the tracker stands."""
        value = self.tracker.get_value()
        return value if self.index_of is None else self.index_of(value)

    def shown(self) -> np.ndarray:
        """The scene points the curve is drawn through now (its last one is its head)."""
        pts = polyline_prefix(self.vertices, self.end_index(), interpolate=self.partial_segment)
        return pts if self.to_scene is None else self.to_scene(pts)

    def head(self) -> np.ndarray:
        """Where the curve ends now (a dot riding on it moves here)."""
        return self.shown()[-1]

    def redraw(self) -> TrackedCurve:
        self.set_points_as_corners(self.shown())
        if self.shown_opacity is not None:
            self.set_stroke(opacity=self.shown_opacity if self.end_index() >= 0 else 0)
        return self

    def grow(self, k: float, run_time: float):
        """The animation that runs the tracker to ``k`` at constant speed."""
        return self.tracker.animate(rate_func=linear, run_time=run_time).set_value(k)

    def full(self) -> TrackedCurve:
        """Show every point now (the tracker counted in indices)."""
        self.tracker.set_value(len(self.vertices) - 1)
        return self.update()
