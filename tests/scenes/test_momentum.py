"""Scenes of lesson ``momentum``, built without rendering: the parts play in the lesson's order
under their numbered headers with everything inside the frame; Part 1's sine and its averages
and Part 3's constant schedule (scenes/momentum/sine.py, constant.py) are the lesson's numbers,
with labels, guides and panels in place. (The wiggle, the paths and the runaway are checked in
tests/scenes/test_momentum_*.py.)"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import lfilter

from tests.lessons.momentum_kit import LESSON
from tests.lessons.momentum_kit import numbers  # noqa: F401 - a fixture
from tests.scenes.momentum_kit import HALF_FRAME, apart, box, build, mobjects
from tests.scenes.momentum_kit import momentum_scene, built  # noqa: F401 - fixtures


def test_parts_play_in_the_lessons_order(momentum_scene):
    assert [part.id for part in momentum_scene.parts] == [spec.id for spec in LESSON.parts]


def test_each_header_is_its_numbered_chapter_title_top_left(built):
    for number, spec in enumerate(LESSON.parts, 1):
        head = built[spec.id].head
        assert head.original_text == f"{number} · {spec.title}"
        assert head.get_left()[0] < -6.5 and head.get_top()[1] > 3.5


def test_everything_built_is_inside_the_frame(built):
    for part_id, b in built.items():
        for mob in mobjects(b):
            if not mob.get_family() or not any(m.has_points() for m in mob.get_family()):
                continue
            left, bottom, right, top = box(mob)
            assert -HALF_FRAME[0] <= left and right <= HALF_FRAME[0], (part_id, mob)
            assert -HALF_FRAME[1] <= bottom and top <= HALF_FRAME[1], (part_id, mob)


def test_sine_labels_stack_under_the_rule_without_overlapping(momentum_scene):
    params = LESSON.resolve(sets=["bias_correction=true"])    # off by default: Part 3 shows it
    b = build(momentum_scene, "sine", LESSON.compute(params), params)
    assert b.beta.get_top()[1] < b.rule.get_bottom()[1]
    t_label, _, m_label, _ = b.readout
    assert t_label.get_top()[1] < b.beta.get_bottom()[1]
    assert m_label.get_left()[0] > t_label.get_right()[0]
    assert b.legend.get_top()[1] < b.rule.get_bottom()[1]
    assert b.legend.get_left()[0] == pytest.approx(b.rule.get_left()[0])
    # The bias correction's formula sits left of the legend, not on it or on the rule.
    assert apart(b.fix, b.legend) and apart(b.fix, b.rule)
    assert b.fix.get_right()[0] < b.legend.get_left()[0]
    # Neither the rule nor the formula touches the part's header (both sat on its line).
    assert apart(b.rule, b.head) and apart(b.fix, b.head)
    assert len(b.legend) == len(b.sweep) == 3 and len(b.ticks) == 4


def test_sine_reading_marks_the_last_cycles_peak_and_lag(built, numbers):
    b, c = built["sine"], numbers.main
    peak_line, peak_text, lag, lag_text, hump_text, pointer = b.reading
    assert b.axes.p2c(peak_line.get_end())[1] == pytest.approx(c.peak)
    start, end = (b.axes.p2c(p)[0] for p in (lag.get_start(), lag.get_end()))
    assert (start, end) == (pytest.approx(numbers.sin_x[c.sin_peak_index]),
                            pytest.approx(numbers.sin_x[c.peak_index]))
    assert "steady peak" in peak_text.get_tex_string() and "0.64" in peak_text.get_tex_string()
    assert "lags 7 samples" in lag_text.get_tex_string()
    # The first hump is labelled as the start-up, its pointer ending just above the hump.
    assert "first hump" in hump_text.get_tex_string() and "0.71" in hump_text.get_tex_string()
    hump = b.axes.p2c(pointer.get_end())
    assert hump[0] == pytest.approx(numbers.sin_x[c.first_peak_index], abs=1e-6)
    assert c.first_peak < hump[1] < c.first_peak + 0.2


def test_unsettled_beta_names_its_hump_and_the_level_it_settles_to(momentum_scene, built,
                                                                    numbers):
    b, slow = built["sine"], numbers.top_beta
    assert not slow.settled
    level, label, hump_text, pointer, to_level = b.settling
    assert not to_level.family_members_with_points()      # beside its level: no pointer
    start, end = (b.axes.p2c(p) for p in (level.get_start(), level.get_end()))
    assert (start[1], end[1]) == (pytest.approx(slow.settled_peak), pytest.approx(slow.settled_peak))
    # from the last cycle's peak (above the level: still settling) to the window's end
    assert (start[0], end[0]) == (pytest.approx(numbers.sin_x[slow.peak_index]),
                                  pytest.approx(numbers.sin_x[-1]))
    assert "settles at } 0.16" in label.get_tex_string() and label.get_bottom()[1] > level.get_y()
    assert apart(label, b.legend) and apart(label, b.rule)
    # the first hump (review r10: 0.26 on the curve, higher than the legend's 0.19), its
    # pointer ending just above it, its label clear of the legend
    assert "1st peak } 0.26" in hump_text.get_tex_string()
    tip = b.axes.p2c(pointer.get_end())
    assert tip[0] == pytest.approx(numbers.sin_x[slow.first_peak_index], abs=1e-6)
    assert slow.first_peak < tip[1] < slow.first_peak + 0.1
    assert apart(hump_text, b.legend) and apart(hump_text, label)
    legend = [t.get_tex_string() for t in b.legend]
    assert ["2nd peak" in t for t in legend] == [False, False, True] and "0.19" in legend[2]
    assert not any("so far" in t for t in legend)
    # control: over eight cycles every β settles; no guide, no "2nd peak"
    params = LESSON.resolve(sets=["sin_cycles=8", "sin_points=400"])
    long = build(momentum_scene, "sine", LESSON.compute(params), params)
    assert long.settling is None and not any("2nd" in t.get_tex_string() for t in long.legend)


def test_each_beta_is_named_at_its_averages_end(momentum_scene, built, numbers):
    # review r10: β = 0.5's pale blue read as sin's grey; each average is named where it ends,
    # right of the plot, in its colour, the names apart (0.5's and 0.98's ends are 0.01 apart)
    b = built["sine"]
    assert [t.get_tex_string() for t in b.ends] == [r"\beta = 0.5", r"\beta = 0.9",
                                                     r"\beta = 0.98"]
    right = b.axes.c2p(numbers.sin_x[-1], 0)[0]
    for label, c, colour in zip(b.ends, numbers.sweep, b.colours):
        end = b.axes.c2p(numbers.sin_x[-1], c.ema[-1])
        assert right < label.get_left()[0] < right + 0.3 and label.get_right()[0] < HALF_FRAME[0]
        assert abs(label.get_y() - end[1]) < 0.3 and label.get_color().to_hex().lower() == colour.lower()
    pairs = [(i, j) for i in range(3) for j in range(i + 1, 3)]
    assert all(apart(b.ends[i], b.ends[j]) for i, j in pairs)
    assert all(apart(label, b.settling[1]) and apart(label, b.axes[-1]) for label in b.ends)
    # control: unspread, the names of 0.5 and 0.98 would stand on each other
    from manim import RIGHT
    from manim import MathTex
    raw = [MathTex("x").next_to(b.axes.c2p(numbers.sin_x[-1], c.ema[-1]), RIGHT)
           for c in numbers.sweep]
    assert not apart(raw[0], raw[2])


def test_settled_m_is_the_lessons_curve_below_m0(built, numbers):
    # review r10 point 7: the caption's "settled m" is drawn, dashed, over the first cycle
    curve, label = built["sine"].settled_m
    xs, ms = numbers.main.settled_start.T
    first, last = (built["sine"].axes.p2c(p) for p in (curve[0].get_start(), curve[-1].get_end()))
    assert first == pytest.approx([0.0, ms[0]], abs=1e-6)
    assert last == pytest.approx([xs[-1], ms[-1]], abs=1e-6)
    assert ms[0] < 0 < numbers.main.ema[0]                # m starts above it
    assert "settled" in label.get_tex_string()
    b = built["sine"]
    assert all(apart(label, mob) for mob in (b.reading[4], b.sine_label, b.axes.y_axis))


def test_no_bias_correction_builds_no_formula(momentum_scene, built):
    params = LESSON.resolve(sets=["bias_correction=false"])
    assert build(momentum_scene, "sine", LESSON.compute(params), params).fix is None
    assert built["sine"].fix is None          # the default: the correction is Part 3's


def test_drawn_sin_average_is_the_lfilter_result(built, numbers):
    drawn = built["sine"].avg.copy().full().drawn_values()
    want = lfilter([0.1], [1.0, -0.9], np.sin(numbers.sin_x))
    np.testing.assert_allclose(drawn[:, 0], numbers.sin_x, atol=1e-9)
    np.testing.assert_allclose(drawn[:, 1], want, atol=1e-9)
    # A different β would be drawn elsewhere: the check can fail.
    other = lfilter([0.5], [1.0, -0.5], np.sin(numbers.sin_x))
    assert np.abs(drawn[:, 1] - other).max() > 0.1


def test_average_tip_and_readout_follow_the_growing_curve(momentum_scene, numbers):
    b = build(momentum_scene, "sine", numbers)
    for k in (0, 7, 42):
        b.avg.tracker.set_value(k)
        b.avg.update()
        b.tip.update()
        b.readout.update()
        x, y = b.axes.p2c(b.avg.head())
        assert x == pytest.approx(numbers.sin_x[k]) and y == pytest.approx(numbers.main.ema[k])
        assert np.allclose(b.tip.get_center(), b.avg.head())
        assert len(b.avg.drawn_values()) == k + 1
        assert b.readout[1].get_value() == k + 1
        assert b.readout[3].get_value() == pytest.approx(numbers.main.ema[k])


def test_drawn_sweep_and_corrections_are_lfilter_results(built, numbers):
    b = built["sine"]
    v = np.sin(numbers.sin_x)
    t = np.arange(1, len(v) + 1)
    for beta, curve, fixed in zip((0.5, 0.9, 0.98), b.sweep, b.corrected):
        m = lfilter([1 - beta], [1.0, -beta], v)
        np.testing.assert_allclose(curve.copy().full().drawn_values()[:, 1], m, atol=1e-9)
        np.testing.assert_allclose(fixed.drawn_values()[:, 1], m / (1 - beta ** t), atol=1e-9)


def test_drawn_undampened_plateau_is_g_over_one_minus_beta(momentum_scene):
    n = LESSON.compute(LESSON.resolve(sets=["steps_high=100", "steps_total=120"]))
    damped, undamped = build(momentum_scene, "constant", n).panels
    top = undamped.curve.full().drawn_values()[99, 1]
    assert top == pytest.approx(1.0 / (1 - 0.9), rel=0.01)
    assert damped.curve.full().drawn_values()[:, 1].max() <= 1.0
    # The dashed plateau line sits at g/(1−β) on the undampened axes.
    assert undamped.axes.p2c(undamped.line.get_start())[1] == pytest.approx(10.0)


def test_constant_guides_take_no_reserved_colour(built):
    """The plateau guides are neutral (no hue: docs/notation.md gives every hue of note a
    meaning, orange the path's and Adam's) and not g's grey, which they would be taken for."""
    import colorsys
    from manim import GOLD, ManimColor
    from scenes.kit.style import DATA
    from scenes.momentum.plots import RAW

    def saturation(colour) -> float:
        return colorsys.rgb_to_hsv(*ManimColor(colour).to_rgb())[1]

    for p in built["constant"].panels:
        for colour in (p.line.get_stroke_color(), p.label.get_fill_color()):
            assert saturation(colour) < 0.05, colour.to_hex()
            assert colour.to_hex().upper() not in {ManimColor(c).to_hex().upper()
                                                   for c in (RAW, DATA)}
    assert saturation(GOLD) > 0.3     # control: the orange they had is a hue


