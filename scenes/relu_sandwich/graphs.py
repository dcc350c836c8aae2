"""Parts 1 and 2 of relu-sandwich: two linear neurons are one line (the collapse, in algebra
and on a plot), and a ReLU between them makes a hinge; two hinges make a bend."""

from __future__ import annotations

from types import SimpleNamespace

from manim import (DOWN, LEFT, RIGHT, UP, Create, DashedVMobject, Dot, FadeIn, FadeOut, MathTex,
                   Text, VGroup, VMobject, Write, linear)

from sgdanim.lessons.relu_sandwich import PART_SPECS, collapse, kink

from scenes.kit.animations import MatchingTex
from scenes.kit.formulas import HINGE
from scenes.kit.part import Part
from scenes.kit.scene import inside_frame
from scenes.kit.titles import chapter_header
from scenes.kit.style import DATA, LABEL_SIZE, MIN_FONT_SIZE, OPTIMUM, TEXT, TITLE_SIZE
from scenes.relu_sandwich.words import best_text, math_words, start_words
from scenes.relu_sandwich.panels import (EDGE_MARGIN, FROZEN, MODEL_COLOURS, WeightPlot, data_axes,
                                         draw_pieces, weight_readouts)

PAIR, RELU = MODEL_COLOURS["linear2"], MODEL_COLOURS["relu2"]

RIGHT_COLUMN = RIGHT * 4.6
# the tours' weight readouts: at the panels' 30 they were the smallest text at 480p (review r10)
TOUR_SIZE = 35
# Part 2: (caption, the role line it introduces) for each stop after the first
HINGE_STOPS = (("b moves the kink.", 0), ("a moves it too, and tilts the ramp.", None),
               ("c scales the ramp.", 1), ("d lifts the whole hinge.", 2))


def collapse_formulas() -> tuple[MathTex, MathTex]:
    """ŷ = c(ax + b) + d and ŷ = (ac)x + (cb + d), a part per symbol, so that
    :class:`~scenes.kit.animations.MatchingTex` carries each symbol to its new place (ŷ, the
    model's output, as everywhere in the series; y is the data's)."""
    return (MathTex(r"\hat y", "=", "c", "(", "a", "x", "+", "b", ")", "+", "d", font_size=48),
            MathTex(r"\hat y", "=", "(", "a", "c", ")", "x", "+", "(", "c", "b", "+", "d", ")",
                    font_size=48))


def opening_question(n) -> str:
    """The lesson's question, with the race's own rows when it has them."""
    pair, relu = n.runs.get("linear2"), n.runs.get("relu2")
    if not race_has_its_story(n):
        return "Two linear neurons draw the same lines as one.\nWhy do they train worse?"
    return (f"Same lr: one neuron stays bounded, two run away on row {pair.diverged_at},\n"
            f"and with a ReLU, 3 of 4 weights freeze on row {relu.dead_row}. Why?")


def race_has_its_story(n) -> bool:
    """Whether the race has the rows the question names: one neuron stays bounded, the linear
    pair runs away and the ReLU pair dies (from all weights 0 neither of the last two happens;
    at lr 1e-3 one neuron runs away too)."""
    one, pair, relu = n.runs.get("linear"), n.runs.get("linear2"), n.runs.get("relu2")
    return not (one is None or one.diverged_at is not None or pair is None
                or pair.diverged_at is None or relu is None or relu.dead_row is None)


def opening_caption(n) -> str:
    """What is said over the question: its story in short, or the plain question where the
    race has no runaway and no death to name (it said "two run away" over a race without)."""
    if not race_has_its_story(n):
        return opening_question(n).replace("\n", " ")
    # "as overshoot" where Part 3's lr is its thread's (lr 2e-4 is not)
    same = "Same lr" if "lr" in n.thread_differs else "Same lr as overshoot"
    return f"{same}: one neuron stays bounded, two run away, a ReLU pair freezes. Why?"


def race_poster(n, params, question) -> VGroup:
    """Part 3's race as it ends (every row drawn, the runaway's ✕ and the ReLU's death line),
    under ``question``: the picture the lesson opens on and then explains."""
    from scenes.relu_sandwich.training import TrainingPart     # Part 3 imports this module

    race = TrainingPart().build(n, params)
    race.row.set_value(race.rows + 0.999)
    marks = VGroup()
    for cross, _ in race.diverged.values():     # the ✕ only: its words would reach the captions
        marks.add(cross)
    for model, (box, line, _) in race.dead.items():
        marks.add(line)
        VGroup(*race.by_model[model].readouts[:3]).set_color(FROZEN)
    poster = VGroup(race.panels, marks)
    poster.update()
    # a still picture: without its updaters, which set the a² + c² readouts' opacities, those
    # stood at full strength while the rest of the race faded out
    poster.clear_updaters()
    # a gap under the question's descenders: closer, its second line and the panels' titles
    # read as one block (review r7)
    return poster.next_to(question, DOWN, buff=0.2)


