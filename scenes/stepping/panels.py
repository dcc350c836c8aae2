"""The pieces of the ``stepping`` lesson: the data panel, the step readout, one row's formulas,
the sheet's strip and the epoch log. The derivative and valley pieces are in
:mod:`scenes.stepping.derivative`.

Each builder takes the core's numbers (:mod:`sgdanim.lessons.stepping`) and returns placed
mobjects; the scene in ``scenes/stepping/scene.py`` plays them. Where things sit can so be checked
without rendering, e.g. ``Strip(rows).rows[k][i]`` holds row k's value of ``STRIP_FIELDS[i]``.
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, PI, RIGHT, UP, Axes, DecimalNumber, Dot, Line, MathTex,
                   NumberLine, Text, VGroup)

from sgdanim.lessons.stepping import short

from scenes.kit.scene import ACCENT, DATA, MODEL, WEIGHT, FastDecimal, FastInteger

PANEL_W, PANEL_H = 5.0, 2.55
DATA_CENTER = np.array([-3.55, 1.45, 0.0])
LAND_CENTER = np.array([3.65, 1.45, 0.0])
WORK_TOP = -0.55           # the work area (formulas, strip, logs) lies below this
WORK_WIDTH = 13.4          # widest a line of the work area may be
LINES_TOP = -0.3           # a row's formulas stay below the panels' tick numbers
STRIP_COLS = ("x", "y", "a", "b", r"\hat y", r"\text{err}^2", r"\partial e/\partial b",
              r"\partial e/\partial a", r"\text{new } a", r"\text{new } b")
STRIP_FIELDS = ("x", "y", "a", "b", "pred", "loss", "grad_b", "grad_a", "new_a", "new_b")
STRIP_COL_W = 1.32
STRIP_ROW_H = 0.36
FONT = 26                  # formulas in the work area
SMALL = 20
TICKS = 18                 # axis numbers


def decimals(value: float, digits: int = 6) -> int:
    """Decimal places that show ``value`` as :func:`~sgdanim.lessons.stepping.short` does.

    >>> decimals(1.1204), decimals(-17997.564), decimals(1849.0)
    (4, 1, 0)
    """
    text = short(value, digits)
    return len(text.partition(".")[2])


def paren(value: float) -> str:
    """``value`` for a product in LaTeX: negatives in parentheses.

    >>> paren(14.0), paren(-3.5)
    ('14', '(-3.5)')
    """
    text = short(value)
    return f"({text})" if text.startswith("-") else text


def plus(value: float) -> str:
    """``+ value`` in a sum, as ``- |value|`` when negative (never ``+ -``).

    >>> plus(1.5), plus(-13.5626)
    ('+ 1.5', '- 13.5626')
    """
    text = short(value)
    return f"- {text[1:]}" if text.startswith("-") else f"+ {text}"


def tick_decimals(step: float) -> int:
    """Decimal places an axis with tick ``step`` needs (none for whole steps).

    >>> tick_decimals(10.0), tick_decimals(0.5), tick_decimals(0.25)
    (0, 1, 2)
    """
    return decimals(step, 3)


def number(value: float, font_size=SMALL, digits: int = 6, **kwargs) -> DecimalNumber:
    """``value`` as a DecimalNumber showing the figures :func:`short` shows."""
    return FastDecimal(value, num_decimal_places=decimals(value, digits), font_size=font_size,
                        group_with_commas=False, **kwargs)


def line_in_box(a: float, b: float, x_range, y_range):
    """The part of y = a·x + b inside the plot box, as two (x, y) ends, or None.

    >>> line_in_box(2.0, 0.0, (0, 10, 1), (0, 10, 1))
    ((0.0, 0.0), (5.0, 10.0))
    >>> line_in_box(0.0, 20.0, (0, 10, 1), (0, 10, 1)) is None
    True
    """
    x0, x1 = x_range[0], x_range[1]
    y0, y1 = y_range[0], y_range[1]
    lo, hi = x0, x1
    if a != 0:
        ends = sorted(((y0 - b) / a, (y1 - b) / a))
        lo, hi = max(lo, ends[0]), min(hi, ends[1])
    elif not y0 <= b <= y1:
        return None
    if not (np.isfinite(lo) and np.isfinite(hi)) or hi <= lo:
        return None
    return (float(lo), float(a * lo + b)), (float(hi), float(a * hi + b))


def path_in_box(path: np.ndarray, a_range, b_range) -> np.ndarray:
    """The rows of ``path`` up to the first that leaves the panel's box, then the point where
    that step crosses the box's edge (on the real segment), so a runaway is drawn to the edge
    of the panel and not across the frame.

    >>> path_in_box(np.array([[1.0, 1.0], [2.0, 1.0], [9.0, 1.0], [3.0, 1.0]]), (0, 4, 1), (0, 2, 1)).tolist()
    [[1.0, 1.0], [2.0, 1.0], [4.0, 1.0]]
    """
    lo = np.array([a_range[0], b_range[0]], dtype=float)
    hi = np.array([a_range[1], b_range[1]], dtype=float)
    inside = np.all((path >= lo) & (path <= hi), axis=1)
    if inside.all() or not inside[0]:
        return np.asarray(path, dtype=float)
    m = int(np.argmin(inside))
    p, q = path[m - 1], path[m]
    # Largest fraction of the step p -> q that stays within every bound.
    t = min(((hi[i] if q[i] > hi[i] else lo[i]) - p[i]) / (q[i] - p[i])
            for i in range(2) if not lo[i] <= q[i] <= hi[i])
    return np.vstack([path[:m], p + t * (q - p)])


def edge_axes(axes: Axes, x_range, y_range, labels: VGroup | None = None) -> VGroup:
    """Redraw ``axes`` along the left and bottom edges of its box, with whole tick numbers.

    manim crosses the axes at 0, which puts the a-axis right under a path that starts at b = 1
    and the e-axis through the middle of the error curve. The real axes stay (``c2p`` reads
    them) but turn invisible; the edge lines are added to ``axes`` beside them.
    ``labels`` (the axis names) are moved to the new lines' ends.
    """
    corner = axes.c2p(x_range[0], y_range[0])
    bottom = NumberLine(x_range, length=axes.x_length, include_numbers=True, font_size=TICKS,
                        decimal_number_config={"num_decimal_places": tick_decimals(x_range[2]),
                                               "group_with_commas": False})
    left = NumberLine(y_range, length=axes.y_length, include_numbers=True, font_size=TICKS,
                      rotation=PI / 2, label_direction=LEFT,
                      decimal_number_config={"num_decimal_places": tick_decimals(y_range[2]),
                                             "group_with_commas": False})
    bottom.shift(corner - bottom.n2p(x_range[0]))
    left.shift(corner - left.n2p(y_range[0]))
    # Hidden, not removed: ``c2p`` reads them, so they must keep moving with the panel.
    axes.x_axis.set_opacity(0)
    axes.y_axis.set_opacity(0)
    axes.add(bottom, left)
    if labels is not None:
        labels[0].next_to(bottom, RIGHT, buff=0.12)
        labels[1].next_to(left, UP, buff=0.08)
    return VGroup(bottom, left)


class DataPanel(VGroup):
    """The data points and the model's line y = a·x + b, following a weight walker."""

    def __init__(self, numbers, **kwargs):
        super().__init__(**kwargs)
        n = numbers
        self.x_range, self.y_range = n.x_range, n.y_range
        self.axes = Axes(x_range=n.x_range, y_range=n.y_range, x_length=PANEL_W,
                         y_length=PANEL_H, tips=False,
                         axis_config={"include_numbers": True, "font_size": TICKS})
        self.labels = VGroup(MathTex("x", font_size=26), MathTex("y", font_size=26))
        edge_axes(self.axes, n.x_range, n.y_range, self.labels)
        self.dots = VGroup(*[Dot(self.axes.c2p(x, y), radius=0.045, color=DATA)
                             for x, y in zip(n.x, n.y)])
        # The line moves every frame; it stays out of this static group so manim can cache the rest.
        self.line = Line(self.axes.c2p(0, 0), self.axes.c2p(1, 1), color=MODEL, stroke_width=4)
        self.add(self.axes, self.labels, self.dots)

    def set_line(self, a: float, b: float):
        ends = line_in_box(a, b, self.x_range, self.y_range)
        if ends is None:
            self.line.set_opacity(0)
        else:
            self.line.set_opacity(1).put_start_and_end_on(self.axes.c2p(*ends[0]),
                                                           self.axes.c2p(*ends[1]))
        return self.line

    def follow(self, walker, path: np.ndarray) -> None:
        """Move the line with ``walker``'s index (between rows, the weights are blended)."""
        def update(line):
            k = walker.index.get_value()
            i = int(np.clip(np.floor(k), 0, len(path) - 1))
            j = min(i + 1, len(path) - 1)
            f = k - i
            a, b = path[i] * (1 - f) + path[j] * f
            self.set_line(a, b)
        self.line.add_updater(update)


