"""relu-sandwich on a learner's own rows, built without rendering: rows of x in 0..1 (y = x/2
+ 0.2 ± 0.02, as rows are once scaled) get a data panel numbered at their own step, and rows
in the millions keep Part 1's notes off the y axis' name."""

import pytest

manim = pytest.importorskip("manim")


@pytest.mark.parametrize("scaled", [True, False])
def test_the_data_panels_numbers_read_their_ticks(manim_tmp, tmp_path, scaled):
    """Every axis was numbered in whole numbers, so x in 0..1 read "0 0 1 1 1" and y as much.
    Each axis now takes the places its step needs. Control: the sheet's rows (steps 20 and
    50) keep whole numbers."""
    from sgdanim.lessons.relu_sandwich import LESSON
    from scenes.relu_sandwich.panels import data_axes
    sets = []
    if scaled:
        (tmp_path / "rows.csv").write_text("x,y\n" + "".join(
            f"{x / 30},{x / 60 + 0.2 + 0.02 * (-1) ** x}\n" for x in range(1, 31)))
        sets = [f"data={tmp_path / 'rows.csv'}"]
    n = LESSON.compute(LESSON.resolve(sets=sets))
    axes, _, _ = data_axes(n.x_span, n.y_span, n.x, n.y)
    for axis in (axes.x_axis, axes.y_axis):
        shown = [number.get_value() for number in axis.numbers]
        places = {number.num_decimal_places for number in axis.numbers}
        assert places == ({1} if scaled else {0})
        assert len({round(v, 1 if scaled else 0) for v in shown}) == len(shown) == 5


def test_the_notes_over_the_data_keep_off_the_y_axis_name_on_rows_in_the_millions(
        manim_tmp, tmp_path):
    """Rows in the millions (y = 1500x + 20000 ± 3000, x from 500 to 3400) number the y axis
    up to 10000000, which moves the axis and its name right, under Part 1's note and its "ac
    = …: the data's best line". They now start right of the name. Control: in their usual
    place, the axes' left edge plus 0.8, they cover it."""
    from manim import LEFT, RIGHT, UP
    from tests.scenes.momentum_kit import apart
    from tests.scenes.test_relu_sandwich import build
    (tmp_path / "rows.csv").write_text("x,y\n" + "".join(
        f"{x},{1500 * x + 20000 + 3000 * (-1) ** (x // 100)}\n" for x in range(500, 3500, 100)))
    b = build("collapse", [f"data={tmp_path / 'rows.csv'}"])
    name = b.labels[1]
    for note in (b.note, b.same):
        assert note.get_left()[0] > name.get_right()[0]
    usual = b.note.copy().next_to(b.axes, UP, buff=0.2).align_to(b.axes, LEFT).shift(RIGHT * 0.8)
    assert not apart(usual, name)    # the control: there, the note's box covers the name's
