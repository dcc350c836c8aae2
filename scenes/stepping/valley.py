"""Part ``valley`` of the ``stepping`` lesson: why a settles at once while b crawls. The
Hessian, its two curvatures drawn as arrows on the landscape, and what one learning rate
does with both."""

from __future__ import annotations

import numpy as np
from manim import DOWN, DoubleArrow, FadeIn, GrowFromCenter, MathTex, Tex, VGroup, Write

from scenes.kit.format import figures_tex, sci_tex, short
from scenes.kit.part import Part
from scenes.kit.style import ACCENT, DIM, GRAD
from scenes.stepping.stage import FONT, SMALL, WORK_TOP


def valley_lines(n) -> VGroup:
    """The valley note: the Hessian in words, then its matrix, its curvatures, and lr·λ."""
    v = n.valley
    H = v.hessian
    # Two lines broken where the sense breaks (LaTeX would break one long line mid-phrase).
    words = VGroup(*[Tex(t, font_size=FONT) for t in (
        r"The \emph{Hessian} $H$ holds the curvatures of mean err$^2$:",
        r"how fast its slopes change as $a$ and $b$ move.")]).arrange(DOWN, buff=0.1)
    lines = VGroup(
        words,
        MathTex(r"H = \frac{2}{n}\begin{pmatrix}\Sigma x^2 & \Sigma x\\ \Sigma x & n\end{pmatrix}"
                r" = \begin{pmatrix}%s & %s\\ %s & %s\end{pmatrix}"
                % tuple(figures_tex(h, 6) for h in H.flat), font_size=FONT),
        MathTex(r"\lambda_{\text{across}} = %s" % figures_tex(v.eigenvalues[1], 5),
                r"\quad \lambda_{\text{along}} = %s" % figures_tex(v.eigenvalues[0], 4),
                r"\quad \text{ratio } %s" % figures_tex(v.condition, 4), font_size=FONT),
        step_line(v))
    # The panel's a and b scales differ, so its ellipses look far rounder than the ratio says:
    # a gloss under the ratio says so.
    note = MathTex(r"\text{(axes not to scale: each contour is } \sqrt{%s} \approx %s"
                   r"\text{ times longer than wide)}"
                   % (figures_tex(v.condition, 4), figures_tex(v.aspect, 2)),
                   font_size=SMALL, color=DIM)
    VGroup(*lines[:3], note, lines[3]).arrange(DOWN, buff=0.15)
    VGroup(lines, note).next_to([0, WORK_TOP - 0.15, 0], DOWN, buff=0)
    lines.scale_note = note
    lines[2][0].set_color(GRAD)
    lines[2][1].set_color(ACCENT)
    lines[3][1].set_color(GRAD)
    lines[3][3].set_color(ACCENT)
    return lines


# How far (scene units) the across arrow sits off the walk's path: clear of the orange
# path's stroke and the dot, near enough to read as the dot's.
ACROSS_OFFSET = 0.2


def valley_arrows(panel, at, eigenvectors, lengths=(0.9, 0.45)) -> VGroup:
    """Double arrows along the Hessian's eigenvectors, shortened to stay inside the panel.

    Parameters
    ----------
    panel
        The :class:`~scenes.kit.landscape_panel.LandscapePanel` they are drawn on.
    at
        (a, b) the arrows cross at (the core's ``Valley.anchor``).
    eigenvectors
        Columns in (a, b) order, along the valley first (the core's ``Valley.eigenvectors``).
    lengths
        Largest half-lengths in scene units, along and across.

    Returns
    -------
    VGroup
        (along, across) DoubleArrows, in the accent and gradient colours.
    """
    axes = panel.axes
    origin = panel.point(*at)
    lo, hi = axes.c2p(axes.x_range[0], axes.y_range[0]), axes.c2p(axes.x_range[1], axes.y_range[1])
    arrows = VGroup()
    for col, colour, length in zip(range(2), (ACCENT, GRAD), lengths):
        vec = eigenvectors[:, col]
        # The direction on screen: the panel's a and b scales differ.
        unit = panel.point(at[0] + vec[0], at[1] + vec[1]) - origin
        unit = unit / np.linalg.norm(unit)
        # Largest half-length (in scene units) that keeps both ends in the panel's box.
        room = min(min((hi[i] - origin[i]) / abs(unit[i]), (origin[i] - lo[i]) / abs(unit[i]))
                   for i in range(2) if abs(unit[i]) > 1e-9)
        half = max(min(length, 0.92 * room), 0.15)
        arrows.add(DoubleArrow(origin - unit * half, origin + unit * half, buff=0, color=colour,
                               stroke_width=4, tip_length=0.14, max_tip_length_to_length_ratio=0.3))
    # The walk's last zig-zags run across the valley, so the across arrow drawn through the dot
    # lay on the orange path and read as part of it (review r8): set it beside the path, on the
    # side towards the panel's centre.
    across = arrows[1]
    normal = np.array([-across.get_unit_vector()[1], across.get_unit_vector()[0], 0.0])
    centre = (np.asarray(lo) + np.asarray(hi)) / 2
    if np.dot(centre - origin, normal) < 0:
        normal = -normal
    across.shift(normal * ACROSS_OFFSET)
    return arrows