class Readout(VGroup):
    """``after step k  a = …  b = …`` at the walker's last whole step (real weights, never a
    blend). Its numbers are DecimalNumbers set only when the step changes."""

    def __init__(self, walker, path, **kwargs):
        super().__init__(**kwargs)
        size = SMALL + 2
        self.step_label = MathTex(r"\text{after step}", font_size=size)
        self.step = FastInteger(0, font_size=size)
        self.a_label = MathTex("a =", font_size=size, color=WEIGHT)
        self.a = FastDecimal(path[0, 0], 4, font_size=size, group_with_commas=False)
        self.b_label = MathTex("b =", font_size=size, color=WEIGHT)
        self.b = FastDecimal(path[0, 1], 4, font_size=size, group_with_commas=False)
        self.add(self.step_label, self.step, self.a_label, self.a, self.b_label, self.b)
        self.arrange(RIGHT, buff=0.12)
        # Room for the widest number each will show (a runaway's weights grow many digits),
        # so a never runs into "b =" and b stays in the frame.
        size_kw = dict(font_size=size, group_with_commas=False)
        room = [FastInteger(len(path) - 1, font_size=size).width - self.step.width]
        for col, number in ((0, self.a), (1, self.b)):
            widest = max(path[:, col], key=lambda v: len(f"{v:.4f}"))
            room.append(max(FastDecimal(widest, 4, **size_kw).width - number.width, 0.0))
        VGroup(self.a_label, self.a).shift(RIGHT * (0.15 + room[0]))
        VGroup(self.b_label, self.b).shift(RIGHT * (0.3 + room[0] + room[1]))
        self.room = Dot(self.b.get_right() + RIGHT * room[2], radius=0.01).set_opacity(0)
        self.add(self.room)
        shown = {"k": 0}

        def update(group):
            k = int(np.clip(np.floor(walker.index.get_value() + 1e-6), 0, len(path) - 1))
            if k != shown["k"]:
                shown["k"] = k
                self.step.set_value(k)
                self.a.set_value(path[k, 0])
                self.b.set_value(path[k, 1])
        self.add_updater(update)


