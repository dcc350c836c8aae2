"""Part 2 of ``momentum``: a real, wiggly derivative. ∂err²/∂d of the 2-neuron model row by row
in the thread's four series (the stacked pair, the pair with a ReLU under plain SGD, that pair
under momentum, and that run's momentum m: docs/notation.md's names), the row where the ReLU
dies, and d itself in the plain SGD and the momentum run."""

from __future__ import annotations

from types import SimpleNamespace

from manim import (DOWN, GREY_A, LEFT, RIGHT, UP, Create, Dot, FadeIn, GrowArrow, Line,
                   LineJointType, MathTex, VGroup)

from scenes.kit.captions import rows_name
from scenes.kit.formulas import RELU2_INLINE
from scenes.kit.format import sci_text, setting_tex, setting_text
from scenes.kit.part import Part
from scenes.kit.plots import in_powers_name
from scenes.kit.scene import covers
from scenes.kit.style import GRAD
from scenes.momentum.plots import AVERAGE, SGD, TICK_SIZE, GrowingCurve, header, plot_axes
from scenes.momentum.wiggle_marks import (NO_RELU, d_ends, dies, exit_label, key_under_death,
                                          row_clear_of)

GROW_SECONDS = 8.0    # every row of the runs is drawn in this time
PLOT_LEFT = -6.2      # the plots' left edge; the key stands right of them
PLOT_WIDTH = 7.0      # room right of the plots for d's end values, before the keys
KEY_BUFF = 0.95       # the keys stand where they stood with 7.6-wide plots
LIN_WIDTH = 2
RELU_WIDTH = 6
LIN_DOT = 0.05        # radius of the stacked pair's row dots
SUB_ROOM = 0.35       # how much lower the plots stand for the subtitle's second line
TITLE_INDENT = 0.15
D_HEIGHT = 1.25       # d's panel (0.9 left the two runs' lines parallel and unlabelled)   # the panels' titles start right of the y axis, clear of its tick labels