def step_line(v) -> MathTex:
    """What one step does to the distance in each direction: removes lr·λ of it while lr·λ
    is under 1; past that it overshoots (lr 3e-4: "removes 1.51 of the distance" said so of
    a step that lands past the floor), so the line gives |1 − lr·λ|, the factor the distance
    is multiplied by, as overshoot's parabola does."""
    removes = v.lr_lam[1] < 1.0
    words = (r"\text{one step removes } \mathrm{lr}\cdot\lambda\text{ of the distance: }"
             if removes else
             r"\text{one step multiplies the distance by } |1-\mathrm{lr}\cdot\lambda|\text{: }")
    across, along = v.lr_lam[::-1] if removes else v.factors[::-1]
    # a factor just under 1 (0.99994 along) reads as 1.000 at three decimals
    return MathTex(words, sci_tex(across, 3), r"\text{ across},\ \ ",
                   sci_tex(along, 3 if removes else 5), r"\text{ along}", font_size=FONT)


def why_asked(n) -> str:
    """The valley's question, as the run went: a runaway was not slow (lr 1e-3 overflows in
    epoch 1), nor a run whose RMSE still climbs (lr 4.5e-4: 551 → 6688). Keyed, as the part's
    last line (:func:`grows_across`), on the run, not on 2/λ: at lr 4e-4, just past it, the
    crawl still reaches the target (epoch 2589).

    >>> from types import SimpleNamespace as NS
    >>> [why_asked(NS(diverged_at=at, rmse_course=(course, None), quick_goal=None,
    ...               rose_to_goal=False, crawl=NS(diverged=at is not None)))
    ...  for at, course in ((None, "stalls"), (17, "stalls"), (None, "climbs"))]
    ['Why so slow?', 'Why did it run away?', 'Why does RMSE climb?']

    Nor a run that rose and still met a loose goal in an epoch shown (lr 3.9e-4 under 1e4):

    >>> why_asked(NS(diverged_at=None, rmse_course=("levels", 191.0), quick_goal=None,
    ...              rose_to_goal=True, crawl=NS(diverged=False)))
    'Why does RMSE rise?'

    A run already under the goal (from a start beside the star), or under it within a few
    epochs (``quick_goal``), was not slow; one whose crawl runs away later is asked that, as
    the title asks it (lr 4.4e-4 was "so slow", and lr 4.5e-4 asked why RMSE climbs):

    >>> why_asked(NS(diverged_at=None, rmse_course=("stalls", None), quick_goal=2,
    ...              crawl=NS(diverged=False)))
    'Why so quick?'
    """
    if n.diverged_at is not None:
        return "Why did it run away?"
    if n.quick_goal is not None:
        return "Why so quick?"
    if n.crawl.diverged:      # later, in the crawl
        return "Why does it run away?"
    if n.rmse_course[0] == "climbs":
        return "Why does RMSE climb?"
    return "Why does RMSE rise?" if n.rose_to_goal else "Why so slow?"


def grows_across(n) -> bool:
    """Whether the valley's last line says each step lands farther out across: the run ran
    away, or its RMSE still climbs, or its crawl runs away, with lr past 2/λ (lr 4.5e-4 said
    "safe across"; over 1 epoch its crawl runs away in epoch 12, and it said "tiny along")."""
    if n.diverged_at is not None:
        return True
    return (n.rmse_course[0] == "climbs" or n.crawl.diverged) and not n.valley.safe


