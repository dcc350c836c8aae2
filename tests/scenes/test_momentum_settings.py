"""Part 4 of the ``momentum`` scene (scenes/momentum/paths.py) at settings a learner moves to,
built or played dry without rendering: an lr over SGD's limit, a second lr equal to or under
the first, a zero first gradient, and rows whose best b is below the start."""

from __future__ import annotations

import pytest

from tests.scenes.momentum_kit import HALF_FRAME, apart, box, build
from tests.scenes.momentum_kit import momentum_scene  # noqa: F401 - a fixture


def test_the_valley_lines_say_near_and_equal_only_when_they_are():
    """At lr 5e-4, over the mean loss' limit, plain SGD ends at b = 276.3 and momentum at 16.0,
    with steps along b of 11 and 0.57 a row: Part 4 said "both still near b = 16.0" and
    "about equal". Now it says where each run is and leaves "about equal" out. Control: at
    the defaults both are near b = 1.2 and their steps about equal."""
    from tests.scenes.dryrun import play
    far = [text for _, _, text in play("momentum", ["parts=paths", "lr=5e-4"]).cues]
    assert "In the valley: SGD at b = 276.3, momentum at 16.0, the best is 30.0." in far
    assert not any("about equal" in t or "both still near" in t for t in far)
    near = [text for _, _, text in play("momentum", ["parts=paths"]).cues]
    assert "In the valley: both still near b = 1.2, the best is 30.0." in near
    assert any(t.startswith("Along b: ") and t.endswith("a row, about equal.") for t in near)


def test_at_an_lr_sgd_cannot_take_the_valleys_words_and_the_close_stay_readable(momentum_scene):
    """At lr 5e-4 the valley's panel spans ±3×10⁴, so "both at b ≈ 16.0", set at a = 2.6,
    stood on "best (2.00, 30.0)" and the tick numbers, and said "both" of runs 260 apart; the
    close's "|Δa| 76.836 vs 3122.374" ran off the frame. Now the words name momentum and stand
    under the panel, clear of the best and the numbers, and every close line ends inside the
    frame. Control: at the defaults the words say "both" at their place over the panel's
    bottom."""
    from scenes.kit.scene import covers
    from tests.lessons.momentum_kit import LESSON
    from tests.scenes.momentum_kit import HALF_FRAME, build
    params = LESSON.resolve(sets=["lr=5e-4"])
    b = build(momentum_scene, "paths", LESSON.compute(params), params)
    words, panel = b.valley.here[1], b.valley.panel
    assert words.get_tex_string().startswith(r"\text{momentum at }")
    crowd = [b.valley.frame[2], *panel.axes.x_axis.numbers, *panel.axes.y_axis.numbers]
    assert not any(covers(words, m) for m in crowd)
    assert words.get_top()[1] < panel.get_bottom()[1]
    assert all(line.get_right()[0] <= HALF_FRAME[0] - 0.19 for line in b.close)
    near = build(momentum_scene, "paths", LESSON.compute(LESSON.defaults()))
    assert near.valley.here[1].get_tex_string().startswith(r"\text{both at }")
    assert near.valley.here[1].get_bottom()[1] > near.valley.panel.get_bottom()[1]


def test_the_valley_at_an_lr_over_sgds_limit_writes_its_numbers_in_units(momentum_scene):
    """At lr 5e-4 SGD's a swings to −3×10⁴: the valley's a axis spans ±3×10⁴. Its numbers
    are in units of 10⁴ ("−3", not "−30,000": five of those side by side ran into each other,
    with commas no other number in the series has), the unit in the axis' name under them;
    "momentum at b ≈ 16.0", crowded out of the plot, and the PyTorch note under it stand
    apart and inside the frame. Control: at the defaults the numbers are as written (1 to 4)
    and the name is plain "a"."""
    from tests.lessons.momentum_kit import LESSON
    b = build(momentum_scene, "paths", LESSON.compute(LESSON.resolve(sets=["lr=5e-4"])))
    x_axis, name = b.valley.panel.axes.x_axis, b.valley.panel.labels[0]
    shown = [float(n.get_value()) for n in x_axis.numbers]
    assert max(abs(v) for v in shown) < 10 and len(shown) >= 4
    assert not any(n.group_with_commas for n in x_axis.numbers)
    assert r"\times10^{4}" in name.get_tex_string()
    assert name.get_top()[1] < min(n.get_bottom()[1] for n in x_axis.numbers)
    words, note = b.valley.here[1], b.part3
    assert apart(words, note)
    for m in (words, note, name):
        left, bottom, right, top = box(m)
        assert -HALF_FRAME[0] < left and right < HALF_FRAME[0] and -HALF_FRAME[1] < bottom
    usual = build(momentum_scene, "paths", LESSON.compute(LESSON.defaults())).valley
    assert [float(n.get_value()) for n in usual.panel.axes.x_axis.numbers] == [1, 2, 3, 4]
    assert usual.panel.labels[0].get_tex_string() == "a"


@pytest.mark.parametrize("lr_big, opening", [
    ("3e-4", "A bigger lr, 3.0×10⁻⁴?"), ("5e-5", "A smaller lr, 5.0×10⁻⁵?"),
    ("1e-4", "The same lr, 1.0×10⁻⁴, over 15 epochs?")])
