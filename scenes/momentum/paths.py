"""Part 4 of ``momentum``: what momentum does to the steps on the sheet's line fit. At the same
lr, b (along the flat valley) and a (across it) row by row for the momentum sheet and plain SGD;
the average step along b, the zig-zag across a and the RMSE they leave; then both at a larger lr,
where momentum runs away and SGD does not."""

from __future__ import annotations

from types import SimpleNamespace

from manim import (DOWN, GREY_A, LEFT, RIGHT, UL, UP, FadeIn, FadeOut, Indicate,
                   DashedLine, Line, MathTex, VGroup)

from scenes.kit.format import (counted, figures_tex, figures_text, fixed, fixed_tex, percent_tex,
                               percent_text, sci_text, setting_tex, setting_text, short)
from scenes.kit.part import Part
from scenes.kit.plots import in_powers_name
from scenes.momentum.plots import (AVERAGE, GrowingCurve, header, plot_axes,
                                   row_under_axis_end, trace)
from scenes.momentum.runaway import (RUNS, TEXT_SIZE, big_plot, close_lines, overflows,
                                     play_close, play_why, why_panel)
from scenes.momentum.valley_view import valley_view
from scenes.momentum.wiggle import overflow_caption

GROW_SECONDS = 7.0    # both runs, every row, at the same lr
BIG_SECONDS = 3.0     # both runs at the larger lr, every epoch
TABLE_FIRST = 5       # the table's pieces shown first: heading, Δb column, names
ZIGZAG_CELLS = (5, 7, 8)   # the table's mean |Δa| column: its heading, SGD's, momentum's
MOM_STEP_B = 4             # the table's cell of momentum's mean Δb
TABLE_CORNER = (0.61, 2.57, 0)   # the step table's top left: right of the rows, under the header
# the table's columns' left edges (names, Δb, |Δa|, RMSE): room each side of the |Δa| column
# for its highlight, the RMSE column 60 px (at 1080p) inside the frame's edge (review r10)
TABLE_XS = (0.0, 1.7, 3.4, 5.0)
NEAR = 0.25           # two runs' b, or their steps along it, within this share are "near"
KEY_BUFF = 0.3        # the SGD/momentum key right of a's title


