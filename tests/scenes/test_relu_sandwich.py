"""Scenes of lesson ``relu-sandwich``, built without rendering: that the scene plays one part per
spec, that each part's layout (the collapsed line, the hinge, the race's panels and its dead and
diverged marks) sits where its numbers say, and that a part changes with exactly the parameters
it reads. (Part 4's plane of solutions and its strip: test_relu_sandwich_solutions.py.)"""

import hashlib
from types import SimpleNamespace

import manim
import numpy as np
import pytest

from sgdanim.core.trajectory import RunConfig, run
from sgdanim.lessons import get
from sgdanim.lessons.relu_sandwich import collapse, kink
from tests.lessons.test_relu_sandwich import first_all_zero_row, inside

manim = pytest.importorskip("manim")

LESSON = get("relu-sandwich")


@pytest.fixture(scope="module")
def numbers():
    return LESSON.compute(LESSON.defaults())


# The parts, built without rendering --------------------------------------------------------------

def scene_class():
    from scenes.relu_sandwich.scene import ReluSandwich
    return ReluSandwich


def build(part_id, sets=()):
    params = LESSON.resolve(sets=list(sets))
    part = next(p for p in scene_class().parts if p.id == part_id)
    return part().build(LESSON.compute(params), params)


@pytest.fixture(scope="module")
def built(manim_tmp):
    return SimpleNamespace(**{p.id: build(p.id) for p in scene_class().parts})


def test_scene_plays_one_part_per_spec():
    assert [part.id for part in scene_class().parts] == [spec.id for spec in LESSON.parts]


def data_of(axes, mob):
    """The corners of a drawn polyline, in data coordinates (manim lists each inner corner twice,
    as the end of one segment and the start of the next)."""
    pts = np.array([axes.p2c(p)[:2] for p in mob.get_anchors()])
    return pts[np.r_[True, np.any(np.abs(np.diff(pts, axis=0)) > 1e-9, axis=1)]]


def test_collapsed_line_drawn_has_slope_ac_and_intercept_cb_plus_d(numbers, built):
    b = built.collapse
    for w in numbers.collapse_tour:
        for t, v in zip(b.plot.trackers.values(), w):
            t.set_value(v)
        b.plot.update()                        # what the updater does on the next frame
        (piece,) = b.plot.curve.get_subpaths()  # a line, clipped to the plot: one piece
        p, q = b.axes.p2c(piece[0]), b.axes.p2c(piece[-1])
        assert q[0] - p[0] > 1.0             # visibly long, not a stub
        slope, icept = collapse(*w)
        assert (q[1] - p[1]) / (q[0] - p[0]) == pytest.approx(slope, rel=1e-6, abs=1e-6)
        # every vertex lies on the regrouped line: no bend anywhere
        for x, y in data_of(b.axes, b.plot.curve):
            assert y == pytest.approx(slope * x + icept, abs=1e-4)
        b.extra.update()
        assert [row[1].get_value() for row in b.extra] == pytest.approx(list(collapse(*w)))
    assert len({round(a * c, 6) for a, _, c, _ in numbers.collapse_tour}) >= 3


def test_collapse_layout(built):
    b = built.collapse
    assert b.stacked.get_top()[1] < b.title.get_bottom()[1]
    assert b.readouts.get_left()[0] > b.axes.get_right()[0]           # the numbers on the right
    assert b.extra.get_top()[1] < b.readouts.get_bottom()[1]
    assert b.note.get_bottom()[1] == pytest.approx(b.axes.get_top()[1] + 0.2)
    assert b.same.get_left()[0] == pytest.approx(b.note.get_left()[0])


def test_hinge_is_drawn_at_the_kink(numbers, built):
    b = built.hinge
    for w in numbers.hinge_tour:
        for t, v in zip(b.plot.trackers.values(), w):
            t.set_value(v)
        b.plot.update()
        b.hinge.update()
        xs = data_of(b.axes, b.plot.curve)[:, 0]
        assert np.min(np.abs(xs - kink(w[0], w[1]))) < 1e-6
        assert b.axes.p2c(b.hinge.get_center())[:2] == pytest.approx([kink(w[0], w[1]), w[3]])


