"""Part 4 of relu-sandwich: the same function, a different problem. The one-neuron model has one
best point; two linear neurons have a curve of them, and SGD walks the (a, c) plane towards it
slowly, or, at Part 3's learning rate, bounces across it (coloured row by row) and is thrown off,
while below, the lr the pair acts at, lr·(a² + c²), climbs past one neuron's two limits."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Circle, Create, DashedLine, Dot, FadeIn, FadeOut,
                   MathTex, ReplacementTransform, Text, VGroup)

from sgdanim.lessons.relu_sandwich import PART_SPECS
from scenes.kit.format import counted, figures_text, fixed, sci_tex, sci_text, \
    setting_text
from scenes.kit.landscape_panel import WeightWalker
from scenes.kit.part import Part
from scenes.kit.titles import chapter_header
from scenes.kit.plots import LogAxes, TrackedCurve
from scenes.kit.style import MIN_FONT_SIZE, OPTIMUM
from scenes.relu_sandwich.marks import (MEAN, PER_ROW, exit_now, fall_back_tag, first_value,
                                        flip_tags, off_scale_mark, relu_death, row_tick,
                                        settle_top_band, show_from)
from scenes.relu_sandwich.panels import ABOVE_CAPTIONS, READOUT_SIZE, TICK_SIZE
from scenes.relu_sandwich.stuck import end_card, is_stuck, play_stuck, stuck_answer
from scenes.relu_sandwich.zoom import LATE, diagonal_zoom, row_colour
from scenes.relu_sandwich.words import (KEY_SIZE, SHORT, TALL, answer_header, best_text,
                                        line_readouts, lr_tags, next_teaser,
                                        panel_titles, planes, why_the_pair_step)

SECONDS_PER_SLOW_ROW = 0.8   # the slow walk's first rows, to a·c = slope: one readout each
CREEP_SECONDS = 5.0          # the rest of the slow walk, past the curve


def slow_rows_seconds(rows: int) -> float:
    """How long the slow walk takes over its first ``rows`` rows: a row per
    ``SECONDS_PER_SLOW_ROW``, within 1.5 s (a line's least) and 4 s (many rows at the
    walk's pace become a blur anyway).

    >>> slow_rows_seconds(3), slow_rows_seconds(1), slow_rows_seconds(40)
    (2.4, 1.5, 4.0)
    """
    return round(min(4.0, max(1.5, SECONDS_PER_SLOW_ROW * rows)), 3)


def row_dots(right, fast, walker, rows: int) -> VGroup:
    """A dot per row of the fast path (of ``rows`` in the run), in its row's colour, shown
    once the walk reaches it."""
    return VGroup(*[show_from(Dot(right.point(*ac), radius=0.06, color=row_colour(k, rows)),
                              walker, k) for k, ac in enumerate(fast)])


def effective_strip(s, walker, width=6.6, height=2.15) -> SimpleNamespace:
    """lr·(a² + c²) per row of the fast path on a log axis (a dot per row, in its row's
    colour, shown as ``walker``'s index reaches it: index k is row k + 1), with one neuron's
    per-row and mean-loss limits, placed at the bottom left, above the caption band (2.15
    high: its tick numbers at TICK_SIZE raised its top 0.03 towards the zoom's words)."""
    lo, hi = s.effective_decades
    rows = np.arange(1, len(s.fast_effective) + 1)
    # a label per decade fits a short axis (3 decades: 0.43 units each); a longer one gets one
    # every 2 or 4 (labels at the floor size must not touch on a strip this low)
    plot = LogAxes((0, len(rows), row_tick(len(rows))), (lo, hi), width=width, height=height,
                   decades_per_tick=1 if hi - lo <= 3 else 2 if hi - lo <= 6 else 4,
                   font_size=TICK_SIZE, label_size=TICK_SIZE)
    # its tick numbers just above the caption band, its label just under the panels
    plot.to_edge(LEFT, buff=1.0).shift(UP * (ABOVE_CAPTIONS - plot.axes.get_bottom()[1]))
    points = plot.point(rows, s.effective_shown)     # rows past the top stand on its edge
    curve = TrackedCurve(points, walker.index, stroke_color="#777777", stroke_width=2)
    dots = VGroup(*[show_from(off_scale_mark(pt, row_colour(k, len(rows))) if shown < value
                              else Dot(pt, radius=0.06, color=row_colour(k, len(rows))), walker, k)
                    for k, (pt, shown, value) in enumerate(zip(points, s.effective_shown,
                                                                 s.fast_effective))])
    lines = VGroup(*[DashedLine(plot.point(0, lr), plot.point(len(rows), lr), color=c,
                                stroke_width=3, dash_length=0.1)
                     for lr, c in ((s.limits.per_row, PER_ROW), (s.limits.mean_loss, MEAN))])
    words = VGroup(MathTex(r"\mathrm{lr}\cdot(a^2+c^2)", font_size=KEY_SIZE).next_to(
                       plot.axes, UP, buff=0.1).align_to(plot.axes, LEFT),
                   Text("row", font_size=MIN_FONT_SIZE).next_to(plot.axes.x_axis, RIGHT, 0.2))
    # beside the two lines it names (row 1's value is said, and its dot shows it)
    key = VGroup(
        MathTex(rf"\text{{mean-loss limit }}{sci_tex(s.limits.mean_loss)}", font_size=KEY_SIZE,
                color=MEAN),
        MathTex(rf"\text{{per-row limit }}{sci_tex(s.limits.per_row)}\ (x={s.x_big:g})",
                font_size=KEY_SIZE, color=PER_ROW),
    ).arrange(DOWN, aligned_edge=LEFT, buff=0.14).next_to(plot, RIGHT, buff=0.35)
    key.set_y(lines.get_y() + 0.12)   # ...and above "row", where the lines sit low (lr 1e-3)
    key.shift(UP * max(0.0, words[1].get_top()[1] + 0.1 - key.get_bottom()[1]))
    over = None
    if s.effective_over is not None:    # where the climb leaves the strip, and its real size
        k = s.effective_over
        # named: the zoom's row 28 above is that row's a, a number of nearly the same digits
        over = MathTex(rf"\text{{row {k}: }}\mathrm{{lr}}\cdot(a^2+c^2) = "
                       rf"{sci_tex(s.fast_effective[k - 1])}", font_size=READOUT_SIZE, color=LATE)
        # right of its mark, over the top edge (left of it, it stood under the zoom's row 28)
        over.next_to(dots[k - 1], RIGHT, buff=0.12).align_to(dots[k - 1], DOWN)
    return SimpleNamespace(plot=plot, curve=curve, path=points, dots=dots, lines=lines,
                           words=words, key=key,
                           over=over, flip=flip_tags(s, dots, lambda k: row_colour(k, len(rows)),
                                          plot.axes.get_top()[1] - 0.04),
                           first=first_value(s, dots[0]), back=fall_back_tag(s, dots, walker))


class SolutionsPart(Part):
    """The one-neuron landscape beside the two-neuron (a, c) plane, two SGD walks on the plane,
    and the reason in plain words, line by line."""

    id = "solutions"
    starts_clean = True   # kit.Part: it needs nothing the parts before it leave

    def build(self, numbers, params):
        s, p = numbers.solutions, numbers.plane
        # short panels: the strip under them gets the height its six decades need; until it
        # comes in, tall ones fill the bottom half (empty for 18 s, review r10), tops level
        short, tall = planes(s, p, SHORT), planes(s, p, TALL)
        tall.pair.align_to(short.pair, UP)
        left, right = short.left, short.right
        head = chapter_header(PART_SPECS, self.id, numbers)
        lt, rt = panel_titles(left, right)
        # the slow path on the tall plane, on top: the fast one runs its diagonal, then jumps
        walker = WeightWalker(tall.right, p.slow)
        # where the slow walk first passes a·c = slope: a ring in the curve's green (as the
        # zoom's where the diagonal meets it), since the walk itself spans a few pixels at 480p
        ring = None if p.cross is None else Circle(
            radius=0.15, stroke_color=OPTIMUM, stroke_width=3).move_to(
                tall.right.point(*p.slow[p.cross]))
        fast_walker = WeightWalker(right, p.fast, color=LATE, trail_color="#777777")
        dots = row_dots(right, p.fast, fast_walker, len(s.fast_effective))
        legend = lr_tags((s.path_lr, s.fast_lr), left, right,
                         [short.curve.points, np.array([right.point(a, c) for a, c in p.fast])],
                         keep_off=[short.curve_lab, *right.labels, right.axes.x_axis.numbers,
                                   right.axes.y_axis.numbers])
        legend[0].next_to(tall.right, DOWN, buff=0.12).align_to(tall.right.axes, LEFT)
        strip = effective_strip(s, fast_walker)
        strip.why = why_the_pair_step(strip.key, strip.over, right)
        fit = line_readouts(p.slow_fit, s.best, walker)
        fit.next_to(legend[0], DOWN, buff=0.35).align_to(legend[0], LEFT)   # by the walk
        zoom = diagonal_zoom(s, p, fast_walker, left)
        if zoom is not None:
            zoom.title.align_to(lt, UP).align_to(zoom.axes, LEFT)
            zoom.meet.move_to(right.point(p.on_curve, p.on_curve))
        stuck = is_stuck(numbers.moving, s.best[0])     # a and c never move (stuck.py)
        answer = stuck_answer() if stuck else answer_header()
        relu = relu_death(numbers.runs.get("relu2"), strip)
        settle_top_band(strip, relu)
        teaser = next_teaser(answer, right, numbers.next_same_rows)
        return SimpleNamespace(answer=answer, teaser=teaser, relu=relu,
                               zoom=zoom, head=head, left=left, right=right, lt=lt, rt=rt,
                               star_lab=short.star_lab, curve=short.curve,
                               curve_lab=short.curve_lab, tall=tall, walker=walker,
                               fast_walker=fast_walker, ring=ring, dots=dots, legend=legend,
                               strip=strip, fit=fit, numbers=s, best=s.best, slow=p.slow,
                               cross=p.cross, fast=p.fast, diagonal=p.diagonal, slow_fit=p.slow_fit,
                               moving=numbers.moving, fast_crosses=p.fast_crosses, stuck=stuck)

    def play(self, scene, b):
        self.one_and_many(scene, b)
        if b.stuck:                 # a and c never move: no walk, no strip (stuck.py)
            return play_stuck(scene, b)
        self.walk_slow(scene, b)
        self.walk_fast(scene, b)
        # the ReLU's death as the walk passes its row (on the end card: 5 s still, review r10)
        self.relu_dies(scene, b)
        self.run_away(scene, b)
        scene.say("One neuron's step is fixed. The pair's grows with a and c.")
        end_card(scene, b, [b.rt] + ([b.zoom.title] if b.zoom is not None else [b.lt]))

    @staticmethod
    def relu_dies(scene, b) -> None:
        """Part 3's ReLU death on the strip, a row past the walk's last dot, whose step did it."""
        if b.relu is not None:
            scene.say(f"Row {b.relu.kill_row}'s overshoot also killed the ReLU: dead from "
                      f"part 3's row {b.relu.dead_row}.")
            scene.play(FadeIn(b.relu.line, b.relu.label), run_time=0.8)
            scene.mark("relu_death", row=b.relu.dead_row)
            scene.wait(1.0)

    @staticmethod
    def run_away(scene, b) -> None:
        """The fast walk's rows past the plot's edge, row 28's value over the strip's top."""
        s = b.numbers
        if len(s.fast_effective) > len(b.fast):
            # "runs away" where the run does (flat rows: the walk only leaves the plane)
            scene.say("Then the pair's lr·(a² + c²) leaves the plot" + (
                ": it runs away." if s.fast_diverged_at is not None else ".")
                if s.effective_over is not None else
                "Then the walk leaves the plane; the strip keeps its rows.")
            scene.play(b.fast_walker.index.animate.set_value(len(b.numbers.fast_effective) - 1),
                       run_time=1.5)
            if b.strip.over is not None:
                scene.play(FadeIn(b.strip.over), run_time=0.5)
        scene.wait(1.0)

    @staticmethod
    def one_and_many(scene, b):
        """The single best point of one neuron, then the curve of two."""
        slope, icept = (best_text(v) for v in b.best)
        tall = b.tall
        scene.add(b.head, tall.left)   # before the first line: no dark screen between parts
        scene.say(f"One neuron: one best point, a = {slope}, b = {icept}.")
        scene.play(FadeIn(b.lt), FadeIn(tall.star_lab), run_time=1.0)
        scene.say(f"Two linear neurons: every a, c with a·c = {slope} is as good.")
        scene.play(FadeIn(tall.right, b.rt), run_time=0.6)
        scene.play(Create(tall.curve), FadeIn(tall.curve_lab), run_time=1.2)
        scene.say("But SGD moves a and c, not their product a·c.")
        scene.wait(0.5)

    @staticmethod
    def walk_slow(scene, b):
        """The small learning rate's walk, with the line it draws read out: it stops where it
        first reaches a·c = slope (the slope is right there, the intercept is not), then creeps
        on past the curve."""
        walker, k, last = b.walker, b.cross, len(b.slow) - 1
        scene.play(walker.appear(), FadeIn(b.legend[0], b.fit), run_time=0.5)
        scene.add(walker)
        scene.keep_on_top(b.fit)
        if k is not None:
            scene.say(f"A small lr: in {counted(k, 'row')} a·c reaches {best_text(b.best[0])}.")
            # row by row, so each row's readout can be read (at the creep's pace these rows
            # went by in 0.8 s, review r8)
            scene.play(walker.walk(k, run_time=slow_rows_seconds(k)))
            scene.play(Create(b.ring), run_time=0.4)
            scene.mark("path_cross", index=k)
            scene.wait(0.8)
        scene.say(f"But c·b + d is nowhere near {best_text(b.best[1])}: the path crosses the "
                  "curve and creeps on." if k is not None else   # no crossing drawn (a falling
                  f"A small lr: c·b + d is nowhere near {best_text(b.best[1])}, and the path "
                  "creeps on.")                                 # line's data, a start past it)
        scene.play(walker.walk(last, run_time=CREEP_SECONDS))
        scene.mark("path_end", index=last, a=float(b.slow[last, 0]), c=float(b.slow[last, 1]))
        scene.wait(0.8)     # the line it ends on, against the best, read before it goes

    @staticmethod
    def zoom_in(scene, b) -> None:
        """The one-neuron panel (done with) gives its place to the diagonal, unrolled by row."""
        z = b.zoom
        scene.say(f"Zoom, left: row by row, a jumps above and below {fixed(z.on)}, "
                  "across the curve.")
        # the slow walk and its lr go with the panel: the fast walk is the story now
        # one after the other: a cross-fade drew both titles and both tick sets over each other
        scene.play(FadeOut(b.left, b.lt, b.star_lab), run_time=0.4)
        scene.play(FadeIn(z.axes, z.words, z.title, z.target, z.target_lab, z.meet), run_time=0.6)
        scene.add(z.curve, z.dots)
        if z.exits is not None:     # each shown as the walk reaches its row
            scene.add(z.exits.marks, z.exits.words)
        scene.mark("zoom")

    @staticmethod
    def strip_in(scene, b) -> None:
        """The slow walk goes, the tall panels shrink to the top half, and the strip of
        lr·(a² + c²) comes in under them, with the line that says why."""
        strip = b.strip
        # the line on screen says why (a caption alone only asserted it, review r10)
        scene.say("a's step carries c, c's carries a: the pair acts at lr·(a² + c²). Below, "
                  "against one neuron's limits.")
        # the slow walk's lr and path go: one lr on screen at a time
        scene.play(FadeOut(b.fit, b.legend[0], b.walker, *([b.ring] if b.ring else [])),
                   run_time=0.4)
        scene.play(*(ReplacementTransform(getattr(b.tall, k), getattr(b, k))
                     for k in ("left", "right", "star_lab", "curve", "curve_lab")), run_time=0.8)
        scene.play(FadeIn(strip.plot, strip.words, strip.key, strip.why), Create(strip.lines),
                   run_time=1.2)
        scene.add(strip.curve, b.dots, strip.dots)      # each row's dot over the line joining them

    @staticmethod
    def walk_fast(scene, b):
        """Part 3's learning rate on the same plane, a dot per row, until it is thrown off;
        below, the lr it acts at grows row by row against one neuron's limits."""
        walker, last, strip, s = b.fast_walker, len(b.fast) - 1, b.strip, b.numbers
        SolutionsPart.strip_in(scene, b)
        scene.play(walker.appear(), FadeIn(b.legend[1]), run_time=0.5)
        scene.add(walker)
        scene.say(f"Part 3's lr {setting_text(s.fast_lr)}, row by row, violet to red.")
        scene.play(walker.walk(min(1, last), run_time=0.8))
        scene.say(f"Row 1 {'already acts' if s.over_limit else 'acts'} at "   # init 0.5: under
                  f"{sci_text(s.fast_effective[0])}: {'over' if s.over_limit else 'under'} "
                  f"{sci_text(s.limits.per_row)}, the x = {s.x_big:g} rows' limit.")
        # the number said, on its dot (review r10), gone as the rows after take its place
        scene.play(FadeIn(strip.first, shift=0.1 * DOWN), run_time=0.6)
        scene.wait(1.0)
        scene.finish_caption()     # up while its line is read (it went 2 s early, review r12)
        scene.play(FadeOut(strip.first), run_time=0.3)
        if strip.back is not None:     # shown with row 3's dot (drawn hidden: not before it)
            scene.add(strip.back.update())
        if b.zoom is not None:
            SolutionsPart.zoom_in(scene, b)
        else:
            along = " along the diagonal a = c" if b.diagonal else ""
            across = {True: ", across the curve", False: ", never reaching the curve"}.get(
                b.fast_crosses, "")          # None: too few rows on the plane to say
            scene.say(f"It bounces back and forth{along}{across}.")
        scene.play(walker.walk(last, run_time=4.0))
        if strip.back is not None:     # read: the flip's words take the strip's top band
            scene.play(FadeOut(strip.back.clear_updaters()), run_time=0.4)
        scene.mark("fast_end", index=last)
        SolutionsPart.flip(scene, strip.flip, b.zoom)

    @staticmethod
    def flip(scene, f, zoom=None) -> None:
        """Row 25's step, far over its own limit, flips a (the zoom's row-26 ▼ with it, not 9 s
        later, review r12); row 18, same x, less far over, lands back: how far over decides."""
        if f is None:
            return
        st, lv = f.step, f.level_step
        scene.say(f"Row {st.row} (x = {st.x:g}) steps {figures_text(st.over)}× its own limit: "
                  f"a flips, {fixed(st.a[0])} → {fixed(st.a[1])}.")
        scene.play(Create(f.ring), FadeIn(f.words, *exit_now(zoom, st.row + 1)), run_time=0.6)
        scene.wait(1.0)
        if lv is not None:
            scene.say(f"Row {lv.row}, same x, {figures_text(lv.over)}×: lands back. "
                      f"{figures_text(st.over)}× is the first to carry a past zero.")
            scene.play(FadeIn(*f.level), run_time=0.6)
            scene.wait(1.0)
