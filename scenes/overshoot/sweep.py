"""Part ``sweep``: the error of every row on a log axis, one curve per learning rate, a legend
sorted by lr split at the critical rate 2/λmax, and a note on the rates below it.

Every number comes from :class:`sgdanim.lessons.overshoot.SweepNumbers`, the lanes' errors
and their log scale included; :meth:`SweepPart.build` places everything without rendering.
"""

from __future__ import annotations

from dataclasses import dataclass

from manim import (DOWN, LEFT, MAROON_B, PURPLE_A, RIGHT, UP, AnimationGroup, Create,
                   DashedLine, FadeIn, LaggedStart, Line, MathTex, Text, Triangle, VGroup, linear)

from sgdanim.lessons.overshoot import PART_SPECS
from scenes.kit.captions import rows_name
from scenes.kit.format import (column_is_scientific, counted, percent_tex, percent_text, sci_tex,
                               sci_text, setting_tex, setting_text, short)
from scenes.kit.formulas import SPACED
from scenes.kit.part import Part
from scenes.kit.style import DATA, LABEL_SIZE, MIN_FONT_SIZE, MODEL_COLOURS
from scenes.kit.titles import chapter_header
from scenes.overshoot.common import MEAN, PER_ROW, RowPlot

# The first lane, the sheet's lr, is one neuron in part 3: its lime (the kit's MODEL_COLOURS).
# The others are outside the series' reserved colours (docs/notation.md: yellow weight, orange
# path and mean-loss limit, green optimum, red error) and away from the pair's violet and the
# ReLU pair's magenta; every lane must differ from every other (a pink beside MAROON_B's pink
# read as one lane; a pale yellow beside the white read as one at 480p, so 1.0×10⁻² is a
# saturated blue, darker than c's sky blue).
LANE_COLOURS = (MODEL_COLOURS["linear"], MAROON_B, "#5CD0B3", "#FFFFFF", "#3B6BFF", PURPLE_A)


def widest_mark() -> Triangle:
    """The mark of a row with the data's largest |x|, in the per-row limit's grey: under the
    sweep's row axis, and before the note's line that names that row's limit."""
    return Triangle(fill_color=PER_ROW, fill_opacity=1, stroke_width=0).scale(0.09)


def fate(lane) -> str:
    return f"runs away at row {lane.diverged_at}" if lane.diverged_at else "no runaway"


