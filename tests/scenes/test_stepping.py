"""Layout of the ``stepping`` scene, checked without rendering: its parts' mobjects are built
under manim's config (the ``manim_tmp`` fixture) and held against the lesson's numbers and the
sheet's values, so the stage, the row strip and formulas, the derivative panel and table, the
epoch log and the valley arrows show what the core computed, sit where they should, stay in the
frame and do not overlap."""

from types import SimpleNamespace

from manim import RIGHT, UP, VGroup

import numpy as np
import pytest

from sgdanim.core.trajectory import RunConfig, run
from sgdanim.lessons.stepping import PART_SPECS, compute

from scenes.kit.format import short
from tests.lessons.test_stepping import LESSON, NEGATIVE_DATA, epoch_rmse_by_hand, sheet_rows


@pytest.fixture(scope="module")
def numbers():
    return compute(LESSON.defaults())


# The scene's builders: what is drawn, checked without rendering ---------------------------------

@pytest.fixture(scope="module")
def kit(manim_tmp):
    """The scene's modules, built under manim_tmp's config (tests/conftest.py)."""
    from scenes.stepping import crawl, derivative, epochs, kicks, rows, scene, stage, valley
    return SimpleNamespace(crawl=crawl, derivative=derivative, epochs=epochs, kicks=kicks,
                           rows=rows, scene=scene, stage=stage, valley=valley)


@pytest.fixture(scope="module")
def stage(kit, numbers):
    return kit.stage.build_stage(numbers)


def shown_text(cell) -> str:
    """What a DecimalNumber shows, as text (a number from 10⁴ up: its LaTeX)."""
    if not hasattr(cell, "num_decimal_places"):
        return cell.tex_string
    return f"{cell.get_value():.{cell.num_decimal_places}f}"


def box(*mobs):
    """(left, right, bottom, top) around mobjects."""
    return (min(m.get_left()[0] for m in mobs), max(m.get_right()[0] for m in mobs),
            min(m.get_bottom()[1] for m in mobs), max(m.get_top()[1] for m in mobs))


def overlapping(mobs, pad=0.02):
    """Pairs of mobjects whose boxes overlap (by more than ``pad``)."""
    boxes = [box(m) for m in mobs]
    return [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
            if boxes[i][0] + pad < boxes[j][1] and boxes[j][0] + pad < boxes[i][1]
            and boxes[i][2] + pad < boxes[j][3] and boxes[j][2] + pad < boxes[i][3]]


def in_frame(*mobs) -> bool:
    left, right, bottom, top = box(*mobs)
    return -7.11 < left and right < 7.11 and -4 <= bottom and top <= 4


def sheet_start_numbers():
    first = sheet_rows()[0]
    return compute(LESSON.resolve(sets=[f"init_a={first['a']!r}", f"init_b={first['b']!r}",
                                        "detailed_rows=5", "epochs=1"]))


def test_the_scene_plays_the_lessons_parts_in_order(kit):
    assert [part.id for part in kit.scene.Stepping.parts] == [spec.id for spec in PART_SPECS]


# The stage ---------------------------------------------------------------------------------------

def test_stage_puts_data_left_landscape_right_and_the_readout_above(kit, stage, numbers):
    assert stage.data.get_center() == pytest.approx(kit.stage.DATA_CENTER)
    # The landscape is centred before its edge axes are added, which reach further out.
    assert stage.land.get_center() == pytest.approx(kit.stage.LAND_CENTER, abs=0.25)
    assert overlapping([stage.data, stage.land, stage.readout]) == []
    assert overlapping([stage.data, stage.land, stage.title]) == []
    assert in_frame(*stage.members())
    assert stage.readout.get_bottom()[1] > stage.land.get_top()[1]
    # The formula sits inside the data panel's plot, above its points' corner.
    assert box(stage.data.axes)[0] < stage.formula.get_left()[0]
    assert stage.formula.get_top()[1] <= box(stage.data.axes)[3]


def test_stage_starts_where_the_run_starts(stage, numbers):
    a0, b0 = numbers.path[0]
    np.testing.assert_allclose(stage.walker.dot.get_center(), stage.land.point(a0, b0))
    for end in (stage.data.line.get_start(), stage.data.line.get_end()):
        x, y = stage.data.axes.p2c(end)
        assert y == pytest.approx(a0 * x + b0, abs=1e-6)
    assert stage.optimum_label.get_left()[0] > stage.land.optimum.get_right()[0]


