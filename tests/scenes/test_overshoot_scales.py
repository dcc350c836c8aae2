"""``overshoot``'s parabola part at scales a learner moves to, built and never rendered: a start
of w0 = 0.001 (a loss of 10⁻⁶, an axis built in its units) and a flat parabola, curvature 0.05
(the lr line in decades, every number and word on it apart)."""

import pytest
from manim import Axes

from sgdanim.lessons.overshoot import compute
from tests.lessons.test_overshoot import LESSON
from tests.scenes.momentum_kit import apart


def test_a_tiny_parabola_is_drawn_in_its_own_units(manim_tmp):
    """From w0 = 0.001 the loss reaches 1.2×10⁻⁶. manim's ticks run 10⁻⁶ past an axis' ends,
    so the L axis grew numbers from −0.0000005 to 0.000002, "0.0000010" against the series'
    rule and its name off the frame. Each axis is now built in its units ("L(w) (×10⁻⁶)",
    "w (×10⁻³)") and its numbers stay on it; the weight still lands on the curve. Control:
    manim's axes over those numbers themselves grow a number under 0."""
    from scenes.overshoot.parabola import ParabolaPanel
    p = compute(LESSON.resolve(sets=["w0=0.001"])).parabola
    run = p.runs[0]
    panel = ParabolaPanel(p, run)
    assert panel.labels[1].get_tex_string() == r"L(w)\ (\times10^{-6})"
    assert panel.labels[0].get_tex_string() == r"w\ (\times10^{-3})"
    shown = [float(n.get_value()) for n in panel.axes.y_axis.numbers]
    assert shown == [0.5, 1.0]
    assert all(abs(float(n.get_value())) <= 1.1 for n in panel.axes.x_axis.numbers)
    # the curve, drawn in units, ends where the panel puts w itself
    assert panel.point(p.w_star + run.reach) == pytest.approx(panel.graph.get_end(), abs=1e-6)
    raw = Axes(x_range=[-run.reach, run.reach, 5e-4], y_range=[0, run.top * 1.05, 5e-7],
               axis_config={"include_numbers": True})
    assert min(float(n.get_value()) for n in raw.y_axis.numbers) < 0


@pytest.mark.parametrize("sets", [["curvature=0.05"], ["curvature=1e-6"], ["lr_zigzag=1e-9"], []])
def test_the_lr_line_keeps_its_numbers_apart_in_decades_where_they_crowd(manim_tmp, sets):
    """At curvature 0.05 2/λ is 40, and a line from 0 put the lrs 0.15, 0.8 and 1.15 in its
    first 3%: dots and numbers on each other. Where they crowd the line is in decades, named
    "(log)"; the numbers, the marks' words and the name stand apart, over the rule and under
    the loop. Controls: the defaults' line is linear, and at curvature 0.05 a linear one puts
    two numbers on each other."""
    from manim import LogBase, MathTex, NumberLine
    from scenes.overshoot.parabola import ParabolaPart
    params = LESSON.resolve(sets=sets)
    built = ParabolaPart().build(compute(params), params)
    rule, (line, over, ticks, dots, name) = built.critical
    assert isinstance(line.scaling, LogBase) == bool(sets)
    words = [number for _, number in dots] + [w for _, w in ticks] + [name]
    for k, a in enumerate(words):
        assert all(apart(a, b) for b in words[k + 1:]), (sets, k)
    assert built.critical.get_top()[1] < built.loop.get_bottom()[1]
    assert rule.get_top()[1] < min(w.get_bottom()[1] for w in words)
    assert 0 < built.critical.get_left()[0] and built.critical.get_right()[0] <= 6.65
    if sets == ["curvature=0.05"]:
        flat = NumberLine(x_range=[0, built.numbers.line_end, 10], length=5.6)
        numbers = [MathTex(f"{r.lr:g}").scale(0.5).next_to(flat.n2p(r.lr), [0, -1, 0])
                   for r in built.numbers.runs]
        assert not apart(numbers[1], numbers[2])


def test_a_parabola_clear_of_zero_is_numbered_on_whole_steps(manim_tmp):
    """At w* = 50 from w0 = 51 the w axis ran 48.9 to 51.1 and manim ticks such a range from
    its low end: 48.9, 49.4, 49.9 (beside "w*"), 50.4, 50.9. It now runs on whole steps, w*'s
    own tick left to its label. Control: manim's ticks over the range as it was."""
    from scenes.overshoot.parabola import ParabolaPanel
    p = compute(LESSON.resolve(sets=["w_star=50", "w0=51"])).parabola
    panel = ParabolaPanel(p, p.runs[0])
    shown = [round(float(n.get_value()), 9) for n in panel.axes.x_axis.numbers]
    assert shown == [48.5, 49.0, 49.5, 50.5, 51.0, 51.5]
    reach = p.runs[0].reach
    raw = Axes(x_range=[50 - reach, 50 + reach, 0.5], axis_config={"include_numbers": True})
    assert round(float(raw.x_axis.numbers[0].get_value()), 9) == 48.9
