"""The ``stepping`` scene's epochs and valley parts (scenes/stepping/epochs.py, valley.py), checked
without rendering: the epoch log shows the core's errors, the log and the valley note each fill
the work area, the RMSE plot fills the lower right with the core's RMSE (and there is none
without a whole epoch), the Hessian is said in words before its matrix, and the valley's arrows
and note stay inside and say the core's aspect."""

import numpy as np
import pytest

from sgdanim.lessons.stepping import compute

from scenes.kit.format import short
from tests.lessons.stepping_kit import LESSON, NEGATIVE_DATA
from tests.lessons.stepping_kit import numbers  # noqa: F401 - a fixture
from tests.scenes.stepping_kit import box, crossed, in_frame, in_work_area, overlapping, shown_text
from tests.scenes.stepping_kit import kit, stage  # noqa: F401 - fixtures


# Epochs and the valley ---------------------------------------------------------------------------

def test_epoch_log_shows_the_cores_errors(kit, numbers):
    log = kit.epochs.EpochsPart().build(numbers, None).log
    assert len(log.rows) == numbers.epochs
    for e, (epoch, rmse, sheet) in enumerate(log.rows):
        assert epoch.get_value() == e + 1
        assert rmse.get_value() == numbers.epoch_rmse[e]
        assert sheet.get_value() == numbers.epoch_sheet_error[e]
        assert shown_text(rmse) == short(numbers.epoch_rmse[e])


@pytest.mark.parametrize("sets", [[], ["epochs=8"], ["lr=0.01"], ["lr=0.003"]])
def test_epoch_log_and_valley_note_each_fill_the_work_area(kit, stage, sets):
    n = compute(LESSON.resolve(sets=sets))
    built = kit.epochs.EpochsPart().build(n, None)
    lines = kit.valley.ValleyPart().build(n, None)
    shown = [*built.log.shown(len(n.epoch_ends))] + ([built.warn] if built.warn else [])
    assert (built.warn is None) == (n.diverged_at is None)
    # The valley's note replaces the log (the part fades it), so each has the lower half.
    assert overlapping(shown) == [] and in_work_area(kit, *shown)
    assert overlapping(list(lines)) == [] and in_work_area(kit, *lines)
    if built.warn is not None:           # under the last epoch logged, at the log's left
        assert built.warn.get_top()[1] < box(built.log.shown(len(n.epoch_ends)))[2]


@pytest.mark.parametrize("sets", [[], ["epochs=8"], ["lr=3e-4"]])
def test_rmse_plot_fills_the_lower_right_beside_the_log_with_the_cores_rmse(kit, sets):
    n = compute(LESSON.resolve(sets=sets))
    built = kit.epochs.EpochsPart().build(n, None)
    plot = built.plot
    cells = [*built.log.header, *[c for row in built.log.rows for c in row]]
    assert in_work_area(kit, plot) and [p for p in overlapping([plot, *cells]) if 0 in p] == []
    assert plot.get_left()[0] > 1.0 and len(plot.dots) == len(n.epoch_rmse)
    for e, dot in enumerate(plot.dots):
        np.testing.assert_allclose(dot.get_center(), plot.axes.c2p(e + 1, n.epoch_rmse[e]))
    line = plot.goal[0]
    assert line.get_center()[1] == pytest.approx(plot.axes.c2p(0, n.goal_rmse)[1])
    # Control: the last epoch's dot is far above the goal line (the stall), not on it.
    if not sets:
        assert plot.dots[-1].get_center()[1] - line.get_center()[1] > 0.8


def test_a_run_with_no_whole_epoch_has_no_rmse_plot(kit):
    n = compute(LESSON.resolve(sets=["lr=0.003"]))
    assert len(n.epoch_rmse) == 0 and kit.epochs.EpochsPart().build(n, None).plot is None


def test_the_hessian_is_said_in_words_before_its_matrix(kit, numbers):
    lines = kit.valley.ValleyPart().build(numbers, None)
    words = " ".join(getattr(m, "tex_string", "") for m in lines[0].get_family())
    assert "Hessian" in words and "curvatures" in words
    assert "pmatrix" not in words and "pmatrix" in lines[1].tex_string
    assert lines[0].get_bottom()[1] > lines[1].get_top()[1]


