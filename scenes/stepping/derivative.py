"""The ``stepping`` lesson's derivative, shown twice, and its valley: the error-vs-b curve with
its tangent, the finite-difference table (a 0.01 nudge against the analytic value), and the
Hessian's curvatures drawn as arrows on the landscape.

Like :mod:`scenes.stepping.panels`, each builder takes the core's numbers
(:mod:`sgdanim.lessons.stepping`) and returns placed mobjects, so that layout can be tested
without rendering.
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, Axes, Dot, DoubleArrow, Line, MathTex, VGroup,
                   VMobject)

from sgdanim.lessons.stepping import nice_range, short

from scenes.kit.scene import ACCENT, GRAD, MODEL, WEIGHT, FastDecimal
from scenes.stepping.panels import (FONT, PANEL_H, PANEL_W, SMALL, TICKS, WORK_TOP, WORK_WIDTH,
                                   decimals, edge_axes, line_in_box, paren, path_in_box, plus)


def error_curve_panel(fd, center) -> VGroup:
    """The error of one row as a function of b (a held fixed) and its tangent at the row's b.

    Parameters
    ----------
    fd
        The core's :class:`~sgdanim.lessons.stepping.FiniteDifference` (its ``b_grid`` and
        ``e_grid`` are the curve, ``grad_b`` the tangent's slope).
    center
        Where the axes go.

    Returns
    -------
    VGroup
        With ``.axes``, ``.labels``, ``.curve``, ``.dot``, ``.tangent``, and ``.formula`` and
        ``.slope_text`` stacked in the upper corner the parabola leaves free.
    """
    b_range = nice_range(float(fd.b_grid.min()), float(fd.b_grid.max()), 4)
    e_range = nice_range(0.0, float(fd.e_grid.max()), 3)
    axes = Axes(x_range=b_range, y_range=e_range, x_length=PANEL_W, y_length=PANEL_H, tips=False,
                axis_config={"include_numbers": True, "font_size": TICKS})
    axes.move_to(center)
    labels = VGroup(MathTex("b", font_size=26), MathTex("e", font_size=26))
    edge_axes(axes, b_range, e_range, labels)
    inside = (fd.b_grid >= b_range[0]) & (fd.b_grid <= b_range[1]) & (fd.e_grid <= e_range[1])
    curve = VMobject(color=MODEL, stroke_width=3)
    curve.set_points_smoothly([axes.c2p(b, e) for b, e in zip(fd.b_grid[inside], fd.e_grid[inside])])
    dot = Dot(axes.c2p(fd.b, fd.loss), radius=0.07, color=WEIGHT)
    # The tangent e0 + slope·(b − b0), over a quarter of the axis either side.
    half = (b_range[1] - b_range[0]) / 4
    slope = fd.grad_b
    ends = line_in_box(slope, fd.loss - slope * fd.b, (fd.b - half, fd.b + half), e_range)
    tangent = Line(axes.c2p(*ends[0]), axes.c2p(*ends[1]), color=GRAD, stroke_width=4)
    formula = MathTex(r"e(b) = (%s\cdot %s + b %s)^2" % (short(fd.a), paren(fd.x), plus(-fd.y)),
                      font_size=SMALL + 2, color=MODEL)
    slope_text = MathTex(r"\text{slope} = \partial e/\partial b = " + short(fd.grad_b),
                         font_size=SMALL + 2, color=GRAD)
    note = VGroup(formula, slope_text).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
    # The parabola's bottom is where this row's error is zero; the far side rises higher.
    left_free = fd.b > fd.y - fd.a * fd.x
    x_end = b_range[0] if left_free else b_range[1]
    note.next_to(axes.c2p(x_end, e_range[1]), DOWN + (RIGHT if left_free else LEFT), buff=0.15)
    group = VGroup(axes, labels, curve, dot, tangent, note)
    group.axes, group.labels, group.curve, group.dot, group.tangent = axes, labels, curve, dot, tangent
    group.formula, group.slope_text = formula, slope_text
    return group


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
    h = short(fd.h)
    e0, e_b, e_a = fd_losses_text(fd)
    nudges = MathTex(r"e(a,b) = " + e0, r"\qquad e(a,\,b+" + h + ") = " + e_b,
                     r"\qquad e(a+" + h + r",\,b) = " + e_a, font_size=FONT)
    if nudges.width > WORK_WIDTH:
        nudges.scale_to_fit_width(WORK_WIDTH)
    nudges.move_to([0, WORK_TOP - 0.3, 0])
    head = VGroup(*[MathTex(t, font_size=SMALL + 2) for t in
                    (r"\text{nudge, then divide by } h", r"\text{the formula}", r"\text{gap}")])

    def row(name, nudged, est, formula, grad, gap):
        return VGroup(
            MathTex(r"\partial e/\partial %s:" % name, font_size=FONT),
            MathTex(r"\frac{%s - %s}{%s} = " % (nudged, e0, h), short(est), font_size=FONT),
            MathTex(formula + " = ", short(grad), font_size=FONT),
            FastDecimal(gap, decimals(gap, 4), font_size=FONT, color=GRAD,
                         group_with_commas=False))

    row_b = row("b", e_b, fd.est_b, r"2(ax+b-y)", fd.grad_b, fd.gap_b)
    row_a = row("a", e_a, fd.est_a, r"x\cdot 2(ax+b-y)", fd.grad_a, fd.gap_a)
    # Columns as wide as their widest cell, 0.45 apart, centred: the long negative numbers of
    # other data must not run into the next column.
    columns = [[row_b[i], row_a[i]] + ([head[i - 1]] if i else []) for i in range(4)]
    widths = [max(c.width for c in col) for col in columns]
    left = -(sum(widths) + 0.45 * 3) / 2
    top = WORK_TOP - 0.95
    for col, width in zip(columns, widths):
        for cell in col:
            cell.set_x(left + width / 2)
        left += width + 0.45
    head.set_y(top)
    for r_i, cells in enumerate((row_b, row_a)):
        for cell in cells:
            cell.set_y(top - 0.75 * (r_i + 1))
    body = VGroup(head, row_b, row_a)
    if body.width > WORK_WIDTH:
        body.scale(WORK_WIDTH / body.width, about_point=np.array([0.0, top - 0.75, 0.0]))
    note = MathTex(r"\text{They differ: } %s \text{ is a finite step. The gap is } "
                   r"h\cdot e''/2\text{: } h \text{ for } b,\ x^2 h \text{ for } a." % h,
                   font_size=SMALL + 2, color=ACCENT)
    note.move_to([0, top - 0.75 * 3 + 0.05, 0])
    group = VGroup(nudges, head, row_b, row_a, note)
    group.nudges, group.head, group.row_b, group.row_a, group.note = nudges, head, row_b, row_a, note
    return group


def valley_lines(n) -> VGroup:
    """The valley note, four lines: the Hessian, its curvatures, lr·λ, and how far b got."""
    v = n.valley
    H = v.hessian
    span = f"{n.epochs} epochs" if n.diverged_at is None else f"{n.steps} steps"
    size = SMALL + 2
    lines = VGroup(
        MathTex(r"H = \frac{2}{n}\begin{pmatrix}\Sigma x^2 & \Sigma x\\ \Sigma x & n\end{pmatrix}"
                r" = \begin{pmatrix}%s & %s\\ %s & %s\end{pmatrix}"
                % (short(H[0, 0]), short(H[0, 1]), short(H[1, 0]), short(H[1, 1])), font_size=size),
        MathTex(r"\lambda_{\text{across}} = %s" % short(v.eigenvalues[1], 5),
                r"\quad \lambda_{\text{along}} = %s" % short(v.eigenvalues[0], 4),
                r"\quad \text{ratio } %s" % short(v.condition, 4), font_size=size),
        MathTex(r"lr\cdot\lambda:\ %s\ \text{across},\ \ %s\ \text{along}"
                % (short(v.lr_lam[1], 3), short(v.lr_lam[0], 3)), font_size=size),
        MathTex(r"b:\ %s \to %s\ \text{in %s; the best fit has } b = %s"
                % (short(v.b_start, 5), short(v.b_end, 5), span, short(v.b_optimum, 4)),
                font_size=size))
    lines.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
    lines.next_to([-0.9, WORK_TOP - 0.1, 0], DOWN + RIGHT, buff=0)
    lines[1][0].set_color(GRAD)
    lines[1][1].set_color(ACCENT)
    return lines


def valley_anchor(n) -> tuple[float, float]:
    """Where the valley's arrows go: at the last weights, unless they ran off the panel, then
    at the panel's centre (the curvatures are the same everywhere on a quadratic)."""
    if len(path_in_box(n.path, n.a_range, n.b_range)) == len(n.path):
        return float(n.path[-1, 0]), float(n.path[-1, 1])
    return (n.a_range[0] + n.a_range[1]) / 2, (n.b_range[0] + n.b_range[1]) / 2


