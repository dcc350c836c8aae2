"""Plots every lesson shares: axes with a log y axis, and a curve that grows with a tracker.

Both return mobjects and leave the playing to the scene. Where they put things is checked
without rendering (``tests/scenes/test_plots.py``).
"""

from __future__ import annotations

import numpy as np
from manim import LEFT, Axes, LogBase, MathTex, ValueTracker, VGroup, VMobject


class LogAxes(VGroup):
    """Axes whose y axis is manim's log scale (``NumberLine(scaling=LogBase())``), labelled
    ``10^k`` at every ``decades_per_tick``-th decade from ``10^low`` to ``10^high``.

    ``point(x, value)`` takes the value itself (an error, an rmse), not its log; values below
    ``10^low`` sit on the bottom of the axis, where the x axis is.

    Examples
    --------
    >>> ax = LogAxes((0, 30, 10), (-3, 3), width=6, height=3)
    >>> [t.tex_string for t in ax.labels]
    ['10^{-3}', '10^{-2}', '10^{-1}', '10^{0}', '10^{1}', '10^{2}', '10^{3}']
    >>> bool(np.allclose(ax.point(0, 1e-9), ax.point(0, 1e-3)))   # clipped to the floor
    True
    >>> round(float(ax.point(0, 10.0)[1] - ax.point(0, 1.0)[1]), 6)  # a decade is height / 6
    0.5
    """

    def __init__(self, x_range, decades: tuple[int, int], *, width: float, height: float,
                 decades_per_tick: int = 1, font_size: float = 22, label_size: float | None = None,
                 label_buff: float = 0.14, tick_marks: bool = True, x_axis_config=None, **kwargs):
        super().__init__(**kwargs)
        self.low, self.high = int(decades[0]), int(decades[1])
        self.axes = Axes(
            x_range=list(x_range), y_range=[self.low, self.high, decades_per_tick],
            x_length=width, y_length=height, tips=False,
            x_axis_config={"include_numbers": True, "font_size": font_size,
                           "numbers_to_exclude": [0], **(x_axis_config or {})},
            y_axis_config={"scaling": LogBase(custom_labels=False), "include_numbers": False,
                           "include_ticks": tick_marks})
        size = label_size or font_size + 2
        self.labels = VGroup(*[
            MathTex(f"10^{{{k}}}", font_size=size).next_to(self.point(0, 10.0 ** k), LEFT,
                                                          buff=label_buff)
            for k in range(self.low, self.high + 1, decades_per_tick)])
        self.add(self.axes, self.labels)

    def point(self, x: float, value: float) -> np.ndarray:
        """The scene point of ``(x, value)``; values below the axis's floor sit on it."""
        floor = 10.0 ** self.low
        value = float(value)
        return self.axes.c2p(x, value if value > floor else floor)


def polyline_prefix(points: np.ndarray, k: float, *, interpolate: bool = True) -> np.ndarray:
    """The first ``k`` segments of a polyline: its points up to index ``floor(k)``, and, with
    ``interpolate``, a last point the fraction of ``k`` along the next segment. Always at
    least two points, so manim has a curve to draw.

    >>> pts = np.array([[0., 0, 0], [1, 0, 0], [1, 1, 0]])
    >>> polyline_prefix(pts, 1.5).tolist()
    [[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [1.0, 0.5, 0.0]]
    >>> polyline_prefix(pts, 1.5, interpolate=False).tolist()
    [[0.0, 0.0, 0.0], [1.0, 0.0, 0.0]]
    >>> polyline_prefix(pts, 0).tolist()
    [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    """
    last = len(points) - 1
    k = float(np.clip(k, 0, last))
    whole = int(np.floor(k))
    shown = points[:whole + 1]
    if interpolate and whole < last and k > whole:
        frac = k - whole
        shown = np.vstack([shown, points[whole] * (1 - frac) + points[whole + 1] * frac])
    return shown if len(shown) >= 2 else np.vstack([shown, shown])


class TrackedCurve(VMobject):
    """A polyline through precomputed scene points that shows as much of itself as its
    tracker says: index ``k`` of the points (fractional, with ``interpolate``) is its end.

    Animate ``curve.tracker`` (e.g. ``curve.tracker.animate.set_value(n)``) to grow it.

    >>> curve = TrackedCurve(np.array([[0., 0, 0], [1, 0, 0], [2, 0, 0]]))
    >>> _ = curve.tracker.set_value(2)
    >>> curve.update().get_end().tolist()
    [2.0, 0.0, 0.0]
    """

    def __init__(self, points, tracker: ValueTracker | None = None, *, interpolate: bool = True,
                 **style):
        super().__init__(**style)
        self.scene_points = np.asarray(points, dtype=float)
        self.tracker = tracker if tracker is not None else ValueTracker(0.0)
        self.partial_segment = interpolate   # not .interpolate: VMobject.interpolate is a method
        self.add_updater(lambda m: m.set_points_as_corners(
            polyline_prefix(m.scene_points, m.tracker.get_value(), interpolate=m.partial_segment)))
        self.update()