def row_lines(row, lr: float) -> VGroup:
    """The four lines of one row: forward pass, derivatives, a's update, b's update.

    Parameters
    ----------
    row
        A :class:`~sgdanim.lessons.stepping.Row` from the core; every number is filled in
        from it, as :func:`short` writes it.
    lr
        The learning rate shown in the updates.

    Returns
    -------
    VGroup
        The lines, left-aligned, at most ``WORK_WIDTH`` wide. ``.results`` maps the strip's
        made columns (``pred``, ``loss``, ``grad_b``, ...) to the MathTex parts showing them.
    """
    s = short
    err = s(row.err)
    line1 = MathTex(r"x = " + s(row.x) + r",\ y = " + s(row.y), r"\quad \hat y = ax+b = ",
                    s(row.a) + r"\cdot" + paren(row.x) + plus(row.b) + " = ", s(row.pred),
                    r"\quad \text{err} = \hat y - y = ", err,
                    r"\quad e = \text{err}^2 = ", s(row.loss), font_size=FONT)
    line2 = MathTex(r"\partial e/\partial b = 2(ax+b-y) = 2\cdot(" + err + ") = ",
                    s(row.grad_b),
                    r"\quad \partial e/\partial a = x\cdot 2(ax+b-y) = "
                    + paren(row.x) + r"\cdot(" + s(row.grad_b) + ") = ", s(row.grad_a),
                    font_size=FONT)
    line3 = MathTex(r"a \leftarrow a - lr\cdot\partial e/\partial a = " + s(row.a)
                    + "-" + s(lr) + r"\cdot(" + s(row.grad_a) + ") = ", s(row.new_a),
                    font_size=FONT)
    line4 = MathTex(r"b \leftarrow b - lr\cdot\partial e/\partial b = " + s(row.b)
                    + "-" + s(lr) + r"\cdot(" + s(row.grad_b) + ") = ", s(row.new_b),
                    font_size=FONT)
    for line, parts in ((line1, (3, 5, 7)), (line2, (1, 3)), (line3, (1,)), (line4, (1,))):
        for i in parts:
            line[i].set_color(ACCENT)
    group = VGroup(line1, line2, line3, line4).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
    if group.width > WORK_WIDTH:
        group.scale_to_fit_width(WORK_WIDTH)
    group.results = {"pred": line1[3], "loss": line1[7], "grad_b": line2[1], "grad_a": line2[3],
                     "new_a": line3[1], "new_b": line4[1]}
    return group