def test_constant_panels_side_by_side_under_their_titles(built):
    b = built["constant"]
    left, right = b.panels
    assert left.axes.get_right()[0] < right.axes.get_left()[0]
    for p in b.panels:
        assert p.title.get_bottom()[1] > p.axes.get_top()[1] and apart(p.title, b.key)
    # the relation under the panels and their step numbers, the gap it leaves under it, and
    # that run named without a forward reference (it said "(Part 4)")
    assert all(p.axes.get_bottom()[1] > b.relation.get_top()[1] for p in b.panels)
    assert b.relation.get_bottom()[1] > b.gap.get_top()[1] > b.gap.get_bottom()[1] > -HALF_FRAME[1]
    assert "Part" not in b.gap.tex_string and "line fit" in b.gap.tex_string
    # the panels reach into the lower half (it stood empty until the relation came)
    assert all(p.axes.get_bottom()[1] < -1.5 for p in b.panels)
    # The gap is written with the kit's sci_tex: TeX reads "\times10" as "\times 10".
    assert r"= 1.3\times10^{-15}" in b.gap.get_tex_string()


def test_constant_readouts_follow_the_curves_under_their_panels(momentum_scene, numbers):
    """The lower band is not empty while m grows (review r8): each panel's g_t and m_t under
    it, the step between them, in the place the relation takes over."""
    from manim import VGroup
    b = build(momentum_scene, "constant", numbers)
    r = b.readouts
    t_now, g_left, m_left, g_right, m_right = r[1], r[3], r[5], r[7], r[9]
    for k in (0, 19, 20, 55):
        for p in b.panels:
            p.curve.tracker.set_value(k)
        r.update()
        assert t_now.get_value() == k + 1
        assert g_left.get_value() == g_right.get_value() == pytest.approx(numbers.const_g[k])
        assert m_left.get_value() == pytest.approx(numbers.damped[k])
        assert m_right.get_value() == pytest.approx(numbers.undamped[k])
        assert m_right.get_value() != pytest.approx(numbers.undamped[k - 1])   # control
    for p, row in zip(b.panels, (r[2:6], r[6:10])):
        assert p.axes.get_left()[0] < row.get_left()[0] < row.get_right()[0] < p.axes.get_right()[0]
    step = VGroup(r[0], t_now.set_value(int(numbers.const_steps[-1])))   # at its widest
    assert r[2:6].get_right()[0] < step.get_left()[0] < step.get_right()[0] < r[6:10].get_left()[0]
    for mob in r:
        assert mob.get_top()[1] < min(p.axes.get_bottom()[1] for p in b.panels) - 0.3
        assert abs(mob.get_y() - b.relation.get_y()) < 0.2


