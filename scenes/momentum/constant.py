"""Part 3 of ``momentum``: a constant gradient fed to both conventions, the dampened one of the
spreadsheet (left) and PyTorch's undampened one (right), the bias correction where it is exact
(a constant g: m̂ = g from step 1), and the learning rate that makes the two take the same
steps."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from manim import (DOWN, GREY_A, LEFT, RIGHT, UP, UR, DashedLine, Dot, FadeIn,
                   FadeOut, LaggedStart, Line, MathTex, Text, VGroup, Write)

from scenes.kit.format import decimals, sci_tex, sci_text, setting_tex, setting_text
from scenes.kit.numbers import FastDecimal, FastInteger
from scenes.kit.part import Part
from scenes.kit.plots import UNIT_BUFF, stand_after, times_power
from scenes.kit.scene import covers
from scenes.kit.style import BODY_SIZE, LABEL_SIZE, OPTIMUM, TEXT
from scenes.momentum.plots import AVERAGE, RAW, TICK_SIZE, GrowingCurve, header, plot_axes

GROW_SECONDS = 8.0   # both averages are drawn through every step in this time
HAT = OPTIMUM        # m̂ hits its target, g: green dots on g's grey line, apart from m's blue
# the plateau guides in plain white: every hue of note is someone's in docs/notation.md (orange
# is where the weights have been, and Adam's), and g's own line is grey
GUIDE = TEXT
# the panels fill the frame down to the relation under them, the largest gap under that: the
# lower half was empty while the curves grew (review r6/r7)
PANEL_HEIGHT = 3.6
PANEL_Y = -0.25
RELATION_Y = 2.95


class Constant(Part):
    """Two panels of g and m with each convention's plateau, then the rescaling rule."""

    id = "constant"
    starts_clean = True   # kit.Part: it needs nothing the parts before it leave

    def build(self, numbers, params) -> SimpleNamespace:
        n = numbers
        # the conventions named in full-size words: as sub- and superscripts they were 70% of
        # BODY_SIZE, under the series' floor
        relation = MathTex(r"\text{PyTorch's } m = \frac{\text{sheet's } m}{1-\beta}",
                           r"\quad\Rightarrow\quad",
                           r"\text{PyTorch's lr} = (1-\beta)\cdot\text{sheet's lr}"
                           r"\ \text{takes the same steps}", font_size=BODY_SIZE)
        relation.move_to(DOWN * RELATION_Y)
        # the run it checks named by what it is, not by a part still to come
        gap = MathTex(r"\text{the sheet's line fit, run both ways: largest gap in }"
                      rf" a, b = {sci_tex(n.rescale_gap, 1)}",
                      font_size=TICK_SIZE, color=GREY_A).next_to(relation, DOWN, buff=0.15)
        head = header(self.id, numbers)
        key = VGroup(*[VGroup(Line(LEFT * 0.25, RIGHT * 0.25, color=c, stroke_width=w),
                              MathTex(t, font_size=TICK_SIZE, color=c)).arrange(RIGHT, buff=0.15)
                       for c, w, t in ((RAW, 2.5, r"\text{gradient } g"),
                                       (AVERAGE, 4, r"\text{momentum } m"))]
                     ).arrange(RIGHT, buff=0.6).next_to(head, DOWN, buff=0.12, aligned_edge=LEFT)
        panels = [_panel(n, True, n.damped, n.damped_plateau, n.damped_range, -3.75),
                  _panel(n, False, n.undamped, n.undamped_plateau, n.undamped_range, 3.0)]
        left = panels[0].axes
        # m̂ as a dot per step while g holds (where it is exact): on g's own line, a dashed
        # curve of it could not be told from g
        exact = slice(0, params.steps_high)
        corrected = VGroup(*[Dot(left.c2p(float(t), float(v)), radius=0.06, color=HAT)
                             for t, v in zip(n.const_steps[exact], n.damped_corrected[exact])])
        corrected_label = MathTex(r"\hat m_t = \frac{m_t}{1-\beta^t} = g", font_size=BODY_SIZE,
                                  color=HAT)
        corrected_label.next_to(left.c2p(params.steps_high, n.damped_plateau), UR, buff=0.1)
        plateau = panels[0]
        if covers(corrected_label, plateau.label):    # a negative g: both over the line's end
            plateau.label.next_to(plateau.line, DOWN, buff=0.08).align_to(plateau.line, RIGHT)
        return SimpleNamespace(
            numbers=n, params=params, head=head, key=key, relation=relation, gap=gap,
            panels=panels, corrected=corrected, corrected_label=corrected_label,
            readouts=_readouts(n, panels, relation))

    def play(self, scene, b) -> None:
        n, params, panels = b.numbers, b.params, b.panels
        last = len(n.const_g) - 1
        scene.say(f"Feed momentum g = {setting_text(params.g_high)} for {params.steps_high} steps, then "
                  f"{setting_text(params.g_low)}.")
        # the axes fade in (drawn with Create, a tick digit showed as a blob half-way), the
        # plateaus with them: faded in later, they were still dim while read (review r10)
        scene.play(FadeIn(b.head), FadeIn(b.key), *[FadeIn(p.axes) for p in panels],
                   *[FadeIn(VGroup(p.title, p.line, p.label)) for p in panels],
                   FadeIn(b.readouts), run_time=1.5)
        curves = [p.grad for p in panels] + [p.curve for p in panels]
        scene.add(*curves)
        scene.keep_on_top(*curves)
        scene.play(*[p.grad.grow(last, 1.5) for p in panels], run_time=1.5)
        # Each line is said over the steps it is about, half the time each: g holds for the
        # first steps_high only, and "heads for g/(1−β)" said over the steps after them had m
        # falling (review r22).
        held = params.steps_high - 1                 # the last step at g_high, as an index
        first, then = leg_lines(n, params)
        legs = ((0, held, "constant_start", first), (held, last, "constant_drop", then))
        for start, upto, mark, line in legs:
            scene.say(line)
            scene.mark(mark, rate=(upto - start) / (GROW_SECONDS / 2))  # after say(): it may hold
            scene.play(*[p.curve.grow(upto, GROW_SECONDS / 2) for p in panels],
                       run_time=GROW_SECONDS / 2)
        scene.mark("constant_done", m_shown=[r.get_value() * scale for r, scale
                                             in zip(b.readouts.m, b.readouts.m_scales)])
        for mob in b.readouts.get_family():
            mob.clear_updaters()
        scene.say("They differ by 1−β: a rescaled lr absorbs it.")
        # the readouts, one m ten times the other, give their place to the rule that says so
        scene.play(FadeOut(b.readouts), run_time=0.4)
        scene.play(Write(b.relation), run_time=1.4)
        scene.play(FadeIn(b.gap), run_time=0.6)
        scene.wait(0.4)
        scene.say(f"Bias-corrected, m̂ = {setting_text(params.g_high)} from step 1: exact here.")
        scene.keep_on_top(b.corrected)      # over g's grey line, which it equals at first
        scene.play(LaggedStart(*[FadeIn(d) for d in b.corrected], lag_ratio=0.1),
                   FadeIn(b.corrected_label), run_time=1.5)
        scene.mark("corrected", gap=n.corrected_gap)
        scene.wait(1.0)
        scene.finish_caption()


