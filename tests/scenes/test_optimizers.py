"""Scenes of lesson ``optimizers``, nothing rendered: what the scene's mobjects and captions say
against the lesson's numbers (the table's cells, the walkers and rmse curves on the row clock,
the rules' formulas, the race's captions), and where they sit: every piece of the stage and
the rule cards inside the frame with nothing on top of anything else, and a part played alone
finding the screen the parts before it leave."""

from types import SimpleNamespace

import numpy as np
import pytest

from sgdanim.lessons import get
from sgdanim.lessons.optimizers import RACERS, compute
from tests.lessons.test_optimizers import (OUT_OF_THE_BOX, RUNAWAY_ALONE, RUNAWAY_MID_RACE,
                                           SHEETS, reference_epochs, reference_run)

LESSON = get("optimizers")


@pytest.fixture(autouse=True)
def _tex_in_tmp(tmp_path_factory):
    """MathTex writes .tex/.svg files under media_dir; keep them out of the repo."""
    from manim import tempconfig
    with tempconfig({"media_dir": str(tmp_path_factory.getbasetemp() / "media")}):
        yield


@pytest.fixture(scope="module")
def numbers():
    """The race at the sheets' lrs (tests/lessons/test_optimizers.py's numbers)."""
    return compute(LESSON.resolve(sets=[SHEETS]))


@pytest.fixture(scope="module")
def swept():
    return compute(LESSON.defaults())


# What the scene's mobjects and captions say, and where they sit (manim imported, nothing rendered)

def racer_of(numbers, name):
    return numbers.racers[[r.name for r in numbers.racers].index(name)]


def test_table_cells_are_the_cores_numbers(numbers):
    from scenes.optimizers.table import RaceTable
    from scenes.optimizers.text import lr_tex
    cells = RaceTable(numbers).cells()
    for r in numbers.racers:
        lr, result, final = cells[r.name]
        assert lr == lr_tex(r.lr, column=True)
        want = reference_epochs(r.name, r.lr, numbers.epochs)
        assert result == (rf"\text{{{want}}}" if want is not None
                          else rf"\text{{not in {numbers.epochs}}}")
        last = reference_run(r.name, r.lr, numbers.epochs).epoch_rmse()
        rising = ", rising" if last[-1] > last[-2] else ""
        # two decimals, as every RMSE of the table (the live column too)
        assert final == f"{last[-1]:.2f}" + (r"\text{, rising}" if rising else "")
    assert cells["sgd"][0] == r"1.0\times10^{-4}" and cells["adam"][2] == r"4.60\text{, rising}"
    assert cells["rmsprop"][0] == r"2.0\times10^{-2}"     # the column's one format


def test_table_cells_follow_params():
    from scenes.optimizers.table import RaceTable
    n = compute(LESSON.resolve(sets=[SHEETS, "epochs=6", "target=20", "lr_rmsprop=0.05",
                                     "lr=0.003"]))
    cells = RaceTable(n).cells()
    assert cells["rmsprop"][0] == r"5.0\times10^{-2}" and cells["sgd"][0] == r"3.0\times10^{-3}"
    assert cells["sgd"][1] == r"\text{ran away}" and n.racers[0].diverged_at is not None
    for r in n.racers[1:]:
        want = reference_epochs(r.name, r.lr, 6, 20.0)
        assert cells[r.name][1] == (rf"\text{{{want}}}" if want else r"\text{not in 6}")


def test_lr_column_reads_in_one_format(swept):
    """The race's lrs span 10⁻⁴ to 0.3: every cell of the column is a mantissa and a power of
    ten with two figures (5.6×10⁻² under 1.0×10⁻⁴, not 0.0562), annealed Adam's drop too, and
    the captions of its drops say the cell's "lr now (÷ cut)". The old
    per-number rule mixed the two (control); a column whose lrs are all from 0.01 up stays
    plain (control)."""
    import re

    from scenes.optimizers.table import RaceTable
    from scenes.optimizers.text import event_caption, lr_tex
    table = RaceTable(swept)
    table.set_lr("adam_ann", racer_of(swept, "adam_ann").lr_drops[-1][1])
    lrs = {name: cell[0] for name, cell in table.cells().items()}
    assert lrs == {"sgd": r"1.0\times10^{-4}", "momentum": r"1.8\times10^{-4}",
                   "rmsprop": r"5.6\times10^{-2}", "adam": r"5.6\times10^{-2}",
                   "adam_ann": r"2.0\times10^{-2} \,(\div16)"}
    sci = re.compile(r"\d\.\d\\times10\^\{-?\d+\}")
    one_format = lambda cells: all(  # noqa: E731
        sci.fullmatch(cell.split(r" \,(")[0]) for cell in cells)
    assert one_format(lrs.values())
    assert not one_format(lr_tex(r.lr) for r in swept.racers)      # the old cells: mixed
    drops = [event_caption(e, swept) for e in swept.race.events if e.kind == "drop"]
    assert drops == ["annealed Adam's gradients jumped: lr now 7.9×10⁻² (÷4).",
                     "annealed Adam jumps again: lr now 2.0×10⁻² (÷16)."]
    # what the last caption says the cell reads, it reads (control: the first drop's cut)
    said_cut = drops[-1].split("(÷")[1].split(")")[0]
    assert lrs["adam_ann"].endswith(rf"(\div{said_cut})") and said_cut != "4"
    # the widest cells (a start lr and its cut; the live column's header) inside the frame
    from scenes.optimizers.panels import layout
    stage = layout(swept)
    stage.table.set_lr("adam_ann", racer_of(swept, "adam_ann").lr_drops[-1][1])
    assert all(inside_frame(m) for m in (stage.table, stage.table.now_header,
                                         stage.table.lrs["adam_ann"], *stage.table.now.values()))
    plain = compute(LESSON.resolve(sets=[SHEETS, "optimizers=rmsprop,adam"]))
    assert [c[0] for c in RaceTable(plain).cells().values()] == ["0.02", "0.1"]