class _Recorder:
    """A scene that keeps every animation a part plays and does nothing else."""

    def __init__(self):
        self.animations = []

    def play(self, *animations, **_):
        self.animations += animations

    def get_mobject_family_members(self):
        return []

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def _digits_drawn_stroke_by_stroke(animations) -> list:
    """Create and its kin draw each glyph's outline part-way, filled: tick digits showed as
    blobs, and "25 50" as "25 5", for a few frames (review r10 point 9)."""
    from manim import DecimalNumber, ShowPartial, SingleStringMathTex, Text
    glyphs = (SingleStringMathTex, DecimalNumber, Text)
    return [a for a in animations if isinstance(a, ShowPartial)
            and any(isinstance(m, glyphs) for m in a.mobject.get_family())]


def test_no_part_draws_its_digits_stroke_by_stroke(momentum_scene, built, numbers):
    for part in momentum_scene.parts:
        scene = _Recorder()
        part().play(scene, build(momentum_scene, part.id, numbers))   # playing changes a build
        assert scene.animations and not _digits_drawn_stroke_by_stroke(scene.animations), part.id
    # control: the axes as they were brought in before, with Create, are caught
    from manim import Create
    assert _digits_drawn_stroke_by_stroke([Create(built["paths"].top), Create(built["paths"].sub)])