def test_the_second_look_says_how_its_lr_stands_to_the_first(lr_big, opening):
    """``lr_big`` equal to ``lr`` was asked as "Another lr, 1.0×10⁻⁴?" of the lr just shown.
    A smaller one is said so, and the same one is the same lr run longer (control: the
    default's bigger lr)."""
    from scenes.momentum.paths import big_question
    from tests.lessons.momentum_kit import LESSON
    n = LESSON.compute(LESSON.resolve(sets=[f"lr_big={lr_big}"]))
    assert big_question(n) == f"{opening} RMSE per epoch of both."


def test_a_zero_first_gradient_still_gives_pytorchs_scale():
    """``g_high=0`` (m at 0, then g_low: how momentum warms up from rest) is a valid
    setting, but Part 4 wrote PyTorch's "×10" as the ratio of Part 3's two plateaus, 0/0: the
    render failed with ZeroDivisionError. The lesson now gives the scale itself, 1/(1−β).
    Control: the plateaus it was read from are both 0 there."""
    from tests.scenes.dryrun import play
    from tests.lessons.momentum_kit import LESSON
    rest = LESSON.compute(LESSON.resolve(sets=["g_high=0"]))
    assert rest.damped_plateau == rest.undamped_plateau == 0
    assert rest.undamped_scale == pytest.approx(10.0)
    shown = {words for _, words in play("momentum", ["parts=paths", "g_high=0"]).texts}
    assert any(r"{\times}10\text{ = a bigger lr" in words for words in shown)


def test_b_is_said_to_go_down_the_valley_where_its_best_is_below_the_start():
    """On rows whose best b is −5 (below the runs' start, b = 1) Part 4 said "b climbs the
    flat valley". Control: on the sheet's rows (best b = 30) it climbs."""
    from tests.lessons.momentum_kit import LESSON
    from tests.scenes.dryrun import play
    sets = ["parts=paths", "data=synthetic:slope=2,intercept=-5"]
    assert not LESSON.compute(LESSON.resolve(sets=sets[1:])).b_rises
    said = [text for *_, text in play("momentum", sets).cues]
    assert "b goes down the flat valley; a crosses the steep one." in said
    assert not any("climbs" in text for text in said)
    assert LESSON.compute(LESSON.defaults()).b_rises


def test_a_tiny_lrs_d_axis_keeps_its_ticks_on_it(momentum_scene):
    """At lr 1e-12 d moves 10⁻⁸ in 58 rows. manim's ticks run 10⁻⁶ past an axis' end, so
    d's axis grew 202 ticks and numbers, "1.000000495" to "1.000000555", down the frame
    over both g panels. Only the three on the axis are left. Control: manim's own axis over
    that range has the 202."""
    from manim import NumberLine
    from tests.lessons.momentum_kit import LESSON
    n = LESSON.compute(LESSON.resolve(sets=["lr=1e-12"]))
    low, high, step = n.wiggle_d_range
    d_axis = build(momentum_scene, "wiggle", n).bottom.y_axis
    assert [float(m.get_value()) for m in d_axis.numbers] == pytest.approx(
        [low, low + step, high], rel=0, abs=step / 100)
    assert len(d_axis.ticks) == 3
    assert len(NumberLine([low, high, step]).ticks) > 100


def _valley(rows, tmp_path):
    from scenes.momentum.paths import _near
    from scenes.momentum.valley_view import valley_view
    from tests.scenes.momentum_kit import LESSON
    (tmp_path / "rows.csv").write_text("x,y\n" + "".join(f"{x},{y}\n" for x, y in rows))
    n = LESSON.compute(LESSON.resolve(sets=[f"data={tmp_path / 'rows.csv'}"]))
    return valley_view(n, _near(n.path_sgd[-1, 1], n.path_mom[-1, 1]))


def test_the_valleys_words_stay_in_the_frame_on_rows_of_x_in_0_to_1(tmp_path):
    """The runs' b was written at (a, b) = (2.6, 8.0), right of where the sheet's runs end; on
    rows of x in 0..1 the panel spans 0..1, and "both at b ≈ 1.0" stood at y = 11.9, past
    the frame's top. Now it goes under the panel where (2.6, 8.0) is off it. Control: the
    old place is out of the frame."""
    valley = _valley([(x / 30, x / 60 + 0.2) for x in range(1, 31)], tmp_path)
    words = valley.here[1]
    x0, y0, x1, y1 = box(words)
    assert -HALF_FRAME[0] < x0 and x1 < HALF_FRAME[0] and -HALF_FRAME[1] < y0 and y1 < 4.0
    assert y1 < box(valley.panel)[1] and apart(words, valley.panel)
    assert valley.panel.point(2.6, 8.0)[1] > HALF_FRAME[1]


def test_the_best_points_name_keeps_off_the_b_axis(tmp_path):
    """On rows y = −3x + 5 the best (−3, 5) stands left of the b axis at a = 0: "best (−3.00,
    5.0)" right of the star ran through the axis and its 5. It now stands over the star,
    inside the panel (left of it, it would reach over the row plots). Control: right of the
    star, it covers the axis."""
    from manim import RIGHT
    from scenes.kit.scene import covers
    valley = _valley([(x, -3 * x + 5) for x in range(-11, 11)], tmp_path)
    best, star, axis = valley.frame[2], valley.panel.optimum, valley.panel.axes.y_axis
    assert not covers(best, axis) and best.get_bottom()[1] > star.get_top()[1]
    assert best.get_left()[0] >= valley.panel.get_left()[0]
    assert covers(best.copy().next_to(star, RIGHT, buff=0.15), axis)
