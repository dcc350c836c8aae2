"""The end of Part 4 of ``momentum``: the larger lr's RMSE per epoch, why momentum runs away
there (a per row, its steps up its row's slope in red, each epoch's swing), and the close: the
gain highlighted where it is shown, then the takeaway written under the runaway's plots, which
stay as its evidence."""

from __future__ import annotations

from types import SimpleNamespace

from manim import (BLACK, DOWN, DR, GREY_A, LEFT, RIGHT, UL, UP, UR, BackgroundRectangle, Brace,
                   DashedLine, Dot, FadeIn, FadeOut, GrowFromCenter, LaggedStart, Line, MathTex,
                   Rectangle, Transform, VGroup, Write, config)

from scenes.kit.clearance import clear_of
from scenes.kit.format import (figures_tex, figures_text, fixed, fixed_tex, sci_tex, setting_tex,
                               setting_text, short)
from scenes.kit.plots import LogAxes, TrackedCurve
from scenes.kit.scene import covers
from scenes.kit.style import LABEL_SIZE, OPTIMUM, RED, TITLE_SIZE
from scenes.momentum.plots import AVERAGE, SGD, GrowingCurve, plot_axes

NOTE_GAP = 0.1       # the runaway note's room from both RMSE curves
WHY_WIDTH = 6.0      # the larger lr's a per row, its rows axis ending at WHY_RIGHT
WHY_RIGHT = 0.25     # 0.36 left of the step table's names (paths.TABLE_XS, shifted)
WHY_SECONDS = 3.5     # a per row at the larger lr, both runs
DOTS_SECONDS = 2.6    # momentum's steps up its row's slope, marked one after another
RUNS = (("SGD", SGD, 3), ("momentum", AVERAGE, 4))
TEXT_SIZE = 30        # LaTeX words and digits: at MIN_FONT_SIZE they are 8 px high at 480p
CLOSE_INDENT = 0.2    # the takeaway's left edge, left of the larger lr's plot
CLOSE_MARGIN = 0.2    # ... and its lines' right edges, inside the frame
NEXT_HOLD = 3.2       # the end card, whole, before the clip ends
HIGHLIGHT = 0.22      # the gain's highlight: a grey fill behind it, the text still on top
HIGHLIGHT_BUFF = 0.08
# the log axis' labels clear of their ticks (a tick reaches 0.1 left of the axis)
LOG_LABEL_BUFF = 0.22


def why_panel(n) -> SimpleNamespace:
    """a per row at the larger lr in both runs (left half), the best a dashed, momentum's steps
    against its row's gradient as red dots with their key, each epoch marked under the plot,
    and each epoch's largest swing past the best a."""
    w, big = n.big.why, n.big
    axes = plot_axes(w.x_range, w.a_range, WHY_WIDTH, 3.9).move_to([-3.0, -0.45, 0])
    # the rows end left of the step table, which stays up: at 6.4 wide they reached under
    # its "momentum", and a climb at β 0.8 ran into it
    axes.shift((WHY_RIGHT - axes.x_axis.get_end()[0]) * RIGHT)
    a_best, (lo, hi, _) = n.optimum[0], w.a_range
    # no ticks along the rows: unlabeled, every 25 rows, they sat on the epoch lines (r10)
    axes.x_axis.ticks.set_stroke(opacity=0)
    per = (len(w.rows) - 1) // w.epochs
    title = MathTex(rf"a\ \text{{per row at lr}} = {setting_tex(big.lr)}\text{{, its first "
                    rf"{w.epochs} epochs}}", font_size=TEXT_SIZE)
    title.next_to(axes, UP, buff=0.15).align_to(axes, LEFT)
    # the rows axis crosses at a = 0, mid-plot: the epochs are marked along the bottom instead
    epochs = VGroup()
    for k in range(w.epochs):
        epochs.add(MathTex(rf"\text{{epoch {k + 1}}}", font_size=TEXT_SIZE, color=GREY_A)
                   .next_to(axes.c2p((k + 0.5) * per, lo), DOWN, buff=0.12))
        if k:
            epochs.add(DashedLine(axes.c2p(k * per, lo), axes.c2p(k * per, hi), color=GREY_A,
                                  stroke_width=1.5, stroke_opacity=0.6))
    best = DashedLine(axes.c2p(0, a_best), axes.c2p(w.x_range[1], a_best), color=OPTIMUM,
                      stroke_width=2)
    # where a tick label would be: the best a, in the optimum's green
    best_label = MathTex(rf"\text{{best }}{fixed_tex(a_best, 0)}", font_size=TEXT_SIZE,
                         color=OPTIMUM).next_to(axes.c2p(0, a_best), LEFT, buff=0.15)
    curves = [GrowingCurve(axes, w.rows, a, c, width=wd)
              for a, (_, c, wd) in zip((w.a_sgd, w.a_mom), RUNS)]
    against = VGroup(*[Dot(axes.c2p(r, w.a_mom[r]), radius=0.05, color=RED)
                       for r in w.against_rows]).set_z_index(5)
    swings = VGroup(
        MathTex(rf"\text{{largest }} |a - {fixed_tex(a_best, 0)}|\ \text{{per epoch}}",
                font_size=TEXT_SIZE, color=GREY_A),
        *[MathTex(rf"\text{{{name}: }}" + r",\ ".join(fixed_tex(s, 1) for s in swing),
                  font_size=TEXT_SIZE, color=c)
          for swing, (name, c, _) in zip((w.swing_sgd, w.swing_mom), RUNS)])
    swings.arrange(DOWN, aligned_edge=LEFT, buff=0.1)
    swings.next_to(axes.c2p(0, hi), DR, buff=0.1).shift(RIGHT * 0.2)
    # the first epoch divider runs through the words ("|a - 2||"): a black backing breaks it
    swings_backing = BackgroundRectangle(swings, color=BLACK, fill_opacity=1.0, buff=0.06)
    key = _dot_key(w, axes, lo, swings)
    return SimpleNamespace(frame=VGroup(axes, title, epochs, best, best_label), curves=curves,
                           against=against, swings=swings, swings_backing=swings_backing,
                           axes=axes, key=key,
                           push=_push_brace(w, axes, a_best, (key, swings_backing, title)))


