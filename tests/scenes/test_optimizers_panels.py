"""The ``optimizers`` scene's stage (scenes/optimizers/panels.py, finish.py), nothing rendered: the
walkers, trails and RMSE curves on the row clock, a walker that leaves the box, the epoch
counter, where the stage puts the lesson's numbers, a dot running under another drawn as a ring,
the inset's labels, the rule cards, the finish drawn apart in a zoom, and the start."""

import numpy as np
import pytest

from sgdanim.lessons.optimizers import RACERS, compute
from tests.lessons.optimizers_kit import LESSON, RUNAWAY_MID_RACE, SHEETS
from tests.lessons.optimizers_kit import numbers, swept  # noqa: F401 - fixtures
from tests.scenes.optimizers_kit import overlap, racer_of
from tests.scenes.optimizers_kit import _seeded_media  # noqa: F401 - fixtures


def test_walker_and_rmse_curve_follow_the_row_clock(numbers):
    from manim import ValueTracker

    from scenes.kit.landscape_panel import LandscapePanel
    from scenes.optimizers.panels import BoxedWalker, RmsePlot
    panel = LandscapePanel(numbers.landscape, numbers.a_range, numbers.b_range, numbers.levels[:2])
    adam = racer_of(numbers, "adam")
    walker = BoxedWalker(panel, adam, "#E69F00")
    walker.index.set_value(5 * numbers.rows)
    walker.update()
    np.testing.assert_allclose(walker.dot.get_center(), panel.point(*adam.path[5 * numbers.rows]))

    plot = RmsePlot(numbers)
    rows = ValueTracker(7 * numbers.rows + 3)
    curve = plot.curve(adam, rows, numbers.rows)
    curve.update()
    anchors = curve.get_anchors()
    np.testing.assert_allclose(anchors[0], plot.point(1, adam.rmse[0]))
    np.testing.assert_allclose(anchors[-1], plot.point(7, adam.rmse[6]))   # 7 epochs done, not 8


def test_trail_is_one_point_per_epoch_not_every_row(numbers):
    """The issue's solid rectangles were ~1,160 per-row zig-zags: after the first epoch the
    trail has one corner per epoch (and the dot's row), while the dot itself still steps row
    by row; the first epoch, walked alone, is drawn row by row in ``first``, and fades."""
    from scenes.kit.landscape_panel import LandscapePanel
    from scenes.optimizers.panels import FIRST_FADED, BoxedWalker
    panel = LandscapePanel(numbers.landscape, numbers.a_range, numbers.b_range, [])
    sgd = racer_of(numbers, "sgd")
    walker = BoxedWalker(panel, sgd, "#F0E442")
    rows = numbers.rows
    k = 10 * rows + 7
    walker.index.set_value(k)
    walker.update()
    corners = walker.trail.get_anchors()
    assert len(corners) == 2 * 10                   # 10 segments: epochs 1..10, then k
    np.testing.assert_allclose(corners[0], panel.point(*sgd.path[rows]))
    np.testing.assert_allclose(corners[-1], panel.point(*sgd.path[k]))
    np.testing.assert_allclose(walker.dot.get_center(), panel.point(*sgd.path[k]))
    # Negative control: a trail through every row would have k segments.
    assert len(corners) < 2 * k
    first = np.asarray(walker.first.get_anchors())
    assert len(first) == 2 * rows                   # every row of the first epoch
    np.testing.assert_allclose(first[[0, -1]], [panel.point(*sgd.path[i]) for i in (0, rows)])
    # During the first epoch the trail is nothing yet, and ``first`` ends at the dot's row.
    walker.index.set_value(12.5)
    walker.update()
    assert len(walker.first.get_anchors()) == 2 * 12
    assert np.ptp(walker.trail.get_anchors(), axis=0).max() == 0
    opacity = walker.first.get_stroke_opacity()
    faded = walker.faded().first.get_stroke_opacity()
    assert faded == pytest.approx(FIRST_FADED[0]) and faded < opacity


