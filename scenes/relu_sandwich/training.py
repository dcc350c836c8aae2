"""Part 3 of relu-sandwich: the models trained side by side, one row per step, the row counter
stopping where a run leaves the rails or a ReLU dies."""

from __future__ import annotations

from types import SimpleNamespace

from manim import (DOWN, LEFT, RIGHT, UP, Create, FadeIn, FadeOut, MathTex, SurroundingRectangle,
                   Text, ValueTracker, VGroup, linear)

from sgdanim.lessons.relu_sandwich import PART_SPECS, rows_shown

from scenes.kit.format import fixed, listed, setting_tex, short
from scenes.kit.numbers import FastInteger
from scenes.kit.part import Part
from scenes.kit.scene import covers, inside_frame
from scenes.kit.titles import chapter_header
from scenes.kit.style import ACCENT, MIN_FONT_SIZE
from scenes.relu_sandwich.words import start_words
from scenes.relu_sandwich.panels import (ABOVE_CAPTIONS, EDGE_MARGIN, FROZEN, RacePanel,
                                         dead_marker, diverged_marker, follow)

# the runs' derivatives, named on screen: by default overshoot's thread's, so its rows are these
METHOD = {"numeric": "finite differences", "analytic": "exact derivatives"}
SECONDS_PER_ROW = 0.3
PRE_ROLL = 6           # rows played under the set-up captions
LEAD_ROWS, LEAD_SECONDS = 2, 2.4   # of them, under the opening line (its reading time, less 1 s)
COUNTER_MARGIN = 0.45   # the row counter's widest count keeps 60 px (1080p) off the edge
MAX_STRETCH = 5.0      # the longest run of rows between captions (epoch 2 once the story is told)
SETUP_GAP = 0.3        # between the title and the run's set-up, and between that and the counter
# Part 3's settings as its captions name them, where they are not overshoot's thread's
THREAD_SETTINGS = {"lr": "lr", "init": "start", "data": "data", "grad": "derivatives"}
# whose error runs away, as the captions name each run ("the linear pair's" is overshoot's)
WHOSE = {"linear": "One neuron's", "linear2": "The linear pair's", "relu2": "The ReLU pair's"}