def test_a_flash_keeps_each_name_its_own_colour_and_size(swept):
    """A racer's event flashes its table row with a line in its own colour (docs/notation.md)
    under the name, clear of its key dot and of the next row; the name itself keeps its
    colour and size all through. Control: manim's Indicate, the old flash, turns "Adam"
    yellow (SGD's colour) and grows it."""
    from manim import Indicate

    from scenes.kit.style import OPTIMIZER_COLOURS
    from scenes.optimizers.table import RaceTable

    def colours(mob):
        return {m.get_fill_color().to_hex().lower() for m in mob.family_members_with_points()}

    names = [r.name for r in swept.racers]
    for i, name in enumerate(names):
        table = RaceTable(swept)
        mob, own = table.names[name], OPTIMIZER_COLOURS[name].lower()
        width = mob.width
        assert colours(mob) == {own}
        for cell in ("names", "lrs"):
            flash = table.flash(name, cell)
            flash.scene = None          # played outside a scene (Succession asks for one)
            flash.begin()
            line = flash.animations[0].mobject
            for alpha in (0.2, 0.5, 0.8):
                flash.interpolate(alpha)
                assert colours(mob) == {own} and mob.width == pytest.approx(width)
            assert line.get_stroke_color().to_hex().lower() == own
            assert not overlap(line, table.swatches[name], gap=0.05)
            below = getattr(table, cell)[names[i + 1]] if i + 1 < len(names) else None
            assert below is None or line.get_bottom()[1] > below.get_top()[1]
    table = RaceTable(swept)
    adam, width = table.names["adam"], table.names["adam"].width
    old = Indicate(adam, scale_factor=1.08)
    old.begin()
    old.interpolate(0.5)
    assert colours(adam) != {OPTIMIZER_COLOURS["adam"].lower()} and adam.width > width


def test_lr_drop_swaps_the_cell_in_its_column(numbers):
    from scenes.optimizers.table import RaceTable
    from scenes.kit.style import DIM, TEXT
    table = RaceTable(numbers).shift([2.0, -1.0, 0])
    old = table.lrs["adam_ann"]
    swap = table.drop_lr("adam_ann", 0.25)
    new = table.lrs["adam_ann"]
    # the lr it runs at now, in the column's one format, then (grey) what the lr it started
    # from was divided by
    assert new.tex_string == r"2.5\times10^{-1} \,(\div4)"
    from manim import ManimColor
    assert new[0].get_fill_color().to_hex().lower() == ManimColor(TEXT).to_hex().lower()
    assert new[1].get_fill_color().to_hex().lower() == ManimColor(DIM).to_hex().lower()
    assert new.get_left()[0] == pytest.approx(table.header[1].get_left()[0])
    assert new[0][0].get_bottom()[1] == pytest.approx(old[0][0].get_bottom()[1], abs=1e-3)
    # the old cell fades out before the new one fades in (a scene adds the new cell when its
    # fade begins): while the new one is fading in, the old one has no ink left
    from manim import FadeIn, FadeOut, Succession
    assert isinstance(swap, Succession)
    out, into = swap.animations
    assert isinstance(out, FadeOut) and out.mobject is old
    assert isinstance(into, FadeIn) and into.mobject is new
    swap.scene = None
    swap.begin()

    def inked(mob):
        return max(m.get_fill_opacity() for m in mob.family_members_with_points()) > 0.01
    for alpha in np.linspace(0.01, 0.99, 20):          # (0.5 is where one hands over)
        swap.interpolate(alpha)
        assert swap.active_animation is (out if alpha < 0.5 else into), alpha
        assert inked(old) if alpha < 0.25 else (alpha < 0.5 or not inked(old)), alpha
    swap.interpolate(1.0)
    assert inked(new) and not inked(old)


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


def test_epoch_counter_shows_the_epoch_being_run(numbers):
    from scenes.optimizers.panels import RowClock, epoch_counter
    rows = RowClock(0)
    counter = epoch_counter(rows, numbers.rows, numbers.epochs)
    for value, shown in ((0, 1), (29, 1), (30, 2), (58, 2), (40 * 29, 40)):
        rows.tracker.set_value(value)
        counter.update()
        assert counter.number.get_value() == shown


def test_rmse_now_cells_follow_the_row_clock(numbers):
    """The table's live column shows, for every racer, the RMSE of the last epoch finished on
    the row clock (the run's own numbers, two decimals as the last RMSE's), in the last column
    on its row; a dash before the first epoch ends. Moving the clock changes what it says
    (control)."""
    from scenes.optimizers.panels import layout
    s = layout(numbers)
    rows, table = numbers.rows, s.table
    for value, epoch in ((rows - 1, None), (5 * rows + 4, 5), (40 * rows, 40)):
        s.clock.tracker.set_value(value)
        for r in numbers.racers:
            cell = table.now[r.name]
            cell.update()
            want = r"\text{--}" if epoch is None else \
                f"{reference_run(r.name, r.lr, epoch).epoch_rmse()[-1]:.2f}"
            assert cell.tex_string == want, (r.name, value)
            assert cell.get_left()[0] == pytest.approx(table.header[3].get_left()[0])
            assert cell[0][0][0].get_bottom()[1] == pytest.approx(
                table.finals[r.name][0][0].get_bottom()[1], abs=1e-3)
    assert table.now["adam"].tex_string == "4.60"          # the last RMSE, at epoch 40
    assert table.now["adam"].tex_string in table.cells()["adam"][2]     # read the same way
    s.clock.tracker.set_value(5 * rows)
    table.now["adam"].update()
    assert table.now["adam"].tex_string != "4.60"
    assert table.now_header.get_left()[0] == pytest.approx(table.header[3].get_left()[0])