def test_boxed_walker_draws_the_runs_and_points_out_where_the_weights_left():
    from scenes.kit.landscape_panel import LandscapePanel
    from scenes.optimizers.panels import BoxedWalker
    n = compute(LESSON.resolve(sets=RUNAWAY_MID_RACE))
    panel = LandscapePanel(n.landscape, n.a_range, n.b_range, n.levels[:2])
    sgd = n.racers[0]
    walker = BoxedWalker(panel, sgd, "#F0E442")
    k = int(np.flatnonzero(sgd.boxed.outside)[-1])
    walker.index.set_value(k)
    walker.update()
    # The trail runs through each epoch's start inside the box, broken where one is outside.
    rows = walker.trail_indices(k)
    inside = ~sgd.boxed.outside[rows]
    runs, start = [], 0
    for stop in [*np.flatnonzero(~inside), len(rows)]:
        if stop - start >= 2:
            runs.append(rows[start:stop])
        start = stop + 1
    subpaths = walker.trail.get_subpaths()
    assert len(subpaths) == max(len(runs), 1)       # with no run: one point at the start
    for subpath, run in zip(subpaths, runs):
        np.testing.assert_allclose(subpath[0], panel.point(*sgd.path[run[0]]))
        assert len(subpath) == 4 * (len(run) - 1)          # one segment per epoch, no more
    # (turning the triangle about its box's centre moves that centre by a hair)
    np.testing.assert_allclose(walker.edge.get_center(), panel.point(*sgd.boxed.edge[k]),
                               atol=0.01)
    assert walker.edge.get_fill_opacity() == 1 and walker.dot.get_fill_opacity() == 0
    walker.index.set_value(0)
    walker.update()
    assert walker.edge.get_fill_opacity() == 0 and walker.dot.get_fill_opacity() == 1


def test_epoch_counter_shows_the_last_epoch_done_as_the_table(numbers):
    """The counter names the epoch whose RMSE the live table shows, mid-epoch too (review r8:
    it said 22 over epoch 21's cells). Control: a clock a hair short of an epoch's end
    counts it done, as the table does."""
    from sgdanim.lessons.optimizers import rmse_now
    from scenes.optimizers.panels import RowClock, epoch_counter
    rows = RowClock(0)
    counter = epoch_counter(rows, numbers.rows, numbers.epochs)
    rmse = numbers.racers[0].rmse
    for value, shown in ((0, 1), (29, 1), (30, 1), (57, 1), (57.9999999999, 2), (58, 2),
                         (21.5 * 29, 21), (40 * 29, 40)):
        rows.tracker.set_value(value)
        counter.update()
        assert counter.number.get_value() == shown
        if value >= numbers.rows:
            assert rmse_now(rmse, value, numbers.rows) == pytest.approx(rmse[shown - 1])


def test_stage_places_the_numbers(numbers):
    from scenes.optimizers.panels import layout
    s = layout(numbers)
    np.testing.assert_allclose(s.start.get_center(), s.panel.point(*numbers.start))
    assert s.clock.value == numbers.race.first and list(s.walkers) == list(RACERS)
    for name, dot in s.dots.items():
        r = racer_of(numbers, name)
        e = r.epochs_to_target
        np.testing.assert_allclose(dot.get_center(), s.plot.point(e, r.rmse[e - 1]))
    assert set(s.dots) == {"adam", "adam_ann"}


def test_a_dot_that_runs_under_another_is_a_ring_on_top(swept):
    """RMSProp runs under Adam's dot at the same lr: its dot (and its inset twin, and its key
    dot in the table) is a hollow ring, larger and drawn above Adam's, and the race says so;
    at the sheets' lrs RMSProp runs apart from Adam and keeps a plain dot (control)."""
    from scenes.optimizers.panels import layout
    from scenes.optimizers.parts import race_legs
    s = layout(swept)
    ring, adam = s.walkers["rmsprop"].dot, s.walkers["adam"].dot
    assert ring.get_fill_opacity() == 0 and ring.get_stroke_width() > 0
    assert ring.width > adam.width and ring.z_index > adam.z_index
    key = s.table.swatches
    assert key["rmsprop"].get_fill_opacity() == 0 and key["rmsprop"].get_stroke_width() > 0
    assert key["adam"].get_fill_opacity() == 1 and key["rmsprop"].width > key["adam"].width
    assert key["rmsprop"].get_right()[0] < s.table.names["rmsprop"].get_left()[0] - 0.03
    if s.inset is not None and "rmsprop" in s.inset.walkers:
        assert s.inset.walkers["rmsprop"].dot.get_fill_opacity() == 0
    lines = [line for walk in race_legs(swept).values() for *_, line in walk]
    assert "Ring: RMSProp, under Adam's dot: together until epoch 34." in lines
    from scenes.optimizers.sweep import sweep_plot
    marks = sweep_plot(swept).marks          # the sweep's dots sit together too (one lr)
    assert marks["rmsprop"].get_fill_opacity() == 0 and marks["adam"].get_fill_opacity() == 1
    apart = layout(compute(LESSON.resolve(sets=[SHEETS])))
    assert apart.walkers["rmsprop"].dot.get_fill_opacity() == 1
    assert apart.table.swatches["rmsprop"].get_fill_opacity() == 1


