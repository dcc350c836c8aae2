"""The crawl's plot: |distance to the best fit| along and across the valley per epoch, on a
log axis, the first epochs zoomed beside the whole run, and what names its lines (the legend,
the epoch-ends tag). Every number is the core's, through :mod:`sgdanim.lessons.stepping`.
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, DashedVMobject, Line, MathTex, ValueTracker, VGroup,
                   VMobject)

from scenes.kit.format import figures_tex
from scenes.kit.clearance import clear_of
from scenes.kit.plots import LogAxes, TrackedCurve
from scenes.kit.style import ACCENT, DIM, GRAD, LABEL_SIZE, MIN_FONT_SIZE
from scenes.stepping.first_epochs import ZOOM_GAP, FirstEpochs
from scenes.stepping.stage import WORK_BOTTOM, WORK_TOP

PLOT_W, PLOT_H = 7.75, 1.85  # the zoom on the first epochs and the whole run, side by side
PLOT_LEFT = -6.5           # the left edge of the zoom's 10^k labels (they serve both plots)
LEGEND_LEFT = 2.8          # the legend and the readout, right of the plot
FLOOR_GAP = 0.1            # the floor's tag from both lines (the default's: 0.13)


class CrawlPlot(VGroup):
    """|distance to the best fit| along and across the valley per epoch, on a log axis, with
    the prediction (1 − lr·λ_along)ᵗ dashed. ``along`` and ``across`` grow with ``tracker``
    (epochs), which the scene runs beside the landscape's walker."""

    def __init__(self, numbers, **kwargs):
        super().__init__(**kwargs)
        c = numbers.crawl
        self.tracker = ValueTracker(0.0)
        # The first epochs zoomed on the left (across's drop is too quick for the whole run's
        # axis), the whole run right of it on the same log scale: the zoom's 10^k serve both.
        self.zoom = FirstEpochs(numbers, self.tracker, [PLOT_LEFT, WORK_BOTTOM, 0], PLOT_H)
        self.axes = LogAxes(numbers.crawl_x_range, numbers.crawl_decades,
                            width=PLOT_LEFT + PLOT_W - self.zoom.right_end()[0] - ZOOM_GAP,
                            height=PLOT_H,
                            font_size=MIN_FONT_SIZE, label_size=MIN_FONT_SIZE,
                            x_axis_config={"decimal_number_config": {"num_decimal_places": 0,
                                                                     "group_with_commas": False}})
        self.axes.remove(self.axes.labels)
        self.axes.shift(self.zoom.right_end() + RIGHT * ZOOM_GAP
                        - self.axes.point(0, 10.0 ** self.axes.low))
        epochs = np.arange(len(c.path), dtype=float)
        self.along = TrackedCurve(self.axes.point(epochs, c.along), self.tracker,
                                  stroke_color=ACCENT, stroke_width=5)
        self.across = TrackedCurve(self.axes.point(epochs, c.across), self.tracker,
                                   stroke_color=GRAD, stroke_width=5)
        predicted = VMobject().set_points_as_corners(
            self.axes.point(epochs, c.predicted_along()))
        self.prediction = DashedVMobject(predicted, num_dashes=36).set_stroke(DIM, width=3)
        self.x_label = MathTex(r"\text{epoch } e", font_size=LABEL_SIZE)
        self.x_label.next_to(self.axes.axes.x_axis, RIGHT, buff=0.15)
        self.y_label = MathTex(r"|\text{distance to the best fit}|", font_size=LABEL_SIZE)
        self.y_label.next_to(self.axes.axes.y_axis, UP, buff=0.1).align_to(self.axes, LEFT)
        self.legend = legend(numbers, self.axes)
        self.drop = self.zoom.drop
        self.floor = floor_tag(numbers, self.axes)
        self.add(self.zoom, self.axes, self.x_label, self.y_label, self.prediction,
                 self.legend, self.along, self.across)

    def curves(self) -> tuple:
        """What grows with the tracker: the whole run's two distances and the zoom's."""
        return self.along, self.across, self.zoom.along, self.zoom.across


def floor_tag(numbers, axes) -> MathTex:
    """Over the red curve's last epochs, in its colour: its size at epoch ends in % of along,
    where per-row SGD holds it (a floor in proportion: across falls only as fast as along).
    It names its moment: the kicks inset's swing is another share of along. Short enough to
    stand right of the epoch-1 label, between the curves (they run parallel)."""
    c, share = numbers.crawl, numbers.crawl_across[2]
    tag = MathTex(r"\text{epoch ends:} \approx %s\%%\text{ of along}" % figures_tex(share, 2),
                  font_size=MIN_FONT_SIZE, color=GRAD)
    end = axes.point(float(c.epochs), float(c.across[-1]))
    tag.align_to(end, RIGHT)
    # Midway between the red line (rising to the left) and the green over its width.
    epochs = np.arange(len(c.path), dtype=float)
    red, green = axes.point(epochs, c.across), axes.point(epochs, c.along)
    under = (red[:, 0] >= tag.get_left()[0]) & (red[:, 0] <= tag.get_right()[0])
    tag.set_y((red[under, 1].max() + green[under, 1].min()) / 2)
    if clear_of(tag, [red, green], FLOOR_GAP):
        return tag
    # Lines as steep as a far start's (thousands of epochs) leave it no room between them:
    # under the red line from the plot's left, where that line is highest, or over the green
    # line's end.
    tag.next_to(axes.point(0.0, 10.0 ** axes.low), UP + RIGHT, buff=0).shift(
        (RIGHT + UP / 3) * FLOOR_GAP)
    if clear_of(tag, [red], FLOOR_GAP):
        return tag
    tag.align_to(end, RIGHT)
    under = (green[:, 0] >= tag.get_left()[0]) & (green[:, 0] <= tag.get_right()[0])
    return tag.set_y(green[under, 1].max() + FLOOR_GAP + tag.height / 2)


def legend(numbers, axes) -> VGroup:
    """Right of the plot, one line per curve: its colour, and what it is. The prediction is
    written over the plot's own axis, epochs e: an epoch steps each of its rows once."""
    rows = VGroup()
    per_epoch = numbers.crawl.rows_per_epoch
    for colour, text, dashed in (
            (ACCENT, r"\text{along the valley}", False),
            (DIM, r"(1 - \mathrm{lr}\cdot\lambda_{\text{along}})^{%d\,e}" % per_epoch, True),
            (GRAD, r"\text{across it}", False)):
        swatch = Line(LEFT * 0.25, RIGHT * 0.25, stroke_width=5, color=colour)
        if dashed:
            swatch = DashedVMobject(swatch, num_dashes=3)
        rows.add(VGroup(swatch, MathTex(text, font_size=LABEL_SIZE)).arrange(RIGHT, buff=0.15))
    rows.add(MathTex(r"%d\text{ rows per epoch}" % per_epoch, font_size=MIN_FONT_SIZE,
                     color=DIM))
    rows.arrange(DOWN, aligned_edge=LEFT, buff=0.16)
    return rows.next_to([LEGEND_LEFT, WORK_TOP - 0.45, 0], DOWN + RIGHT, buff=0)