def test_race_legs_say_the_beats_and_how_to_read_the_race(swept):
    """The first legs of the first two walks say how to read the race; every other leg says
    its beat, with the lesson's numbers (no "On to epoch N" held over a silent walk)."""
    from scenes.optimizers.parts import LEADS, race_legs
    from scenes.optimizers.text import beat_caption, ring_caption
    legs = race_legs(swept)
    lines = [line for walk in legs.values() for _, line in walk]
    beats = swept.race.beats
    leads = (*LEADS, ring_caption(swept))
    assert len(lines) == len(beats) and lines[:2] == [LEADS[0], leads[2]] and LEADS[1] in lines
    assert not any(line.startswith("On to epoch") for line in lines)
    told = [(line, b) for line, b in zip(lines, beats) if line not in leads]
    assert len(told) == len(beats) - 3 and all(line == beat_caption(b) for line, b in told)
    assert "annealed Adam's RMSE rises: 0.55 → 17." in lines
    assert beat_caption(next(b for b in beats if b.kind == "climb")).startswith(
        "RMSProp climbs the valley: b 5.75 → 8.77")


def test_rules_write_the_lessons_numbers():
    """rule_tex writes what the lesson says, not constants of its own: odd made-up numbers."""
    from scenes.optimizers.text import gloss, rule_tex
    odd = SimpleNamespace(name="adam_ann", rule=SimpleNamespace(
        mean=(0.8, 0.2), square=(0.95, 0.05), eps=1e-6, anneal=(3.0, 5.0)))
    lines = rule_tex(odd)
    assert lines[0] == r"m \leftarrow 0.8\,m + 0.2\,g,\quad v \leftarrow 0.95\,v + 0.05\,g^2"
    assert r"\sqrt{v}+\epsilon" in lines[1] and r"G > 3\," in lines[3] and lines[3].endswith("/5")
    assert "÷ 5" in gloss(odd)
    plain = SimpleNamespace(name="momentum", rule=SimpleNamespace(
        mean=(0.9, 1.0), square=None, eps=0.0, anneal=None))
    assert rule_tex(plain) == (r"m \leftarrow 0.9\,m + 1\,g",
                               r"p \leftarrow p - \mathrm{lr}\cdot m")


def test_captions_read_the_lessons_numbers(numbers):
    from scenes.optimizers.text import bounce_caption, event_caption, summary_caption
    texts = [event_caption(e, numbers) for e in numbers.race.events]
    # the lrs as the table's cell that changes with them says them
    assert texts[:2] == ["annealed Adam's gradients jumped: lr now 2.5×10⁻¹ (÷4).",
                         "annealed Adam jumps again: lr now 6.2×10⁻² (÷16)."]
    for e, text in zip(numbers.race.events, texts):
        if e.kind == "rmse":
            t = reference_run("rmsprop", 0.02, e.epoch)
            assert f"RMSProp {float(f'{t.epoch_rmse()[-1]:.2g}'):g}," in text
            assert text.count(",") == len(numbers.racers) - 1
    assert texts[-1] == "annealed Adam: below RMSE 1 in epoch 37."
    assert summary_caption(numbers) == "RMSE < 1: Adam first, epoch 28; 3 of 5 never."
    assert bounce_caption(numbers) == "Adam and annealed Adam climb back: last RMSE 4.6, 2.3."
    assert bounce_caption(compute(LESSON.defaults())) is None   # all stayed: nothing to say
    alone = compute(LESSON.resolve(sets=RUNAWAY_ALONE))
    assert event_caption(alone.race.alone[0], alone) == (
        f"SGD ran away at step {alone.racers[0].diverged_at}: it stops.")


# Layout and the parts' builds: every piece inside the frame, nothing on top of anything else -----

def box(m):
    (x0, y0, _), (x1, y1, _) = m.get_corner([-1, -1, 0]), m.get_corner([1, 1, 0])
    return x0, y0, x1, y1


def overlap(m1, m2, gap=0.0) -> bool:
    a, b = box(m1), box(m2)
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def inside_frame(m) -> bool:
    from manim import config
    w, h = config.frame_width / 2, config.frame_height / 2
    x0, y0, x1, y1 = box(m)
    return -w + 0.05 < x0 and x1 < w - 0.05 and -h + 0.05 < y0 and y1 < h - 0.05


@pytest.mark.parametrize("sets", [[], ["epochs=6", "target=20", "optimizers=sgd,adam_ann"],
                                  OUT_OF_THE_BOX])