def test_hinge_layout_and_the_bend(numbers, built):
    b = built.hinge
    # the two-unit formula starts where the one-unit formula does, and fits in the frame
    assert b.two.get_left()[0] == pytest.approx(b.formula.get_left()[0])
    assert -7.11 < b.two.get_left()[0] and b.two.get_right()[0] < 7.11
    assert b.two.get_y() == pytest.approx(b.formula.get_y(), abs=0.1)
    # control: centred on the short formula (as it was) its left end left the frame
    assert b.two.copy().move_to(b.formula).get_left()[0] < -7.11
    assert b.roles.get_top()[1] < b.readouts.get_bottom()[1]
    # the bend's words stand clear of the frame's right edge (at 0.35 from it; centred on the
    # right column, as they were, "bend" touched it) and of the plot on their left
    # (in Latin Modern the words are narrower than in DejaVu: they fit where they are centred)
    from scenes.kit.scene import inside_frame
    from scenes.relu_sandwich.graphs import EDGE_MARGIN
    limit = manim.config.frame_width / 2 - EDGE_MARGIN
    assert b.bend.get_right()[0] <= limit + 1e-9
    # control: words pushed past the margin are brought back to it
    assert inside_frame(b.bend.copy().shift([0.5, 0, 0]), margin=EDGE_MARGIN).get_right()[0] == \
        pytest.approx(limit)
    assert b.bend.get_left()[0] > b.axes.get_right()[0]
    corners = data_of(b.axes, b.both)
    np.testing.assert_allclose(corners, numbers.two_unit_graphs[2][0], atol=1e-9)
    for unit in b.units:                          # dashed: a group of short dashes
        dashes = np.array([b.axes.p2c(p)[:2] for p in unit.get_all_points()])
        assert len(dashes) and inside(dashes, numbers.box, tol=1e-6)


def test_dead_and_diverged_marks_sit_at_their_rows(numbers, built):
    b = built.training
    r = numbers.runs["relu2"]
    box, line, shown = b.dead["relu2"]
    t = run(RunConfig(model="relu2", grad=numbers.grad, lr=numbers.lr, epochs=numbers.epochs))
    assert shown.get_value() == first_all_zero_row(np.asarray(t.grads)[:, :3]) == 26
    panel = b.by_model["relu2"]
    assert panel.axes.p2c(line.get_center())[0] == pytest.approx(r.dead_row)
    cross, _ = b.diverged["linear2"]
    lin = b.by_model["linear2"]
    # the panel's y axis is a log one: its coordinates are errors, the top decade 10^high
    assert lin.axes.p2c(cross.get_center())[:2] == pytest.approx(
        [numbers.runs["linear2"].diverged_at, 10.0 ** numbers.race.decades[1]])
    assert set(b.dead) == {"relu2"} and set(b.diverged) == {"linear2"}


def test_race_panels_side_by_side_each_draw_on_their_own_axes(numbers, built):
    b = built.training
    b.row.set_value(20)
    lo = numbers.race.decades[0]
    for panel, r in zip(b.panels, numbers.runs.values()):
        panel.update()
        drawn = data_of(panel.axes, panel.curve)
        assert drawn[:, 0].min() == pytest.approx(1) and drawn[:, 0].max() == pytest.approx(20)
        got = drawn[np.unique(np.round(drawn[:, 0]).astype(int), return_index=True)[1], 1]
        assert np.log10(got) == pytest.approx(np.maximum(np.log10(r.err2[:20]), lo), abs=1e-6)
        x0, x1 = panel.axes.x_axis.get_left()[0], panel.axes.x_axis.get_right()[0]
        assert x0 - 1e-6 <= panel.curve.get_left()[0] and panel.curve.get_right()[0] <= x1 + 1e-6
        shown = [m[1].get_value() for m in panel.readouts[:len(r.names)]]
        assert shown == pytest.approx(r.params[19].tolist(), abs=1e-9)
        if r.growth is not None:      # a² + c² of the row shown, live
            grows = panel.readouts[-1][0][1]
            grows.update()
            assert grows.get_value() == pytest.approx(r.params[19, 0] ** 2 + r.params[19, 2] ** 2)
    b.counter[1].update()
    assert b.counter[1].get_value() == 20
    b.row.set_value(0)
    # the row of three fits in the frame, under the head, with the plots' tops in line
    assert b.panels.width < 14.2 and b.panels.get_top()[1] < b.head.get_bottom()[1]
    assert len({round(p.axes.get_top()[1], 9) for p in b.panels}) == 1
    # a few err² labels, 10⁰ 10⁶ 10¹², each clear of the next at 480p (60 px per unit)
    for panel in b.panels:
        labels = panel.plot.labels
        assert 2 <= len(labels) <= 4
        gaps = np.diff(sorted(m.get_center()[1] for m in labels))
        assert np.all(gaps - labels[0].height > 12 / 60)


