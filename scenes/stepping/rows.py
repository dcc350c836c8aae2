"""Part ``rows`` of the ``stepping`` lesson: the first rows worked through as the sheet's columns.

Each row's four lines of formulas (forward pass, derivatives, the two updates) are written
out, its results fly into the sheet's strip at the foot of the frame, and the weight point
takes its step. ``Strip(rows).rows[k][i]`` holds row k's value of ``STRIP_FIELDS[i]``.
"""

from __future__ import annotations

from types import SimpleNamespace

from manim import (DOWN, LEFT, RIGHT, UP, Circle, Create, FadeIn, FadeOut, Indicate, Line,
                   MathTex, TransformFromCopy, VGroup, Write)

from scenes.kit.format import setting_tex, short_text
from scenes.kit.part import Part
from scenes.kit.scene import inside_frame
from scenes.kit.style import ACCENT, BODY_SIZE, DATA
from scenes.stepping.stage import (FONT, SMALL, WORK_BOTTOM, WORK_TOP, WORK_WIDTH, big, big_text,
                                   paren, plus, table_cell, worked_factor)

ROW_FONT = 32              # a row's formulas: larger than a label, so a 480p embed reads them
LINE_GAP = 0.1

LINES_TOP = WORK_TOP       # a row's formulas stay below the panels' tick numbers
D = r"\partial\text{err}^2/\partial "
STRIP_COLS = ("x", "y", "a", "b", r"\hat y", r"\text{err}^2", D + "b", D + "a",
              r"\text{new }a", r"\text{new }b")
STRIP_FIELDS = ("x", "y", "a", "b", "pred", "loss", "grad_b", "grad_a", "new_a", "new_b")
STRIP_COL_W = (1.05, 1.05, 1.25, 1.25, 1.25, 1.35, 1.6, 1.6, 1.3, 1.3)   # the widest cell + a gap
STRIP_ROW_H = 0.36
CELL_GAP = 0.15            # at least this between the widest cells of two columns
STRIP_SLOTS = 3            # rows the strip has room for; a fourth scrolls the first away


def _step_line(name: str, grad_tex: str, grad: float, old: float, new: float, lr: float,
               long: bool, size: float) -> MathTex:
    """``∂err²/∂w = … = g    new w = w − lr·g = …``: one weight's derivative and its step, named
    as the strip's column is (the long form spells the rule out, the short one only fills the
    numbers in)."""
    rule = r"\text{new }%s = %s - \mathrm{lr}\cdot%s%s = " % (name, name, D, name) if long else \
        r"\text{new }%s = " % name
    return MathTex(D + name + " = " + grad_tex + " = ", big(grad),
                   r"\qquad " + rule + big(old) + " - " + setting_tex(lr) + r"\cdot("
                   + worked_factor(grad, old, new, lr) + ") = ", big(new), font_size=size)


def row_lines(row, lr: float, long: bool = True) -> VGroup:
    """The three lines of one row: the forward pass, then b's and a's derivative and step.

    Parameters
    ----------
    row
        A :class:`~sgdanim.lessons.stepping.Row` from the core; every number is filled in
        from it, as :func:`~scenes.kit.format.short` writes it.
    lr
        The learning rate shown in the updates.
    long
        Spell the update rule out (the first row); later rows only fill its numbers in, so
        their lines stay short enough for a larger font.

    Returns
    -------
    VGroup
        The lines, left-aligned, at most ``WORK_WIDTH`` wide: at ``ROW_FONT`` (a spelled-out
        rule may drop to the body size first), else written short, else at the label size
        (never below the series' smallest). ``.results`` maps
        the strip's made columns (``pred``, ``loss``, ``grad_b``, ...) to the MathTex parts
        showing them.
    """
    s = big
    tries = [(True, ROW_FONT), (True, BODY_SIZE), (False, ROW_FONT), (False, FONT)]
    tries = tries if long else tries[2:]
    for spelled, size in tries:
        line1 = MathTex(r"\hat y = a x + b = " + s(row.a) + r"\cdot" + paren(row.x)
                        + plus(row.b) + " = ", s(row.pred), r",\quad \text{err} = \hat y - y = "
                        + s(row.err) + r",\quad \text{err}^2 = ", s(row.loss), font_size=size)
        line2 = _step_line("b", r"2\,\text{err}", row.grad_b, row.b, row.new_b, lr, spelled,
                           size)
        line3 = _step_line("a", r"x\cdot 2\,\text{err}", row.grad_a, row.a, row.new_a, lr,
                           spelled, size)
        if max(line1.width, line2.width, line3.width) <= WORK_WIDTH:
            break
    for line in (line1, line2, line3):
        for i in (1, 3):
            line[i].set_color(ACCENT)
    group = VGroup(line1, line2, line3).arrange(DOWN, aligned_edge=LEFT, buff=LINE_GAP)
    group.results = {"pred": line1[1], "loss": line1[3], "grad_b": line2[1], "grad_a": line3[1],
                     "new_b": line2[3], "new_a": line3[3]}
    return group


