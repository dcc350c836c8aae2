"""The ``optimizers`` lesson's screen: walkers, the rmse plot, rule cards, and
:func:`layout`, which builds and places every piece the parts share (the stage).

Each builder returns placed mobjects (or animations) built from the lesson's numbers, so the
layout and what each piece says are tested without rendering; the parts in
``scenes/optimizers/parts.py`` play them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UL, UP, Circle, DashedLine, Dot, MathTex, Text,
                   Triangle, ValueTracker, VGroup, config, linear)

from sgdanim.lessons.optimizers.race import epochs_done

from scenes.kit.format import setting_tex, short
from scenes.kit.landscape_panel import LandscapePanel, WeightWalker
from scenes.kit.numbers import FastDecimal
from scenes.kit.plots import TICK_LABEL_BUFF, LogAxes, TrackedCurve
from scenes.kit.style import (BODY_SIZE, DIM, LABEL_SIZE, MIN_FONT_SIZE, OPTIMIZER_COLOURS,
                              OPTIMUM, TEXT)
from scenes.optimizers.finish import finish_view
from scenes.optimizers.inset import inset_view
from scenes.optimizers.table import RaceTable, fitting_table, tex_baseline
from scenes.optimizers.text import LABELS, fairness_tex, gloss, lr_tex, rule_tex

COLOURS = OPTIMIZER_COLOURS      # the series' one colour per optimizer
def ring(walker) -> None:
    """Draw ``walker``'s dot as a ring, larger and on top: its path runs under another
    racer's dot (``numbers.shadows``), which would hide a plain dot."""
    colour = walker.dot.get_color()
    walker.dot.set_fill(opacity=0).set_stroke(colour, width=3.5, opacity=1).scale(1.7)
    walker.dot.set_z_index(3)
    walker.ringed = True