class Paths(Part):
    """b and a per row (left); the step table and the larger lr's RMSE per epoch (right)."""

    id = "paths"
    starts_clean = True   # kit.Part: it needs nothing the parts before it leave

    def build(self, numbers, params) -> SimpleNamespace:
        n = numbers
        b = _row_plots(n)
        b.numbers, b.head = n, header(self.id, n)
        b.sub = MathTex(rf"\hat y = a x + b,\ \text{{lr}} = {setting_tex(n.lr)},\ "
                        rf"\beta = {n.beta:g},\ \text{{from }} a = b = 1,\ \text{{the same rows}}",
                        font_size=TEXT_SIZE
                        ).next_to(b.head, DOWN, aligned_edge=LEFT, buff=0.15)
        b.table = _table(n).move_to(TABLE_CORNER, aligned_edge=UL)
        b.zigzag = VGroup(*[b.table[i] for i in ZIGZAG_CELLS])
        # the caption's "90% of SGD's", under momentum's Δb where it is said (review r10)
        b.ratio = MathTex(rf"\approx {percent_tex(n.step_b_ratio)}\ \text{{of SGD's}}",
                          font_size=TEXT_SIZE, color=AVERAGE)
        b.ratio.next_to(b.table[MOM_STEP_B], DOWN, buff=0.15).align_to(b.table[MOM_STEP_B], LEFT)
        b.big = big_plot(n)
        # the close: the larger lr's plot rises into the table's place, the takeaway under it
        b.lift = (b.table.get_top()[1] - b.big.frame.get_top()[1]) * UP
        b.close = close_lines(n, b.big, b.lift)
        b.valley = valley_view(n, _near(n.path_sgd[-1, 1], n.path_mom[-1, 1]))
        # "no faster along the valley" against what fast.ai students have heard: PyTorch's m
        # runs 1/(1−β) times larger, which is a larger lr (Part 3) (review r10)
        b.part3 = MathTex(rf"\text{{(PyTorch's }} m\text{{: }}{{\times}}"
                          rf"{short(n.undamped_scale, 3)}"
                          r"\text{ = a bigger lr, Part 3)}", font_size=TEXT_SIZE, color=GREY_A)
        # under the valley, and under its "momentum at b" where that went under it (lr 5e-4)
        b.part3.next_to(VGroup(b.valley.frame, b.valley.here[1]), DOWN, buff=0.2).align_to(
            b.valley.frame, RIGHT)
        # 0.3 from a's title: at 0.6 "momentum" ended 4 px from the valley's "40" and "b" (r11)
        b.key = _key().next_to(b.labels[1], RIGHT, buff=KEY_BUFF)
        # why momentum runs away, when it does and SGD does not
        b.overflowed = overflows(n.path_runaway_sgd, n.path_runaway_mom)
        b.overflow = _overflow_note(b.overflowed, b) if b.overflowed else None
        b.why = (why_panel(n) if n.big.why is not None and n.big.diverged_mom is not None
                 and n.big.diverged_sgd is None else None)
        return b

    def play(self, scene, b) -> None:
        n, rows = b.numbers, len(b.numbers.path_rows) - 1
        scene.say("Back to the line fit: momentum sheet vs plain SGD.")
        # the axes fade in: drawn with Create, "25 50" read "25 5" half-way (review r10)
        # the valley's inset only for runs that stay in it: overflowed, they leave any frame
        valley = [b.valley.frame] if b.overflow is None else []
        scene.play(FadeIn(b.head), FadeIn(b.sub), FadeIn(b.top), FadeIn(b.bottom),
                   FadeIn(b.labels), FadeIn(b.key), *map(FadeIn, valley), FadeIn(b.epochs),
                   run_time=1.5)
        paths, heads = (b.valley.paths, [b.valley.heads]) if valley else ([], [])
        curves = [*b.b_curves, *b.a_curves, *paths]
        scene.add(*curves, *heads)
        scene.keep_on_top(*curves, *heads)
        scene.say("Same lr, same rows: b and a, row by row.")
        scene.mark("rows_start", rate=rows / GROW_SECONDS)  # after say(), which may hold
        scene.play(*[c.grow(rows / 2, GROW_SECONDS / 2) for c in curves],
                   run_time=GROW_SECONDS / 2)
        scene.say(f"b {'climbs' if n.b_rises else 'goes down'} the flat valley; a crosses the "
                  "steep one." if b.overflow is None else overflow_caption(n.lr, b.overflowed))
        scene.play(*[c.grow(rows, GROW_SECONDS / 2) for c in curves], run_time=GROW_SECONDS / 2)
        scene.mark("rows_done")
        if b.overflow is None:
            _play_steps(scene, b)
        else:       # no last epoch to compare: the rows each run reached, on screen
            scene.play(FadeIn(b.overflow), run_time=0.6)
            scene.wait(1.5)
        _play_big(scene, b)
        scene.finish_caption()