def place_row_lines(lines: VGroup, strip: "Strip", left: float) -> VGroup:
    """Put a row's lines just above the strip's header (the strip sits at the work area's
    foot, so they stay below the panels' tick numbers), their left edge at ``left``: every
    row's at the same x, so the equations don't jump sideways from row to row (review r9)."""
    lines.next_to(strip.header, UP, buff=0.12)
    return lines.shift(RIGHT * (left - lines.get_left()[0]))


def overshoot_note(row, rows_per_epoch: int, safe: bool, size: float = ROW_FONT) -> VGroup:
    """``row 2 after its step: err = −104.637 → 50.163`` over ``this row alone overshoots; over
    all 29 rows the step is safe``: why the line jumps past every point on a row whose own step
    flips its err's sign (``row.overshoots``), though the run goes on down."""
    note = VGroup(
        MathTex(r"\text{row %d after its step: err} = %s \to %s"
                % (row.step, big(row.err), big(row.err_after)), font_size=size),
        MathTex(r"\text{this row alone overshoots; over all %d rows the step is %s}"
                % (rows_per_epoch, "safe" if safe else "not safe either"), font_size=size,
                color=ACCENT))
    return note.arrange(DOWN, aligned_edge=LEFT, buff=LINE_GAP)


class Strip(VGroup):
    """The sheet's columns at the foot of the frame, one row per detailed step; cells are made
    now and shown row by row.

    ``rows[k][i]`` is a DecimalNumber holding ``getattr(numbers.rows[k], STRIP_FIELDS[i])``.
    """

    def __init__(self, rows, **kwargs):
        super().__init__(**kwargs)
        # White: the accent colour is the valley's "along" later (and the results' highlight).
        self.header = VGroup(*[MathTex(c, font_size=SMALL) for c in STRIP_COLS])
        made = [[table_cell(getattr(row, field), SMALL) for field in STRIP_FIELDS] for row in rows]
        # a runaway lr's numbers (−1.78×10⁷ at lr 1) outgrow the widths the defaults need: a
        # column widens for its widest cell, and the strip shrinks to the frame if it must
        widths = [max(width, max((cells[i].width for cells in made), default=0.0) + CELL_GAP)
                  for i, width in enumerate(STRIP_COL_W)]
        left = -sum(widths) / 2
        for cell, width in zip(self.header, widths):
            cell.move_to(RIGHT * (left + width / 2))
            left += width
        # One baseline for the header: the fractions are taller than the names.
        for cell in self.header:
            cell.align_to(self.header, DOWN)
        self.rule = Line(LEFT * sum(widths) / 2, RIGHT * sum(widths) / 2, stroke_width=1.5,
                         color=DATA).next_to(self.header, DOWN, buff=0.08)
        self.rows = []
        for r_i, cells in enumerate(made):
            slot = min(r_i, STRIP_SLOTS - 1)
            for c_i, cell in enumerate(cells):
                cell.move_to([self.header[c_i].get_x(),
                              self.header.get_bottom()[1] - 0.14 - STRIP_ROW_H * (slot + 0.5), 0])
            self.rows.append(VGroup(*cells))
        self.add(self.header, self.rule, *self.rows)
        inside_frame(self)
        self.shift(UP * (WORK_BOTTOM - self.get_bottom()[1]))

    def scroll(self, k: int) -> list:
        """The animations that make room for row ``k``: past the last slot, the oldest row
        shown fades and the others move up one."""
        if k < STRIP_SLOTS:
            return []
        up = UP * STRIP_ROW_H
        return [FadeOut(self.rows[k - STRIP_SLOTS]),
                *[row.animate.shift(up) for row in self.rows[k - STRIP_SLOTS + 1:k]]]