class SweepView(VGroup):
    """Error per row on a log axis, one curve per learning rate, and a legend sorted by lr
    with a divider at the critical lr 2/λmax. The part shows its pieces one by one."""

    def __init__(self, sweep, width=5.4, height=4.5, **kwargs):
        super().__init__(**kwargs)
        self.plot = RowPlot(sweep.steps, sweep.scale, width=width, height=height,
                            y_label=r"\text{err}^2\text{ of the row}", font_size=MIN_FONT_SIZE)
        self._frame(sweep)
        self._lanes(sweep)
        self.legend = VGroup(*[self.entries[i] for i in sweep.by_lr]).arrange(
            DOWN, aligned_edge=LEFT, buff=0.22).next_to(self.plot, RIGHT, buff=0.5).shift(UP * 0.4)
        self.critical = VGroup(
            MathTex(rf"\text{{mean-loss limit }}2/\lambda_{{\max}}="
                    rf"{sci_tex(sweep.critical_lr)}", font_size=LABEL_SIZE, color=MEAN),
            MathTex(rf"\lambda_{{\max}}={short(sweep.lam_max, 5)}"
                    r"\text{, the mean loss's largest curvature}",
                    font_size=MIN_FONT_SIZE, color=DATA)
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.1).next_to(self.legend, UP, 0.35).align_to(
            self.legend, LEFT)
        self.divider = self._divider(sweep)
        # Where one row's own limit falls among the rates: just above the sheet's 1.0×10⁻⁴.
        self.row_divider = self._divider(sweep, lambda lane: lane.lr > sweep.row_critical_lr,
                                         PER_ROW)
        # The rows that limit is for (x = 99 on the sheet), each epoch: marked under the axis.
        self.widest = VGroup(*[widest_mark().next_to(self.plot.vertical(step)[0], DOWN, 0.04)
                               for step in sweep.widest_steps])
        self.add(self.plot, self.cutoff, self.cut_label, self.epoch_lines, self.curves,
                 self.leaps, self.crosses, self.legend, self.critical, self.widest)
        self.add(*[d for d in (self.divider, self.row_divider) if d is not None])

    def _frame(self, sweep) -> None:
        """The cap that stops a run, and a line where each epoch after the first starts."""
        ax, cap = self.plot, sweep.max_loss
        self.cutoff = DashedLine(ax.point(0, cap), ax.point(sweep.steps, cap),
                                 color=DATA, stroke_width=2, dash_length=0.08)
        self.cut_label = MathTex(r"\text{run stops: err}^2>10^{%d}" % sweep.cap_decade,
                                 font_size=MIN_FONT_SIZE, color=DATA
                                 ).next_to(self.cutoff, UP, 0.1).align_to(self.cutoff, RIGHT)
        self.epoch_lines = VGroup(*[
            DashedLine(*ax.vertical(end + 0.5), color=DATA, stroke_width=1.5, dash_length=0.06)
            for end in sweep.epoch_ends])
        self.epoch_lines.add(*_epoch_names(list(self.epoch_lines), ax.point(sweep.steps, cap)[0]))

    def _lanes(self, sweep) -> None:
        """Per lane: its curve, a cross on the cap where it ran away, and its legend entry."""
        self.curves, self.crosses, self.entries = VGroup(), VGroup(), VGroup()
        self.leaps, self.leap_of = VGroup(), {}
        self.cross_of = {}
        for i, lane in enumerate(sweep.lanes):
            colour = LANE_COLOURS[i]
            self.curves.add(self.plot.curve(lane.loss, colour))
            if lane.diverged_at is not None:
                cross = MathTex(r"\times", color=colour, font_size=40).move_to(
                    self.plot.point(lane.diverged_at, sweep.max_loss))
                cross.step = lane.diverged_at
                self.crosses.add(cross)
                self.cross_of[i] = cross
                # The row that ran away: from the last row kept (or the start) up to its cross.
                if len(lane.loss):
                    leap = DashedLine(self.plot.point(len(lane.loss), lane.loss[-1]),
                                      cross.get_center(), color=colour, stroke_width=3,
                                      dash_length=0.08)
                    self.leaps.add(leap)
                    self.leap_of[i] = leap
            # One MathTex, one font and size: the lr and the words beside it read as one line.
            words = MathTex(rf"\mathrm{{lr}}={lane_lr(sweep, lane.lr, tex=True)}",
                            rf"\ \text{{{fate(lane)}}}", font_size=LABEL_SIZE)
            words[1].set_color(DATA)
            self.entries.add(VGroup(Line(LEFT * 0.2, RIGHT * 0.2, color=colour, stroke_width=5),
                                    words).arrange(RIGHT, buff=0.15))

    def _divider(self, sweep, above=None, colour=MEAN):
        """A line in the legend between the rates below and ``above`` a limit (by default the
        mean-loss limit, orange; the per-row limit's is grey), or None if it splits nothing."""
        above = above or (lambda lane: lane.above_critical)
        low = [self.entries[i] for i in sweep.by_lr if not above(sweep.lanes[i])]
        high = [self.entries[i] for i in sweep.by_lr if above(sweep.lanes[i])]
        if not low or not high:
            return None
        y = (low[-1].get_bottom()[1] + high[0].get_top()[1]) / 2
        rule = DashedLine([self.legend.get_left()[0] - 0.1, y, 0],
                          [self.legend.get_right()[0] + 0.1, y, 0], color=colour, stroke_width=3)
        # Each rule says which limit it is (review r9: the grey one had only the note's key).
        # Short: the legend leaves about 1.9 units to the frame's edge; the header and the
        # note carry the full names, in the same colours.
        name = MathTex(r"\text{mean-loss}" if colour == MEAN else r"\text{per-row}",
                       font_size=MIN_FONT_SIZE, color=colour)
        if colour == PER_ROW:
            name = VGroup(widest_mark(), name).arrange(RIGHT, buff=0.1)
        return VGroup(rule, name.next_to(rule, RIGHT, buff=0.12))


