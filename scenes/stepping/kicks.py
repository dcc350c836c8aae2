"""The crawl's inset, in the data panel's place once the fit is done: the distance across the
valley row by row, where every row's own slope kicks it.

The crawl's log plot sees across once per epoch, at a small share of along. Row by row it
swings: the first epochs (solid) kick it far off zero, the last ones (dashed), with along
about as many times smaller, barely. Every number is the core's
(:mod:`sgdanim.core.kicks`, through :mod:`sgdanim.lessons.stepping`).
"""

from __future__ import annotations

import numpy as np
from manim import (LEFT, RIGHT, UP, Axes, DashedVMobject, Dot, Line, MathTex,
                   SurroundingRectangle, VGroup, VMobject)

from scenes.kit.format import figures_tex
from scenes.kit.scene import inside_frame
from scenes.kit.style import DIM, GRAD, LABEL_SIZE, MIN_FONT_SIZE, TEXT
from scenes.stepping.stage import DATA_CENTER, LAND_CENTER, PANEL_H, PANEL_W, TICKS, edge_axes

TAG_INSET = 0.35           # the tags' left edge, in from the y axis
MIN_INSET = 0.1            # ... where the table is too wide for that
TAG_GAP = 0.3              # between the tags' columns
MIN_TAG_GAP = 0.21         # ... where the table is too wide for that (the columns' test: 0.2)
# The table's right edge at most here, 0.3 short of the landscape's widest b number ("−10"; the
# default table ends 0.4 short of this). A long crawl (target_rmse 0.001: "5026–5028",
# 1.479×10⁻³) made the table 0.9 wider, onto the b axis's "40".
TABLE_RIGHT = LAND_CENTER[0] - PANEL_W / 2 - 0.8
TAG_ROW = 0.36             # between their rows
HEAD_GAP = 0.12            # between the head's foot and the first row (r8: they touched)
NOTE_GAP = 0.45            # the shares' note from the axis name on its left (review r9)
LABEL_MARGIN = 0.35        # the axis name's room from the frame's left edge (as the title's)
# the swing column's head says what it is, on one line: "swing" over "(max − min)" left the
# table no room between its head, its rows and the trace (review r8); the share's head
# divides it by along, as the table reads left to right
SWING_HEAD = r"\text{max} - \text{min}"
SHARE_HEAD = r"\div\ \text{along}"
LATE_WIDTH = 5             # the last epochs' trace, thicker than the first's: it runs along
                           # the zero line and is drawn over it


def window_name(window) -> str:
    """``1–3`` (LaTeX text) for a window of the core's kicks: its epochs, under the table's
    ``epochs``."""
    last = window.first + window.epochs - 1
    return r"\text{%d%s}" % (window.first, r"--%d" % last if last > window.first else "")


def _lay_out_tags(head, tags, corner, gap=TAG_GAP) -> None:
    """A small table from ``corner`` (its upper left) down, one column per ``head`` name, ``gap``
    apart: each window's swatch and epochs (the name over the epochs), its along, swing and
    swing/along (centred under their names)."""
    left = corner[0]
    for i in range(len(head)):
        col = [t[i] for t in tags] + [head[i]]
        width = max(c.width for c in col)
        for cell in col[:-1]:
            if i:
                cell.set_x(left + width / 2)
            else:
                cell.align_to([left, 0, 0], LEFT)
        if i:
            head[i].set_x(left + width / 2)
        else:           # over the epochs, right of the swatches: it may reach past them
            head[i].align_to(tags[0][0][1], LEFT)
            width = max(width, head[i].get_right()[0] - left)
        left += width + gap
    head.set_y(corner[1] - head.height / 2)
    # The first row's top HEAD_GAP under the head's foot, the next ones TAG_ROW apart.
    y = head.get_bottom()[1] - HEAD_GAP - max(t.height for t in tags) / 2 + TAG_ROW
    for tag in tags:
        y -= TAG_ROW
        for cell in tag:
            cell.set_y(y)


def _fit_width(head, tags, corner) -> None:
    """Lay the table out from ``corner``; where it would reach past :data:`TABLE_RIGHT`, with
    its columns closer, down to :data:`MIN_TAG_GAP`."""
    _lay_out_tags(head, tags, corner)
    over = VGroup(head, tags).get_right()[0] - TABLE_RIGHT
    if over > 0:
        _lay_out_tags(head, tags, corner, max(MIN_TAG_GAP, TAG_GAP - over / (len(head) - 1)))


def _clear_of(table, corners, axes, k) -> None:
    """Move ``table`` to the first corner of the axes' box (upper left, in from the axis,
    upper right, lower right, lower left) where no curve runs through it. None reaches past
    :data:`TABLE_RIGHT`: a table too wide for its place moves left, down to
    :data:`MIN_INSET` from the axis."""
    lo, hi = axes.c2p(k.x_range[0], k.y_range[0]), axes.c2p(k.x_range[1], k.y_range[1])
    dense = np.concatenate([np.linspace(p, q, 12) for c in corners for p, q in zip(c, c[1:])])
    w, h = table.width, table.height
    lefts = [max(lo[0] + MIN_INSET, min(x, TABLE_RIGHT - w)) for x in (lo[0] + TAG_INSET,
                                                                        hi[0] - w)]
    spots = ((lefts[0], hi[1]), (lefts[1], hi[1]), (lefts[1], lo[1] + h),
             (lefts[0], lo[1] + h))     # (left, top) of each
    for left, top in spots:
        table.shift([left - table.get_left()[0], top - table.get_top()[1], 0])
        inside = ((dense[:, 0] > left) & (dense[:, 0] < left + w) & (dense[:, 1] < top)
                  & (dense[:, 1] > top - h))
        if not inside.any():
            return
    table.shift([spots[0][0] - table.get_left()[0], spots[0][1] - table.get_top()[1], 0])


