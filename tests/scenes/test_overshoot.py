"""Layout of the ``overshoot`` scene's parabola, loop and sweep against the lesson's numbers
(scenes/overshoot/scene.py, parabola.py, sweep.py), built and never rendered (under the
``manim_tmp`` fixture): one part plays per spec, the parabola's dots, step arrows and tangents land
where the runs say, the lr line marks 1/λ and 2/λ, the loop diagram's boxes hold its numbers and
the pair's loop is gone round in colour, and the sweep's crosses, curves and legend follow its
lanes and the critical lr. (The thread and the rows' timing are checked in
tests/scenes/test_overshoot_*.py.)"""

import numpy as np
import pytest
from manim import Text

from sgdanim.lessons.overshoot import compute
from tests.lessons.test_overshoot import LESSON, log10_clipped
from tests.scenes.overshoot_kit import corners
from tests.scenes.overshoot_kit import numbers, built  # noqa: F401 - fixtures


def test_scene_plays_one_part_per_spec():
    from scenes.overshoot.scene import Overshoot
    assert [part.id for part in Overshoot.parts] == [spec.id for spec in LESSON.parts]


def test_parabola_weight_lands_on_the_curve(numbers, built):
    p, b = numbers.parabola, built.parabola
    # One panel while a run's range holds; the runaway gets its own, wider one.
    assert b.panels[0] is b.panels[1] and b.panels[2] is not b.panels[1]
    for run, pieces, panel in zip(p.runs, b.runs, b.panels):
        ax = panel.axes
        assert panel.reach == run.reach and ax.x_range[1] - ax.x_range[0] == pytest.approx(2 * run.reach)
        assert pieces.dot.get_center() == pytest.approx(ax.c2p(run.w[0], p.loss(run.w[0])))
        for k, landing in enumerate(pieces.landings):
            w = run.w[k + 1]
            assert landing == pytest.approx(ax.c2p(w, p.loss(w)))
            assert pieces.trail[k].get_end() == pytest.approx(landing)
            # The step arrow runs from w_k to w_{k+1} along the w axis.
            arrow = pieces.arrows[k]
            assert arrow.get_start()[0] == pytest.approx(ax.c2p(run.w[k], 0)[0])
            assert arrow.get_end()[0] == pytest.approx(ax.c2p(w, 0)[0])
            # The tangent at w_k has the derivative's slope in the axes' units.
            (x0, y0), (x1, y1) = (ax.p2c(pt)[:2] for pt in pieces.tangents[k].get_start_and_end())
            assert (y1 - y0) / (x1 - x0) == pytest.approx(run.loop[k, 1])


def test_parabola_lr_line_marks_one_and_two_over_lambda(numbers, built):
    p = numbers.parabola
    rule, (line, over, ticks, dots, _) = built.parabola.critical
    assert line.x_range[1] == p.line_end
    assert over.get_start()[0] == pytest.approx(line.n2p(p.critical_lr)[0])
    assert ticks[1][0].get_center()[0] == pytest.approx(line.n2p(p.critical_lr)[0])
    assert ticks[0][0].get_center()[0] == pytest.approx(line.n2p(p.lands_lr)[0])
    assert [dot[0].get_center()[0] for dot in dots] == pytest.approx(
        [line.n2p(r.lr)[0] for r in p.runs])
    assert rule.get_top()[1] < dots.get_bottom()[1]        # the update rule sits under the line


def test_parabola_lr_line_stands_under_the_loop_above_the_captions(built):
    """The lr line is on screen from the first rate on, under the loop: its 1/λ and 2/λ
    labels clear the loop's boxes and its rule stays out of the burned captions' band."""
    from scenes.overshoot.lr_line import CRITICAL_FOOT
    b = built.parabola
    assert b.critical.get_bottom()[1] == pytest.approx(CRITICAL_FOOT) and CRITICAL_FOOT > -3.1
    assert b.critical.get_top()[1] < b.loop.get_bottom()[1]
    assert b.critical.get_left()[0] > max(panel.get_right()[0] for panel in b.panels)
    # Control: where it used to stand (centred at y = -3), its rule dips into the band.
    assert b.critical.copy().move_to([3.4, -3.0, 0]).get_bottom()[1] < -3.1