class TrainingPart(Part):
    """One panel per model (error per row, weights at the row), a shared row counter, and a mark
    on a panel when its run runs away or its ReLU dies."""

    id = "training"
    starts_clean = True   # kit.Part: it needs nothing the parts before it leave

    def build(self, numbers, params):
        n, race = numbers, numbers.race
        row = ValueTracker(0.0)
        init = start_words(n.init)[0]
        title = chapter_header(PART_SPECS, self.id, numbers)
        # "row" in LaTeX beside a LaTeX number: one font for the word and its count
        counter = VGroup(MathTex(r"\text{row}", font_size=30), FastInteger(0, font_size=30))
        counter[1].add_updater(lambda m: follow(m, rows_shown(row.get_value(), race.rows)))
        counter.arrange(RIGHT, buff=0.15).to_corner(UP + RIGHT, buff=COUNTER_MARGIN)
        # its digits grow rightwards: placed for the widest row it reaches ("row 58" stood
        # 25 px from the edge at 1080p, review r10)
        counter.shift(LEFT * (FastInteger(race.rows, font_size=30).width - counter[1].width))
        counter.align_to(title, DOWN)
        room = counter.get_left()[0] - title.get_right()[0] - 2 * SETUP_GAP
        setup = run_setup(n.lr, init, METHOD[n.grad], room)
        # one line on the title's baseline; two from its top, the start under the lr
        setup.next_to(title, RIGHT, buff=SETUP_GAP)
        setup.align_to(title, DOWN if len(setup) == 2 else UP)
        head = VGroup(title, setup)
        panels = VGroup(*(RacePanel(r, race, row, width=3.55, height=3.25) for r in n.runs.values()))
        # 0.15 under the title: the tick numbers at TICK_SIZE took 0.03 from the room under them
        panels.arrange(RIGHT, buff=0.3, aligned_edge=UP).next_to(head, DOWN, buff=0.15).set_x(0)
        inside_frame(panels)     # the titles over the outer panels stay in (no shrinking: 3.55 wide)
        top = min(p.axes.get_top()[1] for p in panels)   # heads differ in height; plots line up
        for p in panels:
            p.shift(UP * (top - p.axes.get_top()[1]))
        by_model = dict(zip(n.runs, panels))
        dead = {m: dead_marker(by_model[m], r) for m, r in n.runs.items()
                if r.dead_row is not None}
        diverged = {m: diverged_marker(by_model[m], r) for m, r in n.runs.items()
                    if r.diverged_at is not None}
        relu = n.runs.get("relu2")
        # half-way through the last stretch, why the ReLU was a risk for nothing: the rows
        # lie on a line (review r10's teaching gap), if they do and its ReLU died
        aside = None if n.rows_line is None or relu is None or relu.dead_row is None else \
            (race.stops[-2][0] + race.rows) // 2 if len(race.stops) > 1 else None
        return SimpleNamespace(row=row, head=head, counter=counter, panels=panels,
                               by_model=by_model, runs=n.runs, stops=race.stops, rows=race.rows,
                               dead=dead, diverged=diverged, twins=race.twins_until, climb=race.climb,
                               grad=n.grad, line=n.rows_line, aside=aside,
                               thread_differs=n.thread_differs)

    def play(self, scene, b):
        # at once, not faded in: a fade left the caption over a near-black frame, with the
        # a² + c² readouts (whose updaters reset their opacity) standing alone at full strength;
        # before the first line, which may hold the picture while the last part's is read
        scene.add(b.head, b.counter, b.panels)
        scene.say(race_opening(tuple(b.runs)))
        # what the row drives goes last, so the axes are painted once, not every frame
        scene.keep_on_top(b.counter, *(p.curve for p in b.panels), *(p.readouts for p in b.panels))
        at = min(PRE_ROLL, b.stops[0][0]) if b.stops else float(PRE_ROLL)
        # the first rows start a second in, under the opening line (3.4 s of empty axes before
        # the race, review r10), and run on under the next: no still plots while they are read
        scene.wait(1.0)
        lead = min(LEAD_ROWS, at)
        scene.play(b.row.animate(rate_func=linear).set_value(lead), run_time=LEAD_SECONDS)
        if "linear2" in b.runs:     # the thread's run is the linear pair's
            scene.say(thread_line(b.thread_differs))
        scene.play(b.row.animate(rate_func=linear).set_value(at), run_time=3.0)
        said = None
        for stop, what, m in b.stops:
            for end in self.stretches(b, at, stop):
                text = self.stretch_caption(b, at, end)
                if at == self.kill_row(b):
                    said = self.show_kill_row(scene, b)
                elif text is not None and text != said:   # None: the line up still fits
                    scene.say(text)
                    said = text
                    if b.climb is not None and at == b.climb[0]:
                        # the row the line reads stays until it is read, its a² + c² boxed as
                        # row 25's is (5 s with nothing marked, review r11): the next row comes
                        # with its own line (row 25 under "Row 24 …" for 2.5 s, review r10)
                        boxes = readout_boxes(b, (4,))
                        scene.play(Create(boxes), run_time=0.5)
                        scene.finish_caption()
                        scene.play(FadeOut(boxes), run_time=0.3)
                scene.play(b.row.animate(rate_func=linear).set_value(end),
                           run_time=min(MAX_STRETCH, max(0.5, (end - at) * SECONDS_PER_ROW)))
                at = end
            if what == "dead":
                self.show_dead(scene, b, m)
            elif what == "diverged":
                self.show_diverged(scene, b, m)
                at = max(at, b.runs[m].diverged_at)     # the counter stepped on to it
        scene.play(b.row.animate.set_value(b.rows + 0.999), run_time=0.3)
        scene.mark("poster")
        scene.wait(1.0)     # its line has been up since the last stretch began

    @staticmethod
    def stretches(b, at: float, stop: float) -> list:
        """Where the row counter pauses for a new caption on its way from ``at`` to ``stop``:
        at the row the linear pair's last climb starts, if it lies between."""
        if stop <= at:
            return []
        turns = [r for r in (b.climb[0] if b.climb else None, TrainingPart.kill_row(b), b.aside)
                 if r is not None and at < r < stop]
        return [*sorted(set(turns)), stop]   # a climb on the kill's row: once (grad=analytic)

    @staticmethod
    def kill_row(b) -> int | None:
        """The row whose step kills the ReLU pair's ReLU, if it dies in training."""
        relu = b.runs.get("relu2")
        return None if relu is None or not relu.kill_step else relu.kill_row

    @staticmethod
    def show_kill_row(scene, b) -> str:
        """Hold the row whose overshoot kills the ReLU, its a, c and a² + c² boxed, under the
        line that names it (on screen for 0.3 s it flashed by, review r10); return the line."""
        relu = b.runs["relu2"]
        where = "for every row's x" if relu.dead_everywhere else "on the rows that follow"
        # the aside in brackets: set off by commas, "the linear pair's too" read as if the
        # linear pair had died as well (review r7)
        twin = " (the same one as the linear pair's)" if "linear2" in b.runs else ""
        text = (f"Row {relu.kill_row}'s overshoot{twin} pushed "
                f"a·x + b below zero {where}: the ReLU is dead.")
        scene.say(text)
        # a, c and a² + c² of both twins: the same numbers, the pair's and the ReLU pair's
        boxes = readout_boxes(b, (0, 2, 4))
        scene.play(Create(boxes), run_time=0.5)
        scene.wait(1.5)
        scene.play(FadeOut(boxes), run_time=0.3)
        return text

    @staticmethod
    def stretch_caption(b, at: float, stop: float) -> str | None:
        """What the rows from ``at`` to ``stop`` show: the ReLU pair as the linear pair's twin,
        its a² + c² live, while it is one; its last climb; then what the survivors do."""
        if b.aside is not None and at == b.aside:
            return (f"The rows lie on a line, y = {short(b.line[0], 4)}x + {short(b.line[1], 4)}: "
                    "the bend buys nothing here, only a ReLU that can die.")
        if b.climb is not None and at == b.climb[0]:
            return (f"Row {b.climb[0]}: a² + c² = {fixed(b.climb[1], 1)}. Now each overshoot "
                    "grows a and c, so the next step too.")
        if b.twins is not None and at < b.twins:
            return (f"Until row {b.twins} the ReLU pair follows the linear pair exactly: "
                    "watch a² + c².")
        relu, pair, one = (b.runs.get(m) for m in ("relu2", "linear2", "linear"))
        if (relu is not None and relu.dead_everywhere and pair is not None
                and pair.diverged_at is not None and at >= max(relu.dead_row,
                                                               pair.diverged_at - 1)):
            if one is None or (one.diverged_at is not None and at >= one.diverged_at - 1):
                # models=linear2,relu2: no one neuron; lr 1e-3: past its runaway on row 17
                return "To the last row: the ReLU pair moves only d."
            if one.diverged_at is not None:   # lr 1e-3, before row 17
                return "The ReLU pair moves only d. One neuron trains on, for now."
            return "To the last row: one neuron stays bounded; the ReLU pair moves only d."
        if relu is not None and relu.dead_row is not None and at >= relu.dead_row > stop - 2:
            # one row between its death and the next event: "only d still learns" is still up
            # (a line of its own held the frozen rows some 4 s more, review r10)
            return None
        return "Training on, one row per step."

    @staticmethod
    def show_dead(scene, b, model):
        panel, r = b.by_model[model], b.runs[model]
        box, line, _ = b.dead[model]
        place_dead(box, panel)
        where = "for every row's x" if r.dead_everywhere else "on the rows that follow"
        if not r.kill_step:   # killed in training, it was named on its row (show_kill_row)
            scene.say(f"a x + b is never above zero {where}: the ReLU starts dead.")
        scene.play(FadeIn(box), Create(line), run_time=1.0)
        frozen = VGroup(*panel.readouts[:3])
        scene.say("From here a, b and c get zero derivative. Only d still learns.")
        scene.play(frozen.animate.set_color(FROZEN), run_time=0.6)
        scene.mark("dead", row=r.dead_row, model=r.model)
        scene.wait(1.5)

    @staticmethod
    def show_diverged(scene, b, model):
        panel, r = b.by_model[model], b.runs[model]
        cross, label = b.diverged[model]
        place_runaway(label, cross, panel)
        scene.say(f"{WHOSE[model]} error explodes: on row {r.diverged_at} it leaves every "
                  "scale.")
        # the counter steps on to the row the words name, with them (they stood 4 s over
        # row 27, review r11)
        scene.play(FadeIn(cross, label), b.row.animate.set_value(r.diverged_at), run_time=0.8)
        scene.mark("diverged", row=r.diverged_at, model=r.model)
        scene.wait(1.2)