class RowsPart(Part):
    """Row by row: the first slowly, with a caption per step, the others quickly. The walker
    ends on path row ``len(numbers.rows)``."""

    id = "rows"

    def build(self, numbers, params):
        strip = Strip(numbers.rows)
        made = [row_lines(row, numbers.lr, long=k == 0) for k, row in enumerate(numbers.rows)]
        left = -max(lines.width for lines in made) / 2     # the widest centred, all on its edge
        lines = [place_row_lines(m, strip, left) for m in made]
        notes = [place_row_lines(overshoot_note(row, numbers.rows_per_epoch,
                                                  numbers.valley.safe), strip, left)
                 if row.overshoots else None for row in numbers.rows]
        return SimpleNamespace(
            strip=strip, lines=lines, notes=notes,
            # Each ring circles its row's data point; the data panel places them, in play.
            rings=[Circle(radius=0.12, color=ACCENT) for _ in numbers.rows])

    def play(self, scene, built) -> None:
        scene.show_stage(0)
        scene.retitle(self.id)
        strip = built.strip
        setting = [m for m in [getattr(scene, "setting", None)] if m in scene.mobjects]
        scene.say("Row by row, the sheet's columns fill in.")
        if setting:     # the set-up lines go before the row's formulas come in where they stood
            scene.play(*[FadeOut(m) for m in setting], run_time=0.5)
        sheet = getattr(scene, "sheet_header", None)
        if sheet in scene.mobjects:     # the panels part drew the same header in the same place
            scene.remove(sheet)
            scene.add(strip.header, strip.rule)
            scene.movers_last()
            # A flash, not a swell: scaled, the columns seemed to shift sideways (review r9).
            scene.play(Indicate(strip.header, scale_factor=1.0, color=ACCENT), run_time=1.0)
        else:
            scene.play(FadeIn(strip.header), Create(strip.rule), run_time=1.0)
        up = built.lines[:]        # what each row leaves on screen: its lines, or its note
        for k, row in enumerate(scene.numbers.rows):
            if k:
                scene.play(FadeOut(up[k - 1]), *strip.scroll(k), run_time=0.4)
            ring = built.rings[k].move_to(scene.stage.data.dots[scene.numbers.row_samples[k]])
            self.work_through(scene, row, built.lines[k], ring, slow=k == 0)
            cells = strip.rows[k]
            lines = built.lines[k]
            scene.play(*[FadeIn(cells[i]) for i in range(4)],
                       *[TransformFromCopy(lines.results[f], cells[STRIP_FIELDS.index(f)])
                         for f in lines.results], run_time=1.5 if k == 0 else 0.8)
            scene.movers_last()
            scene.walk_to(k + 1, 1.5 if k == 0 else 0.8, hold=0.6 if k == 0 else 0.4)
            scene.remove(ring)
            if built.notes[k] is not None:      # the line jumped past every point: say why
                n = scene.numbers
                scene.say(f"This row alone overshoots; over all {n.rows_per_epoch} rows the "
                          f"step is {'safe' if n.valley.safe else 'not safe either'}.")
                scene.play(FadeOut(lines), FadeIn(built.notes[k]), run_time=0.8)
                scene.wait(1.5)
                up[k] = built.notes[k]
        scene.mark("poster")
        scene.wait(0.5)
        shown = VGroup(strip.header, strip.rule, *strip.rows[-STRIP_SLOTS:])   # scrolled rows are gone
        scene.play(FadeOut(up[-1]), FadeOut(shown), run_time=0.8)

    @staticmethod
    def work_through(scene, row, lines, ring, slow: bool) -> None:
        """Write a row's lines; the first row slowly, a caption for each step."""
        if slow:
            scene.say(f"Row {row.step}: x = {short_text(row.x)}, y = {short_text(row.y)}. "
                      "Predict ŷ, then the error, squared.")
        else:
            # ∂err²/∂a = x·∂err²/∂b on every row: why a races and b crawls.
            scene.say(f"Row {row.step}, x = {short_text(row.x)}: a's step is x times b's. "
                      f"a → {big_text(row.new_a)}, b → {big_text(row.new_b)}.")
        scene.play(Create(ring), Write(lines[0]), run_time=2.5 if slow else 1.0)
        scene.wait(1.0 if slow else 0.2)
        if slow:
            scene.say("Each weight's derivative of err², and a step against it.")
        scene.play(Write(lines[1]), Write(lines[2]), run_time=3.0 if slow else 1.1)
        scene.wait(1.5 if slow else 0.2)
        if slow:
            scene.say("Into the sheet's columns; the dot takes the step.")