class Wiggle(Part):
    """The four series per row (top) with the ReLU's death, d per row in both ReLU runs
    (bottom), and a key right of the plots."""

    id = "wiggle"
    starts_clean = True   # kit.Part: it needs nothing the parts before it leave

    def build(self, numbers, params) -> SimpleNamespace:
        n = numbers
        b = _plots(n)
        b.numbers, b.head = n, header(self.id, n)
        b.sub = _subtitle(n, params).next_to(b.head, DOWN, aligned_edge=LEFT, buff=0.12)
        top, mid, bottom = b.top, b.mid, b.bottom
        # each title right of its panel's y axis, not over its tick labels: there the "-500",
        # the title and the next panel's "500" read as one column at 480p (review r8)
        b.titles = VGroup(*[
            in_powers_name(MathTex(tex, font_size=TICK_SIZE), axes.y_power)
            .next_to(axes, UP, buff=0.05)
            .align_to(axes.c2p(0, 0) + TITLE_INDENT * RIGHT, LEFT) for tex, axes in (
                (r"\text{SGD: } g = \partial\,\text{err}^2/\partial d", top),
                (r"\text{momentum: its } g \text{ and } m", mid),
                (r"d\ \text{per row}", bottom))],
            MathTex(r"\text{row}", font_size=TICK_SIZE).next_to(bottom.x_axis, RIGHT,
                                                                   buff=0.1))
        if b.runaway is not None and covers(b.runaway[1], b.titles[0]):
            # an early exit (row 4 at lr 2e-4) wrote its value over the top panel's title, on
            # the same line: after the title instead, its ↑ right of the arrow
            b.runaway[1].next_to(b.titles[0], RIGHT, buff=0.3)
        _keys(b)
        # the runs that overflowed in the drawn rows (the stacked pair's, unless its exit
        # from the chart is told): said in one caption, and written on their panels
        b.overflowed = overflowed(n, told=b.runaway is not None)
        b.overflow = _overflow_notes(b)
        row_clear_of(b.titles[-1], b.d_ends, bottom)
        return b

    def play(self, scene, b) -> None:
        n, rows = b.numbers, b.numbers.wiggle_x_range[1]
        scene.say("Now a real derivative: ∂err²/∂d, row by row.")
        # the axes fade in: drawn with Create, their tick digits showed as blobs half-way (r10)
        scene.play(FadeIn(b.head), FadeIn(b.sub), FadeIn(b.top), FadeIn(b.mid), FadeIn(b.bottom),
                   *[FadeIn(title) for title in b.titles], run_time=1.5)
        scene.play(FadeIn(b.key_top), FadeIn(b.key_mid), FadeIn(b.key_bottom), run_time=0.6)
        curves = (b.relu, b.lin, b.lin_dots, b.raw, b.mom, b.d_sgd, b.d_mom)
        scene.add(*curves)
        scene.keep_on_top(*curves)
        scene.say("Top, under SGD: the stacked pair and the pair with a ReLU. Middle: that "
                  "pair under momentum.")
        scene.mark("wiggle_start", rate=rows / GROW_SECONDS)  # after say(), which may hold
        # g and m have a point per row (1..rows), d one more (before row 1, then after each).
        scene.play(b.lin.grow(max(n.lin_drawn - 1, 0), GROW_SECONDS * n.lin_drawn / rows),
                   b.relu.grow(rows - 1, GROW_SECONDS), b.raw.grow(rows - 1, GROW_SECONDS),
                   b.mom.grow(rows - 1, GROW_SECONDS), b.d_sgd.grow(rows, GROW_SECONDS),
                   b.d_mom.grow(rows, GROW_SECONDS), run_time=GROW_SECONDS)
        scene.mark("wiggle_done")
        if b.runaway is not None:
            scene.say(f"To row {n.same_rows} the pair with a ReLU is the stacked pair.")
            scene.wait(0.5)
            # one row named per event: its runaway two rows on was said, never shown (r8)
            scene.say(f"Then the stacked pair's g (violet) leaves the chart: "
                      f"{sci_text(n.lin_exit, 1)} on row {n.lin_drawn + 1}.")
            # the label with its caption, not after it; its arrow grows up off the chart as
            # it is read (r11: 3.75 s still)
            scene.add(b.runaway[1])
            scene.play(GrowArrow(b.runaway[0]), run_time=1.2)
            scene.wait(0.6)
        if b.dies is not None:
            _play_deaths(scene, b)
        if b.overflow is not None:    # an lr past about 0.07: said, and left on screen
            scene.say(overflow_caption(n.lr, b.overflowed))
            scene.play(FadeIn(b.overflow), run_time=0.6)
            scene.wait(0.5)
        if n.spread_ratio is not None:
            scene.say(f"m is calmer: its spread is {n.spread_ratio:.0%} of g's.")
            scene.play(FadeIn(b.spread), run_time=0.6)
            scene.wait(0.5)
        if n.relu_runaway_sgd is None and n.relu_runaway_mom is None:   # both d to the end
            scene.say("So momentum moves d more steadily, but later: it starts from m = 0.")
            scene.play(FadeIn(b.d_ends), run_time=0.6)
            scene.wait(1.0)
        scene.finish_caption()