def test_loop_diagram_shows_only_computed_numbers(numbers, built):
    small, _, runaway = numbers.parabola.runs
    loop = built.parabola.loop
    # Before any step it already holds small's step 0, never a placeholder.
    assert [n.get_value() for n in loop.numbers] == pytest.approx(small.loop[0])
    assert loop.factor.get_value() == pytest.approx(small.ratio)
    assert len(loop.show_step(runaway, runaway.loop.shape[0] - 1, 1.0)) == 4
    assert loop.places == 2      # the defaults stay below 100


def shown(mob) -> bool:
    """Any glyph drawn (a MathTex's own fill is 0: its glyphs carry it)."""
    return max(glyph.get_fill_opacity() for glyph in mob.family_members_with_points()) > 0


def test_the_new_distance_shows_only_once_the_step_lands(numbers, built):
    """Review r9: mid-step the "new distance" box showed the distance the step started from.
    Now a "?" holds its place from the moment the distance moves on until the landing."""
    small = numbers.parabola.runs[0]
    loop = built.parabola.loop
    new, unknown = loop.numbers[3], loop.unknown
    assert not shown(new) and shown(unknown)          # before the first step: unknown
    lit = loop.show_step(small, 1, 1.0)
    lit[3].begin()
    for alpha, new_shown in ((0.4, False), (1.0, True)):   # the landing: halfway, it shows
        lit[3].interpolate(alpha)
        assert (shown(new), shown(unknown)) == (new_shown, not new_shown)
    assert new.get_value() == pytest.approx(small.loop[1, 3])
    assert small.loop[1, 3] != pytest.approx(small.loop[1, 0])   # so a stale box would show
    lit[0].begin()
    lit[0].interpolate(1.0)                            # the next step: the distance moves on
    assert not shown(new) and shown(unknown)


def test_loop_boxes_hold_the_widest_number(manim_tmp):
    from scenes.overshoot.parabola import LoopDiagram
    p = compute(LESSON.resolve(sets=["lr=3", "steps=4"])).parabola   # distance 625
    loop = LoopDiagram(p)
    assert loop.places == 0
    for j, (number, node) in enumerate(zip(loop.numbers, loop.nodes)):
        number.set_value(-p.loop_widest[j])
        assert number.width < node[0].width


def test_a_small_start_gives_the_loop_two_figures(manim_tmp):
    """From w0 = 0.001 every loop node read "0.00" (two decimals of a distance of 0.001) and
    the caption "distance 0.00 → 0.00": numbers nobody computed. The loop takes the decimals
    that give the start two figures. Control: at the defaults, two."""
    from scenes.overshoot.parabola import LoopDiagram
    small = LoopDiagram(compute(LESSON.resolve(sets=["w0=0.001"])).parabola)
    assert small.places == 4 and small.numbers[0].get_value() == pytest.approx(0.001)
    digits = f"{small.numbers[0].get_value():.{small.places}f}"
    assert digits == "0.0010"
    assert LoopDiagram(compute(LESSON.defaults()).parabola).places == 2


def test_sweep_crosses_sit_on_each_lanes_diverged_at(numbers, built):
    s, view = numbers.sweep, built.sweep.view
    diverged = {i: lane.diverged_at for i, lane in enumerate(s.lanes) if lane.diverged_at}
    assert set(view.cross_of) == set(diverged)
    ax = view.plot.axes      # manim's axes: its log y axis takes values, and 10^12 is its top
    assert ax.y_axis.get_end()[1] == pytest.approx(ax.c2p(0, 10.0 ** s.scale.high)[1])
    for i, cross in view.cross_of.items():
        assert cross.step == diverged[i]
        assert cross.get_center() == pytest.approx(ax.c2p(diverged[i], 10.0 ** s.cap_decade))
    for i, lane in enumerate(s.lanes):   # every curve ends on its last kept row, at its error
        rows = lane.loss.shape[0]
        assert view.curves[i].points[-1] == pytest.approx(ax.c2p(rows, lane.loss[-1]))
        y = [ax.p2c(p)[1] for p in corners(view.curves[i])]
        np.testing.assert_allclose(np.log10(y), log10_clipped(lane.loss, s.scale.low), atol=1e-9)
    # The epoch line stands between the epochs' rows, the full height of the plot.
    line = view.epoch_lines[0]
    assert line.get_start() == pytest.approx(ax.c2p(29.5, 10.0 ** s.scale.low))
    assert line.get_end()[1] == pytest.approx(ax.y_axis.get_end()[1], abs=0.05)


