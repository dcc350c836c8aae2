"""The ``stepping`` scene's crawl part (scenes/stepping/crawl.py), checked without rendering: the
answer stands where the data panel was with the core's numbers, the crawl's axis and legend count
time in one unit, its plot draws the core's distances in the work area, its readout shows one
epoch and its own RMSE, the time-lapse ends where the crawl does and its walker enters on the
readout's epoch, a runaway builds no crawl, and the floor tag names the core's share."""

from types import SimpleNamespace

from manim import DOWN, RIGHT, UP

import numpy as np
import pytest

from sgdanim.lessons.stepping import compute

from scenes.kit.format import short
from tests.lessons.stepping_kit import LESSON, epoch_rmse_by_hand
from tests.lessons.stepping_kit import numbers  # noqa: F401 - a fixture
from tests.scenes.stepping_kit import crossed, in_frame, in_work_area, overlapping, shown_text
from tests.scenes.stepping_kit import kit, stage  # noqa: F401 - fixtures


def test_the_answer_stands_where_the_data_panel_was_and_says_the_cores_numbers(kit, stage,
                                                                                numbers):
    card = kit.crawl.CrawlPart().build(numbers, None).answer
    assert in_frame(card) and overlapping([card, stage.land]) == []
    assert card.get_bottom()[1] > kit.stage.WORK_TOP and card.get_top()[1] < 3.1
    text = " ".join(line.tex_string for line in card)
    for shown in ("1516", "0.503", "5.928\\times10^{-5}", "8490", "3.97\\times10^{-4}",
                  "mean-loss limit"):
        assert shown in text, shown
    # Control: another lr gives another answer.
    other = kit.crawl.CrawlPart().build(compute(LESSON.resolve(sets=["lr=2e-4"])), None).answer
    assert " ".join(line.tex_string for line in other) != text


# The crawl ---------------------------------------------------------------------------------------

def test_crawl_axis_and_legend_count_time_in_the_same_unit(kit, numbers):
    """The x axis is epochs e, so the dashed prediction's exponent is written in e (an epoch
    steps each of the core's rows once), not in rows stepped."""
    from manim import MathTex
    plot = kit.crawl_plot.CrawlPlot(numbers)
    rows = numbers.crawl.rows_per_epoch

    def says_rows_per_epoch(legend, count) -> bool:
        texts = [m.tex_string for m in legend.get_family() if isinstance(m, MathTex)]
        return (any(f"^{{{count}\\,e}}" in t for t in texts)
                and any(t.startswith(f"{count}\\text{{ rows per epoch}}") for t in texts)
                and not any("rows stepped" in t for t in texts))
    assert plot.x_label.tex_string == r"\text{epoch } e"
    assert says_rows_per_epoch(plot.legend, rows)
    # Control: a legend for epochs of another length does not pass as this one.
    other = kit.crawl_plot.legend(SimpleNamespace(crawl=SimpleNamespace(rows_per_epoch=rows + 1)),
                             plot.axes)
    assert not says_rows_per_epoch(other, rows)


