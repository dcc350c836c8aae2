"""Part 1 of ``momentum``: an exponential moving average of sin(x).

sin(x) is sampled, its average for β grows point by point with a live readout, the last cycle
is read off (a smaller peak, and later), then a sweep of β and the bias correction follow.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from manim import (DOWN, DR, GREY_A, LEFT, PI, RIGHT, UP, UR, Create, Dot, FadeIn, FadeOut,
                   Indicate, LaggedStart, MathTex, Text, Transform, ValueTracker, VGroup, Write,
                   linear, smooth)

from scenes.kit.format import counted, ordinal, short
from scenes.kit.numbers import FastDecimal
from scenes.kit.part import Part
from scenes.kit.style import BODY_SIZE, LABEL_SIZE, TITLE_SIZE
from scenes.momentum.plots import (AVERAGE, GHOST_OPACITY, RAW, SWEEP, TICK_SIZE,
                                   GrowingCurve, header, plot_axes, trace)
from scenes.momentum.sine_marks import legend_peak, reading, series_lines, settled_m, settling

AVERAGE_SECONDS = 4.0   # the β average grows through every sample in this time
SWEEP_SECONDS = 4.0     # and each average of the sweep
SINE_BEHIND = 0.35      # sin x's opacity while the sweep plays
OPENING_RUN = 3.4       # the opening's dots run along sin x and its average
PLOT_LENGTH = 10.2      # the x axis; right of it, each average of the sweep is named at its end
END_GAP = 0.42          # the least distance between two of those names' middles


class Sine(Part):
    """sin(x) and its averages; ``build`` places everything the part ever shows."""

    id = "sine"
    starts_clean = True   # kit.Part: it needs nothing the parts before it leave

    def build(self, numbers, params) -> SimpleNamespace:
        n, x = numbers, numbers.sin_x
        b = _plot(n)
        b.numbers, b.last, b.head = n, len(x) - 1, header(self.id, n)
        b.question = Text("Momentum steps along an average of the gradients.\n"
                          "What does averaging do to a step?", font_size=TITLE_SIZE,
                          line_spacing=0.9).to_edge(UP, buff=0.4)
        # where the series stands: the last lesson's steps (relu-sandwich) jumped row to row
        b.recap = Text("Last lesson: the steps jumped from row to row.",
                       font_size=LABEL_SIZE, color=GREY_A).to_edge(DOWN, buff=0.35)
        b.sine_label = MathTex(r"\sin x_t", font_size=30, color=RAW).next_to(
            b.axes.c2p(float(x[len(x) // 8]), 1.0), UP, buff=0.1)    # over every curve
        lines = series_lines(b.axes, x, n.sin_v, n.main.ema)   # sin and the β average
        b.rule = MathTex(r"m_t = \beta\, m_{t-1} + (1-\beta)\,\sin x_t", r",\quad m_0 = 0",
                         font_size=BODY_SIZE).to_corner(UR, buff=0.45)   # clear of the header
        b.beta = MathTex(rf"\beta = {n.main.beta:g}", font_size=32, color=AVERAGE).next_to(
            b.rule, DOWN)
        b.readout = _readout(n.main.ema, b.avg, b.beta)
        b.preview = GrowingCurve(b.axes, x, n.main.ema, AVERAGE, width=4).full().clear_updaters()
        b.reading = reading(n.main, b.axes, x, lines)
        b.legend = _legend(n.sweep, b.colours, b.rule)
        b.settling = settling(n, b.axes, b.colours,
                              [lines[0], *series_lines(b.axes, x, *(s.ema for s in n.sweep))],
                              keep_off=(b.legend, b.sine_label))
        b.ends = _end_labels(n.sweep, b.axes, b.colours)
        b.settled_m = settled_m(n.main, b.axes, lines, keep_off=(b.reading[4], b.sine_label))
        b.fix = _fix(b.legend) if params.bias_correction else None
        return b

    def play(self, scene, b) -> None:
        _show_sine(scene, b)
        _grow_average(scene, b)
        _read_average(scene, b)
        _sweep(scene, b)
        if b.fix is not None:
            _correct(scene, b)


# Building -------------------------------------------------------------------------------------

def _plot(n) -> SimpleNamespace:
    """The axes, sin(x) samples and curve, the β average and its tip, the sweep and its
    corrections."""
    x, v = n.sin_x, n.sin_v
    axes = plot_axes((0, float(x[-1]), PI), (-1.2, 1.2, 0.5), PLOT_LENGTH, 4.2)
    # 1.2: the opening (no names yet) centred; the sweep's names still 90 px (1080p) inside
    axes.move_to(DOWN * 0.55).to_edge(LEFT, buff=1.2)
    # x on the kπ labels' row: at the axis's end it stood where the sweep's names stand
    axes.add(MathTex("x", font_size=TICK_SIZE).next_to(axes.c2p(float(x[-1]), axes.y_range[0]),
                                                      DR, buff=0.12).shift(0.55 * RIGHT))
    colours = [SWEEP[i % len(SWEEP)] for i in range(len(n.sweep))]
    avg = GrowingCurve(axes, x, n.main.ema, AVERAGE, width=4)
    tip = Dot(axes.c2p(float(x[0]), float(n.main.ema[0])), radius=0.08, color=AVERAGE)
    return SimpleNamespace(
        axes=axes, colours=colours, ticks=_pi_labels(axes, n.pi_multiples),
        dots=VGroup(*[Dot(axes.c2p(float(a), float(b)), radius=0.03, color=RAW)
                      for a, b in zip(x, v)]),
        sine=GrowingCurve(axes, x, v, RAW, width=2).full(), avg=avg,
        tip=tip.add_updater(lambda d: d.move_to(avg.head())),
        sweep=VGroup(*[GrowingCurve(axes, x, s.ema, c, width=3.5)
                       for s, c in zip(n.sweep, colours)]),
        corrected=VGroup(*[GrowingCurve(axes, x, s.corrected, c, width=3.5).full().clear_updaters()
                           for s, c in zip(n.sweep, colours)]))


def _runners(b, runner) -> VGroup:
    """Two dots at sample ``runner`` (between samples, on the chord): on sin x (it swings the
    whole way) and on its average (it swings less, and later)."""
    n, axes = b.numbers, b.axes
    k = np.arange(len(n.sin_x))

    def follow(values, colour):
        return Dot(radius=0.09, color=colour).add_updater(lambda d: d.move_to(axes.c2p(
            float(np.interp(runner.get_value(), k, n.sin_x)),
            float(np.interp(runner.get_value(), k, values)))))
    return VGroup(follow(n.sin_v, RAW), follow(n.main.ema, AVERAGE)).update()


def _pi_labels(axes, multiples) -> VGroup:
    """k·π labels under the plot's bottom edge: at the axis they would sit where sin x and its
    averages cross zero."""
    y_min = axes.y_range[0]
    return VGroup(*[MathTex(r"\pi" if k == 1 else rf"{k}\pi", font_size=TICK_SIZE).next_to(
        axes.c2p(k * PI, y_min), DOWN, buff=0.12) for k in multiples])


def _readout(ema, avg, beta) -> VGroup:
    """``t =`` and ``m_t =`` under β, following the average's head as it grows. The labels sit
    at fixed places; the numbers re-anchor to them as their width changes."""
    t_label = MathTex("t =", font_size=BODY_SIZE)
    m_label = MathTex("m_t =", font_size=BODY_SIZE, color=AVERAGE)
    VGroup(t_label, m_label).arrange(RIGHT, buff=1.0).next_to(beta, DOWN)
    t_now = FastDecimal(0, num_decimal_places=0, font_size=BODY_SIZE).add_updater(
        lambda m: m.set_value(int(np.floor(avg.tracker.get_value())) + 1).next_to(
            t_label, RIGHT, buff=0.12))
    m_now = FastDecimal(0, num_decimal_places=3, font_size=BODY_SIZE, color=AVERAGE).add_updater(
        lambda m: m.set_value(ema[int(np.floor(avg.tracker.get_value()))]).next_to(
            m_label, RIGHT, buff=0.12))
    return VGroup(t_label, t_now, m_label, m_now)


def _legend(sweep, colours, rule) -> VGroup:
    """Each β of the sweep with its last cycle's peak and lag, under the rule. A β still
    settling names which of its peaks that is (:func:`~scenes.momentum.sine_marks.legend_peak`);
    the plot labels the hump and the level it settles to."""
    legend = VGroup(*[MathTex(rf"\beta = {s.beta:g}:\ " + legend_peak(s)
                              + rf"{s.peak:.2f},\ \text{{lag }} {s.lag}", font_size=BODY_SIZE,
                              color=colour)
                      for s, colour in zip(sweep, colours)])
    return legend.arrange(DOWN, aligned_edge=LEFT, buff=0.12).next_to(rule, DOWN, buff=0.2) \
        .align_to(rule, LEFT)


def _end_labels(sweep, axes, colours) -> VGroup:
    """Each β's name right of its average's end, in its colour (review r10: β = 0.5's pale blue
    read as sin's grey, with only the legend to tell them apart). Names whose ends lie closer
    than END_GAP are pushed apart downwards, then the column moves back up by half the push."""
    labels = [MathTex(rf"\beta = {c.beta:g}", font_size=BODY_SIZE, color=colour).next_to(
        axes.c2p(float(axes.x_range[1]), float(c.ema[-1])), RIGHT, buff=0.15)
        for c, colour in zip(sweep, colours)]
    order = sorted(range(len(labels)), key=lambda i: -labels[i].get_y())
    wanted = {i: labels[i].get_y() for i in order}
    for above, below in zip(order, order[1:]):
        labels[below].set_y(min(labels[below].get_y(), labels[above].get_y() - END_GAP))
    push = max((wanted[i] - labels[i].get_y() for i in order), default=0.0)
    return VGroup(*labels).shift(0.5 * push * UP)


def _fix(legend) -> VGroup:
    """The bias correction's formula. Left of the legend: below it, the formula would crowd
    the curves' second peak."""
    return VGroup(MathTex(r"\hat m_t = \frac{m_t}{1-\beta^t}", font_size=BODY_SIZE),
                  Text("faint: uncorrected", font_size=LABEL_SIZE, color=GREY_A)
                  ).arrange(DOWN, buff=0.15).next_to(legend, LEFT, buff=0.8).shift(0.3 * DOWN)


# Playing --------------------------------------------------------------------------------------

def _show_sine(scene, b) -> None:
    """The lesson opens here: its question over the picture that starts to answer it."""
    # what the picture shows: a wiggle and its average, not relu-sandwich's steps (review r8)
    scene.say("Last lesson's steps jumped. Here: a wiggle and its average (blue).")
    # on screen from the first frame (a thumbnail shows the question over the sine and the
    # average the part then draws point by point)
    scene.add(b.question, b.axes, b.ticks, b.sine, b.sine_label, b.preview)
    scene.mark("question")
    # the opening moves (review r10: 3.5 s of one frame): a dot runs along the wiggle and one
    # along its average, while the line under the plot says where the last lesson left off
    runner = ValueTracker(0)
    dots = _runners(b, runner)
    scene.add(dots)
    scene.play(runner.animate.set_value(b.last), FadeIn(b.recap, run_time=0.6),
               run_time=OPENING_RUN, rate_func=linear)
    scene.play(FadeOut(dots), run_time=0.3)
    scene.say("Momentum averages the steps. First: average sin(x).")
    scene.play(LaggedStart(*[FadeIn(d) for d in b.dots], lag_ratio=0.02), run_time=2.0)
    # gone before the header stands there; the average returns, drawn point by point
    scene.play(FadeOut(b.question, b.preview, b.recap), run_time=0.4)
    scene.play(FadeIn(b.head), run_time=0.4)
    beta = b.numbers.main.beta
    # every figure of the β set (0.999 keeps 99.9%, not "100%", and adds 0.1%, not "0%")
    scene.say(f"Each step keeps {short(100 * beta)}% of m and adds {short(100 * (1 - beta))}% "
              "of sin x.")
    scene.play(Write(b.rule), FadeIn(b.beta), run_time=1.5)
    scene.wait(1.0)


def _grow_average(scene, b) -> None:
    """The average grows sample by sample; ``ema_start`` and ``ema_done`` tell frame tests
    where its tip stands (sample k at ``start + k/rate``)."""
    scene.add(b.avg, b.tip)
    scene.keep_on_top(b.avg, b.tip)
    scene.play(FadeIn(b.readout), run_time=0.3)
    scene.say("The average, point by point: smoother, and late.")
    scene.mark("ema_start", k0=0, rate=b.last / AVERAGE_SECONDS)  # after say(), which may hold
    scene.play(b.avg.grow(b.last, AVERAGE_SECONDS))
    scene.mark("ema_done", k=b.last, m_shown=b.readout[3].get_value())
    b.tip.clear_updaters()
    b.readout.clear_updaters()
    for part in b.readout:
        part.clear_updaters()


def _read_average(scene, b) -> None:
    c = b.numbers.main
    peak_line, peak_text, lag, lag_text, hump_text, pointer = b.reading
    peak, late = f"{c.peak:.2f}", counted(c.lag, "sample")
    if c.settled:
        scene.say(f"Once settled: peak {peak}, {'not 1' if peak != '1.00' else 'as high as sin'}"
                  f", and {late} late.")
    else:      # β = 0.98 over two periods: 0.19, on its way down to 0.16
        scene.say(f"Its {ordinal(c.peak_number)} peak: {peak}, still settling to "
                  f"{c.settled_peak:.2f}, and {late} late.")
    scene.play(Create(peak_line), FadeIn(peak_text), Create(lag), FadeIn(lag_text), run_time=1.5)
    scene.wait(1.0)
    # settled, the late average would start below 0; m₀ = 0 starts it higher, and the extra
    # fades as βᵗ: so the first hump stands above the steady peak
    # the settled m drawn dashed (review r10): the line names what the screen shows
    if c.start_up_shows:
        scene.say(f"The first hump, {c.first_peak:.2f}, is start-up: m starts at 0, above the "
                  "settled m (dashed).")
    else:      # a small β forgets m_0 = 0 within a few samples
        scene.say(f"The first hump, {c.first_peak:.2f}, is no higher: m soon forgets m₀ = 0, "
                  "and runs on the settled m (dashed).")
    scene.play(FadeIn(hump_text), Create(pointer), Create(b.settled_m[0]),
               FadeIn(b.settled_m[1]), run_time=1.0)
    scene.wait(1.5)
    scene.finish_caption()


def _sweep(scene, b) -> None:
    scene.say("Now three values of β side by side.")
    # sin x steps back (faint) so the three averages, all shades of momentum's blue, stand out
    scene.play(FadeOut(VGroup(b.avg, b.tip, b.readout, *b.reading, b.beta, b.settled_m)),
               run_time=0.8)
    b.sine.clear_updaters()               # drawn in full: nothing left for its tracker to do
    scene.play(b.sine.animate.set_stroke(opacity=SINE_BEHIND),
               b.dots.animate.set_fill(opacity=SINE_BEHIND), run_time=0.4)
    scene.add(*b.sweep)
    scene.keep_on_top(*b.sweep)
    half = SWEEP_SECONDS / 2
    scene.play(*[cv.grow(b.last / 2, half) for cv in b.sweep],
               FadeIn(b.legend, run_time=1.0), run_time=half)
    # the names come in as the curves near their ends
    names = FadeIn(b.ends, rate_func=lambda t: smooth(max(0.0, 2.0 * t - 1.0)))
    if b.settling is None:
        scene.say("Bigger β: smoother, smaller, later.")
        scene.play(*[cv.grow(b.last, half) for cv in b.sweep], names, run_time=half)
    else:
        scene.say("Bigger β: smoother, smaller, later, slower to settle.")
        scene.play(*[cv.grow(b.last, half) for cv in b.sweep], FadeIn(b.settling), names,
                   run_time=half)
    scene.mark("sweep_done")
    scene.say("Smaller β: closer, but it keeps the wiggles.")
    # the smallest β's average traced, wiggle by wiggle, over sin x (r11: 3.5 s still)
    small = min(range(len(b.sweep)), key=lambda i: b.numbers.sweep[i].beta)
    scene.play(trace(b.sweep[small], 1.6),
               Indicate(b.ends[small], color=b.colours[small], scale_factor=1.1), run_time=1.6)
    scene.wait(0.4)


def _correct(scene, b) -> None:
    """The grown averages stay behind, faint, while they turn into their corrections."""
    ghosts = VGroup(*[cv.copy().clear_updaters().set_stroke(opacity=GHOST_OPACITY)
                      for cv in b.sweep])
    scene.say("m₀ = 0 drags the first values low.")
    scene.play(Write(b.fix), run_time=1.0)
    scene.wait(1.5)
    scene.add(ghosts)
    for cv in b.sweep:
        cv.clear_updaters()
    scene.say("Dividing by 1 − βᵗ (the mom_bias sheet) lifts them.")
    scene.play(*[Transform(cv, c) for cv, c in zip(b.sweep, b.corrected)], run_time=2.5)
    scene.mark("bias_done")
    big = b.numbers.top_beta
    scene.say(f"Not exactly: β = {big.beta:g} overshoots to {big.corrected_first_peak:.2f}.")
    scene.wait(1.5)
    scene.say("It is exact only for a steady input (Part 3).")
    scene.wait(1.0)
    scene.finish_caption()
