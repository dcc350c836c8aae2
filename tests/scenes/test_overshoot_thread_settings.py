"""The ``overshoot`` thread at settings a student may try, built without rendering (and one
dry run): the own-limit key keeps clear of the effective-lr panel where the lesson's scale
would put the grey steps through it, and a one-neuron model is drawn and named as the one
neuron it is. The defaults' layout: tests/scenes/test_overshoot_thread.py."""

import numpy as np
import pytest

from sgdanim.lessons.overshoot import compute
from tests.lessons.test_overshoot import LESSON

manim = pytest.importorskip("manim")


def _drawn(plot, th) -> list:
    """What an effective-lr panel ``plot`` draws under its key: the grey steps, the run's
    effective lr, and the flat lr and the two limits as lines."""
    from scenes.overshoot.common import own_limits
    rows = np.arange(1, len(th.effective) + 1)
    lines = [np.array([plot.point(0, lr), plot.point(th.rows, lr)])
             for lr in (th.lr, th.limits.per_row, th.limits.mean_loss)]
    run = plot.point(rows, th.effective).reshape(-1, 3) if len(rows) else np.empty((0, 3))
    return [own_limits(plot, th).get_anchors(), run, *lines]


@pytest.mark.parametrize("sets", [["init=0.5"], ["init=1000"], ["model=relu2"]])
def test_the_own_limit_key_keeps_clear_where_the_steps_reach_high(sets, manim_tmp):
    """A run that stays small ends the lesson's effective-lr axis at 10⁻¹, where the steps of
    the rows with small x reach up through the key (a dry run found them at init 0.5 and
    1000). The panel's top now rises a decade at a time until the key keeps 0.08 from all it
    draws, and its labels stay at most six intervals. Control: at the lesson's own scale the
    key meets them; at the defaults the scale is the lesson's."""
    from manim import ValueTracker
    from scenes.kit.clearance import clear_of
    from scenes.overshoot.common import RowPlot, own_key
    from scenes.overshoot.placing import runner
    from scenes.overshoot.thread import ThreadView
    th = compute(LESSON.resolve(sets=sets)).thread
    view = ThreadView(th, ValueTracker(0.0), [0.2, -1.2, 0])
    assert clear_of(view.own_key, _drawn(view.effective, th), 0.08)
    assert view.effective.high > th.effective_scale.high
    assert len(view.effective.labels) <= 7      # six intervals at most
    lesson = RowPlot(th.rows, th.effective_scale, width=5.0, height=2.7, x_step=5)
    assert not clear_of(own_key(lesson, runner(th)), _drawn(lesson, th), 0.08)


def test_the_defaults_keep_the_lessons_scale(manim_tmp):
    from manim import ValueTracker
    from scenes.overshoot.thread import ThreadView
    th = compute(LESSON.defaults()).thread
    view = ThreadView(th, ValueTracker(0.0), [0.2, -1.2, 0])
    assert (view.effective.low, view.effective.high) == (th.effective_scale.low,
                                                        th.effective_scale.high)


def test_a_one_neuron_model_is_drawn_and_named_as_one_neuron():
    """With the model one neuron, the thread's run is one neuron's: the key named it "two
    neurons" over a violet line on the lime one, the dots' key said "the pair past it", and
    the calm rows were "0 white dots, at most 0 in a row". Now the key has one neuron alone,
    the run is drawn in its lime, the dots are one neuron's, and the rows are told as under
    their limits. Control: the defaults' pair keeps its violet row and words."""
    from manim import ManimColor, ValueTracker
    from scenes.overshoot.common import ONE, PAIR
    from scenes.overshoot.thread import ThreadView, key
    from tests.scenes.dryrun import play
    one = compute(LESSON.resolve(sets=["model=linear"])).thread
    pair = compute(LESSON.defaults()).thread
    assert [row[1].text for row in key(one)] == ["oneneuron"]
    assert [row[1].text for row in key(pair)] == ["oneneuron", "twoneurons"]
    view = ThreadView(one, ValueTracker(0.0), [0.2, -1.2, 0])
    assert ManimColor(view.error.pair.get_stroke_color()) == ManimColor(ONE)
    assert ManimColor(view.step.get_stroke_color()) == ManimColor(ONE)
    assert "one neuron past it" in view.own_key[2][2].tex_string
    paired = ThreadView(pair, ValueTracker(0.0), [0.2, -1.2, 0])
    assert ManimColor(paired.step.get_stroke_color()) == ManimColor(PAIR)
    assert "the pair past it" in paired.own_key[2][2].tex_string
    said = [text for _, _, text in play("overshoot", ["parts=thread", "model=linear"]).cues]
    assert "Rows 1–29: no white dot. Every row's step stays under its own limit." in said
    assert not any("0 white dots" in t for t in said)