def _push_brace(w, axes, a_best, others) -> VGroup:
    """The caption's "up to N rows", on screen: a brace under momentum's longest run of steps
    one way (the lesson's ``push_rows``), below both curves, the best line and the rows axis
    (a = 0, its ticks) over those rows, where epoch 1 leaves room above the key; labelled in
    momentum's colour, on two lines so it stays clear of epoch 1's divider. Where that would
    meet one of ``others`` (the key: at β 0.8 the a axis spans −100 to 150 and the curves
    leave no room under them), the brace goes over the curves instead."""
    first, last = w.push_rows
    pushed = (w.a_mom[first:last + 1], w.a_sgd[first:last + 1], [a_best, 0.0])
    label = VGroup(*[MathTex(rf"\text{{{t}}}", font_size=TEXT_SIZE, color=AVERAGE)
                     for t in (f"{w.longest_push} rows", "one way")]).arrange(DOWN, buff=0.08)
    for side, level in ((DOWN, min(map(min, pushed))), (UP, max(map(max, pushed)))):
        span = Line(axes.c2p(first, level), axes.c2p(last, level))
        brace = Brace(span, side, buff=0.15, color=AVERAGE)
        push = VGroup(brace, label.copy().next_to(brace, side, buff=0.08))
        if side is DOWN:
            below = push
        if not any(covers(push, other) for other in others):
            return push
    return below


def _dot_key(w, axes, lo, swings) -> VGroup:
    """What a red dot is, on screen (posts play muted): inside the plot's bottom-left corner,
    which the curves reach only in the last epoch's plunge, under the swings' left edge.
    A black backing breaks the epoch dividers behind it."""
    lines = VGroup(MathTex(r"\text{red: momentum steps up}", font_size=TEXT_SIZE, color=RED),
                   MathTex(rf"\text{{its row's slope ({w.against_mom} of {len(w.rows) - 1} "
                           r"rows)}", font_size=TEXT_SIZE, color=RED))
    lines.arrange(DOWN, aligned_edge=LEFT, buff=0.1)
    dot = Dot(radius=0.07, color=RED).next_to(lines[0], LEFT, buff=0.15)
    key = VGroup(dot, lines)
    key.next_to(axes.c2p(0, lo), UR, buff=0.12).align_to(swings, LEFT)
    return VGroup(BackgroundRectangle(key, color=BLACK, fill_opacity=1.0, buff=0.06), key)


