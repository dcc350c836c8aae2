"""Part ``rows`` of the ``stepping`` lesson: the first rows worked through as the sheet's columns.

Each row's four lines of formulas (forward pass, derivatives, the two updates) are written
out, its results fly into the sheet's strip at the foot of the frame, and the weight point
takes its step. ``Strip(rows).rows[k][i]`` holds row k's value of ``STRIP_FIELDS[i]``.
"""

from __future__ import annotations

from types import SimpleNamespace

from manim import (DOWN, LEFT, RIGHT, UP, Circle, Create, FadeIn, FadeOut, Line, MathTex,
                   TransformFromCopy, VGroup, Write)

from scenes.kit.format import short
from scenes.kit.part import Part
from scenes.kit.style import ACCENT, DATA
from scenes.stepping.stage import FONT, SMALL, WORK_WIDTH, number, paren, plus

LINES_TOP = -0.3           # a row's formulas stay below the panels' tick numbers
STRIP_COLS = ("x", "y", "a", "b", r"\hat y", r"\text{err}^2", r"\partial e/\partial b",
              r"\partial e/\partial a", r"\text{new } a", r"\text{new } b")
STRIP_FIELDS = ("x", "y", "a", "b", "pred", "loss", "grad_b", "grad_a", "new_a", "new_b")
STRIP_COL_W = 1.32
STRIP_ROW_H = 0.36


def row_lines(row, lr: float) -> VGroup:
    """The four lines of one row: forward pass, derivatives, a's update, b's update.

    Parameters
    ----------
    row
        A :class:`~sgdanim.lessons.stepping.Row` from the core; every number is filled in
        from it, as :func:`~scenes.kit.format.short` writes it.
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


class RowsPart(Part):
    """Row by row: the first slowly, with a caption per step, the others quickly. The walker
    ends on path row ``len(numbers.rows)``."""

    id = "rows"

    def build(self, numbers, params):
        strip = Strip(numbers.rows)
        return SimpleNamespace(
            strip=strip, lines=[place_row_lines(row_lines(row, numbers.lr), strip)
                                for row in numbers.rows],
            # Each ring circles its row's data point; the data panel places them, in play.
            rings=[Circle(radius=0.12, color=ACCENT) for _ in numbers.rows])

    def play(self, scene, built) -> None:
        scene.show_stage(0)
        strip = built.strip
        scene.say("Below: the sheet's own columns, row by row.")
        scene.play(FadeIn(strip.header), Create(strip.rule), run_time=1.5)
        for k, row in enumerate(scene.numbers.rows):
            if k:
                scene.play(FadeOut(built.lines[k - 1]), run_time=0.4)
            ring = built.rings[k].move_to(scene.stage.data.dots[scene.numbers.row_samples[k]])
            self.work_through(scene, row, built.lines[k], ring, slow=k == 0)
            cells = strip.rows[k]
            lines = built.lines[k]
            scene.play(*[FadeIn(cells[i]) for i in range(4)],
                       *[TransformFromCopy(lines.results[f], cells[STRIP_FIELDS.index(f)])
                         for f in lines.results], run_time=1.5 if k == 0 else 0.8)
            scene.movers_last()
            scene.walk_to(k + 1, 1.5 if k == 0 else 0.8, hold=1.0)
            scene.remove(ring)
        scene.mark("poster")
        scene.wait(1.0)
        scene.play(FadeOut(built.lines[-1]), FadeOut(strip), run_time=0.8)

    @staticmethod
    def work_through(scene, row, lines, ring, slow: bool) -> None:
        """Write a row's lines; the first row slowly, a caption for each step."""
        if slow:
            scene.say(f"Row {row.step}: x = {short(row.x)}, y = {short(row.y)}. "
                      "Predict, and square the error.")
        else:
            scene.say(f"Row {row.step}, x = {short(row.x)}: the same three steps, "
                      "from the weights the last row made.")
        scene.play(Create(ring), Write(lines[0]), run_time=2.5 if slow else 1.2)
        scene.wait(1.5 if slow else 0.3)
        if slow:
            scene.say("The derivatives of that squared error, for b and for a.")
        scene.play(Write(lines[1]), run_time=2.5 if slow else 1.2)
        scene.wait(2.0 if slow else 0.3)
        if slow:
            scene.say("Step each weight against its derivative, times the learning rate.")
        scene.play(Write(lines[2]), Write(lines[3]), run_time=2.5 if slow else 1.2)
        scene.wait(1.5 if slow else 0.3)
        if slow:
            scene.say("The row goes into the sheet, and the point takes its step.")