@pytest.mark.parametrize("sets", [[], ["lr=2e-4", "epochs=2"], ["init_a=-2", "init_b=60"],
                                  ["lr=0.01"]])
def test_valley_arrows_stay_inside_the_panel(kit, sets):
    n = compute(LESSON.resolve(sets=sets))
    land = kit.stage.build_stage(n).land
    arrows = kit.valley.valley_arrows(land, n.valley.anchor, n.valley.eigenvectors)
    lo = land.axes.c2p(n.a_range[0], n.b_range[0])
    hi = land.axes.c2p(n.a_range[1], n.b_range[1])
    for arrow in arrows:
        assert lo[0] - 0.1 <= arrow.get_left()[0] and arrow.get_right()[0] <= hi[0] + 0.1
        assert lo[1] - 0.1 <= arrow.get_bottom()[1] and arrow.get_top()[1] <= hi[1] + 0.1


def test_valley_note_says_the_axes_are_not_to_scale_with_the_cores_aspect(kit, numbers):
    """The gloss under the valley note: each contour is √ratio times longer than wide, the
    core's numbers, in the work area under the note's lines (control: another lr's data is
    the same valley, another data set's is not)."""
    lines = kit.valley.valley_lines(numbers)
    note, v = lines.scale_note, numbers.valley
    assert "\\sqrt{%s}" % short(v.condition, 4) in note.tex_string
    assert "\\approx %s" % short(v.aspect, 2) in note.tex_string
    # Under the ratio it glosses, over the lr·λ line, all above the captions' band.
    assert lines[2].get_bottom()[1] > note.get_top()[1] > note.get_bottom()[1] > lines[3].get_top()[1]
    assert in_work_area(kit, lines, note)
    other = kit.valley.valley_lines(compute(LESSON.resolve(sets=[NEGATIVE_DATA]))).scale_note
    assert other.tex_string != note.tex_string


def test_b_arrow_points_from_the_weights_to_the_star_with_bs_numbers(kit, stage, numbers):
    """Review r9 #3: at the stall, an arrow from where the epochs leave the weights toward the
    star, with b: 1 → 1.29822 and needs 30, in b's colour, clear of the star's label and in
    the frame. None for a run that ends off the panel (control)."""
    from manim import RIGHT, ManimColor
    from scenes.kit.style import WEIGHT_COLOURS
    note = kit.epochs.b_crawl(numbers, stage)
    arrow, label = note
    start = stage.land.axes.c2p(*numbers.path[-1])
    star = stage.land.optimum.get_center()
    d = arrow.get_end() - arrow.get_start()
    assert np.dot(d, star - start) / np.linalg.norm(d) / np.linalg.norm(star - start) > 0.999
    assert np.linalg.norm(arrow.get_start() - start) < 0.25
    texts = [m.tex_string for m in label[1:]]
    assert texts == [r"b\text{: } 1 \to 1.29822", r"\text{needs } 30"]
    assert label[1].get_color() == ManimColor(WEIGHT_COLOURS["b"])
    assert overlapping([label, stage.optimum_label]) == [] and in_frame(label)
    shaft = [arrow.get_start(), arrow.get_end()]
    assert not crossed(label, shaft)
    assert crossed(label.copy().move_to(arrow.get_center() + RIGHT * 0.3), shaft)   # control
    assert kit.epochs.b_crawl(compute(LESSON.resolve(sets=["lr=2e-3", "epochs=1"])),
                              stage) is None


@pytest.mark.parametrize("rows", [[(1, 3), (2, 5), (3, 7)],
                                  [(x / 30, x / 60 + 0.2) for x in range(1, 31)]])