def _keys(b) -> None:
    """Each panel's key right of it, a panel's lowered where its ReLU death's label reaches
    it; the spread under the middle key and why g stays negative under the top one."""
    n, top, mid, bottom = b.numbers, b.top, b.mid, b.bottom
    # the thread's names (docs/notation.md): the stacked pair, the pair with a ReLU
    b.key_top = _key([(NO_RELU, LIN_WIDTH, r"\text{stacked pair}"),
                      (SGD, RELU_WIDTH, r"\text{pair with a ReLU}")]
                     ).next_to(top, RIGHT, buff=KEY_BUFF)
    b.key_top[0][0].add(*[Dot(b.key_top[0][0].point_from_proportion(t), radius=LIN_DOT,
                              color=NO_RELU) for t in (0.1, 0.5, 0.9)])
    # g in the derivative's red, m in momentum's blue: two blues were one at 480p
    b.key_mid = _key([(GRAD, 1.5, r"\text{with a ReLU: } g"),
                      (AVERAGE, 5, r"\text{its momentum } m")]).next_to(mid, RIGHT, buff=KEY_BUFF)
    b.key_bottom = _key([(SGD, 3, r"\text{SGD: } d \mathrel{-}= \text{lr}\cdot g"),
                         (AVERAGE, 4, r"\text{momentum: } d \mathrel{-}= \text{lr}\cdot m")]
                        ).next_to(bottom, RIGHT, buff=KEY_BUFF)
    lowered = [key_under_death(key, death, axes) for death, key, axes
               in zip(b.dies or (), (b.key_top, b.key_mid), (top, mid))]
    b.spread = MathTex(rf"\text{{spread (std): }} g\ {n.grad_std:.0f},\ m\ {n.mom_std:.0f}",
                       font_size=TICK_SIZE, color=GREY_A).next_to(b.key_mid, DOWN, buff=0.2) \
        .align_to(b.key_mid, LEFT)
    # caption 16 on screen (posts play muted): why g stays negative once the ReLU is dead
    b.why_negative = MathTex(r"\text{dead: } \hat y = d \ll y,\ \text{so } g < 0",
                             font_size=TICK_SIZE, color=GREY_A)
    # closer under a lowered key: momentum's death label stands under it (row 28 of 29)
    b.why_negative.next_to(b.key_top, DOWN, buff=0.15 if any(lowered) else 0.3) \
        .align_to(b.key_top, LEFT)


def _play_deaths(scene, b) -> None:
    """Each run's dead ReLU, its dashed row and label shown with the caption that names its
    row (review r11: momentum's row 28 came with SGD's row 26, 3.6 s before it was said), then
    why g stays negative."""
    n = b.numbers
    later = n.dies_mom is not None and n.dies_mom != n.dies_sgd
    first = b.dies[:1] if later else b.dies
    scene.say(f"Row {n.dies_sgd - 1}'s step pushed a·x + b below 0: ReLU dead from "
              f"row {n.dies_sgd}, ŷ = d.")
    scene.play(*[Create(mark[0]) for mark in first], *[FadeIn(mark[1]) for mark in first],
               run_time=0.8)
    scene.wait(1.0)
    if later:
        gap = n.dies_mom - n.dies_sgd
        scene.say(f"Under momentum: dead from row {n.dies_mom}, {abs(gap)} rows "
                  f"{'later, not saved' if gap > 0 else 'sooner'}.")
        scene.play(Create(b.dies[1][0]), FadeIn(b.dies[1][1]), run_time=0.8)
    scene.say("d is far below y, so g stays negative.")
    scene.play(FadeIn(b.why_negative), run_time=0.5)


# each run's key colour and the panel it is drawn on, for the overflow notes
RUN_KEYS = {"the stacked pair": (NO_RELU, "top"), "SGD's pair with a ReLU": (SGD, "top"),
            "momentum's": (GRAD, "mid")}


def overflowed(n, told: bool = False) -> list[tuple[str, int]]:
    """The runs whose numbers overflowed within the drawn rows, in the key's order, as
    ``(name, row)``: the stacked pair unless ``told`` (its exit from the chart was said)."""
    runs = (("the stacked pair", None if told else n.lin_runaway),
            ("SGD's pair with a ReLU", n.relu_runaway_sgd),
            ("momentum's", n.relu_runaway_mom))
    return [(name, row) for name, row in runs if row is not None and row <= n.wiggle_x_range[1]]