def test_stage_and_cards_fit_the_frame_and_nothing_overlaps(sets):
    from scenes.optimizers.panels import layout
    from scenes.optimizers.parts import Bowl, Rules
    from manim import VGroup

    from scenes.optimizers.sweep import sweep_plot
    n = compute(LESSON.resolve(sets=sets))
    from scenes.optimizers.parts import header
    s = layout(n)
    question = Bowl().build(n, None).question
    cards = Rules().build(n, None).cards.values()
    head = header("race")
    sweep = sweep_plot(n)
    swept = VGroup(sweep.axes, sweep.labels, *sweep.crosses.values())
    for piece in (s.panel, s.table, s.plot, s.counter, s.fairness, question, head, swept, *cards):
        assert inside_frame(piece), piece
    # the sweep takes the contours' half while they are faded out: off the table, and within
    # the panel's columns (the contours come back after it)
    assert not overlap(swept, s.table, gap=0.05) and not overlap(swept, s.fairness, gap=0.05)
    assert swept.get_right()[0] < s.table.get_left()[0]
    assert not overlap(header("sweep"), swept, gap=0.05)
    # Every part's title clears the contour panel's b label (and so the panel).
    for spec in LESSON.parts:
        assert not overlap(header(spec.id), s.panel.labels, gap=0.1), spec.id
    if s.inset is not None:           # drawn over the panel, inside its axes, off every path
        inner = s.inset.group
        axes = s.panel.axes
        assert axes.get_left()[0] < inner.get_left()[0] and inner.get_right()[0] < \
            axes.get_right()[0]
        assert axes.get_bottom()[1] < inner.get_bottom()[1] and inner.get_top()[1] < \
            axes.get_top()[1]
        for w in s.walkers.values():
            assert not any(inner.get_left()[0] < x < inner.get_right()[0]
                           and inner.get_bottom()[1] < y < inner.get_top()[1]
                           for x, y, _ in w.scene_points), w
    # Nothing that matters in the bottom 0.9 units, where a burned-in caption goes.
    for piece in (s.panel, s.table, s.plot, s.fairness):
        assert piece.get_bottom()[1] > -4.0 + 0.88, piece
    for a, b in [(s.panel, s.table), (s.panel, s.plot), (s.plot, s.table), (s.counter, s.plot.axes),
                 (s.counter, s.plot.title), (s.table, s.fairness), (head, s.panel),
                 (head, s.plot), *[(s.panel, c) for c in cards], *[(s.table, c) for c in cards]]:
        assert not overlap(a, b, gap=0.05), (a, b)
    # The lr note under the table stays clear of the panel's "a", on the same baseline.
    assert not overlap(s.fairness, s.panel, gap=0.4)
    # The contour panel gets nearly half the screen (6.45 of 14.2 units), not a third of it.
    assert s.panel.axes.width > 6.2 and s.panel.axes.height > 5.2
    assert overlap(s.start, s.start_label, gap=0.2) and overlap(s.panel.optimum, s.opt_label, 0.4)
    # Table columns: each lr the race will show (the start and every drop) clears its neighbours.
    t = s.table
    for r in n.racers:
        assert not overlap(t.names[r.name], t.lrs[r.name], gap=0.15)
        for _, lr in r.lr_drops:
            t.drop_lr(r.name, lr)
            assert not overlap(t.lrs[r.name], t.results[r.name], gap=0.15), (r.name, lr)
        assert not overlap(t.lrs[r.name], t.results[r.name], gap=0.15)


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
    """RMSProp runs under Adam's dot at the same lr: its dot (and its inset twin) is a hollow
    ring, larger and drawn above Adam's, and the race says so; at the sheets' lrs RMSProp
    runs apart from Adam and keeps a plain dot (control)."""
    from scenes.optimizers.panels import layout
    from scenes.optimizers.parts import race_legs
    s = layout(swept)
    ring, adam = s.walkers["rmsprop"].dot, s.walkers["adam"].dot
    assert ring.get_fill_opacity() == 0 and ring.get_stroke_width() > 0
    assert ring.width > adam.width and ring.z_index > adam.z_index
    if s.inset is not None and "rmsprop" in s.inset.walkers:
        assert s.inset.walkers["rmsprop"].dot.get_fill_opacity() == 0
    lines = [line for walk in race_legs(swept).values() for _, line in walk]
    assert "Ring: RMSProp, under Adam's dot: together until epoch 34." in lines
    from scenes.optimizers.sweep import sweep_plot
    marks = sweep_plot(swept).marks          # the sweep's dots sit together too (one lr)
    assert marks["rmsprop"].get_fill_opacity() == 0 and marks["adam"].get_fill_opacity() == 1
    apart = layout(compute(LESSON.resolve(sets=[SHEETS])))
    assert apart.walkers["rmsprop"].dot.get_fill_opacity() == 1


def test_parts_build_their_pieces_and_captions(numbers):
    from manim import UL, config

    from scenes.optimizers.parts import Bowl, Race, Rules, Table
    bowl = Bowl().build(numbers, None)
    from scenes.optimizers.panels import layout
    # The question sits beside the contours (not over them) and names the star.
    assert not overlap(bowl.question, layout(numbers).panel, gap=0.1)
    assert inside_frame(bowl.question)
    assert "Which reaches the star,\nthe lowest loss, first?" in bowl.question.original_text
    assert "on the same 29 rows" in bowl.captions[-1]
    rules = Rules().build(numbers, None)
    assert list(rules.cards) == list(RACERS) and rules.alone == {}
    for card in rules.cards.values():
        np.testing.assert_allclose(card.get_corner(UL)[:2], (0.62, 3.4), atol=1e-6)
    assert rules.captions["rmsprop"] == "RMSProp: each weight's step ÷ its gradient size."
    race = Race().build(numbers, None)
    assert [e for e, _ in race.events] == list(numbers.race.events)
    assert len(Table().build(numbers, None).captions) == 3


class Screen:
    """As much of a scene as the parts' ``settle`` steps use: what is on screen, by family."""

    def __init__(self, numbers):
        from scenes.optimizers.panels import layout
        from scenes.optimizers.scene import Optimizers
        self.numbers, self.params, self.parts = numbers, None, Optimizers.parts
        self.stage, self.on, self.shown_parts = layout(numbers), set(), set()

    def add(self, *mobjects):
        self.on |= {m for mob in mobjects for m in mob.get_family()}

    def remove(self, *mobjects):
        self.on -= {m for mob in mobjects for m in mob.get_family()}

    keep_on_top = add


@pytest.mark.parametrize("sets", [[], RUNAWAY_ALONE])
def test_a_part_played_alone_finds_the_screen_the_others_leave(sets):
    """catch_up("table") settles the bowl, the rules and the race: the walkers stand at the
    race's end, the table holds the last lr and every result an event showed."""
    from scenes.optimizers.scene import Optimizers
    from scenes.optimizers.text import lr_cell_tex
    n = compute(LESSON.resolve(sets=sets))
    screen = Screen(n)
    Optimizers.catch_up(screen, "table")
    s = screen.stage
    assert screen.shown_parts == {"bowl", "sweep", "rules", "race", "table"}
    for r in n.racers:
        assert s.walkers[r.name].dot in screen.on and s.table.names[r.name] in screen.on
        np.testing.assert_allclose(s.walkers[r.name].dot.get_center(),
                                   s.panel.point(*r.path[-1]))
        last = r.lr_drops[-1][1] if r.lr_drops else r.lr
        assert s.table.lrs[r.name] in screen.on
        assert s.table.cells()[r.name][0] == lr_cell_tex(r, last, s.table.column)
        assert (s.table.results[r.name] in screen.on) == (r.name not in n.race.late)
    assert s.plot.axes in screen.on and s.counter.number.get_value() == n.epochs
    assert {d for d in s.dots.values()} <= screen.on
    assert s.start in screen.on and s.start_label not in screen.on
    assert s.table.now_header in screen.on and all(c in screen.on for c in s.table.now.values())
    # Played alone, the steps part finds the table's end: its last column and its note (the
    # starred epoch's, where one dipped and came back; else the lr rule).
    from scenes.optimizers.parts import Table
    alone = Screen(n)
    Optimizers.catch_up(alone, "steps")
    t = alone.stage
    note = Table()._footnote(t, Table().build(n, None))
    assert note in alone.on or any(m.tex_string == note.tex_string for m in alone.on
                                   if hasattr(m, "tex_string"))
    assert t.counter.number not in alone.on
    assert all(m in alone.on for m in t.table.finals.values())
    assert not any(c in alone.on for c in t.table.now.values())     # RMSE now became the last