def test_strip_shows_the_sheets_own_values(kit):
    rows = kit.rows
    strip = rows.Strip(sheet_start_numbers().rows)
    sheet = sheet_rows()
    assert len(strip.rows) == 5
    for cells, row in zip(strip.rows, sheet):
        for cell, field in zip(cells, rows.STRIP_FIELDS):
            assert shown_text(cell) == kit.stage.big(row[field]), field
    # The check can fail: row 2's cells do not show row 1's values.
    assert shown_text(strip.rows[1][rows.STRIP_FIELDS.index("new_a")]) != short(sheet[0]["new_a"])


def test_numbers_from_ten_thousand_up_are_scientific_in_row_lines_and_strip(kit, numbers):
    """Row 2's err² (10948.9) and ∂err²/∂a (−17997.6) by the series' rule: ×10⁴, in its formula
    lines and its strip cells."""
    row = numbers.rows[1]
    assert abs(row.loss) >= 1e4 and abs(row.grad_a) >= 1e4
    lines = kit.rows.row_lines(row, numbers.lr, long=False)
    strip = kit.rows.Strip(numbers.rows)
    shown = [lines.results["loss"].tex_string, lines.results["grad_a"].tex_string,
             *[shown_text(strip.rows[1][kit.rows.STRIP_FIELDS.index(f)])
               for f in ("loss", "grad_a")]]
    assert all(r"\times10^{4}" in t for t in shown), shown
    everything = "".join(m.tex_string for m in lines)
    assert "17997" not in everything and "10948" not in everything
    # The check can fail: the first row's numbers are all below 10⁴ and stay plain.
    first = kit.rows.row_lines(numbers.rows[0], numbers.lr)
    assert "times10" not in first[0].tex_string and "1204" in first[2].tex_string


def test_strip_rows_are_the_trajectory_rows(kit, numbers):
    strip = kit.rows.Strip(numbers.rows)
    t = run(RunConfig(lr=1e-4, init={"a": 1.0, "b": 1.0}, epochs=1))
    for k, cells in enumerate(strip.rows):
        values = dict(zip(kit.rows.STRIP_FIELDS, (c.get_value() for c in cells)))
        assert (values["a"], values["b"]) == tuple(t.params[k])
        assert (values["grad_a"], values["grad_b"]) == tuple(t.grads[k])
        assert (values["new_a"], values["new_b"]) == tuple(t.new_params[k])
        assert (values["x"], values["y"], values["pred"]) == (t.x[k], t.y[k], t.pred[k])


def test_row_formulas_carry_the_rows_results(kit, numbers):
    for row in numbers.rows:
        lines = kit.rows.row_lines(row, numbers.lr)
        for field, part in lines.results.items():
            assert part.tex_string == kit.stage.big(getattr(row, field)), field
        assert lines.width <= kit.stage.WORK_WIDTH + 1e-9


@pytest.mark.parametrize("rows", [1, 3, 5])
def test_rows_part_places_its_formulas_between_the_panels_and_the_strip(kit, rows):
    n = compute(LESSON.resolve(sets=[f"detailed_rows={rows}", "epochs=1"]))
    built = kit.rows.RowsPart().build(n, None)
    panel = kit.stage.DataPanel(n).move_to(kit.stage.DATA_CENTER)
    assert len(built.lines) == len(built.rings) == rows == len(built.strip.rows)
    assert built.strip.get_bottom()[1] >= -4 and panel.get_bottom()[1] > kit.rows.LINES_TOP
    for lines in built.lines:
        assert lines.get_bottom()[1] > built.strip.header.get_top()[1]
        assert lines.get_top()[1] <= kit.rows.LINES_TOP + 1e-9
        assert in_frame(lines)


def test_moved_data_panel_draws_points_and_line_where_its_axes_say(kit, numbers):
    # Regression: edge axes once left the real axes behind when the panel moved.
    panel = kit.stage.DataPanel(numbers).move_to(kit.stage.DATA_CENTER + [0.3, -0.2, 0])
    for dot, x, y in zip(panel.dots, numbers.x, numbers.y):
        np.testing.assert_allclose(dot.get_center(), panel.axes.c2p(x, y), atol=1e-9)
    bottom, left = panel.axes.submobjects[-2:]
    for x in (0, 40, 100):
        np.testing.assert_allclose(bottom.n2p(x), panel.axes.c2p(x, 0), atol=1e-9)
    a, b = numbers.path[3]
    panel.set_line(a, b)
    for end in (panel.line.get_start(), panel.line.get_end()):
        x, y = panel.axes.p2c(end)
        assert y == pytest.approx(a * x + b, abs=1e-6)