def _play_steps(scene, b) -> None:
    """Where the runs stand in the valley, and their steps over the last epoch, row by row:
    along b (about equal at the sheet's lr), across a momentum's zig-zag smaller."""
    n = b.numbers
    b_sgd, b_mom = n.path_sgd[-1, 1], n.path_mom[-1, 1]
    # told as near each other only when they are (at lr 5e-4 SGD ends at b = 276.3, momentum
    # at 16.0, and the line said "both still near b = 16.0")
    where = (f"both still near b = {fixed(b_mom, 1)}" if _near(b_sgd, b_mom)
             else f"SGD at b = {fixed(b_sgd, 1)}, momentum at {fixed(b_mom, 1)}")
    scene.say(f"In the valley: {where}, the best is {fixed(n.optimum[1], 1)}.")
    scene.play(FadeIn(b.valley.here), run_time=0.6)
    scene.wait(0.5)
    # "about equal" only within NEAR (11 vs 0.57 a row was "about equal" at lr 5e-4)
    equal = _near(n.step_b_sgd, n.step_b_mom)
    scene.say(f"Along b: {figures_text(n.step_b_sgd)} vs {figures_text(n.step_b_mom)} a row"
              + (", about equal." if equal else "."))
    scene.play(FadeIn(b.table[:TABLE_FIRST]), run_time=0.8)
    scene.wait(0.5)
    scene.say(f"m averages g: its mean step is {percent_text(n.step_b_ratio)} of SGD's, no faster "
              "along the valley.")
    scene.play(FadeIn(b.ratio), FadeIn(b.part3), run_time=0.5)
    scene.wait(1.0)
    # the runs in the table's order, SGD first (review r10)
    scene.say(f"Across a: zig-zag {figures_text(n.zigzag_ratio)}× smaller; RMSE SGD "
              f"{fixed(n.rmse_sgd[-1], 1)}, momentum {fixed(n.rmse_mom[-1], 1)}.")
    scene.play(FadeIn(b.table[TABLE_FIRST:]), run_time=0.8)
    scene.wait(1.5)


def big_question(n) -> str:
    """The line that opens the runs at ``lr_big``: a bigger lr, a smaller one, or, set equal
    to ``lr``, the same one over ``big_epochs`` ("Another lr, 1.0×10⁻⁴?" was asked of the lr
    just shown)."""
    lr = setting_text(n.big.lr)
    if n.big.lr == n.lr:
        return f"The same lr, {lr}, over {counted(n.big.epochs, 'epoch')}? RMSE per epoch of both."
    return f"A {'bigger' if n.big.lr > n.lr else 'smaller'} lr, {lr}? RMSE per epoch of both."


def _play_big(scene, b) -> None:
    """Both runs at the larger lr, epoch by epoch; then why momentum runs away (a per row)."""
    n, big = b.numbers, b.numbers.big
    scene.say(big_question(n))
    # the "≈90%" goes with the valley: the plot's title rises to where it stood
    if b.overflow is None:      # the valley inset, and what _play_steps said over it
        scene.play(FadeOut(b.valley.frame, b.valley.here, b.valley.heads, *b.valley.paths,
                           b.part3, b.ratio), run_time=0.5)
    scene.play(FadeIn(b.big.frame), run_time=0.6)
    scene.add(*b.big.curves)
    scene.keep_on_top(*b.big.curves)
    scene.play(*[c.grow(len(c.vertices) - 1, BIG_SECONDS) for c in b.big.curves],
               run_time=BIG_SECONDS)
    scene.mark("big_done")
    if big.lr < n.mean_loss_limit:
        # both limits, each on screen as it is said (review r10): the runaway is not
        # momentum's on the mean loss; named for a student who skipped the overshoot lesson
        scene.say(f"Under the largest stable lr for the average loss: "
                  f"{sci_text(n.mean_loss_limit)} (overshoot lesson).")
        scene.play(FadeIn(b.big.limit[0]), run_time=0.5)
        # the plotted lr, then the limit it stays under: the comparison said, read on screen
        # (r11: 3.75 s still)
        title, limit = b.big.frame[1], b.big.limit[0]
        scene.play(Indicate(title, color=title.get_color(), scale_factor=1.08), run_time=0.9)
        scene.play(Indicate(limit, color=limit.get_color(), scale_factor=1.08), run_time=0.9)
        scene.say(f"Momentum's own limit is {figures_text(n.mom_limit_ratio)}× that: "
                  f"{sci_text(n.mom_mean_loss_limit)}.")
        scene.play(FadeIn(b.big.limit[1]), run_time=0.5)
    if big.diverged_mom is not None and big.diverged_sgd is None:
        scene.say(f"SGD stays bounded. Momentum grows ×{figures_text(big.growth_mom)} an epoch: "
                  f"runaway in epoch {n.big_runaway_epoch}.")
    elif big.diverged_sgd is not None:
        scene.say(overflow_caption(big.lr, overflows(big.diverged_sgd, big.diverged_mom)))
    else:
        scene.say(f"At this lr, SGD ends at RMSE {_last(big.rmse_sgd)}, momentum at "
                  f"{_last(big.rmse_mom)}.")
    scene.play(FadeIn(b.big.note), run_time=0.8)
    if big.diverged_mom is not None:
        # its line traced as the note is read: the straight climb on log axes is the ×growth
        # an epoch (r11: 3 s still)
        scene.play(trace(b.big.curves[1], 1.2))
    else:
        scene.wait(1.0)
    if b.why is not None:
        play_why(scene, b)
    play_close(scene, b)