def test_the_err2_panels_words_move_right_where_a_run_climbs_through_them():
    """At init 1000 the pair runs away on row 1 and one neuron starts high: its curve ran
    through "one neuron" and the cap's words in the err² panel's top left. The words now stand
    at its top right, each line 0.08 or more from both runs and the runaway's line. Control:
    at the top left they meet a run; at the defaults they stay there."""
    from manim import RIGHT
    from scenes.kit.clearance import clear_of
    from scenes.overshoot.thread import ThreadPart

    def runs(b):
        th, plot = b.numbers, b.view.error
        lines = [plot.point(np.arange(1, len(v) + 1), v).reshape(-1, 3)
                 for v in (th.one_neuron, th.loss) if len(v)]
        return lines + [np.array(b.view.marker[0].get_start_and_end())]

    params = LESSON.resolve(sets=["init=1000"])
    far = ThreadPart().build(compute(params), params)
    words = [far.view.cap[1], *far.key]
    axes = far.view.error.axes
    assert all(clear_of(w, runs(far), 0.08) for w in words)
    assert far.key.get_right()[0] == pytest.approx(axes.get_right()[0] - 0.2, abs=0.01)
    left = [w.copy().shift((axes.get_left()[0] + 0.3 - far.key.get_left()[0]) * RIGHT)
            for w in words]
    assert not all(clear_of(w, runs(far), 0.08) for w in left)
    near = ThreadPart().build(compute(LESSON.defaults()), LESSON.defaults())
    assert near.key.get_left()[0] == pytest.approx(near.view.cap[1].get_left()[0])
    assert near.key.get_left()[0] < near.view.error.axes.get_center()[0]


def test_a_run_that_runs_away_on_row_1_reads_the_weights_it_set_out_from():
    """At init 1000 the pair runs away on row 1 and keeps no row: the readout said "row 1:
    a² + c²" with no number. It now reads the start, a = 1000, c = 1000, a² + c² = 2.0×10⁶,
    the lesson's (``start_a_and_c``). Control: the defaults' row 1 reads the same start
    weights their kept row 1 holds."""
    from scenes.overshoot.readouts import row_values
    far = compute(LESSON.resolve(sets=["init=1000"])).thread
    assert far.kept == 0 and far.start_a_and_c == (1000.0, 1000.0, 2.0e6)
    (only,) = row_values(far)
    assert only.tex_string.replace(" ", "") == r"a=1000.0,\c=1000.0,\a^2+c^2=2.0\times10^{6}"
    near = compute(LESSON.defaults()).thread
    assert tuple(near.a_and_c[0]) + (near.growth[0],) == near.start_a_and_c == (1.0, 1.0, 2.0)