def leg_lines(n, params) -> tuple[str, str]:
    """The captions said while g holds and after it changes. Which way m goes is read off the
    numbers drawn (a negative g_high, or a g_low above it, had m "creep up" while it fell), and
    where it ends is written by the series' one rule (3×10⁵ read "299429.33")."""
    held, last = params.steps_high - 1, len(n.const_g) - 1
    if n.damped[held] == 0:
        first = "While g = 0 holds, m stays at 0 in both."
    else:
        first = (f"While g holds: dampened m creeps {_way(0.0, n.damped[held])} to g, "
                 f"undampened m heads for g/(1−β) = {setting_text(n.undamped_plateau)}.")
    way = _way(n.damped[held], n.damped[last])
    then = (f"Then g = {setting_text(params.g_low)}: m follows it{' ' + way if way else ''}, "
            f"to {sci_text(n.damped[last], 2)} dampened and {sci_text(n.undamped[last], 1)} "
            "undampened.")
    return first, then


def _way(before: float, after: float) -> str:
    """"up" or "down" from ``before`` to ``after`` ("" where it stays)."""
    return "up" if after > before else "down" if after < before else ""


def _readouts(n, panels, relation) -> VGroup:
    """The lower band while the curves grow (review r8: it stood empty for 7 s): under each
    panel its g_t and m_t (m creeps up to g on the left, to ten times g on the right), the step
    between them, all following the curves' heads. In the relation's place, which takes over
    once the curves are drawn."""
    curve = panels[0].curve
    at = (lambda: int(np.floor(curve.tracker.get_value())))     # both curves grow together
    y = relation.get_y()
    ref = MathTex("=", "0", font_size=BODY_SIZE)        # where digits stand beside an "="
    follow = (lambda number, label, value: _follow(number, label, value,
                                                   ref[1].get_y() - ref[0].get_y()))
    between = (panels[0].axes.get_right()[0] + panels[1].axes.get_left()[0]) / 2
    t_label = MathTex("t", "=", font_size=BODY_SIZE).move_to(RIGHT * (between - 0.3) + UP * y)
    rows = [t_label, follow(FastInteger(1, font_size=BODY_SIZE), t_label,
                            lambda: int(n.const_steps[at()]))]
    units = []
    for p, m in zip(panels, (n.damped, n.undamped)):
        row, row_units = _panel_row(n, p, m, y, follow, at)
        rows += row
        units += row_units
    for label in rows[::2]:         # every "=" on one line, whatever the subscripts
        label.shift(UP * (y - label[1].get_y()))
    group = VGroup(*rows, *units)
    group.m = [rows[5], rows[9]]
    group.m_scales = [10.0 ** p.axes.y_power for p in panels]
    group.update()
    return group