def above_limit(above: int, ran: int) -> str:
    """What the rates swept above the mean-loss limit did (``lrs=0.0001`` alone said "0 of
    the 0 rates above it ran away").

    >>> for counts in ((3, 3), (3, 2), (2, 0), (1, 1), (1, 0), (0, 0)):
    ...     print(above_limit(*counts))
    all 3 rates above it ran away
    2 of the 3 rates above it ran away
    none of the 2 rates above it ran away
    the rate above it ran away
    the rate above it did not run away
    no rate swept is above it
    """
    if above == 0:
        return "no rate swept is above it"
    if above == 1:
        return "the rate above it " + ("ran away" if ran else "did not run away")
    if ran in (0, above):
        return f"{'all' if ran else 'none of the'} {above} rates above it ran away"
    return f"{ran} of the {above} rates above it ran away"


def draw_rule(divider: VGroup) -> AnimationGroup:
    """A divider's dashes drawn, its name faded in beside them."""
    return AnimationGroup(Create(divider[0]), FadeIn(divider[1]))


def lane_lr(sweep, lr: float, tex: bool = False) -> str:
    """A lane's lr as the sweep's lrs read together, one column: all in scientific notation
    when one is (1.0×10⁻², beside 1.0×10⁻⁴), else as set (0.05, not 0.1)."""
    if column_is_scientific([lane.lr for lane in sweep.lanes]):
        return sci_tex(lr, 1, always=True) if tex else sci_text(lr, 1, always=True)
    return setting_tex(lr) if tex else setting_text(lr)


def note(sweep) -> tuple[VGroup, tuple[str, ...]] | None:
    """The lesson's note on a rate below the mean-loss limit, as lines of LaTeX and captions:
    the per-row limit of the worst row, and the sweep's smallest lr held against it."""
    if sweep.note is None:
        return None
    lane, x = sweep.lanes[sweep.note.lane], short(sweep.x_max)
    smallest = min(lane.lr for lane in sweep.lanes)
    limit = (rf"\text{{per-row limit }}2/\lambda_{{\text{{row}}}}=1/(x^2+1)="
             rf"{sci_tex(sweep.row_critical_lr)}"
             rf"\ (x={x})")
    if sweep.note.kind == "ran_away_below":
        lines = (rf"\mathrm{{lr}}={lane_lr(sweep, lane.lr, tex=True)}\text{{ ran away below it:}}",
                 limit)
        captions = (f"lr {lane_lr(sweep, lane.lr)} ran away below the mean-loss limit.",
                    f"The row with x = {x} overshoots at a smaller lr.")
    else:
        lines = (limit,
                 rf"\mathrm{{lr}}={lane_lr(sweep, lane.lr, tex=True)}\text{{ is past it, yet bounded}}",
                 rf"\mathrm{{lr}}={lane_lr(sweep, smallest, tex=True)}\text{{ is }}"
                 rf"{percent_tex(sweep.smallest_share)}\text{{ of it}}")
        captions = (f"Each row has its own limit, 2/λ of that row: x = {x} overshoots past lr "
                    f"{sci_text(sweep.row_critical_lr)}.",
                    f"lr {lane_lr(sweep, lane.lr)} is past it, but the other rows pull it back.",
                    f"lr {lane_lr(sweep, smallest)} is {percent_text(sweep.smallest_share)} of that "
                    "per-row limit: safe on every row.")
    # the per-row limit in its colour in part 3 (grey, as each row's own; the mean-loss one orange)
    text = VGroup(*[MathTex(line, font_size=MIN_FONT_SIZE, color=PER_ROW if line == limit else DATA)
                    for line in lines]).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
    limit_line = text[lines.index(limit)]
    limit_line.add(widest_mark().next_to(limit_line, LEFT, buff=0.12))   # as under the axis
    return text, captions


@dataclass
class SweepBuilt:
    numbers: object                     # the lesson's SweepNumbers
    head: VGroup
    view: SweepView
    note: tuple[VGroup, tuple] | None   # the note's lines (placed) and their captions