def test_step_captions_follow_the_numbers():
    """The step part's lines come from the lesson's numbers: SGD's net b per row, RMSProp's
    net b and its last epoch's |Δa| (it still rattles), Adam's |Δa| that many times smaller,
    annealed Adam's lr over Adam's and the epoch its b got near 30; another lr set moves them
    (control). Without RMSProp, Adam's net b against SGD's is said."""
    from scenes.kit.format import figures_text
    from scenes.optimizers.text import step_captions, step_focus
    swept = compute(LESSON.defaults())
    rms, adam, ann = (racer_of(swept, k) for k in ("rmsprop", "adam", "adam_ann"))
    lines = step_captions(swept)
    net = lambda r: (r.path[-1, 1] - r.path[0, 1]) / (len(r.path) - 1)   # noqa: E731
    last_a = lambda r: np.abs(np.diff(r.path[-30:, 0])).mean()           # noqa: E731
    assert lines[0] == "Why? Up: how far b got, net per row. Left: a's rattle in epoch 40."
    first = lambda r: np.abs(np.diff(r.path[:30], axis=0)).mean(axis=0)   # noqa: E731
    ratio = lambda r: figures_text(first(r)[1] / first(r)[0])            # b's step over a's
    assert lines[1] == ("SGD: b gains 1.9×10⁻³ a row; b's step is 0.022× a's: lr·g, b's g "
                        "small.")
    assert ratio(racer_of(swept, "sgd")) == "0.022"
    assert lines[2] == (f"RMSProp divides each step by √v: b's is {ratio(rms)}× a's, gains "
                        f"{figures_text(net(rms))} a row.")
    assert lines[3] == f"But its a still rattles {figures_text(last_a(rms))} a row: RMSE 1.6."
    assert lines[4] == ("Adam divides by √v too, stepping along m: a rattles "
                        f"{figures_text(last_a(rms) / last_a(adam))}× less, RMSE 0.98.")
    assert lines[4].endswith("5.8× less, RMSE 0.98.")
    assert lines[5] == ("Annealed Adam: 5.6× Adam's lr, b nears 30 by epoch 10; lr drops calm "
                        "a: RMSE 0.3.")
    assert ann.reach_epoch == 10 and abs(ann.path[10 * 29, 1] - 30) <= 1
    assert step_focus(swept) == {1: "slow", 2: "scaled", 4: "fast"}
    other = step_captions(compute(LESSON.resolve(sets=[SHEETS])))      # other lrs
    assert other[0] == lines[0] and other[4] != lines[4] and other[5] != lines[5]
    for sets in (["optimizers=sgd,adam"], [SHEETS, "lr_adam=0.02", "optimizers=sgd,adam"]):
        n = compute(LESSON.resolve(sets=sets))
        sgd, adam = racer_of(n, "sgd"), racer_of(n, "adam")
        lines = step_captions(n)
        assert lines[-1] == (f"Adam divides each step by its own √v: b gains "
                             f"{figures_text(adam.net_b)} a row, "
                             f"{figures_text(adam.net_b / sgd.net_b)}× SGD's.")
        assert step_focus(n) == {1: "slow", len(lines) - 1: "fast"}


def test_sweep_plot_places_the_sweeps_numbers(swept):
    """Each racer's dot sits at (its lr, its race's last RMSE) on log axes, within 20 % of the
    lowest point of its curve; a ✕ marks on the top edge the lr its sweep stopped at. The sheets'
    race puts the dots elsewhere (negative control)."""
    import math

    from scenes.optimizers.sweep import sweep_plot
    plot = sweep_plot(swept)
    s = swept.sweep
    for r in swept.racers:
        t = s.tunings[r.name]
        at = plot.axes.point(math.log10(t.best_lr), math.log10(t.best_rmse))
        np.testing.assert_allclose(plot.marks[r.name].get_center(), at, atol=1e-9)
        curve = np.asarray(plot.curves[r.name].get_anchors())
        # the dot is the largest lr as good as the curve's lowest: at most 20 % above it
        lowest, dot = curve[:, 1].min(), plot.marks[r.name].get_center()[1]
        rise = plot.axes.point(0, math.log10(1.2))[1] - plot.axes.point(0, 0)[1]
        assert lowest - 1e-9 <= dot <= lowest + rise + 1e-9
        lrs, rmse = s.curve(r.name)
        np.testing.assert_allclose(curve[0], plot.axes.point(math.log10(lrs[0]),
                                                             math.log10(rmse[0])), atol=1e-9)
        if t.runaway_lr is not None:
            np.testing.assert_allclose(plot.crosses[r.name].get_center()[:2], plot.axes.point(
                math.log10(t.runaway_lr), s.rmse_decades[1])[:2], atol=1e-9)
    # the ✕s say what they mean, beside the rightmost, inside the frame, off the curves' title
    assert plot.runaway.tex_string == r"\text{runs away}" and inside_frame(plot.runaway)
    assert plot.runaway.get_left()[0] > max(x.get_right()[0] for x in plot.crosses.values())
    assert not overlap(plot.runaway, plot.labels[1], gap=0.05)
    sheets = sweep_plot(compute(LESSON.resolve(sets=[SHEETS])))
    for name in ("rmsprop", "adam"):
        assert abs(sheets.marks[name].get_center()[1] - plot.marks[name].get_center()[1]) > 0.2