def test_the_b_arrows_words_keep_off_the_star_where_the_arrow_runs_flat(kit, rows, tmp_path):
    """On rows x = 1, 2, 3 (best (2, 1)) the weights stall level with the star, the arrow runs
    flat to it, and "b: 1 → 1.00596 / needs 1" right of the whole arrow stood on the star and
    on "(2, 1)"; on rows of x in 0..1 it stood on the star left of it. They now go over or
    under the arrow, clear of the shaft. Control: the words' old place, right of
    the arrow, is on the star's label for the first rows."""
    from manim import RIGHT
    (tmp_path / "rows.csv").write_text("x,y\n" + "".join(f"{x},{y}\n" for x, y in rows))
    n = compute(LESSON.resolve(sets=[f"data={tmp_path / 'rows.csv'}"]))
    stage = kit.stage.build_stage(n)
    arrow, label = kit.epochs.b_crawl(n, stage)
    assert overlapping([label, stage.optimum_label]) == []
    assert overlapping([label, stage.land.optimum]) == [] and in_frame(label)
    assert not crossed(label, [arrow.get_start(), arrow.get_end()])
    shown = [number for edge in stage.land.axes.edges for number in edge.numbers]
    assert not any(overlapping([label, number]) for number in shown)   # over it, b's 1.0
    if rows[0] == (1, 3):
        old = label.copy().next_to(arrow, RIGHT, buff=0.12).set_y(arrow.get_center()[1])
        assert overlapping([old, stage.optimum_label]) != []


def test_the_b_arrows_words_go_left_of_it_where_the_right_would_leave_the_frame(kit):
    """At lr 3e-5 the weights stall at a ≈ 2.45, near the panel's right end, and "b: 1 →
    1.10111" ran past the frame's edge (a dry run found it): it now stands left of the arrow,
    in the frame, off the shaft and the star's label. Control: on the right, as at the
    defaults, it would be cut."""
    from manim import RIGHT
    n = compute(LESSON.resolve(sets=["lr=3e-5"]))
    stage = kit.stage.build_stage(n)
    arrow, label = kit.epochs.b_crawl(n, stage)
    assert label[1].tex_string == r"b\text{: } 1 \to 1.10111"
    assert label.get_right()[0] < arrow.get_left()[0]
    assert in_frame(label) and overlapping([label, stage.optimum_label]) == []
    assert not crossed(label, [arrow.get_start(), arrow.get_end()])
    assert not in_frame(label.copy().next_to(arrow, RIGHT, buff=0.12))


@pytest.mark.parametrize("sets", [[], ["target_rmse=10000"]])
def test_the_rmse_plots_axis_name_stays_in_the_frame(kit, sets):
    """At target_rmse 10000 the y axis reads up to "10,000": the axes, centred with their
    numbers, stood further right and "epoch" ran past the frame's edge (a dry run found it).
    The plot now moves left to keep it 0.1 inside. Control: there the widest y number is
    wider than at the defaults, the case that moved it."""
    from manim import config
    plot = kit.epochs.EpochPlot(compute(LESSON.resolve(sets=sets)))
    assert plot.labels[0].get_right()[0] <= config.frame_width / 2 - 0.1 + 1e-9
    default = kit.epochs.EpochPlot(compute(LESSON.resolve(sets=[])))
    widest = [max(n.width for n in p.axes.y_axis.numbers) for p in (plot, default)]
    assert (widest[0] > widest[1]) == bool(sets)