def race_opening(models: tuple) -> str:
    """The race's first line, naming the models it has (with models=linear2,relu2 it named a
    one neuron that was not there).

    >>> race_opening(("linear", "linear2", "relu2"))
    "Overshoot's pair again, beside one neuron and a ReLU pair."
    >>> race_opening(("linear2", "relu2")), race_opening(("relu2",))
    ("Overshoot's pair again, beside a ReLU pair.", 'A ReLU pair, row by row.')
    """
    beside = [name for model, name in (("linear", "one neuron"), ("relu2", "a ReLU pair"))
              if model in models]
    if "linear2" not in models:
        named = listed(beside)
        return f"{named[0].upper()}{named[1:]}, row by row."
    return "Overshoot's pair again" + (f", beside {listed(beside)}." if beside else ".")


def thread_line(differs: tuple) -> str:
    """What Part 3's runs are to overshoot's thread: that run, row for row, or not, and why
    (the lesson's ``thread_differs``; at lr 1e-3 it said "the same run").

    >>> thread_line(())
    "The same run as overshoot's thread, row for row."
    >>> thread_line(("lr", "init"))
    "Not overshoot's thread run: another lr and start here."
    """
    if not differs:
        return "The same run as overshoot's thread, row for row."
    if differs == ("grad",):
        return "Exact derivatives here, not the thread's: other numbers, same story."
    named = listed(THREAD_SETTINGS[d] for d in differs)
    return f"Not overshoot's thread run: another {named} here."


