"""relu-sandwich from a start far from the defaults (a = −100, b = 0.001, c = 100, d = −5),
built without rendering: Part 3's head says the start as set and keeps clear of the row
counter, and Part 4's planes tick at a round step (they drew a tick and a number at every
unit from −101 to 101). Its numbers from 10⁴ up: tests/scenes/test_far_numbers.py."""

import numpy as np
import pytest

from tests.scenes.test_relu_sandwich import build

manim = pytest.importorskip("manim")

FAR = ["init=-100,0.001,100,-5"]


def test_a_start_set_apart_goes_under_the_lr_clear_of_the_counter(manim_tmp):
    """The start as set (b = 0.001 read "b = 0"), on its own line under the lr, the head
    left of the counter; control: the defaults' head is one line."""
    far, near = build("training", FAR), build("training")
    rate, words, start = far.head[1]
    assert start.original_text == "start a = \u2212100, b = 1.0×10⁻³, c = 100, d = \u22125"
    assert words.original_text == "· finite differences"
    assert start.get_top()[1] < rate.get_bottom()[1]
    assert start.get_left()[0] == pytest.approx(rate.get_left()[0])
    assert far.head[1].get_right()[0] < far.counter.get_left()[0]
    assert len(near.head[1]) == 2


def tick_values(axis) -> list[float]:
    return [float(n.get_value()) for n in axis.numbers]


@pytest.mark.parametrize("sets, step", [(FAR, 50.0), ((), 1.0)], ids=["far", "defaults"])
def test_both_planes_tick_at_one_round_step(sets, step, manim_tmp):
    """The one-neuron panel's a axis and both axes of the (a, c) plane: a handful of ticks,
    at a round step, whole numbers written without decimals."""
    b = build("solutions", sets)
    for axis in (b.left.axes.x_axis, b.right.axes.x_axis, b.right.axes.y_axis):
        values = tick_values(axis)
        assert 3 <= len(values) <= 8, values
        assert all(v % step == 0 for v in values), values
        assert {n.num_decimal_places for n in axis.numbers} == {0}


def test_a_flip_under_its_rows_limit_is_not_told_as_an_overshoot():
    """From a = 1, c = 0.5 row 4 takes a through zero at 0.2× its own limit: learning, not an
    overshoot, yet Part 4 said "steps 0.2× its own limit: a flips" (its tag ran off the
    frame). The flip Part 4 tells is now a step over the row's limit: there, row 26's, 9.8×
    over it. Control: the defaults' row 25, 8.2× over it."""
    from sgdanim.lessons import get
    lesson = get("relu-sandwich")
    s = lesson.compute(lesson.resolve(sets=["init=1,2,0.5,3"])).solutions
    from sgdanim.core.analysis import row_critical_lr
    from sgdanim.core.data import spreadsheet
    assert s.fast_path[3, 0] * s.fast_path[4, 0] < 0      # row 4 takes a through zero...
    assert s.fast_effective[3] < 0.3 * row_critical_lr(spreadsheet().x[3])   # ...under it
    assert s.flip.row == 26 and s.flip.over > 1 and s.flip.a[0] * s.flip.a[1] < 0
    flip = lesson.compute(lesson.defaults()).solutions.flip
    assert flip.row == 25 and flip.over > 1


def test_an_early_relu_death_is_named_right_of_its_line_past_the_strips_name(manim_tmp):
    """The ReLU dies from row 4 from a = 1, c = 0.5: "ReLU dead from row 4", ending at its
    line, ran over the strip's name "lr·(a² + c²)" and off the frame. Now it reads rightwards
    past the name. Control: at the defaults (row 26) it still ends at its line."""
    from manim import config
    far, near = build("solutions", ["init=1,2,0.5,3"]), build("solutions")
    name = far.strip.words[0]
    assert far.relu.dead_row == 4
    assert far.relu.label.get_left()[0] > name.get_right()[0]
    assert far.relu.label.get_left()[0] > -config.frame_width / 2
    assert near.relu.label.get_right()[0] < near.relu.line.get_x()