def test_sweep_markers_tell_coinciding_curves_apart(swept):
    """Where curves coincide (the Adams below 10⁻¹, SGD and momentum at the smallest lrs) each
    still shows squares in its own colour: every square sits on one of its racer's points, no
    two racers mark the same lr, and the coinciding curves both carry some. Negative control:
    the Adams' curves do coincide there (the same points), so colour needs the squares."""
    import math

    from manim import Square

    from scenes.kit.style import OPTIMIZER_COLOURS
    from scenes.optimizers.sweep import sweep_plot
    plot, s = sweep_plot(swept), swept.sweep
    xs = {}
    for r in swept.racers:
        lrs, rmse = s.curve(r.name)
        pts = np.array([plot.axes.point(math.log10(x), math.log10(y)) for x, y in zip(lrs, rmse)])
        squares = plot.markers[r.name]
        assert len(squares) >= len(pts) // len(swept.racers)
        for sq in squares:
            assert isinstance(sq, Square) and sq.get_fill_color().to_hex().lower() == \
                OPTIMIZER_COLOURS[r.name].lower()
            assert np.min(np.linalg.norm(pts - sq.get_center(), axis=1)) < 1e-9   # not moved
        xs[r.name] = {round(sq.get_x(), 6) for sq in squares}
    names = list(xs)
    assert all(not xs[a] & xs[b] for i, a in enumerate(names) for b in names[i + 1:])
    same = plot.axes.point(-4, 0)[0]          # below lr 10⁻⁴ the Adams' curves are one line
    np.testing.assert_allclose(plot.curves["adam"].get_anchors()[:8],
                               plot.curves["adam_ann"].get_anchors()[:8], atol=1e-9)
    for name in ("adam", "adam_ann", "rmsprop", "sgd", "momentum"):
        assert any(x < same for x in xs[name])


def test_sweep_captions_follow_the_numbers(swept):
    from scenes.optimizers.text import sweep_captions
    said = sweep_captions(swept)
    assert said["limit"] == "SGD's stops past 3.97×10⁻⁴: overshoot's mean-loss limit."
    # momentum's larger lr, said with what SGD ends at there (its rattle), from the sweep
    assert said["compare"] == ("Momentum gets 1.8× SGD's lr: there SGD ends at RMSE 25, "
                               "momentum 15.")
    s = swept.sweep
    assert round(s.rmse_at("sgd", racer_of(swept, "momentum").lr)) == 25
    assert s.rmse_at("sgd", 1e3) is None
    assert said["runs"].startswith("37 runs each, one per lr, from 1.0×10⁻⁸ to 10")
    sheets = sweep_captions(compute(LESSON.resolve(sets=[SHEETS, "optimizers=adam,rmsprop"])))
    assert sheets["limit"] is None and sheets["compare"] is None
    assert sheets["dots"] == "Dots: the sheets' lrs, picked by hand."
    assert said["dots"] == "Dots: the largest lr within 20% of the lowest RMSE."
    assert said["flat"] == ("SGD's curve is flat (16–18) from 5.6×10⁻⁷ to 1.0×10⁻⁴: no lr gets "
                            "it far.")
    from scenes.optimizers.text import fairness_tex
    assert r"\le1.2\times\text{its sweep's" in fairness_tex(swept) and "1.2" not in fairness_tex(
        compute(LESSON.resolve(sets=[SHEETS])))
    assert said["stops"] == "A sweep stops at the first lr that runs away."
    assert sheets["stops"] == "No lr on the grid made any of them run away."


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


def test_step_part_ends_on_its_takeaway_from_the_numbers(swept):
    """Part 6's held last lines say which got below the target first (from the table's
    epochs, a size larger) and why (b's step over its own √v; a calmed by m, and by lr drops
    when annealed Adam races), across the frame's foot; the rule cards carry each racer's lr.
    Without annealed Adam the lr drops are not named (control); one racer alone has no
    comparison to hold."""
    from scenes.kit.style import BODY_SIZE, LABEL_SIZE
    from scenes.optimizers.steps import first_tex, step_plot
    from scenes.optimizers.text import takeaway_tex
    said = takeaway_tex(swept)
    assert said == (r"\text{Why: each weight's own }\sqrt{v}\text{ lifts }b\text{'s step (up); }"
                    r"m\text{ and lr drops calm }a\text{ (left)}")
    no_drops = compute(LESSON.resolve(sets=["optimizers=sgd,rmsprop,adam", "epochs=3"]))
    assert takeaway_tex(no_drops) != said and "drops" not in takeaway_tex(no_drops)
    assert takeaway_tex(compute(LESSON.resolve(sets=["optimizers=adam"]))) is None
    # which first: the racers' own epochs to the target, in order (control: none got there)
    done = sorted((r for r in swept.racers if r.epochs_to_target),
                  key=lambda r: r.epochs_to_target)
    assert [r.name for r in done] == ["adam_ann", "adam"]
    assert first_tex(swept) == (rf"\text{{First under RMSE 1: annealed Adam (epoch "
                                rf"{done[0].epochs_to_target}), then Adam "
                                rf"({done[1].epochs_to_target})}}")
    assert "First under RMSE 1: annealed Adam (epoch 20), then Adam (40)" in first_tex(swept)
    assert first_tex(no_drops) == r"\text{None under RMSE 1 in 3 epochs}"
    from scenes.optimizers.text import takeaway_caption      # the same answer, said
    assert takeaway_caption(swept) == ("Per-weight steps lift b's tiny step; momentum and lr "
                                       "drops calm a's rattle.")
    assert "drops" not in takeaway_caption(no_drops)
    plot = step_plot(swept)
    # the lrs as the table wrote them (one format for the lesson's lrs)
    assert r"(lr }1.0\times10^{-4}" in plot.slow.tex_string
    assert r"(lr }5.6\times10^{-2}" in plot.fast.tex_string
    assert plot.answer.font_size == pytest.approx(BODY_SIZE)
    assert plot.takeaway.font_size == pytest.approx(LABEL_SIZE)
    assert plot.takeaway.get_top()[1] < plot.answer.get_bottom()[1]
    # Three rules (SGD, RMSProp, Adam) and the first-step bars stack in the right column,
    # the answer under everything, all inside the frame, clear of the plot and of each other.
    rules = (plot.slow, plot.scaled, plot.fast, plot.bars.group)
    assert r"\text{, } v\text{: mean } g^2" in plot.scaled.tex_string
    for i, rule in enumerate(rules):
        assert inside_frame(rule) and not overlap(rule, plot.axes, gap=0.1)
        assert not overlap(rule, plot.labels, gap=0.1)
        assert not any(overlap(rule, other, gap=0.1) for other in rules[i + 1:])
    for line in (plot.answer, plot.takeaway):
        assert inside_frame(line)
        assert not any(overlap(line, m, gap=0.1) for m in (*rules, plot.axes, plot.labels))