def rule_card(racer, corner=(0.62, 3.4), max_width=6.0, column: bool = False) -> VGroup:
    """The racer's name, its update rule in MathTex and a one-line gloss, its top-left corner
    at ``corner`` (set at sizes that stay readable: a long card is wrapped, never shrunk); its
    lr in the table's lr format (``column``: :func:`scenes.optimizers.text.lr_column`)."""
    name = Text(LABELS[racer.name], font_size=BODY_SIZE, color=COLOURS[racer.name])
    rule = VGroup(*[MathTex(line, font_size=BODY_SIZE) for line in rule_tex(racer)]).arrange(
        DOWN, buff=0.1, aligned_edge=LEFT)
    words = gloss(racer)
    line = Text(words, font_size=MIN_FONT_SIZE, color=DIM)
    if line.width > max_width and " " in words:
        cut = words.rfind(" ", 0, len(words) // 2 + 8)
        line = Text(words[:cut] + "\n" + words[cut + 1:], font_size=MIN_FONT_SIZE, color=DIM,
                    line_spacing=0.8)
    # the path drawn with the card is one epoch at this racer's own lr (they differ 10⁵-fold)
    moved = MathTex(rf"\text{{epoch 1 at lr }}{lr_tex(racer.lr, column)}",
                    font_size=MIN_FONT_SIZE, color=COLOURS[racer.name])
    card = VGroup(name, rule, line).arrange(DOWN, buff=0.14, aligned_edge=LEFT)
    moved.next_to(name, RIGHT, buff=0.25).align_to(name, DOWN)   # beside the name: no taller
    card.add(moved)
    return card.move_to([*corner, 0], aligned_edge=UL)


# -- the paths ------------------------------------------------------------------------------------
FIRST_FADED = (0.3, 1.5)     # (opacity, width) of a first epoch once the race has begun


class BoxedWalker(WeightWalker):
    """A walker that stays honest at the edge of the plot and readable in it. The dot steps row
    by row. Its first epoch (walked alone while its rule is told) is drawn row by row in
    ``first``, which :meth:`fade_first` dims once the race begins, so a long first stride does
    not outshine the race; from there the trail joins one point per epoch
    (``racer.trail_rows``, from the lesson) and the dot, so a thousand per-row zig-zags do not
    pile up into a solid block. Points outside the box are not drawn; while the weights are
    outside, a triangle on the edge points to where they went (``racer.boxed``)."""

    def __init__(self, panel, racer, color, boxed=None, **kwargs):
        self.boxed = racer.boxed if boxed is None else boxed
        self.ringed = False              # drawn as a ring (:func:`ring`): its fill stays clear
        self.trail_rows = np.asarray(racer.trail_rows)
        super().__init__(panel, racer.path, color=color, trail_color=color, radius=0.1, **kwargs)
        # The row its first epoch ends on (its last row if it ran away before).
        self.first_end = int(self.trail_rows[1]) if len(self.trail_rows) > 1 else 0
        self.trail.set_stroke(width=2.5, opacity=0.8)
        self.first = self.trail.copy().clear_updaters()
        self.dot.set_z_index(2)          # every racer's dot above every trail
        self.edge = Triangle(color=color, fill_opacity=1, stroke_width=0).scale(0.1)
        self.edge.set_opacity(0)
        self.trail.clear_updaters()
        self.trail.add_updater(lambda t: self._draw(t, self.trail_indices(self.index.get_value())))
        self.first.add_updater(lambda t: self._draw(t, self.first_indices(self.index.get_value())))
        self.add_to_back(self.first)
        self.trail.update()
        self.first.update()
        if self.boxed.outside.any():
            self.dot.add_updater(lambda d: self._show_edge(self.index.get_value()))
            self.add(self.edge)

    def _row(self, k: float) -> int:
        return int(np.clip(np.floor(k), 0, len(self.scene_points) - 1))

    def first_indices(self, k: float) -> np.ndarray:
        """The path rows ``first`` runs through at index ``k``: every row of the first epoch
        up to ``k``."""
        return np.arange(min(self._row(k), self.first_end) + 1)

    def trail_indices(self, k: float) -> np.ndarray:
        """The path rows the trail runs through at index ``k``: every epoch's start after the
        first epoch up to it, then row ``k`` itself (where the dot stands); nothing (one row)
        during the first epoch."""
        whole = self._row(k)
        later = self.trail_rows[(self.trail_rows >= self.first_end) & (self.trail_rows < whole)]
        return np.append(later, whole)

    def fade_first(self):
        """Animation: the first epoch dims to :data:`FIRST_FADED`."""
        return self.first.animate.set_stroke(opacity=FIRST_FADED[0], width=FIRST_FADED[1])

    def faded(self) -> BoxedWalker:
        """The first epoch dimmed at once (a part that settles the race)."""
        self.first.set_stroke(opacity=FIRST_FADED[0], width=FIRST_FADED[1])
        return self

    def _draw(self, trail, rows):
        inside = ~self.boxed.outside[rows]
        trail.clear_points()
        start = 0
        for stop in [*np.flatnonzero(~inside), len(rows)]:   # the runs inside the box
            if stop - start >= 2:
                pts = self.scene_points[rows[start:stop]]
                trail.start_new_path(pts[0])
                trail.add_points_as_corners(pts[1:])
            start = stop + 1
        if not trail.has_points():
            trail.set_points_as_corners([self.scene_points[rows[0]]] * 2)

    def _show_edge(self, k):
        i = int(round(float(np.clip(k, 0, len(self.scene_points) - 1))))
        out = bool(self.boxed.outside[i])
        self.dot.set_opacity(0 if out else 1)
        if self.ringed:       # back in the box a ring stays a ring (SGD in the inset, 5 epochs)
            self.dot.set_fill(opacity=0)
        self.edge.set_opacity(1 if out else 0)
        if out:
            self.edge.move_to(self.panel.point(*self.boxed.edge[i]))
            angle = float(self.boxed.heading[i])
            self.edge.rotate(angle - getattr(self.edge, "_angle", math.pi / 2))
            self.edge._angle = angle


# -- rmse per epoch -------------------------------------------------------------------------------
class RmsePlot(LogAxes):
    """RMSE per epoch on the kit's log axes, one curve per racer, growing with a clock in
    rows; the target RMSE as a dashed line."""

    def __init__(self, numbers, width=4.9, height=2.0, font_size=MIN_FONT_SIZE):
        super().__init__((0, numbers.epochs, numbers.epoch_step), numbers.rmse_decades,
                         width=width, height=height, font_size=font_size,
                         label_size=font_size, label_buff=TICK_LABEL_BUFF)
        self.x_label = MathTex(r"\text{epoch}", font_size=font_size).next_to(
            self.axes.x_axis, RIGHT, buff=0.15)
        # per epoch is the x axis' word: with it the title ran on into the epoch counter
        self.title = MathTex(r"\text{RMSE} = \sqrt{\text{mean err}^2}",
                             font_size=LABEL_SIZE).next_to(  # over the top label "10²" too (r22)
            VGroup(self.axes, self.labels), UP, buff=0.12).align_to(self.labels, LEFT)
        target = numbers.target
        self.target_line = DashedLine(self.point(0, target), self.point(numbers.epochs, target),
                                      color=OPTIMUM, stroke_width=2, dash_length=0.08)
        self.target_label = MathTex(rf"\text{{RMSE}}={setting_tex(target)}",
                                    font_size=MIN_FONT_SIZE, color=OPTIMUM)
        # under its line, or over it near the x axis (a target of 10⁻⁹ is a decade above it)
        below = self.target_line.get_bottom()[1] - 0.08 - self.target_label.height
        self.target_label.next_to(self.target_line, DOWN if below > self.vertical(0)[0][1]
                                  else UP, buff=0.08)
        self.target_label.align_to(self.point(0.03 * numbers.epochs, target), LEFT)
        self.add(self.x_label, self.title, self.target_line, self.target_label)
        self.tags, self.retired = [], []   # its jump tags (jumps), those a later one displaced

    def curve(self, racer, rows_tracker, rows: int) -> TrackedCurve:
        """A curve through the racer's rmse of every epoch ``rows_tracker`` (rows run) has
        completed; invisible until the first one is."""
        pts = [self.point(e + 1, r) for e, r in enumerate(racer.rmse)]
        return TrackedCurve(pts, rows_tracker, interpolate=False, hide_unstarted=True,
                            index_of=lambda done: done // rows - 1,
                            stroke_color=COLOURS[racer.name], stroke_width=3)


# -- the clock ------------------------------------------------------------------------------------
class RowClock:
    """Rows run so far, shared by the rmse curves and the epoch counter."""

    def __init__(self, value: float):
        self.tracker = ValueTracker(value)

    @property
    def value(self) -> float:
        return self.tracker.get_value()

    def animate_to(self, value: float, run_time: float):
        return self.tracker.animate(rate_func=linear, run_time=run_time).set_value(value)


def epoch_counter(clock: RowClock, rows: int, epochs: int) -> VGroup:
    """"epoch k of N", k the last epoch finished: where the RMSE plot's curves end and whose
    RMSE the table's live column shows (:func:`sgdanim.lessons.optimizers.rmse_now`), so the
    three agree between the race's pauses too (review r8: counting the epoch being run, it
    ran one ahead of the table). Words and number in the same LaTeX font and size."""
    word = tex_baseline(MathTex(r"\text{epoch}", font_size=LABEL_SIZE), 0.0)
    total = tex_baseline(MathTex(rf"\text{{of {epochs}}}", font_size=LABEL_SIZE), 0.0)
    widest = FastDecimal(epochs, num_decimal_places=0, font_size=LABEL_SIZE)
    total.shift((word.get_right()[0] + 0.3 + widest.width - total.get_left()[0]) * RIGHT)
    number = FastDecimal(1, num_decimal_places=0, font_size=LABEL_SIZE)

    def update(m):
        k = min(epochs, max(1, epochs_done(clock.value, rows)))    # 1 before the race
        if k != round(m.number):         # set_value rebuilds the glyphs: only when k changes
            m.set_value(k)
        # Right-aligned in the slot before "of N", digits on the words' baseline.
        m.move_to(total.get_left() - [0.12, 0, 0], aligned_edge=RIGHT)
        m.shift((word[0][0].get_bottom()[1] - m.get_bottom()[1]) * UP)
    number.add_updater(update)
    update(number)
    group = VGroup(word, number, total)
    group.number = number
    return group


# -- the whole screen -----------------------------------------------------------------------------
@dataclass
class Stage:
    """The pieces several parts share, placed where they play: the panel (left) with the start,
    the optimum's label and a walker per racer; the RMSE plot (top right, where the rule cards
    show before it) with a curve per racer, a dot where each reaches the target and the epoch
    counter; the table (bottom right) and the note on how its lrs were chosen. ``clock``
    counts the rows run, for curves and counter."""

    panel: LandscapePanel
    start: Dot
    start_label: MathTex
    opt_label: MathTex
    walkers: dict[str, BoxedWalker]
    table: RaceTable
    plot: RmsePlot
    clock: RowClock
    counter: VGroup
    curves: VGroup
    dots: dict[str, Dot]
    fairness: MathTex
    inset: object                   # scenes.optimizers.inset.inset_view's, or None
    finish: object = None           # scenes.optimizers.finish.finish_view's, or None


PANEL_ORIGIN = (-6.4, -2.62)   # the panel's bottom-left corner: its tick labels stay above the
PANEL_SIZE = (6.1, 5.24)       # captions' band, its b label clear of the header, its right edge
                               # as far right as the table and the RMSE plot leave room for
RIGHT_COLUMN = 0.62            # the left edge of the table and the RMSE plot's tick labels
RIGHT_EDGE = 6.65              # the right edge of text at most: 62 px (1080p) from the frame's,
                               # clear of a player's rounded corners or a 1-2 % crop


def _panel(n) -> LandscapePanel:
    """The loss contours over the lesson's box (the kit sets its tick labels at the floor), its
    b numbers at least 0.2 inside the frame: where they are wider (rows of x in 0..1: "−0.25"
    lost its minus to the frame's edge), narrower by as much, its right edge where it was, so
    the table right of it still fits."""
    def placed(width: float, left: float) -> LandscapePanel:
        panel = LandscapePanel(n.landscape, n.a_range, n.b_range, n.levels, width=width,
                               height=PANEL_SIZE[1])
        return panel.shift([left, PANEL_ORIGIN[1], 0] - panel.point(n.a_range[0], n.b_range[0]))

    panel = placed(PANEL_SIZE[0], PANEL_ORIGIN[0])
    over = 0.2 - config.frame_width / 2 - panel.get_left()[0]
    return panel if over <= 0 else placed(PANEL_SIZE[0] - over, PANEL_ORIGIN[0] + over)


def start_marker(point) -> VGroup:
    """The one start every racer leaves from: a white dot in a white ring a size larger than
    a walker's dot, on top of the dots (as the star's outline), so it reads at 480p before the
    race and stays in sight under the walkers standing on it."""
    ring = Circle(radius=0.15, stroke_color=TEXT, stroke_width=3).move_to(point)
    return VGroup(ring.set_z_index(6), Dot(point, radius=0.07, color=TEXT))


def lift_off_trails(label, panel, n, reach: float = 0.6, gap: float = 0.15) -> None:
    """Move the star's label up until it clears every point of every path under it and
    ``reach`` to either side (annealed Adam's zig-zag crosses the star), but no higher than
    the panel's top."""
    x = label.get_x()
    tops = [panel.point(*p)[1] for r in n.racers if len(r.path)
            for p in r.path
            if abs(panel.point(*p)[0] - x) < label.width / 2 + reach]
    floor = min(max(tops, default=-np.inf) + gap,
                panel.point(n.a_range[0], n.b_range[1])[1] - label.height)
    label.shift(max(0.0, floor - label.get_bottom()[1]) * UP)


def layout(numbers) -> Stage:
    """Build and place the :class:`Stage` from the lesson's numbers."""
    n = numbers
    panel = _panel(n)
    # the star's outline over every dot: the target stays visible when racers reach it
    # (one size larger than a dot, above the dots' and rings' z-index 3)
    panel.add(panel.optimum.copy().scale(1.5).set_fill(opacity=0).set_stroke(OPTIMUM, 3)
              .set_z_index(6))
    start = start_marker(panel.point(*n.start))
    start_label = MathTex(rf"a=b={short(n.start[0])}", font_size=LABEL_SIZE).next_to(
        start, RIGHT, 0.1).shift(0.12 * UP)
    opt_label = MathTex(rf"({short(n.optimum[0], 3)},\ {short(n.optimum[1], 3)})",
                        font_size=LABEL_SIZE, color=OPTIMUM).next_to(panel.optimum, UP,
                                                                     buff=0.12)
    lift_off_trails(opt_label, panel, n)
    walkers = {r.name: BoxedWalker(panel, r, COLOURS[r.name]) for r in n.racers}
    table = fitting_table(n, panel.get_right()[0] + 0.1, (RIGHT_EDGE, config.frame_width / 2 - 0.2))
    # at the plot's edge, or left of it as far as the panel leaves room when the table's four
    # columns need more of the frame's width
    left = max(min(RIGHT_COLUMN, RIGHT_EDGE - table.width), panel.get_right()[0] + 0.1)
    place = [left - table.get_left()[0], 0.12 - table.get_top()[1], 0]
    table.shift(place)
    table.now_header.shift(place)          # shown in the table's place while the race runs
    # all the height over the table; 4.35 wide keeps "epoch" inside RIGHT_EDGE (r12, r22)
    plot = RmsePlot(n, width=4.35, height=2.55)
    plot.shift(np.array([RIGHT_COLUMN, 0.8, 0]) - [plot.get_left()[0], plot.vertical(0)[0][1], 0])
    clock = RowClock(n.race.first)    # the race starts once every racer's first epoch is shown
    counter = epoch_counter(clock, n.rows, n.epochs)
    counter.shift((plot.title.get_bottom()[1] - counter[0][0][0].get_bottom()[1]) * UP)
    counter.align_to(plot, RIGHT)
    counter.shift(min(0.0, RIGHT_EDGE - counter.get_right()[0]) * RIGHT)   # its widest count too
    counter.number.update()
    table.live(n, clock.tracker)
    curves = VGroup(*[plot.curve(r, clock.tracker, n.rows) for r in n.racers])
    dots = {e.racer: Dot(plot.point(e.epoch, e.readings[0][1]), radius=0.06,
                         color=COLOURS[e.racer]) for e in n.race.events if e.kind == "target"}
    fairness = MathTex(fairness_tex(n), font_size=MIN_FONT_SIZE, color=DIM).next_to(
        table, DOWN, buff=0.22)
    # right-aligned under the table: off the contour panel's "a", which shares its baseline
    fairness.align_to(table, RIGHT)
    fairness.shift(min(0.0, RIGHT_EDGE - fairness.get_right()[0]) * RIGHT)   # review r11
    inset = inset_view(n, panel, BoxedWalker)
    for shadow in n.shadows:
        table.ring_swatch(shadow.under)
        for twins in (walkers, inset.walkers if inset is not None else {}):
            if shadow.under in twins:
                ring(twins[shadow.under])
    finish = finish_view(n, panel, rings={shadow.under for shadow in n.shadows})
    return Stage(panel, start, start_label, opt_label, walkers, table, plot, clock, counter,
                 curves, dots, fairness, inset, finish)