def test_the_climbs_exit_readout_and_the_pairs_step_line_stand_apart(manim_tmp):
    """From a = 1, b = 2, c = 0.5, d = 3 the strip spans fewer decades, so the limits and
    their key sit high, and "row 28: lr·(a² + c²) = 248.22" over the strip's top edge came
    down on the pair's step line above the key. The line now stands closer over the key and
    the readout over the line, both clear of the key and in the frame. Control: at the line's
    usual place, 0.3 over the key, it meets the readout; at the defaults nothing moves."""
    from manim import DOWN, LEFT, UP, config
    from scenes.kit.formulas import step_algebra
    from scenes.kit.scene import covers
    far, near = build("solutions", ["init=1,2,0.5,3"]), build("solutions")
    over, why, key = far.strip.over, far.strip.why, far.strip.key
    assert "row 28" in over.tex_string
    assert not covers(over, why) and not covers(why, key) and not covers(over, key)
    assert over.get_right()[0] < config.frame_width / 2
    usual = step_algebra().next_to(key, UP, buff=0.3).align_to(key, LEFT)
    first = over.copy().align_to(far.strip.dots[27], DOWN)    # where the readout stood
    assert covers(usual, first)
    assert near.strip.why.get_bottom()[1] - near.strip.key.get_top()[1] == pytest.approx(0.3)
    assert near.strip.over.get_bottom()[1] == pytest.approx(near.strip.dots[27].get_bottom()[1])


def test_a_start_on_the_best_line_is_computed_and_told_as_set():
    """a = 2, b = 30 is the sheet's exact best line, so the one-neuron panel's contours had no
    level between the start's loss and the minimum: computing the lesson failed ("Geometric
    sequence cannot include zero"). The contours now reach the panel's farthest corner, and
    Part 1 says the start as set, where it said "every weight at 1" whatever the start.
    Control: the defaults' start is still every weight at 1."""
    import numpy as np

    from sgdanim.lessons import get
    from tests.scenes.dryrun import play
    lesson = get("relu-sandwich")
    s = lesson.compute(lesson.resolve(sets=["init=2,30,1,0"])).solutions
    assert float(s.landscape.loss(2.0, 30.0)) == pytest.approx(s.landscape.min_loss, abs=1e-9)
    assert len(s.levels) == 6 and np.all(np.diff(s.levels) > 0) and s.levels[0] > 0
    said = [text for _, _, text in play("relu-sandwich", ["parts=collapse",
                                                          "init=2,30,1,0"]).cues]
    assert "Start at a = 2, b = 30, c = 1, d = 0." in said
    defaults = [text for _, _, text in play("relu-sandwich", ["parts=collapse"]).cues]
    assert "Start with every weight at 1." in defaults


@pytest.mark.parametrize("sets, part", [
    (["data=synthetic:n=2"], "training"),                  # 4 rows: no row tick at a step of 10
    (["data=synthetic:slope=0,intercept=0"], "solutions"),  # best slope 0: a·c = 0, no curve
])
def test_data_at_the_edges_plays_through(sets, part, manim_tmp):
    """Two data rows made Part 3's row axis number no tick, and its panels, which set "row"
    on the numbers' line, failed (IndexError); data on y = 0 makes the curve of best (a, c)
    the axes themselves, with no point in the panel, and the label's clearance from it failed
    (ValueError). Both now play, the short race numbered by row. Control: the defaults'
    race numbers every 10 rows."""
    from tests.scenes.dryrun import play
    run = play("relu-sandwich", [f"parts={part}", *sets])
    assert run.cues and run.seconds > 10
    if part == "training":
        short = build("training", sets)
        assert [n.get_value() for n in short.panels[0].axes.x_axis.numbers] == [1, 2, 3, 4]
        assert build("training").panels[0].axes.x_axis.numbers[0].get_value() == 10


def band_words(b) -> list:
    """What Part 4 writes in and over the strip's top band: its name, the climb's readout, the
    flip's words, the death's label, the line that says why."""
    s = b.strip
    return [m for m in (s.words[0], s.over, s.flip and s.flip.words, b.relu and b.relu.label,
                        s.why) if m is not None]