def _panel_row(n, p, m, y: float, follow, at) -> tuple[list, list]:
    """One panel's ``g_t = …`` and ``m_t = …`` under it (labels, then the numbers following
    them), and their units where the panel's axis reads in units of 10^k."""
    x, power = p.axes.get_center()[0], p.axes.y_power
    # in the units of its panel's axis (g = -10⁶ wrote "-1,000,000.0" over m's label)
    scale, places = 10.0 ** -power, decimals(p.axes.y_range[2] * 10.0 ** -power, 3) + 1
    g_places = places if power else max(decimals(float(g), 3) for g in n.const_g[[0, -1]])
    g_label = MathTex("g_t", "=", font_size=BODY_SIZE, color=RAW).move_to(
        RIGHT * (x - 1.3) + UP * y)
    m_label = MathTex("m_t", "=", font_size=BODY_SIZE, color=AVERAGE).move_to(
        RIGHT * (x + 0.4) + UP * y)
    g_number = FastDecimal(n.const_g[0] * scale, num_decimal_places=g_places,
                           font_size=BODY_SIZE, color=RAW)
    m_number = FastDecimal(m[0] * scale, num_decimal_places=places, font_size=BODY_SIZE,
                           color=AVERAGE)
    units = [_unit_after(g_number, power, RAW), _unit_after(m_number, power, AVERAGE)]
    widths = [g_label.width, 0.15, _widest(g_number, n.const_g * scale), UNIT_BUFF * bool(power),
              units[0].width if power else 0.0, 0.3, m_label.width, 0.15,
              _widest(m_number, m * scale), UNIT_BUFF * bool(power), units[1].width if power else 0.0]
    if g_label.get_left()[0] + sum(widths[:6]) > m_label.get_left()[0]:
        # numbers wider than the usual places leave (g = -10⁶, 20,000.0): the row centred
        # under its panel, each part after the last
        g_label.set_x(x - sum(widths) / 2 + g_label.width / 2)
        m_label.set_x(g_label.get_left()[0] + sum(widths[:6]) + m_label.width / 2)
    return ([g_label, follow(g_number, g_label, lambda: n.const_g[at()] * scale),
             m_label, follow(m_number, m_label, lambda: m[at()] * scale)],
            [u for u in units if u is not None])


def _widest(number, values) -> float:
    """How wide ``number`` gets showing any of ``values`` (the largest and the smallest)."""
    return max(number.copy().set_value(float(v)).width for v in (np.max(values), np.min(values)))


def _follow(number, label, value, over_equals: float):
    """``number`` shows ``value()`` right of ``label``, its middle ``over_equals`` above the
    label's "=" as in one line of TeX (centred on the label, it sat low: a subscript pulls the
    label's middle down)."""
    def place(d):
        d.set_value(value()).next_to(label, RIGHT, buff=0.15)
        d.shift(UP * (label[1].get_y() - d.get_y() + over_equals))
    return number.add_updater(place)


def _unit_after(number, power: int, colour):
    """``number``'s unit, ``×10^k``, following it on its line (None where ``power`` is 0)."""
    if not power:
        return None
    unit = MathTex(times_power(power), font_size=BODY_SIZE, color=colour)
    return unit.add_updater(lambda u: stand_after(u, number))


def _panel(n, damped: bool, m, plateau: float, y_range, x_shift: float) -> SimpleNamespace:
    """One convention's panel: its axes, g and m, the plateau m levels off at, and its rule."""
    axes = plot_axes(n.const_x_range, y_range, 5.2, PANEL_HEIGHT).move_to(RIGHT * x_shift
                                                                         + UP * PANEL_Y)
    axes.x_axis.add_numbers(font_size=TICK_SIZE)
    axes.add(MathTex(r"\text{step}", font_size=TICK_SIZE).next_to(axes.x_axis, RIGHT, buff=0.1))
    steps = n.const_x_range[1]
    line = DashedLine(axes.c2p(0, plateau), axes.c2p(steps, plateau), color=GUIDE, stroke_width=2)
    tex = (rf"g = {setting_tex(plateau)}" if damped
           else rf"\frac{{g}}{{1-\beta}} = {setting_tex(plateau)}")
    title = VGroup(Text("dampened (spreadsheet)" if damped else "undampened (PyTorch, fastai)",
                        font_size=LABEL_SIZE),
                   MathTex(r"m \leftarrow \beta m + (1-\beta)\,g" if damped else
                           r"m \leftarrow \beta m + g", font_size=30, color=AVERAGE)
                   ).arrange(DOWN, buff=0.1).next_to(axes, UP, buff=0.2)
    if axes.y_power:      # its numbers in units of 10^k: the unit over them, left of the title
        axes.add(MathTex(f"({times_power(axes.y_power)})", font_size=TICK_SIZE)
                 .next_to(axes.y_axis, UP, buff=0.15))
    return SimpleNamespace(
        axes=axes, grad=GrowingCurve(axes, n.const_steps, n.const_g, RAW, width=2.5),
        curve=GrowingCurve(axes, n.const_steps, m, AVERAGE, width=4), line=line,
        label=MathTex(tex, font_size=TICK_SIZE, color=GUIDE).next_to(line, UP, buff=0.08)
        .align_to(line, RIGHT),
        title=title)