def both_served(n) -> str:
    """The valley's last line, answering :func:`why_asked`: past 2/λ each step lands farther
    out; under it, a climb is the rows' own steps (lr 3e-4 over 2 epochs: 46.9 → 59.0, and
    lr 3.9e-4: "Why does RMSE climb?" was answered "safe across means tiny along"), as the
    crawl shows them kicking across; a run under the goal needed little along (from a start
    beside the star); else safe across is tiny along.

    >>> from types import SimpleNamespace as NS
    >>> for course, safe, under in (("stalls", True, None), ("climbs", True, None),
    ...                             ("climbs", False, None), ("stalls", True, 2)):
    ...     print(both_served(NS(diverged_at=None, rmse_course=(course, None),
    ...                          valley=NS(safe=safe), quick_goal=under,
    ...                          rose_to_goal=False, crawl=NS(diverged=False))))
    One lr serves both: safe across means tiny along.
    One lr serves both: safe across on average, but each row's own step kicks it out.
    One lr serves both: past 2/λ across, each step lands farther out.
    One lr serves both: tiny along, but little along was needed.

    Just past 2/λ a run that levels off is not "safe across":

    >>> print(both_served(NS(diverged_at=None, rmse_course=("levels", 1), quick_goal=None,
    ...                      valley=NS(safe=False), rose_to_goal=False,
    ...                      crawl=NS(diverged=False))))
    One lr serves both: just past 2/λ across, tiny along.
    """
    if grows_across(n):
        return "One lr serves both: past 2/λ across, each step lands farther out."
    if n.quick_goal is not None:     # lr 4e-4 over 1 epoch met a loose goal: not "safe"
        across = "" if n.valley.safe else "just past 2/λ across, "
        return f"One lr serves both: {across}tiny along, but little along was needed."
    if n.rmse_course[0] == "climbs" or n.crawl.diverged or (n.rose_to_goal and n.valley.safe):
        return "One lr serves both: safe across on average, but each row's own step kicks it out."
    if n.rose_to_goal:    # past 2/λ, and it rose (lr 4.2e-4 under a loose goal: 158 → 365 → 291)
        return "One lr serves both: just past 2/λ across, each step lands a little farther out."
    if not n.valley.safe:   # just past 2/λ, the run levels off (lr 4e-4): not "safe across"
        return "One lr serves both: just past 2/λ across, tiny along."
    return "One lr serves both: safe across means tiny along."


class ValleyPart(Part):
    """The note below, the arrows on the landscape. Starts with the walker at the end of the
    run, where the ``epochs`` part leaves it."""

    id = "valley"

    def build(self, numbers, params):
        return valley_lines(numbers)

    def play(self, scene, lines) -> None:
        n = scene.numbers
        scene.show_stage(n.steps)
        # The epoch log has been read: it goes with the old title, and the valley's note takes
        # the lower half.
        scene.retitle(self.id, clear=tuple(getattr(scene, "epoch_log", ())))
        # The arrows are placed on the stage's landscape panel, which the scene holds.
        along, across = valley_arrows(scene.stage.land, n.valley.anchor, n.valley.eigenvectors)
        scene.valley_note = (*lines, lines.scale_note)
        scene.valley_arrows = (along, across)   # the crawl clears them off its walk
        scene.say(f"{why_asked(n)} Curvature: how sharply mean err² bends.")
        scene.play(Write(lines[0]), run_time=2.0)
        scene.wait(1.0)
        scene.say(f"x reaches {short(n.valley.x_reach, 4)}, so the bend in a is far sharper.")
        scene.play(Write(lines[1]), run_time=2.0)
        scene.wait(1.5)
        scene.say("Steep across the valley (red), almost flat along it.")
        # The arrows the line names come first, with the caption; then their numbers.
        scene.play(GrowFromCenter(across), GrowFromCenter(along), run_time=0.4)
        scene.mark("valley")
        scene.play(Write(lines[2]), FadeIn(lines.scale_note), run_time=1.6)
        scene.wait(1.3)
        scene.say(both_served(n))
        scene.play(Write(lines[3]), run_time=1.5)
        scene.wait(1.5)
