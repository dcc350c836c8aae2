"""Part 1 of ``momentum``, what its plot is read with: the main average's steady peak and
lag, its first hump and the settled m under it, and, for a β still settling at the window's
end, its first peak and the level it settles to.

Each label has the place it reads best in, which is where it stands at the lesson's defaults,
and others it takes when the curves run through that one at other settings (at three or five
periods the average climbs through "steady peak", and sin through "settles at"):
:func:`scenes.kit.clearance.first_clear`, tried in order.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, DR, LEFT, PI, RIGHT, UP, DashedLine, DashedVMobject, DoubleArrow, \
    MathTex, VGroup, VMobject

from scenes.kit.clearance import LABEL_GAP, first_clear, room
from scenes.kit.format import counted, ordinal
from scenes.kit.style import BODY_SIZE, TEXT
from scenes.momentum.plots import AVERAGE

TOP_CLEAR = 0.15     # above the plot's curves (sin's peaks are at 1): the last place to go


def series_lines(axes, x, *series) -> list[np.ndarray]:
    """Each series of values over ``x`` as a polyline in scene coordinates."""
    return [np.array([axes.c2p(float(a), float(v)) for a, v in zip(x, values)])
            for values in series]


def reading(c, axes, x, lines) -> VGroup:
    """The peak read off: the average's (a dashed level and its value) and its lag behind
    sin's (an arrow and the samples), after sin's last peak it can be read after (the last
    cycle's, or the one before where sin peaks on the last sample); its first hump."""
    peak_line = DashedLine(axes.c2p(float(x[c.sin_peak_index]) - 1.0, c.peak),
                           axes.c2p(float(x[-1]), c.peak), color=AVERAGE, stroke_width=2)
    lag = DoubleArrow(axes.c2p(float(x[c.sin_peak_index]), 1.12),
                      axes.c2p(float(x[c.peak_index]), 1.12), buff=0, stroke_width=3, color=TEXT,
                      tip_length=0.15, max_tip_length_to_length_ratio=0.4)
    lag_text = MathTex(rf"\text{{lags {counted(c.lag, 'sample')}}}", font_size=BODY_SIZE).next_to(
        lag, UP, buff=0.08)
    name = "steady peak" if c.settled else f"{ordinal(c.peak_number)} peak"   # β = 0.98: 2nd
    peak_text = first_clear(
        MathTex(rf"\text{{{name} }} {c.peak:.2f}", font_size=BODY_SIZE, color=AVERAGE),
        [lambda m, side=side, edge=edge: m.next_to(peak_line, side, buff=0.1).align_to(
            peak_line, edge) for edge in (RIGHT, LEFT) for side in (DOWN, UP)],
        lines, keep_off=(lag, lag_text))
    if room(peak_text, lines, (lag, lag_text)) < LABEL_GAP:
        # past the plot's end, in two lines (in one it runs off the frame): the reading's side
        # is empty until the sweep names its curves there; built only here, so the defaults
        # ask LaTeX for nothing more
        two = VGroup(*(MathTex(t, font_size=BODY_SIZE, color=AVERAGE) for t in (
            rf"\text{{{name}}}", f"{c.peak:.2f}"))).arrange(DOWN, aligned_edge=LEFT, buff=0.08)
        two.next_to(peak_line, RIGHT, buff=0.15)
        if room(two, lines, (lag, lag_text)) > room(peak_text, lines, (lag, lag_text)):
            peak_text = two
    hump = axes.c2p(float(x[c.first_peak_index]), c.first_peak)
    hump_text = MathTex(rf"\text{{first hump }} {c.first_peak:.2f}"
                        + (r"\text{: the start-up}" if c.start_up_shows else ""),
                        font_size=BODY_SIZE, color=AVERAGE).move_to(
        axes.c2p(float(x[c.first_peak_index]), 1.6)).align_to(axes.c2p(0, 0), LEFT)
    pointer = DashedLine(hump_text.get_bottom() + 0.05 * DOWN, hump + 0.1 * UP,
                         color=AVERAGE, stroke_width=2)
    return VGroup(peak_line, peak_text, lag, lag_text, hump_text, pointer)


def settled_m(c, axes, lines, keep_off) -> VGroup:
    """Over the first cycle, faint and dashed, where a settled m would be: below m_0 = 0 at the
    start, then under the first hump (review r10: the caption pointed at nothing on screen).
    Its name stands right of its start, lower where the curves cross there."""
    xs, ms = c.settled_start.T
    points = [axes.c2p(float(x), float(m)) for x, m in zip(xs, ms)]
    curve = DashedVMobject(VMobject().set_points_as_corners(points), num_dashes=28)
    curve.set_stroke(AVERAGE, width=2.5, opacity=0.7)
    label = first_clear(
        MathTex(r"\text{settled } m", font_size=BODY_SIZE, color=AVERAGE),
        [lambda m, k=k: m.next_to(points[2], DR, buff=0.1).shift(0.15 * k * DOWN)
         for k in range(6)],
        [*lines, np.array(points)], keep_off=keep_off)
    return VGroup(curve, label)


def settling(n, axes, colours, lines, keep_off) -> VGroup | None:
    """Where the largest β's average settles, when the window ends before it does: a white
    dashed level (a guide, no hue) from its peak read to the end, named in its colour
    (review r8: the legend's peak 0.19 read as settled; it is on its way to 0.16)."""
    slow = max(range(len(n.sweep)), key=lambda i: n.sweep[i].beta)
    c, x = n.sweep[slow], n.sin_x
    if c.settled:
        return None
    level = DashedLine(axes.c2p(float(x[c.peak_index]), c.settled_peak),
                       axes.c2p(float(x[-1]), c.settled_peak), color=TEXT, stroke_width=2)
    over = axes.c2p(float(x[-1]), 1.0)[1] + TOP_CLEAR   # over every curve (sin's peak is 1)
    label = first_clear(
        MathTex(rf"\text{{settles at }} {c.settled_peak:.2f}", font_size=BODY_SIZE,
                color=colours[slow]),
        [*(lambda m, side=side, edge=edge: m.next_to(level, side, buff=0.1).align_to(
            level, edge) for edge in (RIGHT, LEFT) for side in (UP, DOWN)),
         lambda m: m.align_to(level, RIGHT).set_y(over + m.height / 2)], lines, keep_off=keep_off)
    # from over the curves, a dashed pointer down to the level's end (none beside it)
    pointer = DashedLine(label.get_corner(DOWN + RIGHT) + 0.05 * DOWN, level.get_end() + 0.08 * UP,
                         color=colours[slow], stroke_width=2) \
        if label.get_bottom()[1] >= over - 1e-9 else VMobject()
    keep_off = [*keep_off, label]
    return VGroup(level, label, *_slow_hump(c, axes, x, colours[slow], lines, keep_off), pointer)


def _slow_hump(c, axes, x, colour, lines, keep_off) -> tuple:
    """The unsettled β's first peak (the start-up hump), named where it stands: it rises above
    the legend's later peak. The label up in the gap the other averages leave after their
    first peaks (past π, above 0.5, where sin x is already negative), a dashed pointer to the
    hump; over the curves, stepping right, where more periods leave no gap."""
    hump = axes.c2p(float(x[c.first_peak_index]), c.first_peak)
    text = MathTex(rf"\text{{1st peak }} {c.first_peak:.2f}", font_size=BODY_SIZE, color=colour)
    # from 1.35π: nearer, it sat on β = 0.9's falling first peak (480p check)
    spots = [lambda m, y=y, dx=dx: m.next_to(axes.c2p(1.35 * PI, y), RIGHT, buff=0).shift(
        dx * RIGHT) for y in (0.75, 1.0 + TOP_CLEAR + 0.1) for dx in (0.0, 0.5, 1.0, 1.5)]
    first_clear(text, spots, lines, keep_off=keep_off)
    pointer = DashedLine(text.get_corner(DOWN + LEFT) + 0.05 * DOWN + 0.1 * RIGHT,
                         hump + 0.08 * UP, color=colour, stroke_width=2)
    return text, pointer


def legend_peak(s) -> str:
    """A β's peak as the legend names it: "peak" once settled; else which of its peaks it is
    ("peak 0.19 so far" contradicted its higher first hump, review r10)."""
    return r"\text{peak }" if s.settled else rf"\text{{{ordinal(s.peak_number)} peak }}"