def test_race_plots_take_the_frames_width_and_the_marks_stay_in(built, manim_tmp):
    """Part 3's plots are 3.55 × 3.25 (they were 2.85 × 3.1): "row" stands in the tick numbers'
    line, left of the origin, not beside the axis' end, so the three fill the width; the dead
    ReLU's box, placed as the part places it, stays inside the frame."""
    b = built.training
    for panel in b.panels:
        x_axis, xlab = panel.axes.x_axis, panel[1][1]
        assert x_axis.get_length() == pytest.approx(3.55)
        assert panel.axes.y_axis.get_length() == pytest.approx(3.25)
        assert xlab.get_tex_string() == r"\text{row}"
        assert xlab.font_size == pytest.approx(x_axis.numbers[0].font_size)
        assert xlab.get_y() == pytest.approx(x_axis.numbers[0].get_y())
        assert xlab.get_right()[0] < x_axis.get_start()[0] < x_axis.numbers[0].get_left()[0]
        assert xlab.get_top()[1] < panel.plot.labels.get_bottom()[1]       # under 10⁰
    assert b.panels.get_left()[0] > -7.11 and b.panels.get_right()[0] < 7.11
    # control: beside the axis' end, as it was, the outer panels' "row" left the frame
    outer = b.panels[-1]
    assert outer.axes.x_axis.get_right()[0] + 0.15 + outer[1][1].width > 7.11
    from scenes.relu_sandwich.panels import ABOVE_CAPTIONS
    from scenes.relu_sandwich.training import place_dead, place_runaway
    box, _, _ = b.dead["relu2"]
    placed = place_dead(box.copy(), b.by_model["relu2"])
    assert placed.get_bottom()[1] >= ABOVE_CAPTIONS and placed.get_right()[0] < 7.11 - 0.3
    assert len(box) == 2
    assert box[1].get_tex_string() == r"b\ 1.04 \to 0.96\text{, so }ax + b \le 0 \text{ for every row's } x"
    assert box[0][2].get_tex_string() == r"\text{: }a\ 2.02 \to -5.64"
    # clear of the pair's readouts above it, which it reaches under: on the captions' band,
    # ≥ 0.12 (16 px at 1080p) below them (control: right under the ReLU's readouts, as it
    # stood, it was 0.06 below, 8 px), its lines right-aligned, the first one's further right
    lin = b.by_model["linear2"].readouts
    assert placed.get_bottom()[1] == pytest.approx(ABOVE_CAPTIONS)
    assert placed.get_top()[1] < lin.get_bottom()[1] - 0.12
    assert box.copy().next_to(b.by_model["relu2"].readouts, manim.DOWN, buff=0.06).get_top()[1] \
        > lin.get_bottom()[1] - 0.12
    assert placed[0].get_right()[0] == pytest.approx(placed[1].get_right()[0])
    assert placed[0].get_left()[0] > placed[1].get_left()[0]
    # the runaway's words beside its ✕ on the pair's plot, right of it (nothing is drawn
    # there), under the top edge, inside the panel: far above the death note, not on its line
    pair = b.by_model["linear2"]
    cross, words = b.diverged["linear2"]
    words = place_runaway(words.copy(), cross, pair)
    assert [w.original_text for w in words] == ["row 28:", "runs away"]
    assert words.get_left()[0] > cross.get_right()[0]
    assert words.get_right()[0] < pair.axes.get_right()[0]
    assert words.get_top()[1] <= cross.get_top()[1] and words.get_bottom()[1] > pair.curve.get_y()
    assert words.get_bottom()[1] - placed.get_top()[1] > 2.0
    # where the race ends, no point of the pair's curve lies under the words
    b.row.set_value(b.rows + 0.999)
    pair.curve.update()
    pts = [p for p in pair.curve.get_anchors()
           if words.get_left()[0] - 0.05 < p[0] < words.get_right()[0] + 0.05]
    assert all(p[1] < words.get_bottom()[1] for p in pts)
    # control: a runaway at the panel's last row puts the words left of its ✕, inside
    late = cross.copy().move_to(pair.plot.vertical(b.rows)[1])
    moved = place_runaway(words.copy(), late, pair)
    assert moved.get_right()[0] < late.get_left()[0]
    b.row.set_value(0.0)