def play_why(scene, b) -> None:
    """a per row at the larger lr: SGD turns back at once, momentum keeps pushing (red: its
    steps up its row's slope) and its largest miss grows epoch by epoch."""
    w, why = b.numbers.big.why, b.why
    scene.say("Why? a per row. SGD steps −lr·g, down its row's slope: it turns back at once.")
    scene.play(FadeOut(b.top, b.bottom, b.labels, b.epochs, b.sub, *b.b_curves, *b.a_curves),
               run_time=0.5)
    # the runs' colours stay named (review r10: the panel had no legend), above its title
    scene.play(FadeIn(why.frame), b.key.animate.next_to(why.frame[1], UP, buff=0.2,
                                                        aligned_edge=LEFT), run_time=0.5)
    scene.add(*why.curves)
    scene.keep_on_top(*why.curves)
    scene.play(*[c.grow(len(w.rows) - 1, WHY_SECONDS) for c in why.curves],
               run_time=WHY_SECONDS)
    scene.mark("why_done")
    # what breaks, named (review r10): m's lag over row-by-row gradients, not the mean loss
    scene.say(f"Row by row, m lags: it keeps pushing one way, up to {w.longest_push} rows.")
    scene.play(GrowFromCenter(why.push[0]), FadeIn(why.push[1]), run_time=1.2)
    scene.say(f"On {w.against_mom} of {len(w.rows) - 1} rows momentum steps up its row's "
              "slope (red).")
    # the red dots row by row while the line is read (review r10: 3 s of a still frame)
    scene.play(FadeIn(why.key), LaggedStart(*[FadeIn(d, scale=2.0) for d in why.against],
                                            lag_ratio=0.1), run_time=DOTS_SECONDS)
    swings = ", ".join(fixed(s, 1) for s in w.swing_mom)
    # per epoch, as the panel's label says: not "each swing", whose troughs fall between the
    # epoch lines and are larger (review r11)
    scene.say(f"Its largest miss per epoch grows: {swings} past a = "
              f"{fixed(b.numbers.optimum[0], 0)}.")
    scene.play(FadeIn(why.swings_backing), FadeIn(why.swings), run_time=0.6)
    scene.wait(1.0)


def close_lines(n, big, lift) -> VGroup:
    """The takeaway under the larger lr's plot once it has risen by ``lift`` into the step
    table's place: the sheet's rule; its gain with the table's evidence (the zig-zag at the
    sheet's lr, which the last frame would not show otherwise); its cost, lateness, with what
    it does at the larger lr; and the next lesson's idea."""
    # "3× lr", not "3× the lr": the line ends 60 px (at 1080p) inside the frame (review r10);
    # the larger lr itself where it is not larger (at lr 1 it read "at 0.0003× lr")
    at = (rf"{short(n.big_lr_ratio, 2)}{{\times}}\text{{ lr, row by row, it runs away}}"
          if n.big_lr_ratio > 1 else rf"\text{{lr }}{setting_tex(n.big.lr)}\text{{ it runs away}}")
    late = (r"\text{but late: at }" + at
            if n.big.diverged_mom is not None and n.big.diverged_sgd is None
            else r"\text{but late; one lr sizes } a \text{ and } b")
    # the gain only where the step table showed it: runs at lr that overflowed have none
    gain = (_gain_line(n),) if n.path_whole else ()
    lines = VGroup(
        MathTex(r"\text{momentum: } m \leftarrow \beta m + (1-\beta)\,g", font_size=TITLE_SIZE,
                color=AVERAGE),
        *gain,
        MathTex(late, font_size=LABEL_SIZE),
        MathTex(r"\text{next: each weight's own step size}", font_size=LABEL_SIZE,
                color=GREY_A))
    lines.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
    lines[-1].shift(DOWN * 0.15)      # the next lesson, apart from this one's takeaway
    # a little left of the plot's tick labels: the longest line ends 60 px inside the frame
    corner = [big.axes.get_left()[0] - CLOSE_INDENT,
              big.frame.get_bottom()[1] + lift[1] - 0.3, 0]
    lines.move_to(corner, aligned_edge=UL)
    # a line with long numbers narrowed to the frame's margin, its left edge kept (lr 5e-4:
    # "|Δa| 76.836 vs 3122.370" ran off the frame)
    edge = config.frame_width / 2 - CLOSE_MARGIN
    for line in lines:
        if line.get_right()[0] > edge:
            line.scale((edge - line.get_left()[0]) / line.width, about_edge=LEFT)
    return lines