@pytest.mark.parametrize("sets, asked, said", [
    (["model=linear"], "keeps one neuron bounded.\nWhen does it blow up?",
     "Row by row: its err² stays bounded."),
    (["model=linear", "lr_thread=0.01"], "blows up one neuron. Why?",
     "Row by row: its err² explodes."),
])
def test_the_question_of_a_one_neuron_model_asks_about_one_neuron(sets, asked, said):
    """With the model one neuron the question part asked "…and here two as well. When does
    two blow up?" and said "Violet: two, stacked." of a run of one. It now asks about the one
    neuron and names no violet run. Control: the defaults' pair is named and asked about."""
    from scenes.overshoot.question import _question
    from tests.scenes.dryrun import play
    th = compute(LESSON.resolve(sets=sets)).thread
    assert _question(th)[0] == asked
    cues = [t for _, _, t in play("overshoot", ["parts=question", *sets]).cues]
    assert said in cues and not any("Violet" in t or "two" in t for t in cues)
    pair = [t for _, _, t in play("overshoot", ["parts=question"]).cues]
    assert any("Violet: two, stacked." in t for t in pair)


def test_a_tiny_lr_keeps_the_limits_key_in_the_frame(manim_tmp):
    """At lr_thread 1e-8 one neuron's lr is 9.8×10⁻³% of its limit, and that line ran past the
    frame's right edge. The key now moves left into the frame, its lines still aligned.
    Control: at the effective panel's left it is cut."""
    from manim import LEFT, UP, config
    from scenes.overshoot.readouts import limit_key
    from scenes.overshoot.thread import ThreadPart
    params = LESSON.resolve(sets=["lr_thread=1e-8"])
    b = ThreadPart().build(compute(params), params)
    edge = config.frame_width / 2
    assert b.limit_key.get_right()[0] <= edge - 0.19
    assert len({round(line.get_left()[0], 6) for line in b.limit_key}) == 1
    first = limit_key(b.numbers).next_to(b.view.effective, UP, buff=0.35).align_to(
        b.view.effective.axes, LEFT)
    assert first.get_right()[0] > edge


def test_at_lr_1e_3_the_thread_tells_its_one_calm_row_and_where_the_series_goes():
    """At lr 1e-3 the climb starts on row 2: the calm rows were told "Rows 1–1", and the end
    said "Same rows, same lr" of relu-sandwich, whose race runs at 1e-4. Control: at the
    defaults the thread's settings are the race's (what makes next_lesson say both)."""
    from sgdanim.lessons import get
    from tests.scenes.dryrun import play
    fast = [text for _, _, text in play("overshoot", ["parts=thread", "lr_thread=1e-3"]).cues]
    assert "Row 1: no white dot. Its step stays under its own limit." in fast
    assert not any("Rows 1–1:" in t for t in fast)
    assert fast[-1] == "Next lesson: a ReLU between the two neurons. Same rows."
    assert compute(LESSON.defaults()).next_differs == ()
    relu = get("relu-sandwich")
    assert relu.compute(relu.defaults()).thread_differs == ()


def _runs(b) -> list:
    """The err² panel's runs (one neuron's, the pair's) and the runaway's line, as lines."""
    th, plot = b.numbers, b.view.error
    lines = [plot.point(np.arange(1, len(v) + 1), v).reshape(-1, 3)
             for v in (th.one_neuron, th.loss) if len(v)]
    return lines + [np.array(b.view.marker[0].get_start_and_end())]