def test_sweep_legend_is_sorted_and_split_at_the_critical_lr(numbers, built):
    s, b = numbers.sweep, built.sweep
    ys = [b.view.entries[i].get_y() for i in s.by_lr]
    assert ys == sorted(ys, reverse=True)
    below = [b.view.entries[i] for i in s.by_lr if not s.lanes[i].above_critical]
    above = [b.view.entries[i] for i in s.by_lr if s.lanes[i].above_critical]
    assert below[-1].get_bottom()[1] > b.view.divider.get_y() > above[0].get_top()[1]
    text, captions = b.note
    assert text.get_top()[1] < b.view.legend.get_bottom()[1]
    assert len(text) == len(captions) == 3
    assert "1.02×10⁻⁴" in captions[0] and "3.2×10⁻⁴ is past it" in captions[1]
    assert "98%" in captions[2]


def _overlaps(a, b) -> bool:
    return (min(a.get_right()[0], b.get_right()[0]) > max(a.get_left()[0], b.get_left()[0])
            and min(a.get_top()[1], b.get_top()[1]) > max(a.get_bottom()[1], b.get_bottom()[1]))


def test_sweep_marks_the_rows_the_per_row_limit_is_for(numbers, built):
    from manim import MathTex
    s, view = numbers.sweep, built.sweep.view
    ax = view.plot.axes
    assert len(view.widest) == len(s.widest_steps) == 4
    for mark, step in zip(view.widest, s.widest_steps):   # under the axis, at its row
        assert mark.get_x() == pytest.approx(ax.c2p(step, 10.0 ** s.scale.low)[0])
        assert mark.get_top()[1] < ax.c2p(step, 10.0 ** s.scale.low)[1]   # the plot's floor
    labels = [m for m in view.plot.get_family() if isinstance(m, (MathTex, Text))]
    assert labels and not any(_overlaps(mark, label) for mark in view.widest for label in labels)
    # control: the same check sees a mark moved onto the nearest label (the row axis' "20")
    near = min(labels, key=lambda m: np.linalg.norm(m.get_center() - view.widest[0].get_center()))
    assert _overlaps(view.widest[0].copy().move_to(near), near)
    # the note's line naming that limit carries the same mark
    limit_line = next(line for line in built.sweep.note[0] if "per-row" in line.tex_string)
    assert any(type(m).__name__ == "Triangle" for m in limit_line.submobjects)


def test_sweep_legend_is_one_font_and_marks_the_per_row_limit_too(numbers, built):
    from manim import MathTex, Text
    s, b = numbers.sweep, built.sweep
    for entry in b.view.entries:        # a swatch and one MathTex: lr and its fate, one font
        assert len(entry) == 2 and isinstance(entry[1], MathTex)
        assert not any(isinstance(m, Text) for m in entry.get_family())
    # the per-row limit (1.02×10⁻⁴) splits the legend between 1.0×10⁻⁴ and 3.2×10⁻⁴, in red
    low = [b.view.entries[i] for i in s.by_lr if s.lanes[i].lr < s.row_critical_lr]
    high = [b.view.entries[i] for i in s.by_lr if s.lanes[i].lr > s.row_critical_lr]
    assert len(low) == 1 and low[-1].get_bottom()[1] > b.view.row_divider.get_y() > high[0].get_top()[1]
    assert b.view.row_divider.get_y() > b.view.divider.get_y()
    # each rule names its limit, in its colour, beside its right end and inside the frame
    from manim import config
    for (rule, name), said in ((b.view.divider, "mean-loss"), (b.view.row_divider, "per-row")):
        tex = next(m for m in name.get_family() if isinstance(m, MathTex))
        assert said in tex.tex_string and tex.get_color() == rule.get_color()
        assert rule.get_right()[0] < name.get_left()[0] < rule.get_right()[0] + 0.3
        assert name.get_right()[0] < config.frame_width / 2 - 0.2
    # control: a sweep whose rates are all above that limit has no such line
    other = compute(LESSON.resolve(sets=["lrs=0.001,0.01"]))
    from scenes.overshoot.sweep import SweepView
    assert SweepView(other.sweep).row_divider is None