@pytest.mark.parametrize("sets", [[], ["lr=2e-4"], ["carry=sheet", "target_rmse=5"]])
def test_crawl_plot_draws_the_cores_distances_in_the_work_area(kit, sets):
    n = compute(LESSON.resolve(sets=sets))
    built = kit.crawl.CrawlPart().build(n, None)
    plot, c = built.plot, n.crawl
    assert in_work_area(kit, plot, built.readout)
    assert overlapping([plot.axes, plot.legend, built.readout]) == []
    for curve, values in ((plot.along, c.along), (plot.across, c.across)):
        for e in (0, 1, c.epochs // 2, c.epochs):
            np.testing.assert_allclose(curve.vertices[e], plot.axes.point(e, values[e]), atol=1e-9)
    # The epoch-1 drop's dot and label, in the zoom: the core's numbers, clear of the legend,
    # the whole run's axes and every curve.
    dot, label = plot.drop
    start, after, _ = n.crawl_across
    assert in_work_area(kit, plot.drop)
    assert overlapping([plot.drop, plot.legend, built.readout, plot.axes]) == []
    np.testing.assert_allclose(dot.get_center(), plot.zoom.axes.point(0, start), atol=1e-9)
    said = " ".join(line.tex_string for line in label)
    assert f"{kit.stage.short(start, 3)} \\to {kit.stage.short(after, 3)}" in said
    predicted = plot.axes.point(np.arange(c.epochs + 1), c.predicted_along())
    assert not crossed(label, *(curve.vertices for curve in plot.curves()), predicted)
    # ...and above the flat line's stroke, not on it: 0.1 clears half of a 5-wide stroke
    assert label.get_bottom()[1] - plot.zoom.axes.point(1, after)[1] >= 0.1
    # Control: the same label on the along curve's start is crossed by it.
    assert crossed(label.copy().move_to(plot.axes.point(c.epochs / 8, c.along[0])),
                   plot.along.vertices)
    plot.tracker.set_value(c.epochs)
    built.readout.update()
    assert built.readout.epoch.get_value() == c.epochs
    assert built.readout.rmse.get_value() == pytest.approx(c.rmse[-1])
    plot.tracker.set_value(0)


@pytest.mark.parametrize("sets", [[], ["lr=1e-5", "target_rmse=10"]])
def test_the_zoom_spreads_across_drop_that_the_whole_run_draws_on_its_y_axis(kit, sets):
    """Review r8: over the whole run across's first epoch is under 0.01 wide, on the y axis.
    The zoom on the lesson's first epochs draws the same core numbers on the same log scale
    (a value stands as high in both), and spreads that epoch over a visible width; it stands
    left of the whole run's axes, clear of them (control: the whole run's own drop)."""
    n = compute(LESSON.resolve(sets=sets))
    plot, c = kit.crawl_plot.CrawlPlot(n), n.crawl
    zoom, last = plot.zoom, int(n.crawl_zoom[1])
    epochs = np.arange(last + 1)
    for curve, values in ((zoom.along, c.along), (zoom.across, c.across)):
        np.testing.assert_allclose(curve.vertices, zoom.axes.point(epochs, values[:last + 1]),
                                   atol=1e-9)
    for value in (c.along[0], c.across[1], 10.0 ** n.crawl_decades[0]):
        assert zoom.axes.point(0, value)[1] == pytest.approx(plot.axes.point(0, value)[1])

    def first_epoch_width(axes) -> float:
        return float(axes.point(1, c.across[1])[0] - axes.point(0, c.across[0])[0])
    assert first_epoch_width(zoom.axes) > 0.1 and first_epoch_width(plot.axes) < 0.01
    assert overlapping([zoom, plot.axes]) == [] and in_work_area(kit, zoom)
    assert zoom.tag.tex_string == r"\text{first %d epochs}" % last
    # The zoom's curves grow with the whole run's clock, not by themselves.
    plot.tracker.set_value(1)
    assert np.allclose(zoom.across.update().get_end(), zoom.axes.point(1, c.across[1]))


@pytest.mark.parametrize("rows", [
    [(x, -3 * x + 5) for x in range(-10, 11)], [(x / 30, x / 60 + 0.2) for x in range(1, 31)], None])
def test_the_drops_label_keeps_off_the_zooms_name_and_its_curves(kit, rows, tmp_path):
    """On rows of x in 0..1 across starts at the zoom's top, and "0.94 → 0.932" stood on
    "first 4 epochs"; on y = −3x + 5 both distances start there (4.0) and across falls
    through every place under it. Control: the sheet's rows, where it keeps its first place,
    over the flat line; on the rows above, that first place fails the check."""
    from scenes.kit.clearance import room
    sets = []
    if rows is not None:
        (tmp_path / "rows.csv").write_text("x,y\n" + "".join(f"{x},{y}\n" for x, y in rows))
        sets = [f"data={tmp_path / 'rows.csv'}"]
    n = compute(LESSON.resolve(sets=sets))
    zoom, last = kit.crawl_plot.CrawlPlot(n).zoom, int(n.crawl_zoom[1])
    label = zoom.drop[1]
    curves = [zoom.axes.point(np.arange(last + 1), d[:last + 1]) for d in (n.crawl.along,
                                                                         n.crawl.across)]
    assert overlapping([label, zoom.tag]) == []
    assert room(label, curves) >= kit.first_epochs.ALONG_GAP
    from manim import RIGHT, UP
    first = label.copy().next_to(zoom.axes.point(1, n.crawl_across[1]), UP + RIGHT,
                                 buff=kit.first_epochs.DROP_GAP)
    first_clear = overlapping([first, zoom.tag]) == [] and room(first, curves) >= \
        kit.first_epochs.ALONG_GAP
    assert first_clear == (rows is None)
    if rows is None:
        np.testing.assert_allclose(label.get_center(), first.get_center())


def test_crawl_readout_shows_one_epoch_and_its_own_rmse(kit, numbers):
    """The readout, from its build (its tracker at 0, the stage's run not yet reached) to the
    end: the epoch it names and the RMSE beside it are the same epoch's, by a plain loop
    (control: the build-time pair it showed, epoch 0 beside 27.995, fails)."""
    plot = kit.crawl_plot.CrawlPlot(numbers)
    readout = kit.crawl.CrawlReadout(numbers, plot.tracker)

    def agrees(epoch, rmse) -> bool:
        return epoch >= 1 and rmse == pytest.approx(epoch_rmse_by_hand(epoch), abs=5e-4)

    assert plot.tracker.get_value() == 0
    assert agrees(readout.epoch.get_value(), readout.rmse.get_value())
    for position in (1, 5, 5.5, 40):
        plot.tracker.set_value(position)
        readout.update()
        assert readout.epoch.get_value() == int(position)
        assert agrees(readout.epoch.get_value(), readout.rmse.get_value())
        assert shown_text(readout.rmse) == f"{epoch_rmse_by_hand(int(position)):.3f}"
    assert not agrees(0, numbers.crawl.rmse[0]) and not agrees(5, numbers.crawl.rmse[5])


def test_the_time_lapse_ends_where_the_crawl_does(kit, stage, numbers):
    from scenes.kit.landscape_panel import WeightWalker
    c = numbers.crawl
    walker = WeightWalker(stage.land, c.path)
    walker.index.set_value(c.epochs)
    walker.update()
    np.testing.assert_allclose(walker.dot.get_center(), stage.land.point(*c.path[-1]), atol=1e-9)
    # Control: the end is well clear of where the stage's five epochs stopped.
    assert np.linalg.norm(stage.land.point(*c.path[-1]) - stage.land.point(*numbers.path[-1])) > 1


def test_the_time_lapse_walker_enters_on_the_readouts_epoch(kit, stage, numbers):
    """At the swap (the stage's dot removed, the time-lapse's walker added, no frame run in
    between) the dot stands on the core's path point for the epoch the readout names, which is
    where the stage's dot stopped, and the plot's curves end on that epoch (control: a walker
    only given its index, as before the fix, still shows the path's start, far from it)."""
    from scenes.kit.landscape_panel import WeightWalker
    c = numbers.crawl
    built = kit.crawl.CrawlPart().build(numbers, None)
    start = min(numbers.epochs, c.epochs)
    walker = kit.crawl.start_walker(stage, numbers, built.plot, built.readout, start)
    epoch = built.readout.epoch.get_value()
    assert epoch == start >= 1
    there = stage.land.point(*c.path[epoch])
    np.testing.assert_allclose(walker.dot.get_center(), there, atol=1e-9)
    np.testing.assert_allclose(stage.land.point(*numbers.path[-1]), there, atol=1e-9)
    np.testing.assert_allclose(built.plot.along.get_end(),
                               built.plot.axes.point(float(epoch), c.along[epoch]), atol=1e-9)
    # Control: the old swap, the index set but nothing drawn before the first frame.
    stale = WeightWalker(stage.land, c.path)
    stale.index.set_value(float(start))
    assert np.linalg.norm(stale.dot.get_center() - there) > 0.5


def test_a_runaway_builds_no_crawl(kit):
    assert kit.crawl.CrawlPart().build(compute(LESSON.resolve(sets=["lr=0.01"])), None) is None


@pytest.mark.parametrize("sets", [[], ["lr=2e-4"], ["carry=sheet", "target_rmse=5"]])
def test_floor_tag_names_the_cores_share_at_epoch_ends_between_the_curves(kit, sets):
    """The crawl's floor tag: across's size at epoch ends in % of along, from the core, so it
    is not read as the kicks inset's swing/along; over the red curve's end, crossed by no
    curve and clear of the other labels (control: where it stood, just over the line's end,
    the red line rising to the left runs through it)."""
    n = compute(LESSON.resolve(sets=sets))
    plot, c = kit.crawl_plot.CrawlPlot(n), n.crawl
    share = n.crawl_across[2]
    assert ("%s\\%%" % short(share, 2)) in plot.floor.tex_string
    assert r"\text{epoch ends:}" in plot.floor.tex_string
    end = plot.axes.point(float(c.epochs), float(c.across[-1]))
    assert plot.floor.get_bottom()[1] > end[1] and abs(plot.floor.get_right()[0] - end[0]) < 0.05
    epochs = np.arange(c.epochs + 1)
    curves = [plot.axes.point(epochs, v) for v in (c.along, c.across, c.predicted_along())]
    assert not crossed(plot.floor, *curves)
    assert in_work_area(kit, plot.floor)
    assert overlapping([plot.floor, plot.drop, plot.legend, plot.axes.axes.y_axis]) == []
    low = plot.floor.copy().next_to(end, UP, buff=0.1).align_to(end, RIGHT)
    assert sets or crossed(low, curves[1])
    # The check can fail: a share twice as large is not what the tag says.
    assert ("%s\\%%" % short(2 * share, 2)) not in plot.floor.tex_string


@pytest.mark.parametrize("sets, full", [(["init_a=1000", "init_b=-1000"], False), ([], True)])
def test_the_answer_cards_lines_swell_only_as_far_as_the_landscape(kit, sets, full):
    """A pulse swells the card's line that names its curve, by 8% from its left edge. From a
    start of ±1000 the landscape's b numbers read "−1500", and the swollen last line reached
    over them (a dry run found it). The swell now stops short of the landscape. Control: at
    the defaults the lines swell the full 8%."""
    n = compute(LESSON.resolve(sets=sets))
    land = kit.stage.build_stage(n).land
    card = kit.crawl.answer_card(n)
    widest = max(line.width for line in card)
    room = land.get_left()[0] - kit.crawl.ANSWER_GAP - card.get_left()[0]
    assert (widest * kit.crawl.SWELL <= room) == full            # the full swell: the control
    swell = kit.crawl.swell_within(card, land.get_left()[0])
    assert 1.0 <= swell <= kit.crawl.SWELL and widest * swell <= room + 1e-9
    assert (swell == kit.crawl.SWELL) == full


@pytest.mark.parametrize("sets, under", [(["init_a=1000", "init_b=-1000"], True),
                                         (["init_a=100", "init_b=-100"], False)])
def test_from_a_far_start_the_plots_labels_keep_off_both_lines(kit, sets, under):
    """From a start of ±1000 the crawl takes 3,335 epochs: the whole run's lines fall so
    steeply that the floor tag, set midway between them, sat on both, and in the zoom
    along stands so close over across's flat line that "epoch 1: 981 → 4.63" met it. The tag
    now stands under the red line from the plot's left, and the epoch-1 label under the
    flat line where over it is too close to along (from ±100 it is not). Controls: the places
    they had are on the lines."""
    from scenes.kit.clearance import clear_of
    n = compute(LESSON.resolve(sets=sets))
    plot, c = kit.crawl_plot.CrawlPlot(n), n.crawl
    epochs = np.arange(c.epochs + 1, dtype=float)
    red, green = plot.axes.point(epochs, c.across), plot.axes.point(epochs, c.along)
    tag, origin = plot.floor, plot.axes.point(0.0, 10.0 ** plot.axes.low)
    assert clear_of(tag, [red, green], kit.crawl_plot.FLOOR_GAP)
    assert tag.get_left()[0] > origin[0] and tag.get_bottom()[1] > origin[1]
    assert tag.get_right()[0] < plot.axes.point(float(c.epochs), 1.0)[0]
    span = (red[:, 0] >= tag.get_left()[0]) & (red[:, 0] <= tag.get_right()[0])
    midway = tag.copy().set_y((red[span, 1].max() + green[span, 1].min()) / 2)
    assert not clear_of(midway, [red, green], kit.crawl_plot.FLOOR_GAP)       # the control
    zoom, last = plot.zoom, int(n.crawl_zoom[1])
    early = np.arange(last + 1, dtype=float)
    lines = [zoom.axes.point(early, v[:last + 1]) for v in (c.along, c.across)]
    label, flat = plot.drop[1], zoom.axes.point(1, n.crawl_across[1])
    gap = kit.first_epochs.ALONG_GAP
    assert clear_of(label, lines, gap) and (label.get_top()[1] < flat[1]) == under
    assert label.get_bottom()[1] > zoom.origin()[1]
    over = label.copy().next_to(flat, UP + RIGHT, buff=0.12)
    assert clear_of(over, lines[:1], gap) != under                        # the control


def test_a_crawl_that_runs_away_keeps_its_trail_in_the_panel(kit):
    """At lr 4.5e-4 the crawl runs away in epoch 12, a reaching ~10⁴: its walker's trail was
    drawn through every point, a thick line across the data panel and the frame. It now
    stops at the landscape panel's edge, with the stage's arrowhead pointing out. Control:
    at the defaults the crawl stays in the panel and its whole path is drawn."""
    far = compute(LESSON.resolve(sets=["lr=4.5e-4"]))
    assert far.crawl.diverged and far.crawl_leaves_panel
    built, stage = kit.crawl.CrawlPart().build(far, None), kit.stage.build_stage(far)
    walker = kit.crawl.start_walker(stage, far, built.plot, built.readout, 1)
    walker.index.set_value(float(far.crawl.epochs))
    walker.update()
    box = stage.land.axes
    for point in walker.trail.get_anchors():
        assert box.get_left()[0] - 0.01 <= point[0] <= box.get_right()[0] + 0.01
        assert box.get_bottom()[1] - 0.01 <= point[1] <= box.get_top()[1] + 0.01
    assert walker.exit is not None
    near = compute(LESSON.defaults())
    assert not near.crawl_leaves_panel and len(near.crawl_shown_path) == len(near.crawl.path)


def test_a_crawl_that_leaves_the_panel_shows_one_arrowhead(manim_tmp):
    """At lr 4.5e-4 the stage's run leaves the landscape panel too: the crawl's swap removed
    the stage's dot but kept its arrowhead, and two stood side by side at the edge. Played dry
    to the crawl's end, one is left. Control: the stage's walker has one of its own."""
    from sgdanim.render.dry_run import play_dry
    from scenes.kit.landscape_panel import ExitTip
    scene = play_dry("stepping", ["parts=crawl", "lr=4.5e-4"], frame_rate=15).scene
    tips = {id(m) for top in scene.mobjects for m in top.get_family() if isinstance(m, ExitTip)}
    assert scene.stage.walker.exit is not None and id(scene.stage.walker.exit) not in tips
    assert len(tips) == 1


def test_where_across_rises_in_epoch_1_its_label_keeps_off_the_epoch_numbers(kit):
    """At lr 4.5e-4 across rises in epoch 1 (1.48 → 15) to just under along: over the flat
    line was too close to along, so "epoch 1: 1.48 → 15" went under it, onto the zoom's epoch
    numbers. It now takes a top corner of the zoom, clear of both lines and the numbers.
    Control: under the line, as before, it meets the numbers."""
    from scenes.kit.clearance import clear_of
    n = compute(LESSON.resolve(sets=["lr=4.5e-4"]))
    plot, c = kit.crawl_plot.CrawlPlot(n), n.crawl
    zoom, last = plot.zoom, int(n.crawl_zoom[1])
    early = np.arange(last + 1, dtype=float)
    lines = [zoom.axes.point(early, v[:last + 1]) for v in (c.along, c.across)]
    label, numbers = plot.drop[1], zoom.axes.axes.x_axis.numbers
    assert n.crawl_across[1] > n.crawl_across[0]                      # a rise, not a drop
    assert clear_of(label, lines, kit.first_epochs.ALONG_GAP)
    assert not [pair for pair in overlapping([label, *numbers]) if 0 in pair]
    flat = zoom.axes.point(1, n.crawl_across[1])
    under = label.copy().next_to(flat, DOWN + RIGHT, buff=kit.first_epochs.DROP_GAP)
    assert [pair for pair in overlapping([under, *numbers]) if 0 in pair]     # the control