def test_a_unit_that_starts_dead_is_shown_dead_from_row_1(manim_tmp):
    n = LESSON.compute(LESSON.resolve(sets=["init=0,0,0,0"]))
    r = n.runs["relu2"]
    t = run(RunConfig(model="relu2", lr=n.lr, init=dict(a=0, b=0, c=0, d=0), epochs=n.epochs))
    assert r.dead_row == first_all_zero_row(np.asarray(t.grads)[:, :3]) == 1
    assert r.kill_step is None and r.kill_row is None
    box, line, shown = build("training", ["init=0,0,0,0"]).dead["relu2"]
    assert shown.get_value() == 1
    assert box[0][2].get_tex_string() == r"\text{: it starts dead}"
    assert r"\to" not in box[1].get_tex_string()     # no step killed it: no b step to show


# What each part reads ----------------------------------------------------------------------------

# Another value for each parameter but data, which every part reads (its plots start from it).
OTHER_VALUES = {"lr": "lr=5e-5", "init": "init=1,2,0.5,3", "models": "models=relu2,linear",
                "epochs": "epochs=3", "path_lr": "path_lr=1e-5", "path_epochs": "path_epochs=3"}


def fingerprint(built) -> list:
    """Everything a built part holds, as comparable values: a digest of each mobject's points
    and its colour, and every other value's repr."""
    out = []
    for name, value in sorted(vars(built).items()):
        mobs = [value] if isinstance(value, manim.Mobject) else (
            list(value.values()) if isinstance(value, dict) else [])
        mobs = [m for v in mobs for m in (v if isinstance(v, tuple) else (v,))]
        if mobs and all(isinstance(m, manim.Mobject) for m in mobs):
            out += [(name, hashlib.sha1(m.points.round(9).tobytes()).hexdigest(),
                     m.get_color().to_hex()) for mob in mobs for m in mob.get_family()]
        else:
            out.append((name, repr(value)))
    return out


@pytest.mark.parametrize("spec", LESSON.parts, ids=lambda s: s.id)
def test_a_part_changes_with_what_it_reads_and_nothing_else(spec, manim_tmp):
    assert "data" in spec.reads
    base = fingerprint(build(spec.id))
    for name, setting in OTHER_VALUES.items():
        changed = fingerprint(build(spec.id, [setting])) != base
        assert changed == (name in spec.reads), f"{spec.id} with {setting}"


def test_a2_plus_c2_readout_shows_one_number_before_any_update(numbers, manim_tmp):
    """As built, before any frame runs an updater (a part opens on a frozen wait): the start's
    a² + c² shows as digits, every ×10ⁿ copy hidden (they once stood on top of each other for
    the part's first 3.6 s); control: the digits themselves are shown."""
    b = build("training")
    row = b.by_model["linear2"].readouts[-1][0]
    digits, powers = row[1], row[2:]
    assert len(powers) >= 1
    def shown(m):       # what the glyphs are drawn with (a fade or set_opacity reaches them)
        return [g.get_fill_opacity() for g in m.family_members_with_points()]

    assert set(shown(digits)) == {1}
    assert {o for p in powers for o in shown(p)} == {0}


def test_a2_plus_c2_is_written_as_a_power_of_ten_from_ten_thousand(numbers, built):
    """Row 26's a² + c² (62.4) shows as digits; row 27's (4.6×10⁴) as the series writes
    numbers from 10⁴ up, the digits hidden; control: the power of ten is hidden on row 26.
    One decimal, as overshoot's readout writes the same numbers."""
    b = built.training
    row = b.by_model["linear2"].readouts[-1][0]
    digits, power = row[1], row[2]
    growth = numbers.runs["linear2"].growth
    assert growth[26] >= 1e4 > growth[25]
    b.row.set_value(26.5)
    row.update()
    assert digits.get_value() == pytest.approx(growth[25]) and digits.get_fill_opacity() == 1
    assert power.get_fill_opacity() == 0
    b.row.set_value(27.5)
    row.update()
    assert digits.get_fill_opacity() == 0 and power.get_fill_opacity() == 1
    assert power.get_tex_string() == r"4.6\times10^{4}"
    assert digits.num_decimal_places == 1
    b.row.set_value(0.0)
    row.update()