def test_readout_shows_the_path_row_the_walker_stands_on(stage, numbers):
    walker, readout = stage.walker, stage.readout
    for k, index in ((29, 29.0), (30, 30.6), (145, 145.0)):
        walker.index.set_value(index)
        readout.update()
        assert readout.step.get_value() == k
        assert (readout.a.get_value(), readout.b.get_value()) == tuple(numbers.path[k])
    walker.index.set_value(0.0)
    readout.update()


def test_readout_shows_each_weight_with_the_strips_figures(kit, stage, numbers):
    """After row k the readout's a and b read as the strip's cells and the captions do
    (short's figures: 2.93811, not 2.9381), at the start 1 as the strip's 1; control: four
    fixed decimals, as it used to, read differently after row 3."""
    walker, readout = stage.walker, stage.readout
    strip = kit.rows.Strip(numbers.rows)
    for k in (0, 1, 2, 3, 145):
        walker.index.set_value(float(k))
        readout.update()
        for number, value in ((readout.a, numbers.path[k, 0]), (readout.b, numbers.path[k, 1])):
            assert shown_text(number) == short(value), k
    for cell, field in ((strip.rows[2][8], "new_a"), (strip.rows[2][9], "new_b")):
        assert shown_text(cell) == short(getattr(numbers.rows[2], field))
    walker.index.set_value(3.0)
    readout.update()
    assert shown_text(readout.a) == "2.93811" != f"{numbers.path[3, 0]:.4f}"
    walker.index.set_value(0.0)
    readout.update()


# The derivative ----------------------------------------------------------------------------------

def test_derivative_part_builds_nothing_when_the_run_ends_before_its_row(kit):
    n = compute(LESSON.resolve(sets=["lr=0.01"]))
    assert n.fd is None and kit.derivative.DerivativePart().build(n, None) is None


def test_derivative_part_puts_the_curve_where_the_data_was_and_the_table_below(kit, stage, numbers):
    built = kit.derivative.DerivativePart().build(numbers, None)
    assert built.panel.axes.get_center() == pytest.approx(kit.stage.DATA_CENTER, abs=0.25)
    curve = [built.panel.axes, built.panel.labels, built.panel.curve]
    assert box(*curve)[1] < box(stage.land)[0]
    # The curve's formula and slope fill the lower half first, then the table does.
    for below in (built.table, built.panel.formula, built.panel.slope_text):
        assert box(below)[3] <= kit.stage.WORK_TOP and box(below)[2] >= kit.stage.WORK_BOTTOM
    assert in_frame(built.table, built.panel)


def test_finite_difference_table_works_out(kit, numbers):
    fd = numbers.fd
    table = kit.derivative.finite_difference_table(fd)
    e0, e_b, e_a = (float(t) for t in kit.derivative.fd_losses_text(fd))
    for row, nudged, est, grad, gap in ((table.row_b, e_b, fd.est_b, fd.grad_b, fd.gap_b),
                                        (table.row_a, e_a, fd.est_a, fd.grad_a, fd.gap_a)):
        shown_est = row[1][1].tex_string
        assert shown_est == short(est) and row[2][1].tex_string == short(grad)
        # The quotient of the errors as shown rounds to the estimate as shown.
        places = len(shown_est.partition(".")[2])
        assert f"{(nudged - e0) / fd.h:.{places}f}" == shown_est
        assert row[3].get_value() == gap
    assert table.row_a[3].get_value() == pytest.approx(fd.x ** 2 * fd.h, rel=1e-6)


@pytest.mark.parametrize("sets", [[], ["detailed_rows=1"], [NEGATIVE_DATA, "detailed_rows=2"]])
def test_tangent_has_the_analytic_slope_and_the_note_clears_the_curve(kit, sets):
    fd = compute(LESSON.resolve(sets=sets)).fd
    panel = kit.derivative.error_curve_panel(fd, kit.stage.DATA_CENTER)
    (b0, e0), (b1, e1) = (panel.axes.p2c(p) for p in (panel.tangent.get_start(),
                                                        panel.tangent.get_end()))
    assert (e1 - e0) / (b1 - b0) == pytest.approx(fd.grad_b, rel=1e-6)
    np.testing.assert_allclose(panel.axes.p2c(panel.dot.get_center()), [fd.b, fd.loss], atol=1e-6)
    note = box(panel.formula, panel.slope_text)
    pts = panel.curve.points
    inside = ((pts[:, 0] > note[0]) & (pts[:, 0] < note[1]) & (pts[:, 1] > note[2])
              & (pts[:, 1] < note[3]))
    assert not inside.any()