class SweepPart(Part):
    id = "sweep"
    starts_clean = True   # kit.Part: it needs nothing the parts before it leave

    def build(self, numbers, params) -> SweepBuilt:
        s = numbers.sweep
        epochs = counted(s.epochs, "epoch")   # the plot runs them all
        # The chapter's title, and under it what the plot runs (review r9: they differed).
        head = chapter_header(PART_SPECS, self.id, numbers, opening="question")
        sub = VGroup(Text(f"{s.rows} rows × {epochs},", font_size=LABEL_SIZE),
                     MathTex(SPACED[s.model], font_size=LABEL_SIZE)).arrange(RIGHT, buff=0.15)
        head = VGroup(head, sub.next_to(head, DOWN, buff=0.2).align_to(head, LEFT))
        view = SweepView(s).to_corner(DOWN + LEFT, buff=0.5)
        said = note(s)
        if said is not None:
            said[0].next_to(view.legend, DOWN, buff=0.45).align_to(view.legend, LEFT)
        return SweepBuilt(s, head, view, said)

    def play(self, scene, built: SweepBuilt) -> None:
        s, view = built.numbers, built.view
        scene.add(built.head, view.plot)     # up from the part's first frame: no dark screen
        scene.say(f"Back to one neuron on {rows_name(scene.params)}: each row's err², log "
                  f"scale, at {len(s.lanes)} learning rates.")
        scene.play(FadeIn(view.cutoff), FadeIn(view.cut_label), FadeIn(view.epoch_lines),
                   run_time=1)
        # The rates named while the caption counts them (review r8: 4.5 s of empty axes):
        # each lane's swatch and lr now, its fate with its curve below.
        scene.play(LaggedStart(*[FadeIn(VGroup(view.entries[i][0], view.entries[i][1][0]))
                                 for i in s.by_lr], lag_ratio=0.5), run_time=3)
        for i in s.by_lr:
            lane = s.lanes[i]
            anims = [FadeIn(view.entries[i][1][1])]
            if view.curves[i].has_points():
                anims.append(Create(view.curves[i]))
            said = (f"runs away at row {lane.diverged_at}" if lane.diverged_at is not None
                    else f"does not run away in {s.steps} rows")
            scene.say(f"lr {lane_lr(s, lane.lr)} {said}.")
            scene.play(*anims, run_time=1.8, rate_func=linear)
            if i in view.cross_of:
                leap = [Create(view.leap_of[i])] if i in view.leap_of else []
                scene.play(*leap, FadeIn(view.cross_of[i], scale=2), run_time=0.5)
                scene.mark("sweep_runaway", lane=i, step=lane.diverged_at)
        scene.say(f"The mean loss's limit is 2/λmax = {sci_text(s.critical_lr)}; "
                  f"{above_limit(s.above, s.above_ran)}.")
        split = [draw_rule(view.divider)] if view.divider is not None else []
        scene.play(FadeIn(view.critical), *split, run_time=1.5)
        if built.note is not None:
            lines, captions = built.note
            at = 1 if s.note.kind == "ran_away_below" else 0     # the line naming the limit
            for k, (line, caption) in enumerate(zip(lines, captions)):
                scene.say(caption)
                split = ([draw_rule(view.row_divider)] if k == at and view.row_divider is not None
                         else [])
                split += [FadeIn(view.widest, scale=2)] if k == at else []
                scene.play(FadeIn(line), *split, run_time=0.8)
        scene.wait(2.0)


def _epoch_names(lines: list, end: float) -> list:
    """"epoch 2", "epoch 3", ... right of the lines where each epoch starts (the first has
    none), or the numbers alone where a name would reach over the next line or the plot's
    ``end`` (5 epochs of 29 rows: "epoch 2" ran over "epoch 3"; the title says "× 5 epochs")."""
    def names(text):
        return [Text(text(e + 1), font_size=MIN_FONT_SIZE, color=DATA).next_to(
            line.get_top(), DOWN + RIGHT, buff=0.12) for e, line in enumerate(lines, 1)]
    full = names(lambda e: f"epoch {e}")
    stops = [line.get_x() for line in lines[1:]] + [end]
    if all(name.get_right()[0] < stop - 0.05 for name, stop in zip(full, stops)):
        return full
    return names(str)