def open_graph(scene, b, formula, axes_time: float, intro: str, start: str, marks=()) -> None:
    """A part's opening: its title and ``formula``, the data axes (in ``axes_time``), then the
    model's graph with its weight readouts and ``marks``, kept on top of what comes later."""
    # the title and the data up before the first line, which may hold the picture while the
    # last part's line is read: no dark screen between parts, no formula on an empty screen
    scene.add(b.title, b.axes, b.labels, b.dots)
    scene.say(intro)
    scene.play(Write(formula), run_time=max(1.5, axes_time))
    scene.say(start)
    scene.play(Create(b.plot), FadeIn(b.readouts, *marks), run_time=1.2)
    scene.keep_on_top(b.plot, *marks, b.readouts)


class CollapsePart(Part):
    """y = c(ax + b) + d regrouped to y = (ac)x + (cb + d), beside its graph: a line for every
    stop of the weight tour, and the same line for two different sets of weights."""

    id = "collapse"
    starts_clean = True   # kit.Part: it needs nothing the parts before it leave

    def build(self, numbers, params):
        n = numbers
        title = chapter_header(PART_SPECS, self.id, numbers)
        stacked, regrouped = collapse_formulas()
        for m in (stacked, regrouped):
            m.next_to(title, DOWN, buff=0.3).align_to(title, LEFT)
        axes, labels, dots = data_axes(n.x_span, n.y_span, n.x, n.y)
        plot = WeightPlot(axes, n.box, n.collapse_tour[0], "linear2")
        # ac and cb + d follow the trackers, as the graph does
        readouts = weight_readouts(plot.trackers, font_size=TOUR_SIZE)
        extra = weight_readouts({"ac": lambda: collapse(*plot.weights())[0],
                                 "cb + d": lambda: collapse(*plot.weights())[1]},
                               font_size=TOUR_SIZE)
        extra.set_color(PAIR)     # the pair's own line: its slope and intercept
        VGroup(readouts, extra).arrange(DOWN, aligned_edge=LEFT, buff=0.45).move_to(
            RIGHT_COLUMN + DOWN * 0.9)
        note = Text("Any four weights: still a straight line", font_size=LABEL_SIZE, color=PAIR)
        note.next_to(axes, UP, buff=0.2).align_to(axes, LEFT).shift(RIGHT * 0.8)
        # right of the y axis' name: numbers as wide as 10000000 (rows in the millions) move
        # the axis, and its name, under the note's usual place
        note.shift(max(0.0, labels[1].get_right()[0] + 0.2 - note.get_left()[0]) * RIGHT)
        slope, icept = n.solutions.best
        # the weights in math and the product as the readouts write it, ac (review r8)
        same = math_words(rf"ac = {best_text(slope)},\ cb + d = {best_text(icept)}"
                          r"\text{: the data's best line}", ": the data's best line", MIN_FONT_SIZE)
        same.set_color(OPTIMUM).move_to(note, aligned_edge=LEFT)
        question = inside_frame(Text(opening_question(n), font_size=TITLE_SIZE,
                                     line_spacing=0.8).to_edge(UP, buff=0.2), margin=EDGE_MARGIN)
        race = race_poster(n, params, question)
        return SimpleNamespace(question=question, opening=opening_caption(n), race=race,
                               title=title, stacked=stacked, regrouped=regrouped, axes=axes,
                               labels=labels, dots=dots, plot=plot, readouts=readouts,
                               extra=extra, note=note, same=same, tour=n.collapse_tour,
                               glide=n.glide, init=n.init)

    def play(self, scene, b):
        # the headline's words, with where they pick up (a different line beside the headline
        # split the 4 s of reading between them, review r11)
        scene.say(b.opening)
        # on screen from the first frame (a thumbnail shows the question over Part 3's race, as
        # it ends: the picture the lesson explains)
        scene.add(b.race, b.question)
        scene.wait(3.5)
        scene.say("Two linear neurons: the second takes the first one's output.")
        # the question is gone before the formula is written where it stood
        # out, then in: faded together, the race and the data's plot stood overprinted for
        # the whole fade (review r8)
        scene.play(FadeOut(b.question, b.race), run_time=0.4)
        scene.play(FadeIn(b.axes, b.labels, b.dots, b.plot, b.readouts), run_time=0.4)
        scene.keep_on_top(b.plot, b.readouts)
        scene.play(FadeIn(b.title), Write(b.stacked), run_time=1.0)
        scene.say(f"Start {start_words(b.init)[1]}.")
        scene.wait(0.5)
        scene.say("Multiply out: the slope is a times c, the intercept c b plus d.")
        scene.play(MatchingTex(b.stacked, b.regrouped), FadeIn(b.extra), run_time=2.0)
        scene.keep_on_top(b.extra)
        scene.wait(0.6)
        scene.mark("collapse_line", weights=tuple(b.tour[0]))
        last_two = len(b.tour) - 2      # the first stop on the data's best line
        for i, w in enumerate(b.tour[1:last_two + 1], start=1):
            if i == 1:                  # one line per idea, held over its stops
                scene.say("Whatever the four weights are, the graph is a straight line.")
            scene.play(b.plot.move_to_weights(w), run_time=2.0)
            if i == 1:
                scene.play(FadeIn(b.note), run_time=0.4)
            if i == last_two:           # the label when the line has arrived, not before
                scene.play(FadeOut(b.note), run_time=0.25)
                scene.play(FadeIn(b.same), run_time=0.35)
            scene.mark("collapse_line", weights=tuple(w))
            scene.wait(0.4)
        # along a·c = slope, c·b + d = intercept: the weights change, the line stays put
        scene.say("Different weights, the very same line.")
        for w in b.glide:
            scene.play(b.plot.move_to_weights(w, 2.0 / len(b.glide), linear))
        scene.mark("collapse_line", weights=tuple(b.tour[-1]))
        scene.wait(0.6)     # with the 2 s glide, the 2.3 s its line needs to be read