@pytest.mark.parametrize("sets", [[], [NEGATIVE_DATA, "detailed_rows=2"]])
def test_finite_difference_table_cells_do_not_overlap(kit, sets):
    table = kit.derivative.finite_difference_table(compute(LESSON.resolve(sets=sets)).fd)
    cells = [table.nudges, *table.head, *table.row_b, *table.row_a, table.note]
    assert overlapping(cells) == []
    assert in_frame(*cells)


def test_negative_numbers_are_written_as_sums_and_products(kit):
    n = compute(LESSON.resolve(sets=[NEGATIVE_DATA, "detailed_rows=2"]))
    assert n.fd.y < 0 and any(r.y < 0 for r in n.rows)
    texts = [part.tex_string for row in n.rows for line in kit.rows.row_lines(row, n.lr)
             for part in line]
    texts.append(kit.derivative.error_curve_panel(n.fd, kit.stage.DATA_CENTER).formula.tex_string)
    for text in texts:
        squeezed = text.replace(" ", "")
        assert "+-" not in squeezed and "--" not in squeezed and "\\cdot-" not in squeezed, text


# Epochs and the valley ---------------------------------------------------------------------------

def test_epoch_log_shows_the_cores_errors(kit, numbers):
    log = kit.epochs.EpochsPart().build(numbers, None).log
    assert len(log.rows) == numbers.epochs
    for e, (epoch, rmse, sheet) in enumerate(log.rows):
        assert epoch.get_value() == e + 1
        assert rmse.get_value() == numbers.epoch_rmse[e]
        assert sheet.get_value() == numbers.epoch_sheet_error[e]
        assert shown_text(rmse) == short(numbers.epoch_rmse[e])


def crossed(mob, *polylines) -> bool:
    """Whether a polyline runs through ``mob``'s box: a vertex inside it, or a segment across it."""
    left, right, bottom, top = box(mob)
    for pts in polylines:
        dense = np.concatenate([np.linspace(p, q, 20) for p, q in zip(pts[:-1], pts[1:])])
        if ((left < dense[:, 0]) & (dense[:, 0] < right) & (bottom < dense[:, 1])
                & (dense[:, 1] < top)).any():
            return True
    return False


def in_work_area(kit, *mobs) -> bool:
    """Below the panels' tick numbers, above the burned-in captions' band, inside the frame."""
    left, right, bottom, top = box(*mobs)
    return (top <= kit.stage.WORK_TOP + 1e-9 and bottom >= kit.stage.WORK_BOTTOM - 1e-9
            and -7.11 < left and right < 7.11)


@pytest.mark.parametrize("sets", [[], ["epochs=8"], ["lr=0.01"], ["lr=0.003"]])
def test_epoch_log_and_valley_note_each_fill_the_work_area(kit, stage, sets):
    n = compute(LESSON.resolve(sets=sets))
    built = kit.epochs.EpochsPart().build(n, None)
    lines = kit.valley.ValleyPart().build(n, None)
    shown = [*built.log.shown(len(n.epoch_ends))] + ([built.warn] if built.warn else [])
    assert (built.warn is None) == (n.diverged_at is None)
    # The valley's note replaces the log (the part fades it), so each has the lower half.
    assert overlapping(shown) == [] and in_work_area(kit, *shown)
    assert overlapping(list(lines)) == [] and in_work_area(kit, *lines)
    if built.warn is not None:           # under the last epoch logged, at the log's left
        assert built.warn.get_top()[1] < box(built.log.shown(len(n.epoch_ends)))[2]


@pytest.mark.parametrize("sets", [[], ["epochs=8"], ["lr=3e-4"]])
def test_rmse_plot_fills_the_lower_right_beside_the_log_with_the_cores_rmse(kit, sets):
    n = compute(LESSON.resolve(sets=sets))
    built = kit.epochs.EpochsPart().build(n, None)
    plot = built.plot
    cells = [*built.log.header, *[c for row in built.log.rows for c in row]]
    assert in_work_area(kit, plot) and [p for p in overlapping([plot, *cells]) if 0 in p] == []
    assert plot.get_left()[0] > 1.0 and len(plot.dots) == len(n.epoch_rmse)
    for e, dot in enumerate(plot.dots):
        np.testing.assert_allclose(dot.get_center(), plot.axes.c2p(e + 1, n.epoch_rmse[e]))
    line = plot.goal[0]
    assert line.get_center()[1] == pytest.approx(plot.axes.c2p(0, n.goal_rmse)[1])
    # Control: the last epoch's dot is far above the goal line (the stall), not on it.
    if not sets:
        assert plot.dots[-1].get_center()[1] - line.get_center()[1] > 0.8