def valley_arrows(panel, at, eigenvectors, lengths=(0.9, 0.45)) -> VGroup:
    """Double arrows along the Hessian's eigenvectors, shortened to stay inside the panel.

    Parameters
    ----------
    panel
        The :class:`~scenes.kit.landscape_panel.LandscapePanel` they are drawn on.
    at
        (a, b) the arrows cross at.
    eigenvectors
        Columns in (a, b) order, along the valley first (the core's ``Valley.eigenvectors``).
    lengths
        Largest half-lengths in scene units, along and across.

    Returns
    -------
    VGroup
        (along, across) DoubleArrows, in the accent and gradient colours.
    """
    axes = panel.axes
    origin = panel.point(*at)
    lo, hi = axes.c2p(axes.x_range[0], axes.y_range[0]), axes.c2p(axes.x_range[1], axes.y_range[1])
    arrows = VGroup()
    for col, colour, length in zip(range(2), (ACCENT, GRAD), lengths):
        vec = eigenvectors[:, col]
        unit = panel.point(at[0] + vec[0], at[1] + vec[1]) - origin
        unit = unit / np.linalg.norm(unit)
        # Largest half-length that keeps both ends in the box.
        room = min(min((hi[i] - origin[i]) / abs(unit[i]), (origin[i] - lo[i]) / abs(unit[i]))
                   for i in range(2) if abs(unit[i]) > 1e-9)
        half = max(min(length, 0.92 * room), 0.15)
        arrows.add(DoubleArrow(origin - unit * half, origin + unit * half, buff=0, color=colour,
                               stroke_width=4, tip_length=0.14, max_tip_length_to_length_ratio=0.3))
    return arrows