def test_the_races_setup_line_sets_its_lr_in_latex(built):
    """Part 3's head says its lr as LaTeX writes every other number of the part (1.0 × 10⁻⁴,
    not Unicode superscripts), its words after it on one baseline; control: the words alone
    carry no ×10."""
    b = built.training
    rate, words = b.head[1]
    assert rate.get_tex_string() == r"\mathrm{lr}\ 1.0\times10^{-4}"
    assert words.original_text == "· all weights 1 · finite differences"
    assert "×" not in words.original_text and "⁻" not in words.original_text
    assert words[1].get_bottom()[1] == pytest.approx(rate.get_bottom()[1])
    assert words.get_left()[0] > rate.get_right()[0]
    assert b.head[1].get_right()[0] < b.counter.get_left()[0]


def test_row_25_is_held_under_the_line_that_names_it(built):
    """Row 25's overshoot kills the ReLU: the counter stops on row 25 (the climb's row 24 and
    the dead row 26 around it), and there the line that names it starts, then a, c and a² + c²
    are boxed for about 2 s before the step to row 26 (it flashed by in 0.3 s under "Row 24 …",
    review r10). The one row 26 → 27 says nothing new: "only d still learns" stays up."""
    from scenes.relu_sandwich.training import TrainingPart
    b = built.training
    assert TrainingPart.kill_row(b) == 25 and b.climb[0] == 24
    assert TrainingPart.stretches(b, 6, 26) == [24, 25, 26]
    calls = []
    scene = SimpleNamespace(say=lambda t: calls.append(("say", t)),
                            wait=lambda s: calls.append(("hold", s)),
                            play=lambda *a, run_time: calls.append(("hold", run_time)))
    said = TrainingPart.show_kill_row(scene, b)
    assert calls[0] == ("say", said) and said.startswith("Row 25's overshoot")
    assert 1.8 <= sum(s for kind, s in calls[1:] if kind == "hold") <= 3.0
    assert TrainingPart.stretch_caption(b, 26, 27) is None
    # control: with no ReLU pair there is no kill row, and the stretch to 26 stops at 24 only
    alone = SimpleNamespace(**{**vars(b), "runs": {k: v for k, v in b.runs.items()
                                                  if k != "relu2"}})
    assert TrainingPart.kill_row(alone) is None
    assert TrainingPart.stretches(alone, 6, 26) == [24, 26]
    assert TrainingPart.stretch_caption(alone, 26, 27) is not None


def test_the_last_stretch_says_why_the_bend_bought_nothing(built, manim_tmp):
    """Half-way from the runaway's row to the end, the race pauses for the line that says the
    rows lie on y = 2x + 30 (from the lesson), so the ReLU risked dying for nothing (review
    r10's teaching gap). Control: on noisy rows there is no such line and no pause."""
    from scenes.relu_sandwich.training import TrainingPart
    b = built.training
    assert (b.stops[-2][0], b.rows) == (27, 58) and b.aside == 42
    assert TrainingPart.stretches(b, 27, 58) == [42, 58]
    assert TrainingPart.stretch_caption(b, 27, 42).startswith("To the last row")
    assert TrainingPart.stretch_caption(b, 42, 58).startswith(
        "The rows lie on a line, y = 2x + 30: the bend buys nothing")
    noisy = build("training", ["data=synthetic:noise=3"])
    assert noisy.aside is None
    at = noisy.stops[-2][0]
    assert TrainingPart.stretches(noisy, at, noisy.rows) == [noisy.rows]


def test_the_row_counter_and_the_dead_note_read_at_480p(built):
    """Review r10 at 480p: the row counter's widest count ("row 58") keeps 0.44 (60 px at 1080p)
    off the right edge (its digits grow rightwards: placed for "row 0" it ended 0.2 off), and
    the dead ReLU's two-line note is set a sixth larger than the readouts (11 px high at 480p)."""
    from scenes.relu_sandwich.panels import NOTE_SIZE, READOUT_SIZE
    b = built.training
    b.row.set_value(b.rows + 0.5)
    b.counter.update()
    assert b.counter[1].get_value() == 58
    assert 7.11 - b.counter.get_right()[0] >= 0.44
    # control: placed as it was, for "row 0" at the corner, "row 58" ends closer than 0.3
    old = b.counter.copy().clear_updaters()
    old[1].set_value(0)
    old.to_corner(manim.UP + manim.RIGHT, buff=0.35)
    old[1].set_value(58)
    assert 7.11 - old.get_right()[0] < 0.3
    b.row.set_value(0.0)
    box, _, _ = b.dead["relu2"]
    sizes = [m.font_size for m in box.get_family() if isinstance(m, manim.MathTex)]
    assert len(sizes) >= 4 and sizes == pytest.approx([NOTE_SIZE] * len(sizes))
    assert NOTE_SIZE >= 1.15 * READOUT_SIZE