def test_a_run_with_no_whole_epoch_has_no_rmse_plot(kit):
    n = compute(LESSON.resolve(sets=["lr=0.003"]))
    assert len(n.epoch_rmse) == 0 and kit.epochs.EpochsPart().build(n, None).plot is None


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


def test_the_hessian_is_said_in_words_before_its_matrix(kit, numbers):
    lines = kit.valley.ValleyPart().build(numbers, None)
    words = " ".join(getattr(m, "tex_string", "") for m in lines[0].get_family())
    assert "Hessian" in words and "curvatures" in words
    assert "pmatrix" not in words and "pmatrix" in lines[1].tex_string
    assert lines[0].get_bottom()[1] > lines[1].get_top()[1]


def tick_numbers_bottom(panel_axes) -> float:
    """The lowest point of the numbers under a panel's bottom axis (the edge axes' first)."""
    bottom_axis = panel_axes.submobjects[-2]
    return min(number.get_bottom()[1] for number in bottom_axis.numbers)


@pytest.mark.parametrize("sets", [[], [NEGATIVE_DATA, "detailed_rows=2"], ["detailed_rows=5"]])
def test_row_lines_clear_the_landscapes_tick_numbers(kit, stage, sets):
    """Issue 15: the row equations once touched the a axis's tick "3"."""
    n = compute(LESSON.resolve(sets=sets))
    built = kit.rows.RowsPart().build(n, None)
    floor = min(tick_numbers_bottom(stage.land.axes), tick_numbers_bottom(stage.data.axes))
    for lines in built.lines:
        assert lines.get_top()[1] < floor - 0.05
        assert lines.width <= kit.stage.WORK_WIDTH + 1e-9
        assert lines.get_bottom()[1] > built.strip.header.get_top()[1]
    if not sets:   # control: the same lines 0.3 higher, about where they used to sit, touch them
        assert built.lines[0].copy().shift([0, 0.3, 0]).get_top()[1] > floor


def test_the_question_and_every_header_leave_the_readout_room(kit, stage, numbers):
    from scenes.kit.scene import header
    assert str(numbers.crawl.reached) in stage.title.original_text
    other = kit.stage.question(compute(LESSON.resolve(sets=["lr=2e-4"])))
    assert other != stage.title.original_text and str(723) in other
    for k, spec in enumerate(PART_SPECS):
        head = header(f"{k} · {spec.title}")
        assert overlapping([head, stage.readout, stage.data, stage.land]) == [], spec.id
        assert overlapping([head, stage.readout, stage.land_label]) == [], spec.id
    # The contours' name sits above the panel, clear of the question too; control: a line higher
    # it would touch the readout.
    for other in (stage.title, stage.land.axes, stage.land.contours, stage.optimum_label):
        assert overlapping([other, stage.land_label]) == []
    assert stage.land_label.get_bottom()[1] > stage.land.axes.get_top()[1]
    assert overlapping([stage.land_label.copy().shift([0, 0.6, 0]), stage.readout]) != []


# The crawl ---------------------------------------------------------------------------------------