def overflow_caption(lr: float, runs: list[tuple[str, int]]) -> str:
    """Which ``runs`` (as :func:`overflowed` lists them) overflowed at ``lr``, on which rows:
    their lines stop there.

    >>> from types import SimpleNamespace as NS
    >>> n = NS(lr=0.1, lin_runaway=2, relu_runaway_sgd=2, relu_runaway_mom=None,
    ...        wiggle_x_range=(0, 58, 10))
    >>> overflow_caption(n.lr, overflowed(n))
    "At lr 0.1, the stacked pair and SGD's pair with a ReLU overflow on row 2: their lines stop there."
    >>> overflow_caption(n.lr, overflowed(NS(**{**n.__dict__, 'relu_runaway_mom': 5}), told=True))
    "At lr 0.1, overflows: SGD's pair with a ReLU on row 2, momentum's on row 5: lines stop there."
    """
    lr = setting_text(lr)
    rows = {row for _, row in runs}
    if len(rows) == 1:
        names = [name for name, _ in runs]
        names = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
        verb = "overflows" if len(runs) == 1 else "overflow"
        whose = "its line stops" if len(runs) == 1 else "their lines stop"
        return f"At lr {lr}, {names} {verb} on row {rows.pop()}: {whose} there."
    said = ", ".join(f"{name} on row {row}" for name, row in runs)
    return f"At lr {lr}, overflows: {said}: lines stop there."


def _overflow_notes(b) -> VGroup | None:
    """The overflows on screen too (posts play muted): on each panel's title line, flush with
    the panel's right end, "overflow, row R" for each row a run of it stopped on, in that
    run's key colour (grey when both of the panel's runs stopped on it). None without one."""
    notes = VGroup()
    for panel in ("top", "mid"):
        colours = {}         # row -> the colours of the runs that stopped on it
        for name, row in b.overflowed:
            colour, drawn_on = RUN_KEYS[name]
            if drawn_on == panel:
                colours.setdefault(row, []).append(colour)
        if not colours:
            continue
        note = VGroup(*[MathTex(rf"\text{{overflow, row {row}}}", font_size=TICK_SIZE,
                                color=hues[0] if len(hues) == 1 else GREY_A)
                        for row, hues in colours.items()]).arrange(RIGHT, buff=0.3)
        axes = getattr(b, panel)
        notes.add(note.next_to(axes, UP, buff=0.05).align_to(axes, RIGHT))
    return notes if len(notes) else None


def _subtitle(n, params) -> VGroup:
    """The model and the lr on one line; how the run is set up, in grey, on a second (on one
    line they ran the frame's width, over the panels' titles; review r6/r7)."""
    setup = (rf"\text{{{rows_name(params)}, every weight from 1}}"
             # the method named, as relu-sandwich and overshoot name it
             + (r"\text{, finite differences}" if params.grad == "numeric" else ""))
    lines = VGroup(MathTex(RELU2_INLINE + rf",\ \text{{lr}} = {setting_tex(n.lr)}",
                           font_size=TICK_SIZE),
                   MathTex(setup, font_size=TICK_SIZE, color=GREY_A))
    return lines.arrange(DOWN, aligned_edge=LEFT, buff=0.08)


def _key(entries) -> VGroup:
    """A key: a short line in each series' colour and width, and its name."""
    return VGroup(*[VGroup(Line(LEFT * 0.25, RIGHT * 0.25, color=colour, stroke_width=width),
                           MathTex(tex, font_size=TICK_SIZE, color=colour))
                    .arrange(RIGHT, buff=0.15) for colour, width, tex in entries]
                  ).arrange(DOWN, aligned_edge=LEFT, buff=0.14)


