"""Part ``derivative`` of the ``stepping`` lesson: the derivative shown twice, for the row after
the detailed ones. First the row's error as a function of b with its tangent, then the sheet's
way, the finite difference: a nudge of h against the analytic value, and their gap.

The builders take the core's :class:`~sgdanim.lessons.stepping.FiniteDifference` and return
placed mobjects, so their layout is tested without rendering.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Axes, Create, Dot, FadeIn, FadeOut, Line, MathTex, VGroup,
                   VMobject, Write)

from scenes.kit.format import decimals, setting_tex, setting_text, short
from scenes.kit.numbers import FastDecimal
from scenes.kit.part import Part
from scenes.kit.style import (ACCENT, BODY_SIZE, GRAD, LABEL_SIZE, MODEL, WEIGHT,
                              WEIGHT_COLOURS)
from scenes.stepping.stage import (DATA_CENTER, FONT, PANEL_H, PANEL_W, SMALL, TICKS, WORK_TOP,
                                   WORK_WIDTH, edge_axes, paren, plus)

COLUMN_GAP = 0.45          # between the table's columns
ROW_GAP = 0.66             # between its rows


def error_curve_panel(fd, center) -> VGroup:
    """The error of one row as a function of b (a held fixed) and its tangent at the row's b.

    Parameters
    ----------
    fd
        The core's :class:`~sgdanim.lessons.stepping.FiniteDifference`: its ``b_range`` and
        ``e_range`` are the axes, ``curve`` and ``tangent`` what is drawn on them.
    center
        Where the axes go.

    Returns
    -------
    VGroup
        With ``.axes``, ``.labels``, ``.row_tag`` (``row 4: x = 51, y = 132``, in the upper
        corner the parabola leaves free), ``.curve``, ``.dot``, ``.tangent``, and ``.formula`` and
        ``.slope_text`` stacked in the upper corner the parabola leaves free.
    """
    b_range, e_range = fd.b_range, fd.e_range
    axes = Axes(x_range=b_range, y_range=e_range, x_length=PANEL_W, y_length=PANEL_H, tips=False,
                axis_config={"include_numbers": True, "font_size": TICKS})
    axes.move_to(center)
    labels = VGroup(MathTex("b", font_size=LABEL_SIZE, color=WEIGHT_COLOURS["b"]),
                    MathTex(r"\text{err}^2", font_size=LABEL_SIZE))
    edge_axes(axes, b_range, e_range, labels)
    # Right of the axis top, not over it: over it, the name touches the part's header.
    top = axes.c2p(b_range[0], e_range[1])
    labels[1].next_to(top, RIGHT, buff=0.15).align_to(top, UP)
    curve = VMobject(color=MODEL, stroke_width=3)
    curve.set_points_smoothly([axes.c2p(b, e) for b, e in fd.curve])
    tag = row_tag(fd, axes, labels[1])
    dot = Dot(axes.c2p(fd.b, fd.loss), radius=0.07, color=WEIGHT)
    tangent = Line(axes.c2p(*fd.tangent[0]), axes.c2p(*fd.tangent[1]), color=GRAD, stroke_width=4)
    formula = MathTex(r"\text{err}^2 = (a x + b - y)^2 = (%s\cdot %s + b %s)^2"
                      % (short(fd.a), paren(fd.x), plus(-fd.y)), font_size=BODY_SIZE, color=MODEL)
    slope_text = MathTex(r"\text{slope of the tangent} = \partial\text{err}^2/\partial b = "
                         r"2(a x + b - y) = " + short(fd.grad_b), font_size=BODY_SIZE, color=GRAD)
    # Below the panels, where the table comes next: the lower half is never empty.
    note = VGroup(formula, slope_text).arrange(DOWN, buff=0.35)
    if note.width > WORK_WIDTH:
        note.scale_to_fit_width(WORK_WIDTH)
    note.move_to([0, WORK_TOP - 0.9, 0])
    group = VGroup(axes, labels, tag, curve, dot, tangent, note)
    group.axes, group.labels, group.curve, group.dot, group.tangent = axes, labels, curve, dot, tangent
    group.row_tag = tag
    group.formula, group.slope_text = formula, slope_text
    return group


def row_tag(fd, axes, name) -> VGroup:
    """``row 4:`` over ``x = 51, y = 132``: the row the curve is, whose x and y its formula,
    its slope and the table's x² h read; under the err² axis ``name`` when the parabola
    leaves its upper-left corner free, else in the upper-right corner."""
    tag = VGroup(MathTex(r"\text{row %d:}" % fd.step, font_size=SMALL),
                 MathTex(r"x = %s,\ y = %s" % (short(fd.x), short(fd.y)), font_size=SMALL))
    tag.arrange(DOWN, aligned_edge=LEFT, buff=0.08)
    if fd.note_left:
        return tag.next_to(name, DOWN, buff=0.15, aligned_edge=LEFT)
    return tag.next_to(axes.c2p(fd.b_range[1], fd.e_range[1]), DOWN + LEFT, buff=0.1)


def fd_losses_text(fd) -> tuple[str, str, str]:
    """e(a, b), e(a, b + h), e(a + h, b) with as many decimals as the estimate needs, so the
    quotient a viewer works out from them agrees with the estimate shown.

    >>> from types import SimpleNamespace as NS
    >>> fd_losses_text(NS(h=0.01, est_b=37.7576, est_a=1951.14, loss=356.2205304,
    ...                   loss_nudged_b=356.5980971, loss_nudged_a=375.7319123))
    ('356.2205304', '356.5980971', '375.7319123')
    """
    shift = max(0, -int(np.floor(np.log10(fd.h))))
    # One place more than the quotient needs, so rounding the errors cannot flip its last digit.
    places = max(decimals(fd.est_b), decimals(fd.est_a)) + shift + 1
    return tuple(f"{v:.{places}f}" for v in (fd.loss, fd.loss_nudged_b, fd.loss_nudged_a))


def _table_row(name, nudged, e0, h, est, formula, grad, gap) -> VGroup:
    """One weight's row: its name, the quotient, the formula and their gap."""
    return VGroup(
        MathTex(r"\partial\text{err}^2/\partial %s:" % name, font_size=FONT),
        MathTex(r"\frac{%s - %s}{h} = " % (nudged, e0), short(est), font_size=FONT),
        MathTex(formula + " = ", short(grad), font_size=FONT),
        FastDecimal(gap, decimals(gap, 4), font_size=FONT, color=GRAD, group_with_commas=False))


