"""The crawl plot's zoom on its first epochs, left of the whole run, on the same log scale.

Over the whole run (1516 epochs at lr 1e-4) the across curve's first epoch, where it loses
nine tenths of itself, is a few thousandths of the plot's width: drawn on the y axis, it can't
be seen (review r8). The zoom gives those epochs the width they need: its epoch axis is the
lesson's ``crawl_zoom`` (a few times the epochs across takes to settle), its distances the
core's, the same points as the big plot's.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Dot, MathTex, VGroup

from scenes.kit.format import figures_tex
from scenes.kit.clearance import first_clear
from scenes.kit.plots import LogAxes, TrackedCurve
from scenes.kit.style import ACCENT, DIM, GRAD, MIN_FONT_SIZE

ZOOM_W = 1.85      # the zoom's width; the whole run's plot takes what is left of PLOT_W
ZOOM_GAP = 0.45    # between the zoom's last epoch and the whole run's y axis
DROP_GAP = 0.12    # the epoch-1 label above the flat line it names
ALONG_GAP = 0.06   # ...and under the along line (the default's gap: 0.24; lr 2e-4's: 0.117)


class FirstEpochs(VGroup):
    """Epochs 0 to ``numbers.crawl_zoom``'s end: the two distances, growing with ``tracker``
    (the whole run's clock, in epochs), the zoom's name over it, and across's drop in epoch 1
    (``drop``: a dot where it starts and ``epoch 1: start → after`` in the corner the drop and
    the flat red line make, shown when the part says it).

    Its lower-left corner, 10^k labels and tick numbers included, is ``corner``; the labels
    serve the whole run's plot too, whose y axis is the same scale."""

    def __init__(self, numbers, tracker, corner, height: float, **kwargs):
        super().__init__(**kwargs)
        c = numbers.crawl
        last = int(numbers.crawl_zoom[1])
        self.axes = LogAxes(numbers.crawl_zoom, numbers.crawl_decades, width=ZOOM_W,
                            height=height, font_size=MIN_FONT_SIZE, label_size=MIN_FONT_SIZE,
                            x_axis_config={"decimal_number_config": {"num_decimal_places": 0}})
        self.axes.next_to(corner, UP + RIGHT, buff=0)
        epochs = np.arange(last + 1, dtype=float)
        self.along = TrackedCurve(self.axes.point(epochs, c.along[:last + 1]), tracker,
                                  stroke_color=ACCENT, stroke_width=5)
        self.across = TrackedCurve(self.axes.point(epochs, c.across[:last + 1]), tracker,
                                   stroke_color=GRAD, stroke_width=5)
        self.tag = MathTex(r"\text{first %d epochs}" % last, font_size=MIN_FONT_SIZE, color=DIM)
        top = self.axes.point(0, 10.0 ** self.axes.high)
        self.tag.next_to(top, UP, buff=0.1).align_to(self.axes.axes, LEFT)
        self.drop = across_drop(numbers, self.axes, self.tag)
        self.add(self.axes, self.tag, self.along, self.across)

    def origin(self) -> np.ndarray:
        """Where the zoom's axes cross: the whole run's plot stands its own on the same line."""
        return self.axes.point(0, 10.0 ** self.axes.low)

    def right_end(self) -> np.ndarray:
        """The bottom of the zoom's last epoch."""
        return self.axes.point(self.axes.axes.x_range[1], 10.0 ** self.axes.low)


def across_drop(numbers, axes, tag) -> VGroup:
    """A dot where the across curve starts, and ``epoch 1: start → after`` in its colour, in two
    lines, right of the drop and over the flat line it lands on (the along line is higher),
    clear of the zoom's name ``tag`` over it (rows of x in 0..1: across at the zoom's top,
    "0.94 → 0.932" stood on "first 4 epochs")."""
    start, after, _ = numbers.crawl_across
    dot = Dot(axes.point(0, start), radius=0.06, color=GRAD)
    label = VGroup(MathTex(r"\text{epoch 1:}", font_size=MIN_FONT_SIZE, color=GRAD),
                   MathTex(r"%s \to %s" % (figures_tex(start, 3), figures_tex(after, 3)),
                           font_size=MIN_FONT_SIZE, color=GRAD))
    label.arrange(DOWN, aligned_edge=LEFT, buff=0.08)
    last = int(numbers.crawl_zoom[1])
    epochs = np.arange(last + 1, dtype=float)
    curves = [axes.point(epochs, numbers.crawl.along[:last + 1]),
              axes.point(epochs, numbers.crawl.across[:last + 1])]
    top, bottom = 10.0 ** axes.high, 10.0 ** axes.low
    # over the flat line, clear of its 5-wide stroke (at 0.06 they touched, r22); under it
    # where along runs close above (a far start); else in a top corner of the zoom, where
    # across rises instead (lr 4.5e-4: 1.48 → 15 stood on the epoch axis' numbers); else in
    # a bottom corner or halfway up the right edge, where both start at the top (rows
    # y = −3x + 5: 4.0 → 3.4, across falling through whatever stands under it)
    middle = 10.0 ** ((axes.high + axes.low) / 2)
    spots = [lambda m: m.next_to(axes.point(1, after), UP + RIGHT, buff=DROP_GAP),
             lambda m: m.next_to(axes.point(1, after), DOWN + RIGHT, buff=DROP_GAP),
             *(lambda m, at=at, y=y, way=way: m.next_to(axes.point(at, y), way, buff=DROP_GAP)
               for at, y, way in ((0, top, DOWN + RIGHT), (last, top, DOWN + LEFT),
                                  (0, bottom, UP + RIGHT), (last, bottom, UP + LEFT),
                                  (last, middle, LEFT)))]
    first_clear(label, spots, curves, ALONG_GAP, keep_off=[axes.axes.x_axis.numbers, tag])
    return VGroup(dot, label)