@pytest.mark.parametrize("lr", ["3e-4", "5e-4", "7e-4", "1e-3"])
def test_the_flip_and_the_death_are_told_apart_at_a_bigger_lr(lr, manim_tmp):
    """From lr 3e-4 the flip is row 2's or 3's and the ReLU dies a row later: the flip's words,
    set right of their ring, and the death's label, set under the edge right of its line, were
    written on each other, the dashed line ran through the words (lr 5e-4 to 1e-3), and at 3e-4
    the words ran into the line that says why. Now no two of the band's words touch, none is
    crossed by the death's line or leaves the frame, and the flip's words stay right of the y
    axis. Control: the old places (right of the ring, under the edge) meet."""
    from manim import DOWN, RIGHT, UP
    from scenes.kit.clearance import gap_to_lines
    from scenes.kit.scene import covers
    from scenes.relu_sandwich.marks import touch
    b = build("solutions", [f"lr={lr}"])
    words, line = band_words(b), b.relu.line
    assert b.strip.flip.step.row in (2, 3) and b.relu.dead_row == b.strip.flip.step.row + 1
    assert not any(touch(m, n, gap=0.05) for i, m in enumerate(words) for n in words[i + 1:])
    dashes = np.array([line.get_bottom(), line.get_top()])
    assert all(gap_to_lines(m, [dashes]) > 0.05 for m in words)
    assert all(abs(m.get_x()) + m.width / 2 < 7.05 and abs(m.get_y()) + m.height / 2 < 3.95
               for m in words)
    flip = b.strip.flip.words
    assert flip.get_left()[0] > b.strip.plot.axes.y_axis.get_right()[0]
    old_flip = flip.copy().next_to(b.strip.flip.ring, RIGHT, buff=0.1).set_y(flip.get_y())
    old_label = b.relu.label.copy().next_to(line.get_top(), RIGHT, buff=0.15).align_to(
        line.get_top() + 0.08 * DOWN, UP)
    whole = np.array(b.strip.plot.vertical(b.relu.dead_row))      # the line before the cut
    assert covers(old_flip, old_label) or covers(old_flip, b.strip.why) or \
        gap_to_lines(old_flip, [whole]) == 0


def test_a_death_line_under_the_flips_words_stops_under_them(manim_tmp):
    """At lr 5e-4 no place in the band keeps the flip's words (2.9 wide) off the death's line
    (2.7 from the axis): the line stops 0.1 under them. Control: at 1e-3, where the words go
    left of it, it runs the strip's whole height."""
    cut, whole = build("solutions", ["lr=5e-4"]), build("solutions", ["lr=1e-3"])
    words = cut.strip.flip.words
    assert words.get_left()[0] < cut.relu.line.get_x() < words.get_right()[0]
    assert cut.relu.line.get_top()[1] == pytest.approx(words.get_bottom()[1] - 0.1)
    plot = whole.strip.plot.axes
    assert whole.relu.line.get_top()[1] == pytest.approx(plot.y_axis.get_top()[1], abs=0.02)
    assert cut.relu.label.get_bottom()[1] > plot.y_axis.get_top()[1] - 0.02   # over the edge


def test_row_1_is_told_under_the_limit_when_it_starts_under_it():
    """From 0.5 each, the pair acts at 1e-4 · (0.25 + 0.25) = 5.00×10⁻⁵ on row 1, under the
    x = 99 rows' 1.02×10⁻⁴; Part 4 said "Row 1 already acts at 5.00×10⁻⁵: over 1.02×10⁻⁴".
    Control: the defaults' 2.00×10⁻⁴ is over it, and said so."""
    from tests.scenes.dryrun import play
    said = [t for _, _, t in play("relu-sandwich", ["parts=solutions",
                                                    "init=0.5,0.5,0.5,0.5"]).cues]
    assert "Row 1 acts at 5.00×10⁻⁵: under 1.02×10⁻⁴, the x = 99 rows' limit." in said
    defaults = [t for _, _, t in play("relu-sandwich", ["parts=solutions"]).cues]
    assert "Row 1 already acts at 2.00×10⁻⁴: over 1.02×10⁻⁴, the x = 99 rows' limit." \
        in defaults


def test_a_runaway_left_of_its_cross_goes_under_the_err2_name(manim_tmp):
    """From the best line (2, 30, 1, 0) the linear pair runs away on row 34: right of its ✕ the
    words pass the panel's end, and left of it "row 34: runs away" stood on the "err²" over
    the y axis (a dry run found it). They now go under the name, clear of the curve. Control:
    where they stood, they meet the name."""
    from manim import LEFT

    from scenes.kit.scene import covers
    from scenes.relu_sandwich.training import place_runaway
    b = build("training", ["init=2,30,1,0"])
    pair, (cross, words) = b.by_model["linear2"], b.diverged["linear2"]
    placed = place_runaway(words.copy(), cross, pair)
    assert placed.get_right()[0] < cross.get_left()[0]
    assert not covers(placed, pair.y_name) and placed.get_top()[1] < pair.y_name.get_bottom()[1]
    b.row.set_value(b.rows + 0.999)
    pair.curve.update()
    under = [p for p in pair.curve.get_anchors()
             if placed.get_left()[0] - 0.05 < p[0] < placed.get_right()[0] + 0.05]
    assert all(p[1] < placed.get_bottom()[1] for p in under)
    assert covers(words.copy().next_to(cross, LEFT, buff=0.1), pair.y_name)