def test_inset_labels_its_ends_and_middle_exactly(swept):
    """The inset's tick labels read the zoomed box's ends and middle (2.5, not 2)."""
    from scenes.optimizers.panels import layout
    inset = layout(swept).inset
    (a0, a1, _), (b0, b1, _) = swept.inset.a_range, swept.inset.b_range
    for axis, lo, hi in ((inset.panel.axes.x_axis, a0, a1), (inset.panel.axes.y_axis, b0, b1)):
        shown = sorted(round(n.get_value(), 6) for n in axis.numbers)
        ticks = swept.inset.ticks(int(axis is inset.panel.axes.y_axis))
        assert shown == sorted(set(ticks) - {0.0}) and ticks[0] == lo and ticks[-1] == hi
        for n in axis.numbers:            # what is drawn reads the value: "2.5", never "2"
            assert float(f"{n.get_value():.{n.num_decimal_places}f}") == n.get_value()
    # negative control: the digits a whole-number step would give misread the middle
    assert float(f"{(b0 + b1) / 2:.0f}") != (b0 + b1) / 2


def test_each_rule_card_says_its_path_is_epoch_1_at_its_own_lr(swept):
    """The move drawn with a rule is one epoch at that racer's lr: the card says which (SGD's
    10⁻⁴, momentum's 1.8×10⁻⁴, …); the cards differ where the lrs do (control)."""
    from scenes.optimizers.panels import rule_card
    said = {r.name: rule_card(r, column=True)[-1].tex_string for r in swept.racers}
    assert said["sgd"] == r"\text{epoch 1 at lr }1.0\times10^{-4}"
    assert said["momentum"] == r"\text{epoch 1 at lr }1.8\times10^{-4}"
    assert said["adam"] == said["rmsprop"] != said["adam_ann"]
    assert said["adam"] == r"\text{epoch 1 at lr }5.6\times10^{-2}"     # as in the table