def _gain_line(n) -> MathTex:
    """The gain as the table showed it, each run's mean |Δa| in its colour; at the size of the
    table's cells, so that the line fits beside the why panel."""
    line = MathTex(rf"\text{{smoother at lr }}{setting_tex(n.lr)}\text{{: }}|\Delta a|\ ",
                   fixed_tex(n.step_a_mom, 3), r"\text{ vs }", fixed_tex(n.step_a_sgd, 3),
                   font_size=LABEL_SIZE)
    line[1].set_color(AVERAGE)
    line[3].set_color(SGD)
    return line


def _larger_lr(n) -> str:
    """The larger lr for a caption: as a multiple of the lr, or itself where it is not larger."""
    return (f"{short(n.big_lr_ratio, 2)}× the lr" if n.big_lr_ratio > 1
            else f"lr {setting_text(n.big.lr)}")


def _play_gain(scene, b, runaway: bool) -> VGroup:
    """The gain, highlighted in the step table's zig-zag column; then, when momentum runs
    away at the larger lr, the highlight moves to that plot's note. Returns the highlight."""
    n = b.numbers
    box = highlight(b.zigzag)
    scene.say(f"Its gain: a {figures_text(n.zigzag_ratio)}× calmer zig-zag."
              + (f" At {_larger_lr(n)} it runs away." if runaway else ""))
    scene.play(FadeIn(box), run_time=0.6)
    if runaway:
        scene.wait(1.2)
        scene.play(Transform(box, highlight(b.big.note, per_line=True)), run_time=0.6)
    return box


def highlight(mob, per_line: bool = False) -> VGroup:
    """A grey fill behind ``mob`` (an outline this close to the table's texts touched them);
    ``per_line``: one band per line of it, each as wide as its line, the bands meeting half-way
    between lines (one box around the runaway note reached past its short second line into
    the RMSE line)."""
    parts = list(mob) if per_line else [mob]
    edges = [parts[0].get_top()[1] + HIGHLIGHT_BUFF]
    edges += [(a.get_bottom()[1] + b.get_top()[1]) / 2 for a, b in zip(parts, parts[1:])]
    edges.append(parts[-1].get_bottom()[1] - HIGHLIGHT_BUFF)
    bands = VGroup()
    for part, top, bottom in zip(parts, edges, edges[1:]):
        band = Rectangle(width=part.width + 2 * HIGHLIGHT_BUFF, height=top - bottom,
                         stroke_width=0, fill_color=GREY_A, fill_opacity=HIGHLIGHT)
        bands.add(band.move_to([part.get_center()[0], (top + bottom) / 2, 0]))
    return bands.set_z_index(-1)


def play_close(scene, b) -> None:
    """The gain, highlighted where it is shown (the zig-zag column, then the runaway note);
    then the step table goes, the larger lr's plot rises into its place and the takeaway and
    the next lesson's idea are written under it, beside the why panel, which stays."""
    n, big = b.numbers, b.numbers.big
    runaway = big.diverged_mom is not None and big.diverged_sgd is None
    box = _play_gain(scene, b, runaway) if n.path_whole else None
    shown = set(scene.get_mobject_family_members())
    rising = [m for m in (b.big.frame, *b.big.limit, b.big.note) if m in shown]
    scene.say("Takeaway: momentum smooths the steps, but makes them late.")
    scene.play(FadeOut(*([b.table, box] if box is not None else [b.overflow])), run_time=0.4)
    # the plot rises once the table is gone (crossing it, the two read as one smudge); its
    # curves follow their axes (kit TrackedCurve's to_scene)
    scene.play(*[m.animate.shift(b.lift) for m in rising], run_time=0.6)
    # written in 1 s, read whole under its line (review r10: still being written)
    scene.play(Write(b.close[:-1]), run_time=1.0)
    scene.say("Next, optimizers: scale each weight's step by its own history.")
    # whole for the line's full time, over 3 s (review r10: 1.8 s before the end)
    scene.play(FadeIn(b.close[-1:]), run_time=0.4)
    scene.wait(NEXT_HOLD)