def test_the_pair_loop_is_gone_round_in_colour_with_its_note_clear_of_the_arc(built):
    """The loop's note stands below its return arc's lowest point; tracing the loop turns
    every box, arrow and the way back violet in turn, and moves none of them (the old pulse
    slid the arrows into the boxes' words). Control: the note at the old buff meets the arc."""
    from manim import DOWN, ManimColor
    from scenes.overshoot.common import PAIR
    from scenes.overshoot.readouts import trace_loop
    loop = built.thread.loop.copy()
    boxes, arrows, back, note = loop
    assert note.get_top()[1] < back.get_bottom()[1]
    assert Text("a bigger step next row", font_size=note.font_size).next_to(
        back, DOWN, buff=-0.05).get_top()[1] > back.get_bottom()[1]
    before = [m.get_center().copy() for m in loop.get_family()]

    class Played:                       # runs each animation to its end, as a render would
        def play(self, *animations, run_time=None):
            for a in animations:
                a = a.build() if hasattr(a, "build") else a
                a.begin()
                a.interpolate(1.0)
                a.finish()
                a.clean_up_from_scene(self)

        def remove(self, *_):
            pass
    trace_loop(Played(), loop)
    assert all(ManimColor(m.get_color()) == ManimColor(PAIR)
               for m in (*[b[0] for b in boxes], *arrows, back, note))
    for was, m in zip(before, loop.get_family()):
        np.testing.assert_allclose(m.get_center(), was, atol=1e-9)


@pytest.mark.parametrize("sets", [["w0=-100", "w_star=100"], []])
def test_w_stars_label_is_the_only_one_at_its_tick(manim_tmp, sets):
    """With w* = 100 on a tick, "w*" was written over that tick's "100" (a dry run found it).
    The label names the tick, so its number goes; every other number stays. Control: at the
    defaults w* is 0, which manim's axes leave unnumbered anyway."""
    from scenes.overshoot.parabola import ParabolaPanel
    p = compute(LESSON.resolve(sets=sets)).parabola
    panel = ParabolaPanel(p, p.runs[0])
    label = panel.minimum[1]
    numbers = panel.axes.x_axis.numbers
    assert all(n.get_right()[0] < label.get_left()[0] or n.get_left()[0] > label.get_right()[0]
               or n.get_top()[1] < label.get_bottom()[1] for n in numbers)
    values = {round(n.get_value(), 6) for n in numbers}
    assert p.w_star not in values
    step = panel.axes.x_axis.x_step
    assert {round(p.w_star + step, 6), round(p.w_star - step, 6)} <= values | {0.0}


@pytest.mark.parametrize("epochs, names", [(2, ["epoch 2"]), (3, ["epoch 2", "epoch 3"]),
                                           (5, ["2", "3", "4", "5"])])
def test_each_epoch_is_named_inside_its_own_span(epochs, names):
    """With 5 epochs of 29 rows an epoch is narrower than "epoch 2": each name ran over the
    next epoch's line and into the next name. Where any would, the numbers stand alone (the
    title says "× 5 epochs"). Control: at 5 epochs the full names reach over the next line."""
    from scenes.overshoot.sweep import SweepView
    sweep = compute(LESSON.resolve(sets=[f"epochs={epochs}"])).sweep
    view = SweepView(sweep)
    lines = [m for m in view.epoch_lines if not isinstance(m, Text)]
    shown = [m for m in view.epoch_lines if isinstance(m, Text)]
    assert [m.original_text for m in shown] == names and len(lines) == epochs - 1
    stops = [line.get_x() for line in lines[1:]] + [view.plot.point(sweep.steps, 1.0)[0]]
    for name, line, stop in zip(shown, lines, stops):
        assert line.get_x() < name.get_left()[0] and name.get_right()[0] < stop
    if epochs == 5:
        wide = Text("epoch 2", font_size=shown[0].font_size)
        wide.move_to(shown[0], aligned_edge=[-1, 1, 0])
        assert wide.get_right()[0] > stops[0]                        # the control