class KickInset(VGroup):
    """Across per row on a linear axis, signed, around a faint zero line: ``curves[i]`` is the
    core's ``windows[i]`` (solid, then thick dashes) through ``corners[i]``, ``ends`` the first
    window's epoch ends (what the log plot shows, unsigned), ``tags[i]`` the window's epochs, its
    along, its swing and the swing in % of along."""

    def __init__(self, numbers, **kwargs):
        super().__init__(**kwargs)
        k = numbers.crawl_kicks
        self.axes = Axes(x_range=k.x_range, y_range=k.y_range, x_length=PANEL_W,
                         y_length=PANEL_H, tips=False,
                         axis_config={"include_numbers": True, "font_size": TICKS})
        self.axes.move_to(DATA_CENTER)
        self.labels = VGroup(MathTex(r"\text{row}", font_size=LABEL_SIZE),
                             MathTex(r"\text{distance across}", font_size=LABEL_SIZE, color=GRAD))
        edge_axes(self.axes, k.x_range, k.y_range, self.labels)
        inside_frame(self.labels[1], LABEL_MARGIN)     # centred on its axis, it met the edge
        c2p = self.axes.c2p
        # Faint and thin: the last epochs' trace runs along it and must show over it.
        self.zero = Line(c2p(k.x_range[0], 0), c2p(k.x_range[1], 0), color=DIM, stroke_width=1,
                         stroke_opacity=0.6)
        self.curves, self.corners, self.tags = [], [], VGroup()
        for i, window in enumerate(k.windows):
            corners = np.array([c2p(r, v) for r, v in enumerate(window.across)])
            self.corners.append(corners)
            curve = VMobject().set_points_as_corners(corners)
            curve.set_stroke(GRAD, width=3)
            swatch = Line(LEFT * 0.2, RIGHT * 0.2, stroke_width=3, color=GRAD)
            if i:       # long dashes, thick, on top (the scene draws it after the zero line)
                curve = DashedVMobject(curve, num_dashes=30, dashed_ratio=0.6).set_stroke(
                    GRAD, width=LATE_WIDTH)
                swatch = DashedVMobject(swatch.set_stroke(width=LATE_WIDTH), num_dashes=2)
            self.curves.append(curve)
            self.tags.add(VGroup(VGroup(swatch, MathTex(window_name(window),
                                                        font_size=MIN_FONT_SIZE)
                                        ).arrange(RIGHT, buff=0.12),
                                 *[MathTex(figures_tex(v, digits), font_size=MIN_FONT_SIZE)
                                   for v, digits in ((window.along, 4), (window.swing, 3))],
                                 # in %, named by its column: not the log plot's share of
                                 # across at epoch ends (the one rule: 1.2×10⁵% at lr 5e-4)
                                 MathTex(r"%s\%%" % figures_tex(window.share, 2),
                                         font_size=MIN_FONT_SIZE)))
        # The swing's column says what it is (review r7): the trace's max − min in the window.
        self.head = VGroup(*[MathTex(t, font_size=MIN_FONT_SIZE, color=DIM) for t in (
            r"\text{epochs}", r"\text{along}", SWING_HEAD, SHARE_HEAD)])
        _fit_width(self.head, self.tags, c2p(k.x_range[0], k.y_range[1]) + RIGHT * TAG_INSET)
        _clear_of(VGroup(self.head, self.tags), self.corners, self.axes, k)
        first = k.windows[0]
        n = k.rows_per_epoch
        self.ends = VGroup(*[Dot(c2p(n * e, first.across[n * e]), radius=0.055, color=GRAD)
                             for e in range(1, first.epochs + 1)])
        self.frame = VGroup(self.axes, self.labels, self.zero)
        self.add(self.frame, *self.curves, self.ends, self.head, self.tags)
        self.same = same_share(self.tags, self.head, self.labels[1])


def same_share(tags, head, name) -> VGroup | None:
    """The windows' swing/along cells boxed together, and above the table what their match
    says: the kicks shrink in step with along. Its right end over the box's, unless that
    puts it on the axis ``name`` beside it. None unless there are two windows and their
    cells read the same (the claim is about the digits on screen)."""
    cells = [tag[-1] for tag in tags]
    if len(cells) < 2 or len({c.tex_string for c in cells}) > 1:
        return None
    box = SurroundingRectangle(VGroup(*cells), color=TEXT, buff=0.06, stroke_width=2,
                               corner_radius=0.06)
    # Short, so it stands clear of the axis name on its left (review r9: they nearly touched).
    note = MathTex(r"\text{same }%s\text{: kicks shrink with along}"
                   % cells[0].tex_string, font_size=MIN_FONT_SIZE)
    note.next_to(head, UP, buff=0.2).align_to(box, RIGHT)
    note.shift(RIGHT * max(0.0, name.get_right()[0] + NOTE_GAP - note.get_left()[0]))
    return VGroup(box, note)