def big_plot(n) -> SimpleNamespace:
    """RMSE per epoch of both runs at the larger lr, on log axes; a note on who ran away and
    how fast, and the mean-loss limit the lr stays under."""
    big = n.big
    axes = LogAxes((0, big.epochs, big.epoch_step), big.decades, width=5.0, height=1.9,
                   decades_per_tick=1 if big.decades[1] - big.decades[0] <= 3 else 2,
                   font_size=TEXT_SIZE, label_size=TEXT_SIZE, label_buff=LOG_LABEL_BUFF)
    # low enough for the title's three lines under the step table
    axes.move_to([3.85, -1.9, 0])
    placed = axes.axes.x_axis.get_start().copy()
    title = MathTex(rf"\text{{RMSE per epoch at lr}} = {setting_tex(big.lr)}",
                    font_size=TEXT_SIZE).next_to(axes, UP, buff=0.12).align_to(axes, LEFT)
    epoch = MathTex(r"\text{epoch}", font_size=TEXT_SIZE).next_to(
        axes.axes.x_axis, DOWN, buff=0.05).align_to(axes.axes.x_axis, RIGHT)
    points = [[axes.point(e + 1, r) for e, r in enumerate(rmse)] or [axes.point(0, 1.0)]
              for rmse in (big.rmse_sgd, big.rmse_mom)]
    curves = [TrackedCurve(pts, stroke_color=c, stroke_width=w,
                           to_scene=lambda pts: pts + (axes.axes.x_axis.get_start() - placed))
              for pts, (_, c, w) in zip(points, RUNS)]
    if big.diverged_sgd is not None:        # SGD too: no epoch-by-epoch growth to show
        lines = [rf"\text{{{name} overflows: row {row}}}" for name, row in overflows(big.diverged_sgd, big.diverged_mom)]
        colour = RED
    elif big.diverged_mom is not None:
        # the longer line on top, where momentum's climb is still far to the right
        lines = (rf"\text{{runs away: epoch {n.big_runaway_epoch}}}",
                 rf"\times{figures_tex(big.growth_mom)}\text{{ an epoch}}")
        colour = RED
    else:
        lines, colour = (r"\text{both stay bounded}",), GREY_A
    note = VGroup(*[MathTex(line, font_size=TEXT_SIZE, color=colour) for line in lines])
    _place_note(note.arrange(DOWN, aligned_edge=LEFT, buff=0.08), axes, points)
    # the title's next lines: the lr plotted is under overshoot's limit and momentum's own
    limit = VGroup(
        MathTex(rf"\text{{mean-loss limits: SGD }}{sci_tex(n.mean_loss_limit)}",
                font_size=TEXT_SIZE, color=GREY_A),
        MathTex(rf"\text{{momentum }}{sci_tex(n.mom_mean_loss_limit)}\ "
                rf"({figures_tex(n.mom_limit_ratio)}{{\times}})", font_size=TEXT_SIZE,
                color=AVERAGE))
    limit.arrange(DOWN, aligned_edge=LEFT, buff=0.07)
    limit.next_to(axes, UP, buff=0.1).align_to(axes, LEFT)
    title.next_to(limit, UP, buff=0.07).align_to(axes, LEFT)
    frame = VGroup(axes, title, epoch)
    return SimpleNamespace(frame=frame, curves=curves, note=note, axes=axes, limit=limit)


def _place_note(note, axes, points) -> None:
    """``note`` inside the plot's top-left corner, clear of the ticks, which the curves reach
    last. Where a steep climb crosses one of its lines (β 0.8 runs away ×3.7 an epoch and
    reaches the top in epoch 7, through "runs away: epoch 8"), in the plot's right column
    instead, as high as it clears both curves: a runaway leaves the lower right to the
    bounded run. Each line is checked on its own box: the climb may pass under the first
    line's end, right of the shorter second."""
    def clear(spot) -> bool:
        return all(clear_of(line, points, NOTE_GAP) for line in spot)

    note.next_to(axes.point(0, 10.0 ** axes.high), DR, buff=0.1).shift(RIGHT * 0.15)
    if clear(note):
        return
    spot = note.copy().align_to(axes.axes.x_axis.get_end() + 0.1 * LEFT, RIGHT)
    while spot.get_bottom()[1] > axes.axes.x_axis.get_start()[1]:
        if clear(spot):
            note.move_to(spot)
            return
        spot.shift(NOTE_GAP / 2 * DOWN)


def overflows(sgd: int | None, mom: int | None) -> list[tuple[str, int]]:
    """The runs that overflowed, as ``(name, row)``, from SGD's and momentum's rows."""
    return [(name, row) for (name, _, _), row in zip(RUNS, (sgd, mom)) if row is not None]