def test_data_with_a_falling_line_keeps_the_best_and_its_curve_on_the_panels():
    """Rows on y = −x + 150: the best slope is −1. Both panels' a axes reach it (the star stood
    off the one-neuron panel, over its b numbers, and the (a, c) plane, from 0 to 4, held no
    point of a·c = −1), and the captions do not say the walks cross a curve they never reach.
    Control: the defaults' walks do cross it."""
    from sgdanim.lessons import get
    from tests.scenes.dryrun import play
    falling = ["data=synthetic:slope=-1,intercept=150"]
    lesson = get("relu-sandwich")
    n = lesson.compute(lesson.resolve(sets=falling))
    (a_lo, a_hi, _), slope = n.solutions.a_range, n.solutions.best[0]
    assert slope == pytest.approx(-1.0) and a_lo <= 2 * slope < a_hi
    assert n.plane.curve and not n.plane.fast_crosses and n.plane.cross is None
    said = [text for _, _, text in play("relu-sandwich", falling + ["parts=solutions"]).cues]
    assert not [line for line in said if "crosses the curve" in line or "across the" in line]
    assert any("never reaching the curve" in line for line in said)
    assert "A small lr: c·b + d is nowhere near 150, and the path creeps on." in said
    usual = lesson.compute(lesson.defaults()).plane
    assert usual.fast_crosses and usual.cross is not None


def test_an_early_flip_is_tagged_right_of_its_ring_inside_the_frame(manim_tmp):
    """From all weights 2 the flip is row 2's step: its tag, set left of the ring as row 25's
    is, ran over the strip's numbers and past the frame's edge. It goes right of the ring, in
    the same band (control: the defaults' row 25 tag ends left of its ring)."""
    early, usual = build("solutions", ["init=2,2,2,2"]).strip, build("solutions").strip
    assert early.flip.step.row == 2 and usual.flip.step.row == 25
    ring, words = early.flip.ring, early.flip.words
    assert words.get_left()[0] > ring.get_right()[0]
    assert words.get_left()[0] > early.plot.axes.y_axis.get_center()[0]   # right of "10⁰"
    assert words.get_left()[0] > -7.11 and words.get_top()[1] == pytest.approx(
        usual.flip.words.get_top()[1], abs=0.05)
    assert usual.flip.words.get_right()[0] < usual.flip.ring.get_left()[0]


def test_a_walk_on_the_negative_diagonal_is_zoomed_against_minus_root_two(manim_tmp):
    """From a = c = −1 the fast walk runs along a = c on the negative side, where the diagonal
    meets a·c = 2 at −√2: the zoom's line and the plane's ring stood at +√2, on the other
    branch. The zoom's axis then spans −2…4, and its row numbers go under the plot, off that
    line (it ran through them). Control: the defaults' walk meets the curve at +√2, numbers
    on the axis."""
    far, usual = build("solutions", ["init=-1,1,-1,1"]), build("solutions")
    assert far.zoom.on == pytest.approx(-2 ** 0.5) and usual.zoom.on == pytest.approx(2 ** 0.5)
    assert far.zoom.meet.get_center() == pytest.approx(far.right.point(-2 ** 0.5, -2 ** 0.5))
    axes = far.zoom.axes
    bottom = axes.y_axis.get_bottom()[1]
    assert all(n.get_top()[1] < bottom for n in axes.x_axis.numbers)
    assert far.zoom.target.get_y() > bottom
    usual_axes = usual.zoom.axes
    assert all(n.get_top()[1] > usual_axes.y_axis.get_bottom()[1] - 0.05 - n.height
               for n in usual_axes.x_axis.numbers)


@pytest.mark.parametrize("sets, said", [
    (["data=synthetic:slope=0"], "Then the walk leaves the plane; the strip keeps its rows."),
    (["init=-1,1,-1,1"], "Then the pair's lr·(a² + c²) leaves the plot."),
])
def test_runs_away_is_said_only_where_the_run_does(sets, said):
    """On flat rows the fast walk leaves the plane (a dips under 0) and its lr·(a² + c²) stays
    on the strip; from a = c = −1 it climbs past the strip's top without running away (no row
    past err² 10¹²). Part 4 said "leaves the plot: it runs away" for both. Control: the
    defaults' run does run away on row 28 (tests/scenes/test_relu_sandwich_stuck.py)."""
    from sgdanim.lessons import get
    from tests.scenes.dryrun import play
    lesson = get("relu-sandwich")
    assert lesson.compute(lesson.resolve(sets=sets)).solutions.fast_diverged_at is None
    lines = [text for _, _, text in play("relu-sandwich", sets + ["parts=solutions"]).cues]
    assert said in lines and not [line for line in lines if "runs away" in line]


