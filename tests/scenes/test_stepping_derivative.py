"""The ``stepping`` scene's derivative part (scenes/stepping/derivative.py), checked without
rendering: nothing is built when the run ends before its row; the curve stands where the data
was with the finite-difference table below, whose cells work out and do not overlap; the tangent
has the analytic slope; negative numbers are written as sums and products."""

import numpy as np
import pytest

from sgdanim.lessons.stepping import compute

from scenes.kit.format import short
from tests.lessons.stepping_kit import LESSON, NEGATIVE_DATA
from tests.lessons.stepping_kit import numbers  # noqa: F401 - a fixture
from tests.scenes.stepping_kit import box, crossed, in_frame, overlapping
from tests.scenes.stepping_kit import kit, stage  # noqa: F401 - fixtures


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


@pytest.mark.parametrize("sets", [[], [NEGATIVE_DATA, "detailed_rows=2"]])
def test_the_curve_names_its_row_and_its_x_and_y_clear_of_the_curve(kit, stage, sets):
    """Review r9: "x² h for a" (26.01) only works with x = 51, and the screen never said so.
    The tag sits in the corner the parabola leaves free; control: moved onto the dot, the
    curve runs through it."""
    fd = compute(LESSON.resolve(sets=sets)).fd
    panel = kit.derivative.error_curve_panel(fd, kit.stage.DATA_CENTER)
    tag = panel.row_tag
    assert tag[0].tex_string == r"\text{row %d:}" % fd.step
    assert short(fd.x) in tag[1].tex_string and short(fd.y) in tag[1].tex_string
    assert not crossed(tag, panel.curve.points[:, :2], [panel.tangent.get_start(),
                                                        panel.tangent.get_end()])
    assert overlapping([tag, panel.labels[1]]) == [] and in_frame(tag)
    assert box(tag)[1] < box(stage.land)[0]
    assert crossed(tag.copy().move_to(panel.dot), panel.curve.points[:, :2])
    if not sets:
        table = kit.derivative.finite_difference_table(fd)
        assert "51^2" in table.note.tex_string and "26.01" in table.note.tex_string


@pytest.mark.parametrize("sets, power", [(["init_a=1000", "init_b=-1000"], 9), ([], 0)])
def test_an_err2_axis_of_ten_digits_reads_in_powers_of_ten(kit, sets, power):
    """From a start of a = 1000, b = −1000 the row's err² reaches 2×10⁹: the axis wrote
    2000000000, which the frame's left edge cut. Its numbers are now in units of 10⁹, named
    on the axis ("err² (×10⁹)"), each on its tick and inside the frame. Control: the
    defaults' axis keeps its plain numbers and name."""
    fd = compute(LESSON.resolve(sets=sets)).fd
    panel = kit.derivative.error_curve_panel(fd, kit.stage.DATA_CENTER)
    left = panel.axes.submobjects[-1]                   # edge_axes' y axis
    want = [v / 10 ** power for v in np.arange(fd.e_range[0], fd.e_range[1] + 1, fd.e_range[2])]
    assert [n.get_value() for n in left.numbers] == pytest.approx(want)
    for n in left.numbers:
        assert n.get_center()[1] == pytest.approx(left.n2p(n.get_value() * 10 ** power)[1],
                                                  abs=0.02)
        assert in_frame(n)
    name = panel.labels[1].get_tex_string()
    assert name == (rf"\text{{err}}^2\ (\times10^{{{power}}})" if power else r"\text{err}^2")