def test_first_step_bars_draw_each_racers_epoch_1_split(swept):
    """Part 6 draws the mechanism for all five: each racer's epoch-1 mean step per row on a
    and on b (rebuilt here from a one-epoch run), as two bars in the weights' colours, the
    pair drawn to its larger step, with b = r·a beside them. One lr for both (SGD, momentum)
    leaves b a sliver under 3 % of a; √v makes b's bar the longer. Controls: a racer whose a
    did not move gets a dash, not 0; no steps at all, no ink."""
    from types import SimpleNamespace as NS

    from manim import ManimColor

    from scenes.kit.style import WEIGHT_COLOURS
    from scenes.optimizers.first_steps import bar_lengths, first_step_bars
    bars = first_step_bars(swept, length=2.0)
    assert list(bars.rows) == [r.name for r in swept.racers]
    for r in swept.racers:
        name, a_bar, b_bar, ratio = bars.rows[r.name]
        w = np.array(reference_run(r.name, r.lr, 1).path())
        d = np.abs(w[1:] - w[:-1]).mean(axis=0)
        assert max(a_bar.width, b_bar.width) == pytest.approx(2.0)
        assert b_bar.width / a_bar.width == pytest.approx(d[1] / d[0], rel=1e-3)
        assert a_bar.get_left()[0] == pytest.approx(b_bar.get_left()[0])
        assert a_bar.get_y() > b_bar.get_y() and a_bar.get_left()[0] > name.get_right()[0]
        assert ratio.tex_string == rf"b = {float(f'{d[1] / d[0]:.2g}'):g}\,a"
        for bar, weight in ((a_bar, "a"), (b_bar, "b")):
            assert bar.get_fill_color().to_hex().lower() == \
                ManimColor(WEIGHT_COLOURS[weight]).to_hex().lower()
        assert (b_bar.width < 0.03 * a_bar.width) == (r.rule.square is None)
    rows = [VGroup_of(row) for row in bars.rows.values()]
    assert not any(overlap(a, b) for i, a in enumerate(rows) for b in rows[i + 1:])
    still = NS(name="sgd", first_a=0.0, first_b=0.02, first_ratio=None)
    assert bar_lengths(still, 2.0) == (0.0, 2.0)
    from scenes.optimizers.text import ratio_tex, ratio_text
    assert ratio_tex(None) == r"\text{--}" and ratio_text(None) == "—"
    assert bar_lengths(NS(first_a=0.0, first_b=0.0), 2.0) == (0.0, 0.0)


def test_up_and_left_are_arrows_on_the_plot(swept):
    """The takeaway's "(up)" and "(left)" point at something: an arrow up the plot's left
    margin from the highest racer under the ceiling line (momentum) to that line, and one
    above the line from the rightmost racer on it (RMSProp) to the leftmost (annealed Adam),
    their labels clear of every dot and label. Control: with one racer on the line there is
    no "left" to draw, so no arrows."""
    from scenes.optimizers.steps import directions, step_plot
    plot = step_plot(swept)
    up, up_label, left, left_label = plot.directions
    by = {r.name: r for r in swept.racers}
    axes = plot.axes
    assert up.get_start()[1] == pytest.approx(axes.point(0, by["momentum"].log_steps[1])[1])
    assert up.get_end()[1] > up.get_start()[1] and up.get_end()[1] < plot.diagonal.get_y()
    assert left.get_start()[0] == pytest.approx(axes.point(by["rmsprop"].log_steps[0], 0)[0])
    assert left.get_end()[0] == pytest.approx(axes.point(by["adam_ann"].log_steps[0], 0)[0])
    assert left.get_y() > plot.diagonal.get_y()
    others = [m for pair in plot.dots.values() for m in pair] + [plot.diagonal_label,
                                                                 *plot.labels[0], *plot.labels[1]]
    for mob in (up, up_label, left, left_label):
        assert not any(overlap(mob, other, gap=0.05) for other in others), mob
        assert inside_frame(mob)
    lone = compute(LESSON.resolve(sets=["optimizers=sgd,adam"]))
    assert directions(axes, lone) is None


def VGroup_of(row):
    from manim import VGroup
    return VGroup(*row)


def test_each_rule_card_says_its_path_is_epoch_1_at_its_own_lr(swept):
    """The move drawn with a rule is one epoch at that racer's lr: the card says which (SGD's
    10⁻⁴, momentum's 1.8×10⁻⁴, …); the cards differ where the lrs do (control)."""
    from scenes.optimizers.panels import rule_card
    said = {r.name: rule_card(r, column=True)[-1].tex_string for r in swept.racers}
    assert said["sgd"] == r"\text{epoch 1 at lr }1.0\times10^{-4}"
    assert said["momentum"] == r"\text{epoch 1 at lr }1.8\times10^{-4}"
    assert said["adam"] == said["rmsprop"] != said["adam_ann"]
    assert said["adam"] == r"\text{epoch 1 at lr }5.6\times10^{-2}"     # as in the table