def test_past_lr_lambda_1_the_valley_note_gives_the_factor_and_a_runaway_is_not_slow(kit):
    """At lr 3e-4 lr·λ across is 1.51, and the note said a step "removes 1.510 of the
    distance" (it lands past the floor, 0.51 of the way on the other side); at lr 1e-3, 5.03,
    of a run that overflows in epoch 1, under "Why so slow?" and "safe across means tiny
    along". The note now gives |1 − lr·λ|, and the part asks why it ran away. Control: at the
    defaults (lr·λ 0.503) a step removes lr·λ, and the run is slow."""
    from tests.scenes.dryrun import play
    default = compute(LESSON.defaults())
    assert "removes" in kit.valley.valley_lines(default)[3][0].tex_string
    for lr, across in (("3e-4", "0.510"), ("1e-3", "4.033")):
        line = kit.valley.valley_lines(compute(LESSON.resolve(sets=[f"lr={lr}"])))[3]
        assert "multiplies the distance by" in line[0].tex_string
        assert line[1].tex_string == across and line[3].tex_string.startswith("0.999")
    said = [text for *_, text in play("stepping", ["parts=valley", "lr=1e-3"]).cues]
    assert said[0].startswith("Why did it run away?") and not any("slow" in t for t in said)
    assert "One lr serves both: past 2/λ across, each step lands farther out." in said
    # just past 2/λ across, yet the run does not run away (its crawl reaches the target):
    # asked as a slow one, and answered just past 2/λ, not "safe across" (lr·λ is 2.01)
    near = [text for *_, text in play("stepping", ["parts=valley", "lr=4e-4"]).cues]
    assert near[0].startswith("Why so slow?")
    assert near[-1] == "One lr serves both: just past 2/λ across, tiny along."
    calm = [text for *_, text in play("stepping", ["parts=valley"]).cues]
    assert calm[0].startswith("Why so slow?") and "safe across means tiny along" in calm[-1]


def test_a_runaway_runs_titles_say_where_it_ran_away():
    """At lr 1e-3 the run overflows on step 17, in epoch 1, under "3 · Epoch after epoch",
    and Part 5 said "there is no crawl" under "5 · The crawl, sped up". The headers now say
    "3 · Epoch 1 runs away" and "5 · No crawl: epoch 1 runs away". At lr 5e-4 the crawl runs
    three epochs and away in the fourth. Control: at lr 4e-4 it reaches the target."""
    from tests.scenes.dryrun import play
    shown = {words for _, words in play("stepping", ["parts=epochs,crawl", "lr=1e-3"]).texts}
    assert {"3 · Epoch 1 runs away", "5 · No crawl: epoch 1 runs away"} <= shown
    assert not {"3 · Epoch after epoch", "5 · The crawl, sped up"} & shown
    later = compute(LESSON.resolve(sets=["lr=5e-4"]))
    titles = {spec.id: spec.title_at(later) for spec in LESSON.parts}
    assert (titles["epochs"], titles["crawl"]) == ("Epoch 4 runs away",
                                                   "The crawl runs away in epoch 4")
    settles = compute(LESSON.resolve(sets=["lr=4e-4"]))
    assert [spec.title_at(settles) for spec in LESSON.parts] == [s.title for s in LESSON.parts]


@pytest.mark.parametrize("lr, course, said, asked", [
    ("3.9e-4", "levels", "RMSE climbs to 190.562, then stalls at 189.912: ", "Why so slow?"),
    ("4.4e-4", "falls", "RMSE climbs to 844.951, then falls to 664.305: ",
     "Why does it run away?"),
    ("4.5e-4", "climbs", "RMSE climbs, 551.169 → 6687.72: ", "Why does it run away?"),
    ("1e-4", "stalls", "RMSE stalls at 19.5057: ", "Why so slow?")])
def test_the_epochs_rmse_is_said_as_it_went(lr, course, said, asked):
    """At lr 3.9e-4 the epochs' RMSE climbs 158 → 191 and then holds, and the epochs part said
    only "RMSE stalls at 189.912"; at lr 4.5e-4 it climbs every epoch, 551 → 6688, and the
    line read "stalls", under the valley's "Why so slow?" and "safe across". The lesson's
    ``rmse_course`` tells the four apart; a climb is asked about, and past 2/λ answered as
    steps that land farther out, as is a crawl that runs away later (lr 4.4e-4, where the
    valley had asked "Why so slow?"). Control: the defaults' RMSE falls and stalls."""
    from scenes.stepping.epochs import stall_line
    from scenes.stepping.valley import grows_across, why_asked
    n = compute(LESSON.resolve(sets=[f"lr={lr}"]))
    assert n.rmse_course[0] == course and stall_line(n).startswith(said)
    assert why_asked(n) == asked
    assert grows_across(n) == (course == "climbs" or n.crawl.diverged)
    peak = n.rmse_course[1]
    assert peak is None if course == "stalls" else peak == max(n.epoch_rmse)


