"""A loss-landscape panel over (a, b): exact contour ellipses, the optimum, and a weight point
that walks a precomputed path, leaving its trail.

The panel returns animations and the scene plays them (ManimML's habit), so where things sit
can be checked without rendering: ``panel.point(a, b)`` is the scene point of (a, b).
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, RIGHT, UP, Axes, Dot, FadeIn, MathTex, Star, Triangle, ValueTracker,
                   VGroup, VMobject)
from manim.utils.space_ops import rotation_about_z

from scenes.kit.format import decimals
from scenes.kit.plots import TrackedCurve, in_powers_name, numbers_in_powers
from scenes.kit.style import MIN_FONT_SIZE, OPTIMUM, PATH, WEIGHT


def tick_numbers(axis_range, font_size: float = MIN_FONT_SIZE) -> dict:
    """Tick labels with as many decimals as the tick step has: 50, not 50.0; 0.25, not 0.2;
    no thousands separator, as every number in the series (momentum's valley at lr 5e-4
    read "−30,000" beside its row plot's "−10000").

    Their size is the series' floor, so they can be read in a 480p embed.

    >>> [tick_numbers(r)["decimal_number_config"]["num_decimal_places"]
    ...  for r in ((0, 100, 10), (0, 3, 0.5), (-1, 1, 0.25))]
    [0, 1, 2]
    >>> tick_numbers((0, 1, 0.5))["font_size"] == MIN_FONT_SIZE
    True
    """
    step = float(axis_range[2]) if len(axis_range) > 2 else 1.0
    return {"decimal_number_config": {"num_decimal_places": decimals(step, 3),
                                      "group_with_commas": False},
            "font_size": font_size}


class LandscapePanel(VGroup):
    """Axes a (horizontal) and b (vertical), contours of the mean loss, and the optimum.

    Parameters
    ----------
    landscape
        The core's :class:`~sgdanim.core.landscape.Landscape` for the data: it gives the
        contours, already cut to the panel's box, and the optimum.
    a_range, b_range
        ``(min, max, tick step)`` of each axis.
    levels
        Loss values to draw contours at (from the core, e.g. ``landscape.levels(...)``).
    """

    def __init__(self, landscape, a_range, b_range, levels, width=6.0, height=5.0,
                 contour_color="#3b5b7a", tick_size=MIN_FONT_SIZE, in_units=True, **kwargs):
        super().__init__(**kwargs)
        self.landscape = landscape
        self.axes = Axes(x_range=a_range, y_range=b_range, x_length=width, y_length=height,
                         tips=False, axis_config={"include_numbers": True},
                         x_axis_config=tick_numbers(a_range, tick_size),
                         y_axis_config=tick_numbers(b_range, tick_size))
        # from 10⁴ up, the series' rule: in units of 10ᵏ, named with the axis (five numbers
        # like −30000 side by side ran into each other)
        # (``in_units=False``: a caller that writes the axes again, as stepping's edge_axes)
        a_power, b_power = (numbers_in_powers(axis, from_power=4) if in_units else 0
                            for axis in (self.axes.x_axis, self.axes.y_axis))
        a_name = in_powers_name(MathTex("a", font_size=30), a_power)
        if a_power:     # wide with its unit: under the numbers' right end, off the plot's right
            a_name.next_to(self.axes.x_axis.numbers, DOWN, buff=0.1).align_to(
                self.axes.x_axis, RIGHT)
        else:
            a_name.next_to(self.axes.x_axis, RIGHT, buff=0.15)
        labels = VGroup(a_name, in_powers_name(MathTex("b", font_size=30), b_power).next_to(
                            self.axes.y_axis, UP, buff=0.1))
        self.labels = labels
        box = (a_range[0], a_range[1], b_range[0], b_range[1])
        self.contours = VGroup()
        for piece in landscape.contour_pieces(levels, box):
            curve = VMobject(stroke_color=contour_color, stroke_width=2)
            # every point of a piece in one numpy call, to the bit what c2p(a, b) of each gives
            curve.set_points_as_corners(self.axes.c2p(*np.asarray(piece, float).reshape(-1, 2).T).T)
            self.contours.add(curve)
        self.optimum = Star(n=5, outer_radius=0.13, color=OPTIMUM, fill_opacity=1).move_to(
            self.point(*landscape.optimum))
        self.add(self.axes, labels, self.contours, self.optimum)

    def point(self, a: float, b: float) -> np.ndarray:
        return self.axes.c2p(a, b)


class WeightWalker(VGroup):
    """A weight point and its trail (a :class:`~scenes.kit.plots.TrackedCurve`) over a
    precomputed path of (a, b) values, both driven by ``index``, the path index shown.

    ``walk(k1, run_time)`` returns the animation that moves the point from the index k0 it
    stands at to path index k1 at constant speed in index, so index k is on screen at
    ``start + (k − k0)/rate``.

    ``beyond``: the whole path of a ``path`` cut where the weights left the panel (the core's
    ``clip_path``), whose last point is on the edge, not where they are. From that index on,
    an arrowhead (``exit``, an :class:`ExitTip`) at the panel's edge points at the weights on
    the walker's row of ``beyond``: a dot resting on the edge read as weights that had stopped
    there (stepping at lr 1, a = −1.78×10⁷). The panel is not to move once walked: the points
    are placed when the walker is made.
    """

    def __init__(self, panel: LandscapePanel, path: np.ndarray, color=WEIGHT, trail_color=PATH,
                 radius=0.07, beyond: np.ndarray | None = None, **kwargs):
        super().__init__(**kwargs)
        self.panel = panel
        self.scene_points = np.array([panel.point(a, b) for a, b in path])
        self.index = ValueTracker(0.0)
        self.dot = Dot(self.scene_points[0], radius=radius, color=color)
        self.trail = TrackedCurve(self.scene_points, self.index, stroke_color=trail_color,
                                  stroke_width=3)
        # The trail's head, even where a subclass draws the trail another way.
        self.dot.add_updater(lambda d: d.move_to(self.trail.head()))
        self.add(self.trail, self.dot)
        self.exit = None if beyond is None else ExitTip(self, beyond, color, radius)
        if self.exit is not None:
            self.add(self.exit.update())

    def walk(self, k1: float, run_time: float):
        return self.trail.grow(k1, run_time)

    def appear(self):
        return FadeIn(self.dot)


class ExitTip(Triangle):
    """An arrowhead at the panel's edge where the way from ``walker``'s last point (on the
    edge) to the weights on its row of ``beyond`` leaves the panel, pointing that way (a
    runaway's bounce moves it to the other side), hidden until the walker reaches the edge."""

    def __init__(self, walker: WeightWalker, beyond: np.ndarray, color, radius: float):
        super().__init__(fill_color=color, fill_opacity=0, stroke_width=0)
        self.scale(1.6 * radius)
        self.shape = self.points - self.get_center()        # pointing up, about its centre
        self.walker, self.beyond, self.radius, self.row = walker, np.asarray(beyond), radius, None
        self.add_updater(lambda m: m.follow())

    def follow(self) -> ExitTip:
        edge, last = self.walker.scene_points[-1], len(self.walker.scene_points) - 1
        row = min(int(self.walker.index.get_value() + 1e-9), len(self.beyond) - 1)
        if row == self.row:
            return self
        self.row = row
        way = self.walker.panel.point(*self.beyond[row][:2]) - edge
        if row < last or not np.linalg.norm(way) > 0:
            return self.set_fill(opacity=0)
        way = way / np.linalg.norm(way)
        rot = rotation_about_z(np.arctan2(way[1], way[0]) - np.pi / 2)   # from pointing up
        # two and a half radii past the dot where the way leads straight out; weights beyond
        # another edge: just inside that edge (outside, it stood on the axis' numbers)
        across = self.across(edge, way)
        out = edge + way * (across - 2.5 * self.radius if across > 0 else 2.5 * self.radius)
        self.points = self.shape @ rot.T + out
        return self.set_fill(opacity=1)

    def across(self, edge: np.ndarray, way: np.ndarray) -> float:
        """How far from ``edge`` the ray along ``way`` leaves the panel's box (0: at once)."""
        axes = self.walker.panel.axes
        lo, hi = axes.c2p(axes.x_range[0], axes.y_range[0]), axes.c2p(axes.x_range[1],
                                                                        axes.y_range[1])
        far = [((hi[i] if way[i] > 0 else lo[i]) - edge[i]) / way[i] for i in (0, 1)
               if abs(way[i]) > 1e-12]
        return max(0.0, min(far))