def test_no_step_label_covers_another_racers_dot(swept):
    """Part 6's dots for RMSProp and annealed Adam sit side by side: each label beside its own
    dot would cover the other's. Labels that would go above their dots instead. Control:
    placed beside their dots, as before, a label covers the neighbour's dot."""
    from manim import LEFT, RIGHT

    from scenes.optimizers.steps import covers, step_plot
    dots = step_plot(swept).dots
    for name, (_, label) in dots.items():
        assert not any(covers(label, dot) for key, (dot, _) in dots.items() if key != name)
    # The three that got b all the way sit in a row on the ceiling: the leftmost's label above
    # its dot, the others' below, each starting at its dot; momentum's beside its dot.
    for name, side in (("adam_ann", 1), ("adam", -1), ("rmsprop", -1)):
        dot, label = dots[name]
        assert (label.get_center()[1] - dot.get_y()) * side > dot.height / 2, name
        assert label.get_left()[0] == pytest.approx(dot.get_left()[0]), name
    dot, label = dots["momentum"]
    assert label.get_right()[0] < dot.get_left()[0]
    labels = [label for _, label in dots.values()]
    assert not any(covers(a, b) for i, a in enumerate(labels) for b in labels[i + 1:])
    beside = {name: label.copy().next_to(dot, RIGHT if i % 2 == 0 else LEFT, buff=0.12)
              for i, (name, (dot, label)) in enumerate(sorted(dots.items(),
                                                              key=lambda kv: kv[1][0].get_x()))}
    assert any(covers(beside[name], dot) for name in beside for key, (dot, _) in dots.items()
               if key != name)


def test_table_stars_a_first_dip_and_its_note_says_when_it_stayed(swept):
    """Annealed Adam's "20" is its first dip below 1 (it climbs back to 17): the cell says 20*,
    the note under the table "first below 1 in epoch 20; for good from 28", in the lr rule's
    place (right-aligned, above the captions' band). Adam, below 1 first in its last epoch,
    gets no star; at the sheets' lrs nothing dips and comes back (control: no note)."""
    from scenes.optimizers.parts import Table
    from scenes.optimizers.panels import layout
    from scenes.optimizers.table import dip_note_tex
    from scenes.optimizers.text import result_text
    cells = {r.name: result_text(r, swept.epochs) for r in swept.racers}
    assert cells["adam_ann"] == "20*" and cells["adam"] == "40"
    assert dip_note_tex(swept) == r"^*\text{first below 1 in epoch 20; for good from 28}"
    stage, built = layout(swept), Table().build(swept, None)
    note = Table._footnote(stage, built)
    assert note is built.note and inside_frame(note) and note.get_bottom()[1] > -3.1
    assert note.get_right()[0] == pytest.approx(stage.fairness.get_right()[0])
    assert not overlap(note, stage.panel, gap=0.02)
    sheets = compute(LESSON.resolve(sets=[SHEETS]))
    assert dip_note_tex(sheets) is None or "20" not in dip_note_tex(sheets)


@pytest.mark.xdist_group("dry-optimizers")
def test_the_lesson_ends_on_its_answer_said_and_held():
    """The answer to "And why?" is the lesson's last caption, said as the takeaway appears and
    held to the end for at least 4 s (it had 2 s and no caption), within the 150 s budget;
    part 5 no longer spends a caption on the last column when no one climbed back."""
    from scenes.optimizers.text import takeaway_caption
    from tests.scenes.dryrun import played_at_defaults
    run = played_at_defaults("optimizers")
    start, stop, text = run.cues[-1]
    assert text == takeaway_caption(compute(LESSON.defaults()))
    assert stop - start >= 4.0 and stop == pytest.approx(run.seconds, abs=0.1)
    assert run.seconds <= 150
    assert all(cue[2] != "The last column: each one's RMSE at the end." for cue in run.cues)


def test_the_finish_at_the_star_is_named_beside_it(swept):
    """Annealed Adam, RMSProp and Adam end within a dot's width of the star (and of each
    other): part 5 names them in a column right of the trails, top to bottom as their dots
    stand, each with a dashed leader in its colour ending on its last point; the names clear
    of each other, of the star's label, of every trail point near them, and of the table and
    RMSE plot. Control: the names at their dots would overlap."""
    from scenes.kit.style import OPTIMIZER_COLOURS
    from scenes.optimizers.finish import finish_labels
    from scenes.optimizers.panels import layout
    stage = layout(swept)
    labels = finish_labels(stage, swept)
    assert list(labels) == ["adam_ann", "rmsprop", "adam"]
    names = [label[2] for label in labels.values()]
    assert [n.get_y() for n in names] == sorted((n.get_y() for n in names), reverse=True)
    for name, (leader, backing, text) in labels.items():
        r = racer_of(swept, name)
        # a dark backing behind each name: the contour lines cross the column
        assert backing.get_fill_opacity() >= 0.75 and backing.height > text.height
        np.testing.assert_allclose(leader.get_end(), stage.panel.point(*r.path[-1]), atol=1e-6)
        assert text.get_color().to_hex().lower() == OPTIMIZER_COLOURS[name].lower()
        assert inside_frame(text) and not overlap(text, stage.opt_label, gap=0.05)
        assert not any(overlap(text, m, gap=0.1) for m in (stage.table, stage.plot.axes))
        trail = [stage.panel.point(*p) for q in swept.racers for p in q.path]
        assert all(p[0] < text.get_left()[0] or not (text.get_bottom()[1] <= p[1] <=
                                                     text.get_top()[1]) for p in trail)
    assert not any(overlap(a, b) for i, a in enumerate(names) for b in names[i + 1:])
    at_dots = [text.copy().move_to(leader.get_end()) for leader, _, text in labels.values()]
    # the star's label clears every path point under it and near it (annealed Adam's
    # zig-zag crosses the star); control: where it stood before, next to the star, it did not
    label = stage.opt_label
    near = [stage.panel.point(*p) for q in swept.racers for p in q.path
            if abs(stage.panel.point(*p)[0] - label.get_x()) < label.width / 2 + 0.3]
    assert all(p[1] < label.get_bottom()[1] for p in near)
    from manim import UP
    before = label.copy().next_to(stage.panel.optimum, UP, buff=0.12)
    assert not all(p[1] < before.get_bottom()[1] for p in near)
    assert overlap(at_dots[0], at_dots[1])
    alone = compute(LESSON.resolve(sets=["optimizers=sgd,adam"]))   # one dot by the star
    assert finish_labels(layout(alone), alone) == {}