def test_the_finish_at_the_star_is_drawn_apart_in_a_zoom(swept):
    """Annealed Adam, RMSProp and Adam end within a dot's width of the star (and of each
    other): the finish zoom draws them 3× apart beside the star, each dot where the lesson's
    zoom puts its last point, in its colour (RMSProp a ring, as on the panel), named to its
    right, top to bottom as they stand; nothing in it meets another text of the race's end,
    the table or the RMSE plot, and it stays inside the panel. Control: at the panel's scale
    the dots overlap."""
    from manim import ManimColor

    from scenes.kit.style import OPTIMIZER_COLOURS
    from scenes.optimizers.panels import layout
    stage = layout(swept)
    view, f = stage.finish, swept.finish
    assert list(view.dots) == list(view.names) == list(f.racers)
    axes = stage.panel.axes
    for name, end in zip(f.racers, f.ends):
        dot, label = view.dots[name], view.names[name]
        np.testing.assert_allclose(dot.get_center(), view.panel.point(*end), atol=1e-9)
        colour = ManimColor(OPTIMIZER_COLOURS[name]).to_hex().lower()
        assert (dot.get_stroke_color() if name == "rmsprop" else dot.get_fill_color()) \
            .to_hex().lower() == colour
        assert all(m.get_color().to_hex().lower() == colour for m in label)
        assert label.get_left()[0] > dot.get_right()[0]
        assert view.backing.get_left()[0] < dot.get_left()[0] and \
            label.get_right()[0] < view.backing.get_right()[0]
    assert view.dots["rmsprop"].get_fill_opacity() == 0          # the ring, as on the panel
    dots, names = list(view.dots.values()), list(view.names.values())
    assert [d.get_y() for d in dots] == sorted((d.get_y() for d in dots), reverse=True)
    pieces = [*dots, *names, view.factor]
    assert not any(overlap(a, b) for i, a in enumerate(pieces) for b in pieces[i + 1:])
    for m in pieces:
        assert not any(overlap(m, other, gap=0.05) for other in (
            stage.opt_label, stage.table, stage.plot, stage.inset.group, stage.start_label))
    assert axes.get_left()[0] < view.backing.get_left()[0] and \
        view.backing.get_right()[0] < axes.get_right()[0]
    assert axes.get_bottom()[1] < view.backing.get_bottom()[1] and \
        view.backing.get_top()[1] < axes.get_top()[1]
    assert not overlap(view.backing, stage.panel.optimum) and not overlap(view.zoomed, stage.opt_label)
    at_panel = [stage.panel.point(*end) for end in f.ends]
    assert min(np.linalg.norm(p - q) for i, p in enumerate(at_panel) for q in at_panel[i + 1:]) \
        < 2 * dots[-1].radius
    alone = compute(LESSON.resolve(sets=["optimizers=sgd,adam"]))   # one dot by the star
    assert layout(alone).finish is None


def test_a_finish_name_with_no_room_right_of_its_dot_goes_under_it_inside_the_zoom():
    """After 10 epochs Adam's and RMSProp's last points stand side by side near the zoom's
    right edge: "RMSProp" (one word, nothing to break) ran out of the zoom and lay on "Adam"
    (a dry run found it). It now stands under its dot, inside the zoom, clear of every other
    name. Control: right of its dot, as before, it passes the zoom's edge."""
    from manim import RIGHT

    from scenes.optimizers.panels import layout
    view = layout(compute(LESSON.resolve(sets=["epochs=10"]))).finish
    names = list(view.names.values())
    right = view.backing.get_right()[0]
    assert all(name.get_right()[0] < right for name in names)
    assert not any(overlap(a, b) for i, a in enumerate(names) for b in names[i + 1:])
    dot, name = view.dots["rmsprop"], view.names["rmsprop"]
    assert name.get_top()[1] < dot.get_bottom()[1]
    assert name.copy().next_to(dot, RIGHT, buff=0.08).get_right()[0] > right   # control


def test_the_start_is_a_ring_round_a_dot_over_the_walkers(swept):
    """The one start: a white dot in a ring a size larger than a walker's dot, drawn over the
    dots, at a = b = 1 (a dot of 0.05 read as a speck at 480p before)."""
    from manim import Circle

    from scenes.optimizers.panels import layout
    stage = layout(swept)
    ring, dot = stage.start
    assert isinstance(ring, Circle) and ring.get_fill_opacity() == 0
    walker = stage.walkers["adam"].dot
    assert ring.width > 1.4 * walker.width and dot.width > 0.1
    assert ring.z_index > walker.z_index
    for m in (ring, dot):
        np.testing.assert_allclose(m.get_center(), stage.panel.point(*swept.start), atol=1e-9)


def test_text_keeps_60_px_off_the_right_edge(swept):
    """Review r11: the fairness note, the epoch counter, Adam's rule card and part 6's rules
    ended 17-47 px from the frame's right edge (1080p); review r12: the RMSE plot's "epoch",
    19 px. Each keeps 60 px now.
    Negative control: Adam's card at the old width (6.4), and the plot at its old width
    (4.8, placed as the stage's), end closer."""
    from manim import RIGHT, config

    from scenes.optimizers.panels import RmsePlot, layout, rule_card
    from scenes.optimizers.steps import step_plot
    margin = 60 / 1080 * config.frame_height
    edge = config.frame_width / 2
    stage, plot = layout(swept), step_plot(swept)
    shown = [stage.fairness, stage.counter, plot.bars.group, stage.plot.x_label,
             *[rule_card(r) for r in swept.racers],
             *[m for m in (plot.slow, plot.scaled, plot.fast, plot.annealed) if m is not None]]
    for m in shown:
        assert m.get_right()[0] <= edge - margin, m
    adam = next(r for r in swept.racers if r.name == "adam")
    assert rule_card(adam, max_width=6.4).get_right()[0] > edge - margin
    wide = RmsePlot(swept, width=4.8, height=2.55)
    wide.shift((stage.plot.get_left()[0] - wide.get_left()[0]) * RIGHT)
    assert wide.x_label.get_right()[0] > edge - margin