def test_crawl_axis_and_legend_count_time_in_the_same_unit(kit, numbers):
    """The x axis is epochs e, so the dashed prediction's exponent is written in e (an epoch
    steps each of the core's rows once), not in rows stepped."""
    from manim import MathTex
    plot = kit.crawl.CrawlPlot(numbers)
    rows = numbers.crawl.rows_per_epoch

    def says_rows_per_epoch(legend, count) -> bool:
        texts = [m.tex_string for m in legend.get_family() if isinstance(m, MathTex)]
        return (any(f"^{{{count}\\,e}}" in t for t in texts)
                and any(t.startswith(f"{count}\\text{{ rows per epoch}}") for t in texts)
                and not any("rows stepped" in t for t in texts))
    assert plot.x_label.tex_string == r"\text{epoch } e"
    assert says_rows_per_epoch(plot.legend, rows)
    # Control: a legend for epochs of another length does not pass as this one.
    other = kit.crawl.legend(SimpleNamespace(crawl=SimpleNamespace(rows_per_epoch=rows + 1)),
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
    # The epoch-1 drop's dot and label: the core's numbers, clear of the legend and the curves.
    dot, label = plot.drop
    start, after, _ = n.crawl_across
    assert in_work_area(kit, plot.drop) and overlapping([plot.drop, plot.legend, built.readout]) == []
    np.testing.assert_allclose(dot.get_center(), plot.axes.point(0, start), atol=1e-9)
    assert f"{kit.stage.short(start, 3)} \\to {kit.stage.short(after, 3)}" in label.tex_string
    predicted = plot.axes.point(np.arange(c.epochs + 1), c.predicted_along())
    assert not crossed(label, plot.along.vertices, plot.across.vertices, predicted)
    # Control: the same label on the along curve's start is crossed by it.
    assert crossed(label.copy().move_to(plot.axes.point(c.epochs / 8, c.along[0])),
                   plot.along.vertices)
    plot.tracker.set_value(c.epochs)
    built.readout.update()
    assert built.readout.epoch.get_value() == c.epochs
    assert built.readout.rmse.get_value() == pytest.approx(c.rmse[-1])
    plot.tracker.set_value(0)


def test_crawl_readout_shows_one_epoch_and_its_own_rmse(kit, numbers):
    """The readout, from its build (its tracker at 0, the stage's run not yet reached) to the
    end: the epoch it names and the RMSE beside it are the same epoch's, by a plain loop
    (control: the build-time pair it showed, epoch 0 beside 27.995, fails)."""
    plot = kit.crawl.CrawlPlot(numbers)
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
    walker = kit.crawl.start_walker(stage, c, built.plot, built.readout, start)
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


@pytest.mark.parametrize("sets", [[], ["lr=2e-4", "epochs=2"], ["init_a=-2", "init_b=60"],
                                  ["lr=0.01"]])
def test_valley_arrows_stay_inside_the_panel(kit, sets):
    n = compute(LESSON.resolve(sets=sets))
    land = kit.stage.build_stage(n).land
    arrows = kit.valley.valley_arrows(land, n.valley.anchor, n.valley.eigenvectors)
    lo = land.axes.c2p(n.a_range[0], n.b_range[0])
    hi = land.axes.c2p(n.a_range[1], n.b_range[1])
    for arrow in arrows:
        assert lo[0] - 0.1 <= arrow.get_left()[0] and arrow.get_right()[0] <= hi[0] + 0.1
        assert lo[1] - 0.1 <= arrow.get_bottom()[1] and arrow.get_top()[1] <= hi[1] + 0.1


@pytest.mark.parametrize("sets", [[], ["lr=2e-4"], ["carry=sheet", "target_rmse=5"]])
def test_floor_tag_names_the_cores_share_at_epoch_ends_between_the_curves(kit, sets):
    """The crawl's floor tag: across's size at epoch ends in % of along, from the core, so it
    is not read as the kicks inset's swing/along; over the red curve's end, crossed by no
    curve and clear of the other labels (control: where it stood, just over the line's end,
    the red line rising to the left runs through it)."""
    n = compute(LESSON.resolve(sets=sets))
    plot, c = kit.crawl.CrawlPlot(n), n.crawl
    share = n.crawl_across[2]
    assert ("%s\\%%" % short(share, 2)) in plot.floor.tex_string
    assert r"\text{at epoch ends:}" in plot.floor.tex_string
    end = plot.axes.point(float(c.epochs), float(c.across[-1]))
    assert plot.floor.get_bottom()[1] > end[1] and abs(plot.floor.get_right()[0] - end[0]) < 0.05
    epochs = np.arange(c.epochs + 1)
    curves = [plot.axes.point(epochs, v) for v in (c.along, c.across, c.predicted_along())]
    assert not crossed(plot.floor, *curves)
    assert in_work_area(kit, plot.floor) and overlapping([plot.floor, plot.drop, plot.legend]) == []
    low = plot.floor.copy().next_to(end, UP, buff=0.1).align_to(end, RIGHT)
    assert sets or crossed(low, curves[1])
    # The check can fail: a share twice as large is not what the tag says.
    assert ("%s\\%%" % short(2 * share, 2)) not in plot.floor.tex_string


def test_valley_note_says_the_axes_are_not_to_scale_with_the_cores_aspect(kit, numbers):
    """The gloss under the valley note: each contour is √ratio times longer than wide, the
    core's numbers, in the work area under the note's lines (control: another lr's data is
    the same valley, another data set's is not)."""
    lines = kit.valley.valley_lines(numbers)
    note, v = lines.scale_note, numbers.valley
    assert "\\sqrt{%s}" % short(v.condition, 4) in note.tex_string
    assert "\\approx %s" % short(v.aspect, 2) in note.tex_string
    # Under the ratio it glosses, over the lr·λ line, all above the captions' band.
    assert lines[2].get_bottom()[1] > note.get_top()[1] > note.get_bottom()[1] > lines[3].get_top()[1]
    assert in_work_area(kit, lines, note)
    other = kit.valley.valley_lines(compute(LESSON.resolve(sets=[NEGATIVE_DATA]))).scale_note
    assert other.tex_string != note.tex_string


@pytest.mark.parametrize("sets", [[], ["lr=2e-4"], ["carry=sheet"], ["init_a=-2", "init_b=60"]])
def test_kick_inset_draws_the_cores_rows_where_the_data_panel_stood(kit, stage, sets):
    """The inset: each window's across at its rows on the inset's axes, the first window's
    epoch ends as dots, the tags' along and swing from the core, all inside the data panel's
    box and clear of the curves (control: the curve drawn one row late misses the points)."""
    n = compute(LESSON.resolve(sets=sets))
    inset = kit.crawl.CrawlPart().build(n, None).inset
    k = n.crawl_kicks
    for curve, corners, window in zip(inset.curves, inset.corners, k.windows):
        np.testing.assert_allclose(corners, [inset.axes.c2p(r, v)
                                             for r, v in enumerate(window.across)])
        dense = np.concatenate([np.linspace(p, q, 40) for p, q in zip(corners, corners[1:])])
        drawn = np.concatenate([m.points for m in curve.family_members_with_points()])
        assert off(drawn, dense) < 0.01                  # drawn on the core's rows, dashed or not
    late = inset.corners[0] + [inset.axes.c2p(1, 0)[0] - inset.axes.c2p(0, 0)[0], 0, 0]
    assert off(inset.curves[0].points, np.concatenate(
        [np.linspace(p, q, 40) for p, q in zip(late, late[1:])])) > 0.05   # control: a row late
    for e, dot in enumerate(inset.ends, start=1):
        assert dot.get_center() == pytest.approx(
            inset.axes.c2p(e * k.rows_per_epoch, k.windows[0].across[e * k.rows_per_epoch]))
    for tag, window in zip(inset.tags, k.windows):
        assert [c.tex_string for c in tag[1:]] == [short(window.along, 4), short(window.swing, 3),
                                                   "%s\\%%" % short(window.share, 2)]
        assert str(window.first) in tag[0][1].tex_string
    # Each column says what its number is: the swing is the core's max - min (Window.swing),
    # the percentage swing over along.
    assert [h.tex_string for h in inset.head] == [
        r"\text{epochs}", r"\text{along}", kit.kicks.SWING_HEAD, r"\text{swing/along}"]
    assert "swing" in kit.kicks.SWING_HEAD and r"\text{(max} - \text{min)}" in kit.kicks.SWING_HEAD
    panel = box(stage.data)
    whole = box(inset)
    assert panel[0] - 0.5 < whole[0] and whole[1] < box(stage.land)[0]
    assert whole[2] > kit.stage.WORK_TOP - 0.1 and in_frame(inset)
    text = VGroup(inset.head, inset.tags)
    assert not crossed(text, *[np.array([inset.axes.c2p(r, v) for r, v in enumerate(w.across)])
                               for w in k.windows])
    assert overlapping([text, inset.labels[1]]) == []


def test_kick_insets_late_trace_shows_over_the_zero_line_and_its_name_clears_the_edge(kit,
                                                                                     numbers):
    """The last epochs' trace runs along zero (its swing is a few hundredths): it is drawn
    thicker than the faint zero line, after it, at its true rows; the axis name stands the
    title's margin inside the frame (control: centred on its axis, it met the edge)."""
    from manim import config
    inset = kit.crawl.CrawlPart().build(numbers, None).inset
    late, zero = inset.curves[1], inset.zero
    widths = {m.get_stroke_width() for m in late.family_members_with_points()}
    assert min(widths) >= 2 * zero.get_stroke_width() and zero.get_stroke_opacity() < 1
    members = list(inset.family_members_with_points())
    assert members.index(zero) < members.index(late.family_members_with_points()[0])
    swing = inset.axes.c2p(0, numbers.crawl_kicks.windows[1].swing)[1] - inset.axes.c2p(0, 0)[1]
    assert swing < 0.05                    # why it needs the width: it is flat on screen
    edge = -config.frame_width / 2
    name = inset.labels[1]
    assert name.get_left()[0] >= edge + kit.kicks.LABEL_MARGIN - 1e-9
    centred = name.copy().next_to(inset.axes[-1], UP, buff=0.08)   # edge_axes' left line
    assert centred.get_left()[0] < edge + 0.1


def off(points, line) -> float:
    """How far the farthest of ``points`` is from the nearest of ``line``'s (dense) points."""
    gaps = np.linalg.norm(points[:, None, :2] - line[None, :, :2], axis=-1)
    return float(gaps.min(axis=1).max())


def test_panels_show_the_sheets_empty_columns_where_the_rows_part_fills_them(kit, numbers):
    """The opening's lower half: the set-up lines over the sheet's empty header, which stands
    exactly where the rows part's strip puts its own (it swaps them without a jump); control:
    the set-up lines where they stood before the header came (mid work area) run into it."""
    from scenes.stepping.panels import PanelsPart
    built = PanelsPart().build(numbers, None)
    strip = kit.rows.Strip(numbers.rows)
    for mine, theirs in zip(built.sheet.family_members_with_points(),
                            VGroup(strip.header, strip.rule).family_members_with_points()):
        np.testing.assert_allclose(mine.points, theirs.points, atol=1e-9)
    assert built.setting.get_bottom()[1] > strip.header.get_top()[1] + 0.1
    assert in_work_area(kit, built.setting, built.sheet)
    old = built.setting.copy().set_y((kit.stage.WORK_TOP + kit.stage.WORK_BOTTOM) / 2)
    assert overlapping([old, strip.header]) != []


@pytest.mark.parametrize("sets", [[], ["lr=2e-4"], ["carry=sheet"]])
def test_kick_inset_ties_the_matching_shares_with_a_note(kit, stage, sets):
    """The two windows' swing/along cells read the same (the core's shares): a box holds both
    and a note above the table names that share and what it means, inside the frame and clear
    of the title, the axis name and the curves (control: cells that differ, at lr 2e-4 or
    made up, get no note)."""
    from manim import MathTex
    n = compute(LESSON.resolve(sets=sets))
    inset = kit.crawl.CrawlPart().build(n, None).inset
    shares = ["%s\\%%" % short(w.share, 2) for w in n.crawl_kicks.windows]
    if len(set(shares)) > 1:             # lr 2e-4: 9.3% and 9.4%, so no "same" to say
        assert inset.same is None
        return
    assert inset.same is not None
    frame, note = inset.same
    cells = [tag[-1] for tag in inset.tags]
    assert all(frame.get_left()[0] < c.get_left()[0] and c.get_right()[0] < frame.get_right()[0]
               and frame.get_bottom()[1] < c.get_bottom()[1] < c.get_top()[1] < frame.get_top()[1]
               for c in cells)
    assert shares[0] in note.tex_string and "shrink with along" in note.tex_string
    assert in_frame(note) and note.get_bottom()[1] > inset.head.get_top()[1]
    assert overlapping([note, stage.title, inset.labels[1], stage.land]) == []
    assert not crossed(note, *inset.corners)
    other = [VGroup(MathTex("1"), MathTex(r"2.6\%")), VGroup(MathTex("1"), MathTex(r"2.7\%"))]
    assert kit.kicks.same_share(other, inset.head, inset.labels[1]) is None


def title_over_title(before, animated) -> bool:
    """Whether a play brings a title on (a TITLE_SIZE text at the top, in ``animated`` and not
    in ``before``) while another one is still on screen (in ``before``): a cross-fade."""
    from manim import Text
    from scenes.kit.style import TITLE_SIZE

    def titles(mobs):
        return {m for m in mobs if isinstance(m, Text) and abs(m.font_size - TITLE_SIZE) < 0.5
                and m.get_top()[1] > 3.0}
    return bool(titles(animated) - titles(before)) and bool(titles(before))


def test_no_part_title_is_written_over_the_last_one(manim_tmp):
    """Between parts the old title (and what goes with it) fades out first; only then is the
    new one written: no play brings a title on while another is up (review r7: part 5's title
    cross-faded over part 4's; control: that cross-fade, as the check sees it)."""
    from manim import FadeTransform
    from scenes.kit.scene import _animated_family, header
    from sgdanim.render.dry_run import play_dry

    found = []

    def watch(scene):
        play = scene.play

        def checked(*anims, **kwargs):
            before = {m for top in scene.mobjects for m in top.get_family()}
            if title_over_title(before, _animated_family(anims)):
                found.append(round(float(scene.time), 1))
            return play(*anims, **kwargs)
        scene.play = checked

    play_dry("stepping", watch=watch)
    assert found == []
    old, new = header("4 · The long thin valley"), header("5 · The crawl, sped up")
    assert title_over_title({old}, _animated_family([FadeTransform(old, new)]))   # control