@pytest.mark.parametrize("sets, answer", [
    (["lr=3.9e-4", "epochs=2"], "each row's own step kicks it out"),
    (["lr=3e-4", "epochs=2"], "each row's own step kicks it out"),
    (["lr=4.5e-4"], "each step lands farther out"),
    (["lr=3.9e-4"], "safe across means tiny along")])
def test_the_valley_answers_the_climb_it_asks_about(sets, answer):
    """At lr 3.9e-4 over 2 epochs RMSE climbs (157.9 → 179.4) with lr under 2/λ, and the
    valley asked "Why does RMSE climb?" and answered "safe across means tiny along", which
    says nothing of a climb: the rows' own steps kick across out, as the crawl shows. Past
    2/λ the answer is the runaway's (lr 4.5e-4, whose crawl runs away, is asked why it does);
    controls: a run that levels off is asked why it is slow, and answered as before."""
    from scenes.stepping.valley import both_served, why_asked
    n = compute(LESSON.resolve(sets=sets))
    assert both_served(n).endswith(answer + ".")
    climbs = n.rmse_course[0] == "climbs"
    asked = "Why does it run away?" if n.crawl.diverged else "Why does RMSE climb?"
    assert why_asked(n) == (asked if climbs else "Why so slow?")
    assert climbs == (answer != "safe across means tiny along")


def test_a_start_beside_the_star_is_told_as_quick_with_no_crawl(kit):
    """From a = 10, b = 30 (b already best) RMSE is 0.049 from epoch 2, and the lesson said
    "RMSE stalls at 0.0485489", asked "Why so slow?", drew b's arrow to the star from on it
    (its words on the star's label), and ran a 2-epoch "long crawl" whose plot read "0 1 2 2".
    Now the epochs' line says the goal is met, the valley asks why so quick, and the crawl
    part is titled and said as none. Control: the defaults still stall and crawl."""
    from scenes.stepping.crawl import CrawlPart
    from scenes.stepping.epochs import b_crawl, stall_line
    from scenes.stepping.stage import build_stage
    from scenes.stepping.valley import both_served, why_asked
    from tests.scenes.dryrun import play
    near = compute(LESSON.resolve(sets=["init_a=10", "init_b=30"]))
    assert near.under_goal_from == 2
    assert stall_line(near).startswith("RMSE is under the goal, 1, from epoch 2, at 0.0485489")
    assert (why_asked(near), both_served(near)) == (
        "Why so quick?", "One lr serves both: tiny along, but little along was needed.")
    assert b_crawl(near, build_stage(near)) is None and CrawlPart().build(near, None) is None
    run = play("stepping", ["parts=crawl", "init_a=10", "init_b=30"])
    said = " ".join(text for _, _, text in run.cues)
    assert "5 · No crawl: goal met in epoch 2" in {words for _, words in run.texts}
    assert "epoch 2 already met the goal" in said and "the long crawl" not in said
    defaults = compute(LESSON.defaults())
    assert defaults.under_goal_from is None and stall_line(defaults).startswith("RMSE stalls")
    assert b_crawl(defaults, build_stage(defaults)) is not None
    assert why_asked(defaults) == "Why so slow?"


def test_one_epoch_logged_is_said_as_one_value():
    """With ``epochs=1`` the part said "RMSE stalls at 27.9945" of a single logged value,
    and "then whole epochs" of none. Control: two epochs stall, as they did."""
    from scenes.stepping.epochs import stall_line
    from tests.scenes.dryrun import play
    one = compute(LESSON.resolve(sets=["epochs=1"]))
    assert stall_line(one).startswith("RMSE is 27.9945 after epoch 1: b went 1 → 1.07152")
    said = [text for *_, text in play("stepping", ["parts=epochs", "epochs=1"]).cues]
    assert "Now faster: the rest of epoch 1." in said and not any("whole" in t for t in said)
    assert stall_line(compute(LESSON.resolve(sets=["epochs=2"]))).startswith("RMSE stalls at")