def readout_boxes(b, which) -> VGroup:
    """Boxes round readouts ``which`` (0 a, 2 c, 4 a² + c²) of the ReLU pair and the linear
    pair: the same numbers while they are twins."""
    return VGroup(*(SurroundingRectangle(p.readouts[i], buff=0.05, color=ACCENT)
                    for p in (b.by_model.get("relu2"), b.by_model.get("linear2"))
                    if p is not None for i in which if i < len(p.readouts)))


def run_setup(lr: float, init: str, method: str, room: float = float("inf")) -> VGroup:
    """"lr 1.0 × 10⁻⁴ · all weights 1 · finite differences": the lr in LaTeX, as every other
    number of the part (Unicode superscripts beside LaTeX's 4.6 × 10⁴ read as two faces), the
    words in Text, on one baseline (the first letter after the dot has no descender). Wider
    than ``room`` (a start of four weights set apart, "start a = −100, b = 1.0×10⁻³, …"), the
    start goes on a line of its own under the rest, from its left end."""
    # LaTeX sets smaller than Text at one font_size: 32 matches Text's 26 (as Part 4's keys)
    rate = MathTex(rf"\mathrm{{lr}}\ {setting_tex(lr)}", font_size=32)
    line = VGroup(rate, _after(rate, f"· {init} · {method}"))
    if line.width <= room:
        return line
    start = Text(init, font_size=MIN_FONT_SIZE).next_to(rate, DOWN, buff=0.12, aligned_edge=LEFT)
    return VGroup(rate, _after(rate, f"· {method}"), start)


def _after(rate, words: str) -> Text:
    """``words`` after the lr, on its baseline."""
    text = Text(words, font_size=MIN_FONT_SIZE)
    text.next_to(rate, RIGHT, buff=0.22)    # as wide as the words leave around their own ·
    return text.shift(UP * (rate.get_bottom()[1] - text[1].get_bottom()[1]))


def place_dead(box, panel):
    """The dead ReLU's ``box`` under its ``panel``'s readouts as they read now, inside the
    frame (the ReLU's panel is rightmost), on the captions' band: as low as it may go, so the
    linear pair's readouts, which it reaches under, stand clear above it (8 px at 1080p read
    as one note for both pairs, review r8)."""
    inside_frame(box.next_to(panel.readouts, DOWN, buff=0.06), margin=EDGE_MARGIN)
    return box.shift(UP * min(0.0, ABOVE_CAPTIONS - box.get_bottom()[1]))   # down, never up


def place_runaway(label, cross, panel, gap: float = 0.1):
    """``label`` beside the runaway's ``cross`` on ``panel``'s top edge: right of it, under the
    edge (nothing is drawn right of the row a run leaves at), or left of it where the right
    would pass the panel's end. Beside the ✕ it names, not under the readouts: there it stood
    level with the ReLU's death note, and the two verdicts read as one sentence (review r7).
    Left of it, it goes under the err² name where it would meet it (from a start on the best
    line, init 2,30,1,0, the linear pair runs away on row 34, near the panel's middle)."""
    label.next_to(cross, RIGHT, buff=gap).align_to(cross, UP).shift(DOWN * gap)
    if label.get_right()[0] > panel.axes.get_right()[0]:
        label.next_to(cross, LEFT, buff=gap)
        if covers(label, panel.y_name):
            label.shift(DOWN * (label.get_top()[1] - panel.y_name.get_bottom()[1] + gap))
    return label