def place_row_lines(lines: VGroup, strip: "Strip", top: float = LINES_TOP) -> VGroup:
    """Centre a row's lines just above the strip's header, shrunk if their top would pass
    ``top`` (the panels' tick numbers end there)."""
    lines.next_to(strip.header, UP, buff=0.3).set_x(0)
    if lines.get_top()[1] > top:
        lines.scale_to_fit_height(top - (strip.header.get_top()[1] + 0.3))
        lines.next_to(strip.header, UP, buff=0.3).set_x(0)
    return lines


class Strip(VGroup):
    """The sheet's columns at the foot of the frame, one row per detailed step; cells are made
    now and shown row by row.

    ``rows[k][i]`` is a DecimalNumber holding ``getattr(numbers.rows[k], STRIP_FIELDS[i])``.
    """

    def __init__(self, rows, **kwargs):
        super().__init__(**kwargs)
        self.header = VGroup(*[MathTex(c, font_size=SMALL + 2, color=ACCENT) for c in STRIP_COLS])
        for i, cell in enumerate(self.header):
            cell.move_to(RIGHT * (i - (len(STRIP_COLS) - 1) / 2) * STRIP_COL_W)
        self.rule = Line(LEFT * STRIP_COL_W * 5, RIGHT * STRIP_COL_W * 5, stroke_width=1.5,
                         color=DATA).next_to(self.header, DOWN, buff=0.08)
        self.rows = []
        for r_i, row in enumerate(rows):
            cells = VGroup()
            for c_i, field in enumerate(STRIP_FIELDS):
                cell = number(getattr(row, field), SMALL)
                cell.move_to(self.header[c_i].get_center()
                             + DOWN * (STRIP_ROW_H * (r_i + 1) + 0.06))
                cells.add(cell)
            self.rows.append(cells)
        self.add(self.header, self.rule, *self.rows)
        self.to_edge(DOWN, buff=0.3)


class EpochLog(VGroup):
    """The error per complete epoch, like the sheet's "Paste error here" column: the true RMSE
    and the sheet's own cell, √Σerr². ``rows[e]`` = (epoch, rmse, √Σerr²) DecimalNumbers."""

    COLS = (-6.2, -4.6, -2.5)

    def __init__(self, numbers, **kwargs):
        super().__init__(**kwargs)
        n = numbers
        complete = len(n.epoch_rmse)
        row_h = min(0.38, 2.9 / (complete + 1))
        self.header = VGroup(MathTex(r"\text{epoch}", font_size=SMALL),
                             MathTex(r"\text{RMSE}", font_size=SMALL),
                             MathTex(r"\sqrt{\Sigma\,\text{err}^2}", font_size=SMALL))
        for cell, x in zip(self.header, self.COLS):
            cell.move_to([x, WORK_TOP - 0.3, 0])
        note = Text("(the sheet's \"rmse\" cell)", font_size=14, color=DATA)
        self.header.add(note.next_to(self.header[2], DOWN, buff=0.05))
        self.rows = []
        for e in range(complete):
            cells = VGroup(FastInteger(e + 1, font_size=SMALL), number(n.epoch_rmse[e], SMALL),
                           number(n.epoch_sheet_error[e], SMALL))
            for cell, x in zip(cells, self.COLS):
                cell.move_to([x, WORK_TOP - 0.75 - row_h * e, 0])
            self.rows.append(cells)
        self.add(self.header, *self.rows)

    def shown(self, count: int) -> VGroup:
        """The header and the first ``count`` rows (what is on screen after ``count`` epochs)."""
        return VGroup(self.header, *self.rows[:count])
