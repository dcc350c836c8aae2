"""Part 4 of relu-sandwich: the same function, a different problem. The one-neuron model has one
best point; two linear neurons have a curve of them, and SGD walks the (a, c) plane towards it
slowly, or is thrown off it at Part 3's learning rate."""

from __future__ import annotations

from types import SimpleNamespace

from manim import DOWN, LEFT, RIGHT, UP, Create, FadeIn, MathTex, Text, VGroup, VMobject

from scenes.kit.format import fixed
from scenes.kit.landscape_panel import LandscapePanel, WeightWalker
from scenes.kit.part import Part
from scenes.kit.style import ACCENT, GRAD, OPTIMUM, PATH
from scenes.relu_sandwich.panels import PlanePanel, draw_pieces, tfixed


class SolutionsPart(Part):
    """The one-neuron landscape beside the two-neuron (a, c) plane, two SGD walks on the plane,
    and the reason in plain words, line by line."""

    id = "solutions"

    def build(self, numbers, params):
        s, p = numbers.solutions, numbers.plane
        slope, icept = s.best
        left = LandscapePanel(s.landscape, s.a_range, s.b_range, s.levels, width=4.2, height=3.0)
        right = PlanePanel(p.box, width=4.2, height=3.0)
        VGroup(left, right).arrange(RIGHT, buff=1.8).move_to(UP * 1.25)
        lt = Text("one neuron: one best point", font_size=22, color=OPTIMUM)
        rt = Text("two linear neurons: a curve of them", font_size=22, color=OPTIMUM)
        lt.next_to(left, UP, buff=0.15)
        rt.next_to(right, UP, buff=0.15)
        star_lab = MathTex(f"({fixed(slope)},\\ {fixed(icept)})", font_size=22, color=OPTIMUM)
        star_lab.next_to(left.optimum, RIGHT, buff=0.15)
        curve = draw_pieces(VMobject(stroke_color=OPTIMUM, stroke_width=4), right.axes, p.curve)
        curve_lab = MathTex(f"ac = {fixed(slope)}", font_size=24, color=OPTIMUM)
        curve_lab.next_to(right.point(*p.curve_end) if p.curve_end else right, UP, buff=0.15)
        curve_lab.shift(LEFT * 0.4)
        lines, captions = reason_lines(s)
        lines.to_edge(DOWN, buff=0.3)
        # The slow path goes on top: the fast one runs along the same diagonal, then jumps.
        walker = WeightWalker(right, p.slow)
        fast_walker = WeightWalker(right, p.fast, color=GRAD, trail_color=GRAD)
        legend = VGroup(Text(f"SGD, lr = {s.path_lr:g}", font_size=18, color=PATH),
                        Text(fast_text(s, p), font_size=18, color=GRAD))
        legend.arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        legend.next_to(VGroup(left, right), DOWN, buff=0.3)
        return SimpleNamespace(left=left, right=right, lt=lt, rt=rt, star_lab=star_lab,
                               curve=curve, curve_lab=curve_lab, lines=lines, captions=captions,
                               walker=walker, fast_walker=fast_walker, legend=legend,
                               best=s.best, slow=p.slow, cross=p.cross, fast=p.fast)

    def play(self, scene, b):
        self.one_and_many(scene, b)
        self.walk_slow(scene, b)
        self.walk_fast(scene, b)
        for line, caption in zip(b.lines[2:], b.captions[2:]):
            scene.say(caption)
            scene.play(FadeIn(line), run_time=0.7)
            scene.wait(1.8)
        scene.wait(1.5)

    @staticmethod
    def one_and_many(scene, b):
        """The single best point of one neuron, then the curve of two."""
        slope, icept = (fixed(v) for v in b.best)
        scene.say(f"One neuron: a single best point, a = {slope}, b = {icept}.")
        scene.play(FadeIn(b.left, b.lt), FadeIn(b.star_lab), run_time=1.2)
        scene.say(b.captions[0])
        scene.play(FadeIn(b.lines[0]), run_time=0.6)
        scene.wait(1.0)
        scene.play(FadeIn(b.right, b.rt), run_time=0.8)
        scene.say(f"Two linear neurons: every a, c with a times c = {slope} (and c b + d = "
                  f"{icept}) is just as good.")
        scene.play(Create(b.curve), FadeIn(b.curve_lab), run_time=1.5)
        scene.say(b.captions[1])
        scene.play(FadeIn(b.lines[1]), run_time=0.6)
        scene.wait(1.0)

    @staticmethod
    def walk_slow(scene, b):
        """The small learning rate's walk, stopping where it first reaches a·c = slope: the slope
        is right there, b and d are not yet."""
        walker, k, last = b.walker, b.cross, len(b.slow) - 1
        scene.play(walker.appear(), FadeIn(b.legend[0]), run_time=0.5)
        scene.add(walker)
        if k is not None:
            scene.say("A small learning rate: in a few rows a times c reaches the best slope.")
            scene.play(walker.walk(k, run_time=max(0.8, 5.0 * k / len(b.slow))))
            scene.mark("path_cross", index=k)
            scene.wait(1.0)
        scene.say("But c b + d is still far from its best, so the path crosses the curve and "
                  "creeps on.")
        scene.play(walker.walk(last, run_time=4.0))
        scene.mark("path_end", index=last, a=float(b.slow[last, 0]), c=float(b.slow[last, 1]))
        scene.wait(0.5)

    @staticmethod
    def walk_fast(scene, b):
        """Part 3's learning rate on the same plane, drawn until it is thrown off."""
        walker, last = b.fast_walker, len(b.fast) - 1
        scene.play(walker.appear(), FadeIn(b.legend[1]), run_time=0.5)
        scene.add(walker)
        scene.bring_to_front(b.walker)
        scene.say("Part 3's learning rate: the pair bounces back and forth across the curve, then "
                  "is thrown off the plot.")
        scene.play(walker.walk(last, run_time=4.5))
        scene.mark("fast_end", index=last)
        scene.wait(0.5)


def fast_text(s, p) -> str:
    """The fast walk's legend: where it is thrown to, and the row it runs away on."""
    text = f"lr = {s.fast_lr:g}: " + (
        f"row {p.fast_leaves} throws it to a = {tfixed(p.thrown[0])}, c = {tfixed(p.thrown[1])}"
        if p.thrown is not None else "stays on the plot")
    return text + (f"; row {s.fast_diverged_at} runs away" if s.fast_diverged_at else "")


def reason_lines(s) -> tuple[VGroup, tuple[str, ...]]:
    """Part 4's plain-words reason, five lines (each number from the lesson's ``Solutions``
    ``s``), and a narration caption for each."""
    limit, factor, lr = s.one_neuron_row_limit, s.start_factor, s.fast_lr
    lines = VGroup(
        Text(f"One neuron: one best point. A safe lr stays below {limit:.3g} (row x = "
             f"{s.x_big:g}).", font_size=20),
        Text("Two neurons: a whole curve of best points, but SGD moves a and c, not a·c.",
             font_size=20),
        Text(f"A step moves the slope (a² + c²) = {factor:g}× as far: lr = {lr:g} acts like "
             f"{s.effective_lr:.3g}, {'over' if s.over_limit else 'under'} that limit.",
             font_size=20),
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
