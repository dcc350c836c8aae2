"""Lesson ``relu-sandwich``: two linear neurons are one line; a ReLU filling bends it; the pair
still trains worse, because the same function is a different optimisation problem.

Every number comes from :mod:`sgdanim.lessons.relu_sandwich`; the mobjects are built in
:mod:`scenes.relu_sandwich.panels`, and this file plays them in order, one method per part.
Render the defaults with ``manim -ql scenes/relu_sandwich/scene.py ReluSandwich``.
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Create, DashedVMobject, Dot, FadeIn,
                   FadeOut, MathTex, Text, TransformMatchingTex, ValueTracker, VGroup,
                   VMobject, Write, linear)

from sgdanim.core.data import Dataset
from sgdanim.core.landscape import Landscape
from sgdanim.lessons.relu_sandwich import kink

from scenes.kit.scene import ACCENT, DATA, GRAD, OPTIMUM, PATH, WEIGHT, FastInteger, LessonScene
from scenes.kit.landscape_panel import LandscapePanel, WeightWalker
from scenes.relu_sandwich.panels import (FROZEN, PlanePanel, RacePanel, WeightPlot,
                                         best_curve, data_axes, dead_marker, draw_pieces, fmt,
                                         follow, inside_prefix, tfmt, weight_readouts)

RIGHT_COLUMN = RIGHT * 4.6


class ReluSandwich(LessonScene):
    """The four parts of the lesson, played in the order ``params.parts`` gives."""

    lesson_id = "relu-sandwich"

    def construct(self):
        n = self.numbers
        self.box = (0.0, n.x_span, 0.0, n.y_span)
        for part in n.parts:
            getattr(self, f"part_{part}")()
            self.clear_all()

    def clear_all(self):
        if self.mobjects:
            self.clear_screen(run_time=0.6)

    def data_axes(self):
        n = self.numbers
        return data_axes(n.x_span, n.y_span, n.x, n.y)

    # Part 1: the collapse, in algebra ----------------------------------------------------------
    def part_collapse(self):
        n = self.numbers
        title = Text("Two linear neurons", font_size=30).to_edge(UP, buff=0.3)
        stacked = MathTex("y", "=", "c", "(", "a", "x", "+", "b", ")", "+", "d", font_size=48)
        regrouped = MathTex("y", "=", "(", "a", "c", ")", "x", "+", "(", "c", "b", "+", "d", ")",
                            font_size=48)
        for m in (stacked, regrouped):
            m.next_to(title, DOWN, buff=0.3)
        axes, labels, dots = self.data_axes()
        plot = WeightPlot(axes, self.box, n.collapse_tour[0], "collapse")
        self.collapse_plot = plot
        t = plot.trackers
        # ac and cb + d follow the trackers, as the graph does
        derived = {"ac": lambda: t["a"].get_value() * t["c"].get_value(),
                   "cb + d": lambda: t["c"].get_value() * t["b"].get_value() + t["d"].get_value()}
        readouts = weight_readouts(t)
        extra = weight_readouts(derived).set_color(ACCENT)
        side = VGroup(readouts, extra).arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        side.move_to(RIGHT_COLUMN + DOWN * 0.9)

        self.play(FadeIn(title), Write(stacked), run_time=1.5,
                  subcaption="Two linear neurons: the second one takes the first one's output.")
        self.play(Create(axes), FadeIn(labels, dots), run_time=1.2)
        self.play(Create(plot), FadeIn(readouts), run_time=1.2,
                  subcaption="Start with every weight at 1.")
        self.keep_on_top(plot, readouts)
        self.play(TransformMatchingTex(stacked, regrouped), FadeIn(extra), run_time=2.0,
                  subcaption="Multiply out: the slope is a times c, the intercept c b plus d.")
        self.keep_on_top(extra)
        self.wait(0.6)
        self.mark("collapse_line", weights=tuple(n.collapse_tour[0]))
        note = Text("Any four weights: still a straight line", font_size=24, color=ACCENT)
        note.next_to(axes, UP, buff=0.2).align_to(axes, LEFT).shift(RIGHT * 0.8)
        last_two = len(n.collapse_tour) - 2
        for i, w in enumerate(n.collapse_tour[1:], start=1):
            if i == last_two:
                same = Text(f"a·c = {tfmt(n.solutions.best[0])}, cb + d = "
                            f"{tfmt(n.solutions.best[1])}: the data's best line",
                            font_size=24, color=OPTIMUM).move_to(note, aligned_edge=LEFT)
                self.play(FadeOut(note), FadeIn(same), run_time=0.5)
                note = same
            self.play(plot.move_to_weights(w), run_time=2.0,
                      subcaption="Whatever the four weights are, the graph is a straight line."
                      if i < last_two else "Different weights, the very same line.")
            if i == 1:
                self.play(FadeIn(note), run_time=0.4)
            self.mark("collapse_line", weights=tuple(w))
            self.wait(0.6)
        self.wait(0.8)

    # Part 2: the filling -----------------------------------------------------------------------
    def part_hinge(self):
        n = self.numbers
        title = Text("Add a ReLU filling", font_size=30).to_edge(UP, buff=0.3)
        formula = MathTex(r"y = c\,\max(0,\ a x + b) + d", font_size=46)
        formula.next_to(title, DOWN, buff=0.3)
        axes, labels, dots = self.data_axes()
        plot = WeightPlot(axes, self.box, n.hinge_tour[0], "hinge", color=ACCENT)
        self.hinge_plot = plot
        hinge = Dot(radius=0.09, color=WEIGHT)
        hinge.add_updater(lambda m: m.move_to(axes.c2p(kink(*plot.weights()[:2]),
                                                       plot.weights()[3])))
        readouts = weight_readouts(plot.trackers).move_to(RIGHT_COLUMN + UP * 0.6)
        roles = VGroup(Text("a, b: where the kink is", font_size=22),
                       Text("c: how steep the ramp", font_size=22),
                       Text("d: how high it sits", font_size=22))
        roles.arrange(DOWN, aligned_edge=LEFT, buff=0.18).next_to(readouts, DOWN, buff=0.5)

        self.play(FadeIn(title), Write(formula), run_time=1.5,
                  subcaption="Put a ReLU between the two neurons: negative values become zero.")
        self.play(Create(axes), FadeIn(labels, dots.set_opacity(0.35)), run_time=1.0)
        self.play(Create(plot), FadeIn(readouts, hinge), run_time=1.2,
                  subcaption="Now the graph is a hinge: flat, then a ramp.")
        self.keep_on_top(plot, hinge, readouts)
        # (caption, the role line it introduces) for each stop after the first
        stops = (("b moves the kink.", 0), ("a moves it too, and tilts the ramp.", None),
                 ("c scales the ramp.", 1), ("d lifts the whole hinge.", 2))
        for w, (cap, role) in zip(n.hinge_tour[1:], stops):
            if role is not None:
                self.play(FadeIn(roles[role]), run_time=0.4)
            self.play(plot.move_to_weights(w), run_time=1.8, subcaption=cap)
            self.mark("hinge", weights=tuple(w))
            self.wait(0.4)

        # Two units add up to a bend.
        (a1, b1, c1), (a2, b2, c2), d = n.two_units
        two = MathTex(r"y = c_1\max(0, a_1x + b_1) + c_2\max(0, a_2x + b_2) + d", font_size=38)
        two.move_to(formula)
        units = VGroup()
        for a, b, c, dd in ((a1, b1, c1, d), (a2, b2, c2, 0.0)):
            unit = draw_pieces(VMobject(stroke_color=DATA, stroke_width=3), axes,
                               lambda x, a=a, b=b, c=c, dd=dd: c * max(0.0, a * x + b) + dd,
                               [kink(a, b)], self.box)
            units.add(DashedVMobject(unit, num_dashes=30))
        both = draw_pieces(VMobject(stroke_color=WEIGHT, stroke_width=5), axes,
                           lambda x: c1 * max(0.0, a1 * x + b1) + c2 * max(0.0, a2 * x + b2) + d,
                           [kink(a1, b1), kink(a2, b2)], self.box)
        self.two_unit_curve = both
        bend = Text("two hinges add up to a bend\nno straight line can make", font_size=22,
                    color=WEIGHT).move_to(RIGHT_COLUMN + LEFT * 0.3 + UP * 0.2)
        self.play(FadeOut(plot, hinge, readouts, roles), run_time=0.6)
        self.play(TransformMatchingTex(formula, two), Create(units), run_time=1.8,
                  subcaption="Take two such units, each with its own kink.")
        self.play(Create(both), FadeIn(bend), run_time=1.6,
                  subcaption="Added up, they bend. No line, however you weight it, can do that.")
        self.mark("two_units")
        self.wait(1.5)

    # Part 3: training, as in the thread --------------------------------------------------------
    def part_training(self):
        n = self.numbers
        finite = np.concatenate([r.error[np.isfinite(r.error) & (r.error > 0)]
                                 for r in n.runs.values()])
        decades = (max(int(np.floor(np.log10(finite.min()))), -3),
                   int(np.ceil(np.log10(finite.max()))))
        total = len(n.x) * n.epochs
        row = ValueTracker(0.0)
        init = ", ".join(f"{k} = {tfmt(v, 0 if float(v).is_integer() else 2)}"
                         for k, v in n.init.items())
        head = Text(f"{n.data_name} rows, lr = {n.lr:g}, start {init}", font_size=22)
        head.to_edge(UP, buff=0.2)
        counter = VGroup(Text("row", font_size=22), FastInteger(0, font_size=28))
        counter[1].add_updater(lambda m: follow(m, int(np.clip(np.floor(row.get_value()), 0,
                                                               total))))
        counter.arrange(RIGHT, buff=0.15).to_corner(UP + RIGHT, buff=0.2)
        panels = VGroup(*(RacePanel(r, total, decades, row) for r in n.runs.values()))
        panels.arrange(RIGHT, buff=0.9, aligned_edge=UP).next_to(head, DOWN, buff=0.2)
        top = min(p.axes.get_top()[1] for p in panels)   # heads differ in height; plots line up
        for p in panels:
            p.shift(UP * (top - p.axes.get_top()[1]))
        self.race_panels = {r.model: p for r, p in zip(n.runs.values(), panels)}

        self.play(FadeIn(head, counter), FadeIn(panels), run_time=1.5,
                  subcaption="Three models, the same rows, the same learning rate, all weights 1.")
        # what the row drives goes last, so the axes are painted once, not every frame
        self.keep_on_top(counter, *(p.curve for p in panels), *(p.readouts for p in panels))
        events = []
        for m, r in n.runs.items():
            if r.diverged_at is not None:
                events.append((r.diverged_at - 1, "diverged", m))
            if r.dead_row is not None:
                events.append((r.dead_row, "dead", m))
        events.sort()
        at, speed = 0.0, 0.3     # seconds per row
        for stop, what, m in events + [(total, "end", None)]:
            if stop > at:
                self.play(row.animate(rate_func=linear).set_value(stop),
                          run_time=max(0.5, (stop - at) * speed),
                          subcaption="Training, one row per step.")
                at = stop
            if what == "dead":
                self.show_dead(self.race_panels[m], n.runs[m])
            elif what == "diverged":
                self.show_diverged(self.race_panels[m], n.runs[m])
        self.play(row.animate.set_value(total + 0.999), run_time=0.3)
        self.mark("poster")
        self.wait(2.0)

    def show_dead(self, panel: RacePanel, r):
        box, line, dead = dead_marker(panel, r)
        self.dead_label = dead
        where = "for every x" if r.dead_everywhere else "on the rows that follow"
        self.play(FadeIn(box), Create(line), run_time=1.0,
                  subcaption=f"Row {r.dead_row - 1}'s big step pushed a x + b below zero "
                  f"{where}: the ReLU is dead." if r.kill_step else
                  f"a x + b is never above zero {where}: the ReLU starts dead.")
        frozen = VGroup(*panel.readouts[:3])
        self.play(frozen.animate.set_color(FROZEN), run_time=0.6,
                  subcaption="From here a, b and c get zero derivative. Only d still learns.")
        self.mark("dead", row=r.dead_row, model=r.model)
        self.wait(1.5)

    def show_diverged(self, panel: RacePanel, r):
        top = panel.axes.c2p(r.diverged_at, panel.axes.y_range[1])
        cross = MathTex(r"\times", font_size=44, color=GRAD).move_to(top)
        label = Text(f"row {r.diverged_at}: runs away", font_size=22, color=GRAD)
        label.next_to(panel.readouts, DOWN, buff=0.2)
        self.play(FadeIn(cross, label), run_time=0.8,
                  subcaption=f"The linear pair's error explodes: on row {r.diverged_at} it "
                  "leaves every scale.")
        self.mark("diverged", row=r.diverged_at, model=r.model)
        self.wait(1.2)

    # Part 4: same function, different problem --------------------------------------------------
    def part_solutions(self):
        n, s = self.numbers, self.numbers.solutions
        slope, icept = s.best
        land = Landscape.of(Dataset(n.x.copy(), n.y.copy(), n.data_name))
        a0, c0 = n.init["a"], n.init["c"]
        a_hi = max(4.0, float(np.ceil(slope * 2)), float(np.ceil(max(a0, c0) + 1)))
        a_lo = min(0.0, float(np.floor(min(a0, c0) - 1)))
        b_lo = min(0.0, np.floor(icept / 10) * 10 - 10)
        b_hi = max(10.0, np.ceil(icept / 10) * 10 + 10)
        left = LandscapePanel(land, (min(0.0, a_lo), a_hi, 1), (b_lo, b_hi, (b_hi - b_lo) / 5),
                              land.levels(float(land.loss(n.init["a"], n.init["b"])), 6),
                              width=4.2, height=3.0)
        box = (a_lo, a_hi, a_lo, a_hi)       # square, and holding the start
        right = PlanePanel(box, width=4.2, height=3.0)
        VGroup(left, right).arrange(RIGHT, buff=1.8).move_to(UP * 1.25)
        lt = Text("one neuron: one best point", font_size=22, color=OPTIMUM)
        rt = Text("two linear neurons: a curve of them", font_size=22, color=OPTIMUM)
        lt.next_to(left, UP, buff=0.15)
        rt.next_to(right, UP, buff=0.15)
        star_lab = MathTex(f"({fmt(slope)},\\ {fmt(icept)})", font_size=22, color=OPTIMUM)
        star_lab.next_to(left.optimum, RIGHT, buff=0.15)
        curve, inside = best_curve(right, slope, box, OPTIMUM)
        curve_lab = MathTex(f"ac = {fmt(slope)}", font_size=24, color=OPTIMUM)
        end = max(inside, key=lambda p: p[0]) if inside else None
        curve_lab.next_to(right.point(*end) if end else right, UP, buff=0.15)
        curve_lab.shift(LEFT * 0.4)
        lines, captions = reason_lines(s, n.lr)
        lines.to_edge(DOWN, buff=0.3)

        self.play(FadeIn(left, lt), FadeIn(star_lab), run_time=1.2,
                  subcaption=f"One neuron: a single best point, a = {fmt(slope)}, "
                  f"b = {fmt(icept)}.")
        self.play(FadeIn(lines[0]), run_time=0.6, subcaption=captions[0])
        self.wait(1.0)
        self.play(FadeIn(right, rt), run_time=0.8)
        self.play(Create(curve), FadeIn(curve_lab), run_time=1.5,
                  subcaption=f"Two linear neurons: every a, c with a times c = {fmt(slope)} "
                  f"(and c b + d = {fmt(icept)}) is just as good.")
        self.play(FadeIn(lines[1]), run_time=0.6, subcaption=captions[1])
        self.wait(1.0)

        # The slow path goes on top: the fast one runs along the same diagonal, then jumps.
        ac = s.path[:, [0, 2]]
        k_slow = inside_prefix(ac, box)
        walker = WeightWalker(right, ac[:k_slow])
        self.slow_walker, self.solution_panel = walker, right
        fast = s.fast_path[:, [0, 2]]
        k_fast = inside_prefix(fast, box)
        fast_walker = WeightWalker(right, fast[:max(k_fast, 1)], color=GRAD, trail_color=GRAD)
        self.fast_walker = fast_walker
        slow_lab = Text(f"SGD, lr = {s.path_lr:g}", font_size=18, color=PATH)
        gone = fast[k_fast] if k_fast < len(fast) else None
        msg = f"lr = {s.fast_lr:g}: " + (
            f"row {k_fast} throws it to a = {tfmt(gone[0])}, c = {tfmt(gone[1])}"
            if gone is not None else "stays on the plot")
        if s.fast_diverged_at:
            msg += f"; row {s.fast_diverged_at} runs away"
        fast_lab = Text(msg, font_size=18, color=GRAD)
        legend = VGroup(slow_lab, fast_lab).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        legend.next_to(VGroup(left, right), DOWN, buff=0.3)

        self.play(walker.appear(), FadeIn(slow_lab), run_time=0.5)
        self.add(walker)
        # Stop where the path first reaches a·c = slope: the slope is right, b and d are not yet.
        gap = ac[:k_slow, 0] * ac[:k_slow, 1] - slope
        crossed = np.flatnonzero(np.sign(gap) != np.sign(gap[0]))
        k_cross = int(crossed[0]) if len(crossed) and 0 < crossed[0] < k_slow - 1 else None
        if k_cross is not None:
            self.play(walker.walk(k_cross, run_time=max(0.8, 5.0 * k_cross / k_slow)),
                      subcaption="A small learning rate: in a few rows a times c reaches the "
                      "best slope.")
            self.mark("path_cross", index=k_cross)
            self.wait(1.0)
        self.play(walker.walk(k_slow - 1, run_time=4.0),
                  subcaption="But c b + d is still far from its best, so the path crosses the "
                  "curve and creeps on.")
        self.mark("path_end", index=k_slow - 1, a=float(ac[k_slow - 1, 0]),
                  c=float(ac[k_slow - 1, 1]))
        self.wait(0.5)
        self.play(fast_walker.appear(), FadeIn(fast_lab), run_time=0.5)
        self.add(fast_walker)
        self.bring_to_front(walker)
        self.play(fast_walker.walk(max(k_fast - 1, 0), run_time=4.5),
                  subcaption="Part 3's learning rate: the pair bounces back and forth across the "
                  "curve, then is thrown off the plot.")
        self.mark("fast_end", index=max(k_fast - 1, 0))
        self.wait(0.5)
        for line, cap in zip(lines[2:], captions[2:]):
            self.play(FadeIn(line), run_time=0.7, subcaption=cap)
            self.wait(1.8)
        self.wait(1.5)


def reason_lines(s, lr: float) -> tuple[VGroup, tuple[str, ...]]:
    """Part 4's plain-words reason, five lines (each number from the core's ``Solutions``
    ``s``), and a narration caption for each."""
    limit, factor = s.one_neuron_row_limit, s.start_factor
    side = "over" if factor * lr > limit else "under"
    lines = VGroup(
        Text(f"One neuron: one best point. A safe lr stays below {limit:.3g} (row x = "
             f"{s.x_big:g}).", font_size=20),
        Text("Two neurons: a whole curve of best points, but SGD moves a and c, not a·c.",
             font_size=20),
        Text(f"A step moves the slope (a² + c²) = {factor:g}× as far: lr = {lr:g} acts like "
             f"{factor * lr:.3g}, {side} that limit.", font_size=20),
        Text("More equal answers do not help: as a and c grow, the steps grow too.",
             font_size=20, color=ACCENT),
        Text("With so few weights, the right step size depends on where you stand.",
             font_size=20, color=ACCENT),
    ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
    captions = (
        "One neuron has one best point, and a safe step size set by its largest x.",
        "Two neurons have a whole curve of best points. But SGD moves a and c, not their "
        "product.",
        f"So one step moves the slope a squared plus c squared times as far: the learning "
        f"rate acts {factor:g} times bigger.",
        "More equally good answers do not make it easier: as the weights grow, the steps "
        "grow with them.",
        "With this few weights, the right step size now depends on where you stand.")
    return lines, captions