def _lay_out_table(head, row_b, row_a, top: float) -> None:
    """Columns as wide as their widest cell, ``COLUMN_GAP`` apart, centred: the long negative
    numbers of other data must not run into the next column. Rows ``ROW_GAP`` below ``top``."""
    columns = [[row_b[i], row_a[i]] + ([head[i - 1]] if i else []) for i in range(4)]
    widths = [max(c.width for c in col) for col in columns]
    left = -(sum(widths) + COLUMN_GAP * 3) / 2
    for col, width in zip(columns, widths):
        for cell in col:
            cell.set_x(left + width / 2)
        left += width + COLUMN_GAP
    head.set_y(top)
    for r_i, cells in enumerate((row_b, row_a)):
        for cell in cells:
            cell.set_y(top - ROW_GAP * (r_i + 1))
    body = VGroup(head, row_b, row_a)
    if body.width > WORK_WIDTH:
        body.scale(WORK_WIDTH / body.width, about_point=np.array([0.0, top - ROW_GAP, 0.0]))


def finite_difference_table(fd) -> VGroup:
    """The derivative the second way: the nudged errors, then per weight the quotient, the
    formula and their gap.

    Parameters
    ----------
    fd
        The core's :class:`~sgdanim.lessons.stepping.FiniteDifference`.

    Returns
    -------
    VGroup
        ``.nudges`` (the three errors), ``.head``, ``.row_b`` and ``.row_a`` (each: name,
        quotient, formula, gap as a DecimalNumber) and ``.note``, placed in the work area.
    """
    h = setting_tex(fd.h)
    e0, e_b, e_a = fd_losses_text(fd)
    nudges = MathTex(r"\text{err}^2(a,b) = " + e0, r"\quad \text{err}^2(a,\,b+h) = " + e_b,
                     r"\quad \text{err}^2(a+h,\,b) = " + e_a, font_size=FONT)
    if nudges.width > WORK_WIDTH:
        nudges.scale_to_fit_width(WORK_WIDTH)
    nudges.move_to([0, WORK_TOP - 0.3, 0])
    head = VGroup(*[MathTex(t, font_size=SMALL) for t in
                    (r"\text{nudge by } h = %s\text{, divide by } h" % h, r"\text{the formula}",
                     r"\text{gap}")])
    row_b = _table_row("b", e_b, e0, h, fd.est_b, r"2(ax+b-y)", fd.grad_b, fd.gap_b)
    row_a = _table_row("a", e_a, e0, h, fd.est_a, r"x\cdot 2(ax+b-y)", fd.grad_a, fd.gap_a)
    top = WORK_TOP - 0.85
    _lay_out_table(head, row_b, row_a, top)
    note = MathTex(r"\text{The gap is } h\cdot\text{curvature}/2\text{: } h \text{ for } b,"
                   r"\ x^2 h = %s^2\cdot %s = %s \text{ for } a."
                   % (short(fd.x), h, short(fd.gap_a_theory)), font_size=FONT, color=ACCENT)
    if note.width > WORK_WIDTH:
        note.scale_to_fit_width(WORK_WIDTH)
    note.move_to([0, top - ROW_GAP * 2 - 0.62, 0])
    group = VGroup(nudges, head, row_b, row_a, note)
    group.nudges, group.head, group.row_b, group.row_a, group.note = nudges, head, row_b, row_a, note
    return group