def _plots(n) -> SimpleNamespace:
    """Both axes, the curves, where the linear pair leaves the plot and where the ReLU dies."""
    wm, ws, wl = n.rows_mom, n.rows_sgd, n.rows_lin
    # two g panels, one per optimizer: after the ReLU dies both runs' g agree to a fraction of
    # a unit, so on one panel their lines would lie on top of each other
    # burned captions sit under the picture (kit captions.make_room_for_captions), so the
    # plots may reach its bottom: SUB_ROOM lower, under the subtitle's second line
    top = plot_axes(n.wiggle_x_range, n.wiggle_g_range, PLOT_WIDTH, 1.3)
    top.move_to(UP * (1.45 - SUB_ROOM)).align_to([PLOT_LEFT, 0, 0], LEFT)
    mid = plot_axes(n.wiggle_x_range, n.wiggle_g_range, PLOT_WIDTH, 1.3)
    mid.move_to(DOWN * (0.45 + SUB_ROOM)).align_to([PLOT_LEFT, 0, 0], LEFT)
    # d's panel as tall as the picture allows above the burned caption: where the runs part
    bottom = plot_axes(n.wiggle_x_range, n.wiggle_d_range, PLOT_WIDTH, D_HEIGHT)
    bottom.move_to(DOWN * (2.25 + SUB_ROOM))
    # the same row under the same row: line the axes up, not their tick labels' edges
    for axes, lo in ((mid, n.wiggle_g_range[0]), (bottom, n.wiggle_d_range[0])):
        axes.shift((top.c2p(0, n.wiggle_g_range[0])[0] - axes.c2p(0, lo)[0]) * RIGHT)
    bottom.x_axis.add_numbers(font_size=TICK_SIZE)
    lin_rows = wl.row[: max(n.lin_drawn, 1)]
    b = SimpleNamespace(
        top=top, mid=mid, bottom=bottom,
        # thin and light on top of the ReLU run's wide line: a grey core inside yellow while they agree
        lin=GrowingCurve(top, lin_rows, wl.grad[: len(lin_rows)], NO_RELU, width=LIN_WIDTH),
        lin_dots=VGroup(*[Dot(top.c2p(r, g), radius=LIN_DOT, color=NO_RELU)
                          for r, g in zip(lin_rows, wl.grad[: len(lin_rows)])]),
        # round joints: mitred, its corners overshot the data by ~120 at rows 3, 13, 25 (r10)
        relu=GrowingCurve(top, ws.row, ws.grad, SGD, width=RELU_WIDTH,
                          joint_type=LineJointType.ROUND),
        raw=GrowingCurve(mid, wm.row, wm.grad, GRAD, width=1.5),
        mom=GrowingCurve(mid, wm.row, wm.mom, AVERAGE, width=5),
        d_sgd=GrowingCurve(bottom, ws.weight_row, ws.weight, SGD, width=3),
        d_mom=GrowingCurve(bottom, wm.weight_row, wm.weight, AVERAGE, width=4),
        runaway=None, dies=None)
    b.d_ends = d_ends(bottom, ws.weight[-1], wm.weight[-1], n.wiggle_x_range[1])
    _follow(b.lin_dots, b.lin.tracker)
    if n.lin_exit is not None and n.lin_drawn >= 1:
        b.runaway = exit_label(top, n.lin_drawn + 1, n.lin_exit, n.wiggle_g_range)
    if n.dies_sgd is not None:
        # on the exit's row the top panel's dashes stop at the exit arrow, which goes on up
        stop = b.runaway[0].get_start() if b.runaway is not None else None
        b.dies = [dies(axes, row, n.wiggle_g_range, colour,
                       stop if stop is not None and n.lin_drawn + 1 == row else None)
                  for axes, row, colour in ((top, n.dies_sgd, SGD), (mid, n.dies_mom, AVERAGE))
                  if row is not None]
    return b


def _follow(dots: VGroup, tracker) -> None:
    """Show each row's dot once its curve's ``tracker`` has reached that row."""
    def show_reached(group):
        for k, dot in enumerate(group):
            dot.set_opacity(1.0 if k <= tracker.get_value() + 1e-9 else 0.0)
    dots.add_updater(show_reached)
    show_reached(dots)