def test_at_lr_1e_3_the_keys_stand_where_no_run_climbs(manim_tmp):
    """At lr_thread 1e-3 one neuron climbs to the cap by row 16, through the top left and the
    top right of both err² panels: the question's key and the thread's cap words and key
    stood on its curve. They now stand bottom right, each word 0.08 or more from both runs
    (and the question's ✕s). Control: at either top corner a run crosses a word."""
    from manim import RIGHT, UP
    from scenes.kit.clearance import clear_of
    from scenes.overshoot.question import QuestionPart
    from scenes.overshoot.thread import ThreadPart
    params = LESSON.resolve(sets=["lr_thread=1e-3"])
    numbers = compute(params)
    b = ThreadPart().build(numbers, params)
    words, axes = [b.view.cap[1], *[m for row in b.key for m in row]], b.view.error.axes
    assert all(clear_of(w, _runs(b), 0.08) for w in words)
    assert b.key.get_bottom()[1] > axes.x_axis.get_start()[1] + 0.2 > axes.get_bottom()[1]
    for x in (axes.get_left()[0] + 0.3 - b.view.cap[1].get_left()[0],
              axes.get_right()[0] - 0.2 - b.key.get_right()[0]):
        top = [w.copy().shift(x * RIGHT + (axes.get_top()[1] - b.view.cap[1].get_top()[1]) * UP)
               for w in words]
        assert not all(clear_of(w, _runs(b), 0.08) for w in top)
    q = QuestionPart().build(numbers, params)
    runs = [q.plot.rows_points(v) for v in (numbers.thread.one_neuron, numbers.thread.loss)]
    assert all(clear_of(m, runs, 0.08) for row in q.key for m in row)
    assert q.key.get_bottom()[1] < q.plot.axes.get_center()[1]
    for corner in (manim.UL, manim.UR):       # control: at either top corner a run crosses it
        top = q.key.copy().move_to(q.plot.axes, aligned_edge=corner)
        assert not all(clear_of(m, runs, 0.08) for row in top for m in row)
    # "blows up one neuron, and two as well": a ✕ on each runaway's row, one neuron's (17)
    # too; at the defaults one neuron does not run away, and only the pair's is drawn
    assert numbers.thread.one_diverged_at == 17
    assert q.one_cross.get_x() == pytest.approx(q.plot.point(17, 1.0)[0])
    assert QuestionPart().build(compute(LESSON.defaults()), LESSON.defaults()).one_cross is None


def test_the_own_limit_key_stands_right_of_an_early_runaways_line(manim_tmp):
    """The runaway's dashed line on the effective-lr panel, row 5 at lr 3e-4 and row 4 at
    1e-3, ran through "each row's own limit" and the other two lines of its key. The key now
    starts right of the line, still clear of the panel's lines. Control: at the defaults'
    runaway, row 28, the key stays in the top left."""
    from scenes.kit.clearance import clear_of
    from scenes.overshoot.thread import ThreadPart
    for lr, row in (("3e-4", 5), ("1e-3", 4)):
        params = LESSON.resolve(sets=[f"lr_thread={lr}"])
        b = ThreadPart().build(compute(params), params)
        key, line = b.view.own_key, b.view.lines[1]
        assert b.numbers.diverged_at == row
        assert key.get_left()[0] > line.get_x() + 0.1
        assert key.get_right()[0] <= b.view.effective.axes.get_right()[0]
        assert clear_of(key, _drawn(b.view.effective, b.numbers), 0.08)
    home = ThreadPart().build(compute(LESSON.defaults()), LESSON.defaults())
    key, axes = home.view.own_key, home.view.effective.axes
    assert key.get_left()[0] < axes.get_center()[0] < home.view.lines[1].get_x()


def test_a_run_off_the_threads_settings_is_not_called_the_threads_run():
    """On the synthetic rows (or another lr, start, derivatives or model) Part 3 still said
    "The thread's run: two neurons and one" under "3 · The forum thread's run". It now says
    "A run like the thread's", on screen (its chapter has the same title) and in its first
    line. Control: at
    the thread's own settings it is the thread's run."""
    from scenes.kit.titles import chapter_header
    from sgdanim.lessons.overshoot import PART_SPECS
    from tests.scenes.dryrun import play
    for sets in (["data=synthetic"], ["lr_thread=1e-3"], ["model=relu2"], ["grad=analytic"]):
        numbers = compute(LESSON.resolve(sets=sets))
        head = chapter_header(PART_SPECS, "thread", numbers, opening="question")
        assert not numbers.threads_own and head.original_text == "3 · A run like the thread's"
    run = play("overshoot", ["parts=thread", "data=synthetic"])
    assert run.cues[0][2].startswith("A run like the thread's: two neurons and one")
    assert any(words == "3 · A run like the thread's" for _, words in run.texts)
    own = compute(LESSON.defaults())
    assert own.threads_own and chapter_header(PART_SPECS, "thread", own, opening="question"
                                              ).original_text == "3 · The forum thread's run"