def _last(values) -> str:
    return f"{values[-1]:.1f}" if len(values) else "none"


def _row_plots(n) -> SimpleNamespace:
    """b per row above a per row, both runs in each, rows numbered under the lower one."""
    top = plot_axes(n.path_x_range, n.b_range, 6.4, 1.9).move_to([-3.0, 0.95, 0])
    bottom = plot_axes(n.path_x_range, n.a_range, 6.4, 1.7).move_to([-3.0, -1.75, 0])
    # one x origin for both (their tick labels differ in width): the epoch lines stack (r10)
    bottom.shift(RIGHT * (top.x_axis.get_start()[0] - bottom.x_axis.get_start()[0]))
    bottom.x_axis.add_numbers(font_size=TEXT_SIZE)
    row = row_under_axis_end(MathTex(r"\text{row}", font_size=TEXT_SIZE), bottom)
    # "per row" and the unit where the runs overflowed: with the gloss too, a's title pushed
    # the key beside it into the larger lr's plot
    titles = [in_powers_name(MathTex(rf"{name}\ \text{{per row}}", font_size=TEXT_SIZE), power)
              if power else MathTex(rf"{name}\ \text{{per row ({gloss})}}", font_size=TEXT_SIZE)
              for name, gloss, power in (("b", "along the valley", top.y_power),
                                         ("a", "across it", bottom.y_power))]
    labels = VGroup(
        titles[0].next_to(top, UP, buff=0.08).align_to(top, LEFT),
        titles[1].next_to(bottom, UP, buff=0.08).align_to(bottom, LEFT),
        # on the row numbers' line, under the axis' end: right of it, "row" ran into the
        # larger lr's "10¹" beside it (review r11)
        row)
    paths = (n.path_sgd, n.path_mom)
    return SimpleNamespace(
        top=top, bottom=bottom, labels=labels, epochs=_epoch_marks(n, top, bottom),
        b_curves=[GrowingCurve(top, n.path_rows[:len(p)], p[:, 1], c, width=w)
                  for p, (_, c, w) in zip(paths, RUNS)],
        a_curves=[GrowingCurve(bottom, n.path_rows[:len(p)], p[:, 0], c, width=w)
                  for p, (_, c, w) in zip(paths, RUNS)])