def test_trace_runs_a_wide_copy_along_a_curve_and_leaves_it_alone(built):
    """A still's trace (review r11): a band along the curve's own points, in its colour,
    wider; the curve keeps its width and its updaters. Control: the band is not the curve."""
    from scenes.momentum.plots import FLASH_WIDTH, trace
    curve = built["sine"].sine
    width, updaters = curve.get_stroke_width(), list(curve.get_updaters())
    band = trace(curve).mobject
    assert band is not curve and not band.get_updaters()
    np.testing.assert_allclose(band.get_points(), curve.get_points())
    assert band.get_stroke_width() == FLASH_WIDTH != width
    assert band.get_stroke_color().to_hex() == curve.get_stroke_color().to_hex()
    assert curve.get_stroke_width() == width and list(curve.get_updaters()) == updaters


def test_constant_says_each_line_over_the_steps_it_describes(momentum_scene, numbers):
    """Part 3's lines as the curves grow (review r22): "while g holds" is said over the steps
    at g_high and "then g = …" over the rest, with m's last values; before, "m heads for
    g/(1−β)" was said over steps 40–80, while m fell to 5 (that version fails here)."""
    from manim.animation.animation import prepare_animation

    b = build(momentum_scene, "constant", numbers)
    params, said, grown = LESSON.defaults(), [], []

    class Recorder(_Recorder):
        def say(self, line):
            said.append(line)

        def play(self, *animations, **_):
            for animation in map(prepare_animation, animations):
                animation.begin()
                animation.finish()
            now = b.panels[0].curve.tracker.get_value()
            if now != (grown[-1][1] if grown else 0):      # a play that grew the curves
                grown.append((said[-1], now))

    momentum_scene.parts[[p.id for p in momentum_scene.parts].index("constant")]().play(
        Recorder(), b)
    last = len(numbers.const_g) - 1
    held = params.steps_high - 1
    assert numbers.const_g[held] == params.g_high != numbers.const_g[held + 1]
    assert [upto for _, upto in grown] == [held, last]   # the old one grew to 39.5, then 79
    lines = [line for line, _ in grown]
    assert lines[0].startswith("While g holds") and lines[1].startswith(f"Then g = {params.g_low:g}")
    assert f"{numbers.damped[last]:.2f} dampened" in lines[1]
    assert f"{numbers.undamped[last]:.1f} undampened" in lines[1]


@pytest.mark.parametrize("g_high, shown", [(-1e6, "−1.0×10⁶"), (1.0, "1")])
def test_constant_writes_its_gradients_as_the_series_does(momentum_scene, g_high, shown):
    """Part 3 wrote g with Python's :g: g_high = −10⁶ read "g = -1e+06" on its panel and in
    its captions. It is written as every setting is (1.0×10⁶ past 10⁴). Control: the default
    g = 1 reads "1"."""
    from tests.scenes.momentum_kit import Log
    params = LESSON.resolve(sets=[f"g_high={g_high}"])
    n = LESSON.compute(params)
    b, log = build(momentum_scene, "constant", n, params), Log()
    next(p for p in momentum_scene.parts if p.id == "constant")().play(log, b)
    said = [text for kind, text in log.events if kind == "say"]
    assert said[0].startswith(f"Feed momentum g = {shown} for ")
    assert not any("e+" in line for line in said)
    plateau = b.panels[0].label.get_tex_string()
    assert "e+" not in plateau and (r"\times10^{6}" in plateau) == (g_high < -1e4)