class DerivativePart(Part):
    """The curve and its tangent over the data panel's place, then the table below; the data
    panel comes back at the end. Plays nothing when the run ends before that row."""

    id = "derivative"

    def build(self, numbers, params):
        if numbers.fd is None:
            return None
        return SimpleNamespace(panel=error_curve_panel(numbers.fd, DATA_CENTER),
                               table=finite_difference_table(numbers.fd))

    def play(self, scene, built) -> None:
        if built is None:
            return
        scene.show_stage(len(scene.numbers.rows))
        scene.retitle(self.id)
        fd, panel, table = scene.numbers.fd, built.panel, built.table
        stage = scene.stage
        data = VGroup(*stage.data.submobjects, stage.data.line, stage.formula)
        scene.say(f"Row {fd.step}: hold a, vary b, and plot err².")
        scene.play(FadeOut(data), run_time=0.8)
        scene.play(Create(panel.axes), FadeIn(panel.labels), FadeIn(panel.row_tag),
                   Create(panel.curve),
                   Write(panel.formula), run_time=1.6)
        scene.wait(0.8)
        scene.say("The derivative is the slope of err² where we stand.")
        scene.play(FadeIn(panel.dot), Create(panel.tangent), Write(panel.slope_text),
                   run_time=1.6)
        scene.wait(1.0)
        scene.play(FadeOut(panel.formula), FadeOut(panel.slope_text), run_time=0.5)
        self.play_table(scene, table, setting_text(fd.h))
        scene.play(FadeOut(VGroup(table, panel.axes, panel.labels, panel.row_tag, panel.curve,
                                  panel.dot, panel.tangent)), run_time=0.8)
        scene.play(FadeIn(data), run_time=0.8)
        scene.movers_last()

    @staticmethod
    def play_table(scene, table, h: str) -> None:
        """The second way, a line at a time; ``h`` is the nudge as a caption writes it."""
        scene.say(f"The sheet's way: nudge a weight by h = {h}.")
        scene.play(Write(table.nudges), run_time=2.0)
        scene.wait(1.0)
        scene.say("Divide the change in err² by h: nearly the formula.")
        scene.play(FadeIn(table.head), Write(table.row_b), run_time=2.0)
        scene.wait(0.5)
        scene.say("For a, the gap is bigger.")
        scene.play(Write(table.row_a), run_time=2.0)
        # the curvature's first use: said what it is (review r22; the valley part names it)
        scene.say("The gap is h times half the curvature, how fast the slope changes: x² times "
                  "more for a.")
        scene.play(Write(table.note), run_time=1.5)
        scene.mark("derivative")
        scene.wait(1.2)