def _epoch_marks(n, top, bottom) -> VGroup:
    """Faint dividers between the epochs on both row panels, as the larger lr's a panel has
    them, and "last epoch" over the rows the table averages (inside b's panel, under its
    curves, which have climbed by then): the table said "last epoch" of an unmarked axis (r8).
    Runs that overflowed get the dividers they reached, and no "last epoch"."""
    rows, per, marks = len(n.path_rows) - 1, n.rows_per_epoch, VGroup()
    if n.path_epochs < 2:
        return marks
    for axes, (lo, hi, _) in ((top, n.b_range), (bottom, n.a_range)):
        for k in range(1, min(n.path_epochs - 1, rows // per) + 1):
            marks.add(DashedLine(axes.c2p(k * per, lo), axes.c2p(k * per, hi), color=GREY_A,
                                 stroke_width=1.5, stroke_opacity=0.6))
    if not n.path_whole:
        return marks
    last = MathTex(r"\text{last epoch}", font_size=TEXT_SIZE, color=GREY_A)
    lo = n.b_range[0]
    return marks.add(last.next_to(top.c2p((rows - per + rows) / 2, lo), UP, buff=0.1))


def _table(n) -> VGroup:
    """Per row over the last epoch: the mean step along b and the mean zig-zag |Δa|; and the
    last epoch's RMSE. Rows: the heading, SGD, momentum (added in two steps: b, then a and
    RMSE)."""
    # the lr in the heading: the table stays up beside the larger lr's plot
    head = MathTex(rf"\text{{last epoch, per row, at lr}} = {setting_tex(n.lr)}",
                   font_size=TEXT_SIZE, color=GREY_A)
    cols = (r"\text{mean } \Delta b", r"\text{mean } |\Delta a|", r"\text{RMSE}")
    heads = VGroup(*[MathTex(c, font_size=TEXT_SIZE, color=GREY_A) for c in cols])
    # an RMSE from 10⁴ up by the series' rule (lr 5e-4: 1.4×10⁵, not 136215.9)
    cells = [[figures_tex(n.step_b_sgd), fixed_tex(n.step_a_sgd, 3), fixed_tex(n.rmse_sgd[-1], 1)],
             [figures_tex(n.step_b_mom), fixed_tex(n.step_a_mom, 3), fixed_tex(n.rmse_mom[-1], 1)]]
    names = VGroup(*[MathTex(rf"\text{{{name}}}", font_size=TEXT_SIZE, color=c)
                     for name, c, _ in RUNS])
    grid = [[MathTex(v, font_size=TEXT_SIZE, color=c) for v in row]
            for row, (_, c, _) in zip(cells, RUNS)]
    xs = TABLE_XS
    for y, row in ((0.0, [None, *heads]), (-0.5, [names[0], *grid[0]]),
                   (-0.95, [names[1], *grid[1]])):
        for x, cell in zip(xs, row):
            if cell is not None:
                cell.move_to([x, y, 0], aligned_edge=LEFT)
    # room between the heading and the column heads for the highlight on |Δa|
    head.next_to(heads, UP, buff=0.25).align_to([0, 0, 0], LEFT)
    b_col = VGroup(head, heads[0], names, grid[0][0], grid[1][0])
    rest = VGroup(heads[1], heads[2], grid[0][1], grid[1][1], grid[0][2], grid[1][2])
    return VGroup(*b_col, *rest)


def _near(sgd: float, mom: float) -> bool:
    """Whether SGD's value is within :data:`NEAR` of momentum's (their b, or their steps
    along it), so that the two may be told as together.

    >>> _near(1.185, 1.151), _near(276.3, 16.0)
    (True, False)
    """
    return abs(sgd - mom) <= NEAR * abs(mom)


def _overflow_note(runs, b) -> VGroup:
    """In the step table's place, each run that overflowed and its row, in its colour; clear
    of the row plots, whose numbers widen as the runs climb."""
    colours = {name: c for name, c, _ in RUNS}
    note = VGroup(*[MathTex(rf"\text{{{name}: overflow, row {row}}}", font_size=TEXT_SIZE,
                            color=colours[name]) for name, row in runs]).arrange(
        DOWN, aligned_edge=LEFT, buff=0.15).move_to(TABLE_CORNER, aligned_edge=UL)
    return note.shift(max(0.0, b.top.get_right()[0] + 0.2 - note.get_left()[0]) * RIGHT)


def _key() -> VGroup:
    """SGD's and momentum's colours, named from the part's first frame."""
    return VGroup(*[VGroup(Line(LEFT * 0.25, RIGHT * 0.25, color=c, stroke_width=w + 1),
                           MathTex(rf"\text{{{name}}}", font_size=TEXT_SIZE, color=c))
                    .arrange(RIGHT, buff=0.12) for name, c, w in RUNS]).arrange(RIGHT, buff=0.4)