class HingePart(Part):
    """y = c·max(0, ax + b) + d: a hinge whose kink each weight moves, then two such units
    adding up to a bend no line can make."""

    id = "hinge"
    starts_clean = True   # kit.Part: it needs nothing the parts before it leave

    def build(self, numbers, params):
        n = numbers
        title = chapter_header(PART_SPECS, self.id, numbers)
        formula = MathTex(HINGE, font_size=46)     # the model's ŷ, as the series
        formula.next_to(title, DOWN, buff=0.3).align_to(title, LEFT)
        axes, labels, dots = data_axes(n.x_span, n.y_span, n.x, n.y)
        dots.set_opacity(0.35)
        plot = WeightPlot(axes, n.box, n.hinge_tour[0], "relu2")
        hinge = Dot(radius=0.09, color=TEXT)      # the kink: a point of the graph, not a weight
        hinge.add_updater(lambda m: m.move_to(axes.c2p(kink(*plot.weights()[:2]),
                                                       plot.weights()[3])))
        readouts = weight_readouts(plot.trackers, font_size=TOUR_SIZE).move_to(
            RIGHT_COLUMN + UP * 0.6)
        roles = VGroup(Text("a, b: where the kink is", font_size=MIN_FONT_SIZE),
                       Text("c: scales the ramp", font_size=MIN_FONT_SIZE),   # a tilts it too
                       Text("d: how high it sits", font_size=MIN_FONT_SIZE))
        roles.arrange(DOWN, aligned_edge=LEFT, buff=0.18).next_to(readouts, DOWN, buff=0.5)
        two = MathTex(r"\hat y = c_1\max(0, a_1x + b_1) + c_2\max(0, a_2x + b_2) + d",
                      font_size=38)
        two.next_to(title, DOWN, buff=0.3).align_to(title, LEFT)   # whole, inside the frame
        first, second, total = n.two_unit_graphs
        units = VGroup(*(DashedVMobject(draw_pieces(VMobject(stroke_color=DATA, stroke_width=3),
                                                    axes, g), num_dashes=30)
                         for g in (first, second)))
        both = draw_pieces(VMobject(stroke_color=RELU, stroke_width=5), axes, total)
        bend = Text("two hinges add up to a bend\nno straight line can make", font_size=LABEL_SIZE,
                    color=RELU).move_to(RIGHT_COLUMN + LEFT * 0.3 + UP * 0.2)
        inside_frame(bend, margin=EDGE_MARGIN)      # centred there, "bend" touched the edge
        return SimpleNamespace(title=title, formula=formula, axes=axes, labels=labels, dots=dots,
                               plot=plot, hinge=hinge, readouts=readouts, roles=roles, two=two,
                               units=units, both=both, bend=bend, tour=n.hinge_tour)

    def play(self, scene, b):
        open_graph(scene, b, b.formula, 1.0, "Put a ReLU between the two neurons: negative "
                   "values become zero.", "Now the graph is a hinge: flat, then a ramp.",
                   marks=(b.hinge,))
        for w, (caption, role) in zip(b.tour[1:], HINGE_STOPS):
            if role is not None:
                scene.play(FadeIn(b.roles[role]), run_time=0.4)
            scene.say(caption)
            scene.play(b.plot.move_to_weights(w), run_time=1.8)
            scene.mark("hinge", weights=tuple(w))
            scene.wait(0.4)
        # Two units add up to a bend.
        scene.play(FadeOut(b.plot, b.hinge, b.readouts, b.roles), run_time=0.6)
        scene.say("Take two such units, each with its own kink.")
        # out, then in: a morph between the two showed both half-drawn on one line (review r7)
        scene.play(FadeOut(b.formula), run_time=0.4)
        scene.play(Write(b.two), Create(b.units), run_time=1.4)
        scene.say("Added up, they bend. No line, however you weight it, can do that.")
        scene.play(Create(b.both), FadeIn(b.bend), run_time=1.6)
        scene.mark("two_units")
        scene.wait(1.5)