def test_the_rows_that_leave_a_short_zoom_are_named_clear_of_its_axis(manim_tmp):
    """At lr 2e-4 the rows that leave a zoom of five rows were named in a column moved left of
    the ▲s, onto the a axis' "4" and "3". The zoom now widens to 0..5 to draw row 3 (a = 4.09),
    and the column of rows 4 and 5 goes right of the axis, clear of its numbers. Control: the
    old place, left of the ▲s, is not clear there."""
    from scenes.kit.clearance import LABEL_GAP, room
    from scenes.kit.scene import covers
    from scenes.relu_sandwich.marks import _left_of_ups
    b = build("solutions", ["lr=2e-4"])
    short = b.zoom
    axis = short.axes.y_axis
    assert short.exits.rows == [4, 5] and len(short.dots) == 3
    assert [round(n.get_value()) for n in axis.numbers] == [1, 2, 3, 4, 5]
    assert short.exits.words.get_left()[0] > axis.get_right()[0]
    assert not any(covers(w, n) for w in short.exits.words for n in axis.numbers)
    top = short.axes.c2p(0, 5)[1]
    ups = [m for m in short.exits.marks if m.get_y() > top]
    old = _left_of_ups(short.exits.words.copy(), short.axes, short.exits.marks, ups, top)
    assert room(old, [[d.get_center() for d in short.dots]], [axis]) < LABEL_GAP


def test_marks_a_row_step_apart_stand_level_and_crowded_ones_stack(manim_tmp):
    """On a short zoom two rows off the same edge are far apart and stand level (they stacked
    a level per row, the second past the strip's name); on the defaults' 28 rows, rows 26 and
    28, 0.3 apart, stack (control)."""
    from scenes.relu_sandwich.marks import zoom_exits
    b = build("solutions", ["lr=2e-4"])
    marks = zoom_exits(((3, "a", -5.0), (5, "a", -7.0)), b.zoom.axes.copy(), (0.0, 5.0),
                       lambda k: "#ffffff", b.fast_walker).marks
    assert marks[0].get_top()[1] == pytest.approx(marks[1].get_top()[1])
    usual = build("solutions").zoom.exits.marks         # rows 26 ▼, 27 ▲, 28 ▼
    assert usual[2].get_top()[1] < usual[0].get_bottom()[1]


@pytest.mark.parametrize("sets, rows, exits", [(["init=-1,1,-1,1"], 27, [28, 29, 30]),
                                               (["lr=5e-4"], 5, [6, 7]),
                                               (["init=-10,1,-10,1"], 1, [2, 3])])
def test_a_walk_that_stays_near_the_plane_is_drawn_row_by_row_in_the_zoom(sets, rows, exits,
                                                                          manim_tmp):
    """From a = c = −1 the walk leaves the plane's −2..4 on row 3 (a = −2.94) and comes back:
    the zoom drew rows 1 and 2 and marked the rest at its edges, 5 lines of words over it. Its
    a axis now widens to hold every row within the plane's width of it (−6..4, a number every
    2), and only the rows that run away are marked. From a = c = −10 the plane's own −15..5
    was numbered at every unit, 20 numbers on each other: now every 5. Control: the
    defaults' zoom is the plane's 0..4, every unit numbered."""
    from scenes.relu_sandwich.marks import touch
    zoom = build("solutions", sets).zoom
    assert len(zoom.dots) == rows and zoom.exits.rows == exits
    numbers = zoom.axes.y_axis.numbers
    assert not any(touch(m, n, gap=0.02) for i, m in enumerate(numbers) for n in numbers[i + 1:])
    assert len(numbers) <= 6
    usual = build("solutions").zoom.axes.y_axis.numbers
    assert [round(n.get_value()) for n in usual] == [0, 1, 2, 3, 4][-len(usual):]


def test_a_walk_off_the_diagonal_gets_no_zoom(manim_tmp):
    """From all weights 2 the walk leaves the plane on row 3 and, off a = c, stays at a ≈ −0.2
    to −2.9 until row 26: the zoom marked 24 rows at its edge, its column of words running
    past the frame's foot. Its rows are not a ≈ c, so there is no zoom ("a ≈ c" would not
    hold); the strip below has every row. Control: from all weights 1 there is one."""
    assert build("solutions", ["init=2,2,2,2"]).zoom is None
    assert build("solutions").zoom is not None
