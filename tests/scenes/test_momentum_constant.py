"""Part 3 of ``momentum`` (scenes/momentum/constant.py) at gradients far from the defaults:
its panels and readouts read in the units their axes are written in, and nothing overlaps."""

from __future__ import annotations

import itertools

import pytest

from tests.lessons.momentum_kit import LESSON
from tests.scenes.momentum_kit import build, momentum_scene  # noqa: F401 - a fixture

from scenes.kit.scene import covers, inside_frame


def _texts(mob) -> list[str]:
    from manim import MathTex
    return [m.get_tex_string() for m in mob.get_family() if isinstance(m, MathTex)]


@pytest.mark.parametrize("g_high, g_low", [(-1e6, 0.5), (2e4, 0.5), (1e-6, 5e-7), (1.0, 0.5)])
def test_a_far_gradient_reads_in_its_axes_units_and_its_row_keeps_apart(momentum_scene,
                                                                        g_high, g_low):
    """At g = −10⁶ the axes wrote their numbers in units of 10⁶ and 10⁷ with no unit on
    screen (−1.0 stood for −1,000,000), the readout wrote "−1,000,000.0" over m's label, and
    the plateau's "g = −1.0×10⁶" met the "m̂_t = …" label. At 2×10⁴ "20,000.0" met m's label.
    At g = 10⁻⁶ the axes' "0.0000015" ran off the frame's left edge. Now an axis in powers
    says its unit over it, the readout reads in it, and the row is spread under its panel.
    Control: at the default g = 1 nothing is in powers, no unit."""
    params = LESSON.resolve(sets=[f"g_high={g_high}", f"g_low={g_low}"])
    n = LESSON.compute(params)
    b = build(momentum_scene, "constant", n, params)
    r = b.readouts
    powers = [p.axes.y_power for p in b.panels]
    assert any(powers) == (g_high != 1.0)    # 2×10⁴: the undampened plateau is 2×10⁵
    for p, power in zip(b.panels, powers):
        assert (f"(\\times10^{{{power}}})" in _texts(p.axes)) == bool(power)
        assert inside_frame(p.axes)
    units = [m for m in r[10:]]
    assert [u.get_tex_string() for u in units] == [f"\\times10^{{{k}}}" for k in powers
                                                  for _ in "gm" if k]
    row_members = [r[0], r[1], *r[2:10], *units]
    for k in (0, params.steps_high - 1, len(n.const_g) - 1):
        for p in b.panels:
            p.curve.tracker.set_value(k)
        r.update()
        for number, values, power in ((r[3], n.const_g, powers[0]), (r[5], n.damped, powers[0]),
                                      (r[7], n.const_g, powers[1]),
                                      (r[9], n.undamped, powers[1])):
            shown = number.get_value() * 10.0 ** power
            assert shown == pytest.approx(values[k], abs=10.0 ** power * 0.01)
        clashes = [(a, b_) for a, b_ in itertools.combinations(row_members, 2) if covers(a, b_)]
        assert not clashes, k
        assert all(inside_frame(m) for m in row_members)
    assert not covers(b.corrected_label, b.panels[0].label)


@pytest.mark.parametrize("sets, ways", [
    ([], ("up", "down")),                                   # the defaults: 1, then 0.5
    (["g_high=-2e4", "g_low=3e5"], ("down", "up")),
    (["g_high=1", "g_low=2"], ("up", "up")),
    (["g_high=-1", "g_low=-3"], ("down", "down")),
])
def test_the_captions_say_which_way_m_goes_and_write_its_end_by_the_one_rule(sets, ways):
    """At g_high = −2×10⁴ then 3×10⁵ the captions said "dampened m creeps up to g" while it
    fell, "m follows it down" while it rose, and "299429.33" where the series writes 3.0×10⁵.
    The words now follow the numbers drawn; at the defaults the lines are as they were."""
    from scenes.momentum.constant import leg_lines

    params = LESSON.resolve(sets=sets)
    n = LESSON.compute(params)
    first, then = leg_lines(n, params)
    assert f"dampened m creeps {ways[0]} to g," in first
    assert f"m follows it {ways[1]}, to " in then
    end = (n.damped[-1], n.undamped[-1])
    if not sets:        # the control: the defaults' words, as rendered before
        assert first == ("While g holds: dampened m creeps up to g, undampened m heads for "
                         "g/(1−β) = 10.")
        assert then == (f"Then g = 0.5: m follows it down, to {end[0]:.2f} dampened and "
                        f"{end[1]:.1f} undampened.")
    assert all(abs(v) < 1e4 or "×10" in then for v in end)
    assert f"{end[0]:.2f}" not in then or abs(end[0]) < 1e4


def test_a_gradient_of_zero_leaves_m_where_it_started():
    from scenes.momentum.constant import leg_lines

    params = LESSON.resolve(sets=["g_high=0"])
    first, _ = leg_lines(LESSON.compute(params), params)
    assert first == "While g = 0 holds, m stays at 0 in both."