def test_epoch_counter_stands_apart_from_the_plot_title(swept):
    """The counter shares the RMSE plot's title line, a clear gap after it: with 'per epoch' in
    the title (the x axis says epoch) it read on from it, "per epoch epoch 13 of 40".
    Negative control: that title ends within 0.15 of the counter."""
    from manim import LEFT, MathTex

    from scenes.kit.style import LABEL_SIZE
    from scenes.optimizers.panels import layout
    stage = layout(swept)
    counter, title = stage.counter, stage.plot.title
    assert counter.get_left()[0] - title.get_right()[0] > 0.5
    old = MathTex(r"\text{RMSE} = \sqrt{\text{mean err}^2}\ \text{per epoch}",
                  font_size=LABEL_SIZE).align_to(title, LEFT)
    assert counter.get_left()[0] - old.get_right()[0] < 0.15


def test_the_race_plots_tick_labels_stand_clear_of_their_ticks(swept):
    """Review r22: the RMSE plot's 10^k labels stood 0.1 from the axis, where its ticks end,
    so each exponent touched its tick. Each now keeps 0.05 clear of the tick's end.
    Negative control: the same axes with the old 0.1 keep none."""
    from scenes.kit.plots import LogAxes
    from scenes.kit.style import MIN_FONT_SIZE
    from scenes.optimizers.panels import layout

    def gaps(axes):
        tick_end = axes.axes.y_axis.get_center()[0] - axes.axes.y_axis.tick_size
        return [tick_end - label.get_right()[0] for label in axes.labels]

    plot = layout(swept).plot
    assert min(gaps(plot)) >= 0.05
    # ...and the title over them, "10²" included (it stood over the axis only, r22)
    assert plot.title.get_bottom()[1] - max(m.get_top()[1] for m in plot.labels) >= 0.05
    old = LogAxes((0, swept.epochs, swept.epoch_step), swept.rmse_decades, width=4.35,
                  height=2.55, font_size=MIN_FONT_SIZE, label_size=MIN_FONT_SIZE, label_buff=0.1)
    assert max(gaps(old)) < 0.05


def test_after_200_epochs_the_table_stays_in_the_frame():
    """After 200 epochs annealed Adam's lr has dropped ten times: its cell read "1.7×10⁻⁶
    (÷1048576)", the lr column widened, and the table's last column ran off the frame. A
    divisor from 10⁴ up now follows the one rule (÷1.0×10⁶, as its caption says it), and a
    table still wider than the frame leaves the divisor to the captions. Control: the
    defaults' table keeps it ("÷16" after two drops)."""
    from manim import config

    from scenes.optimizers.lrs import lr_cell_parts
    from scenes.optimizers.panels import layout
    from sgdanim.lessons.optimizers import compute
    from tests.lessons.optimizers_kit import LESSON
    n = compute(LESSON.resolve(sets=["epochs=200"]))
    ann = next(r for r in n.racers if r.name == "adam_ann")
    assert len(ann.lr_drops) == 10
    assert lr_cell_parts(ann, ann.lr_drops[-1][1])[1] == r"\,(\div1.0\times10^{6})"
    table = layout(n).table
    assert table.get_right()[0] <= config.frame_width / 2 - 0.2
    assert r"\div" not in table.set_lr("adam_ann", ann.lr_drops[-1][1])[1].get_tex_string()
    near = compute(LESSON.defaults())
    first_drop = next(r for r in near.racers if r.name == "adam_ann").lr_drops[0][1]
    defaults = layout(near).table
    assert r"\div4" in defaults.set_lr("adam_ann", first_drop)[1].get_tex_string()
