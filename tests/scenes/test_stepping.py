"""Layout of the ``stepping`` scene's stage and rows (scenes/stepping/scene.py, stage.py, rows.py,
panels.py), checked without rendering: the parts play in the lesson's order; the stage puts the
data left, the landscape right and the readout above, and starts where the run starts; the row
strip and formulas show the sheet's values and the trajectory's rows; the readout follows the
walker; the row lines clear the tick numbers; the question, the headers and the part titles
leave each other and the readout room. (The derivative, the epochs and the valley, the crawl and
the kicks are checked in tests/scenes/test_stepping_*.py.)"""

from manim import VGroup

import numpy as np
import pytest

from sgdanim.core.trajectory import RunConfig, run
from sgdanim.lessons.stepping import PART_SPECS, compute

from scenes.kit.format import setting_tex, short
from tests.lessons.stepping_kit import LESSON, NEGATIVE_DATA, sheet_rows
from tests.lessons.stepping_kit import numbers  # noqa: F401 - a fixture
from tests.scenes.stepping_kit import box, in_frame, in_work_area, overlapping, shown_text
from tests.scenes.stepping_kit import kit, stage  # noqa: F401 - fixtures


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


def test_each_worked_step_adds_up_to_the_new_weight_it_shows(kit, numbers):
    """``new w = old − lr·(g) = new`` done by hand from the numbers on screen gives the new
    weight shown, on every row (row 2's ∂err²/∂a is written −1.79976×10⁴ there)."""
    checked, shown_lr = 0, kit.stage.tex_value(setting_tex(numbers.lr))
    for row in numbers.rows:
        for line, grad, old, new in ((1, row.grad_b, row.b, row.new_b),
                                     (2, row.grad_a, row.a, row.new_a)):
            step = kit.rows.row_lines(row, numbers.lr)[line][2].tex_string
            factor = step.rpartition(r"\cdot(")[2].rpartition(")")[0]
            assert factor == kit.stage.worked_factor(grad, old, new, numbers.lr)
            by_hand = float(short(old)) - shown_lr * kit.stage.tex_value(factor)
            assert short(by_hand) == short(new), (row.step, line, factor)
            checked += 1
    assert checked == 2 * len(numbers.rows)
    # The control: row 2's ∂err²/∂a as the strip writes it does not add up.
    row = numbers.rows[1]
    by_hand = float(short(row.a)) - shown_lr * kit.stage.tex_value(kit.stage.big(row.grad_a))
    assert short(by_hand) != short(row.new_a)


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


def test_every_rows_lines_start_at_one_left_edge_and_row_2_gets_its_note(kit, stage, numbers):
    """Review r9: the equations jumped sideways from row to row (centred, of different
    widths). Now one left edge; control: centred, they would not share it. Row 2, whose own
    step flips its err's sign, gets the note with its numbers, where its lines stood."""
    built = kit.rows.RowsPart().build(numbers, None)
    lefts = {round(lines.get_left()[0], 6) for lines in built.lines}
    assert len(lefts) == 1
    assert len({round(-lines.width / 2, 6) for lines in built.lines}) > 1     # the control
    assert [note is not None for note in built.notes] == [False, True, False]
    note = built.notes[1]
    assert round(note.get_left()[0], 6) in lefts
    text = note[0].tex_string
    assert "-104.637" in text and "50.163" in text and "29 rows" in note[1].tex_string
    floor = min(tick_numbers_bottom(stage.land.axes), tick_numbers_bottom(stage.data.axes))
    assert floor > note.get_top()[1] and note.get_bottom()[1] > built.strip.header.get_top()[1]
    assert note.width <= kit.stage.WORK_WIDTH


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


def test_a_runaway_readout_reads_its_weights_in_powers_of_ten_as_the_strip(kit):
    """At lr 1, row 2 takes a to −17,803,375: the readout wrote "a = −17803375" where the
    strip's cell and the caption write −1.78×10⁷. Now its number shows the mantissa with the
    unit after it, clear of "b =", and every number inside the frame. Control: at step 0 the
    start, 1, with no unit."""
    from manim import config

    n = compute(LESSON.resolve(sets=["lr=1"]))
    stage = kit.stage.build_stage(n)
    walker, readout = stage.walker, stage.readout
    assert abs(n.path[2, 0]) >= 1e4 and abs(n.path[2, 1]) >= 1e4
    walker.index.set_value(2.0)
    readout.update()
    strip = kit.stage.big
    for number, slot, value in ((readout.a, readout.unit_slots[0], n.path[2, 0]),
                                (readout.b, readout.unit_slots[1], n.path[2, 1])):
        [unit] = slot.submobjects
        assert f"{shown_text(number)}{unit.get_tex_string()}" == strip(value)
        assert unit.get_left()[0] > number.get_right()[0]
    assert readout.unit_slots[0][0].get_right()[0] < readout.b_label.get_left()[0]
    assert readout.get_right()[0] <= config.frame_width / 2
    walker.index.set_value(0.0)
    readout.update()
    assert [len(slot.submobjects) for slot in readout.unit_slots] == [0, 0]
    assert shown_text(readout.a) == short(n.path[0, 0])


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


def stages(anims) -> list[list]:
    """A play's animations as the stages it plays one after another: a Succession's steps in
    turn (as the kit's title_swap plays), everything else beside every stage."""
    from manim import Succession
    steps = [a.animations for a in anims if isinstance(a, Succession)]
    beside = [a for a in anims if not isinstance(a, Succession)]
    return [beside + [s[i] for s in steps if i < len(s)]
            for i in range(max((len(s) for s in steps), default=1))]


def faded_out(anims) -> set:
    """The mobjects ``anims`` fade out, through nested groups."""
    from manim import AnimationGroup, FadeOut
    gone = set()
    for anim in anims:
        if isinstance(anim, FadeOut):
            gone.update(anim.mobject.get_family())
        if isinstance(anim, AnimationGroup):
            gone |= faded_out(anim.animations)
    return gone


def title_over_title(before, anims) -> bool:
    """Whether a play brings a title on (a TITLE_SIZE text at the top, animated and not in
    ``before``) while another one is still on screen (in ``before``, not yet faded out by an
    earlier stage of the play): a cross-fade."""
    from manim import Text
    from scenes.kit.scene import _animated_family
    from scenes.kit.style import TITLE_SIZE

    def titles(mobs):
        return {m for m in mobs if isinstance(m, Text) and abs(m.font_size - TITLE_SIZE) < 0.5
                and m.get_top()[1] > 3.0}
    up = titles(before)
    for played in stages(anims):
        if titles(_animated_family(played)) - titles(before) and up:
            return True
        up -= faded_out(played)
    return False


def test_no_part_title_is_written_over_the_last_one(manim_tmp):
    """Between parts the old title (and what goes with it) fades out first; only then is the
    new one written: no play brings a title on while another is up (review r7: part 5's title
    cross-faded over part 4's; controls: that cross-fade, and the kit's swap played in the
    wrong order, as the check sees them)."""
    from manim import FadeIn, FadeOut, FadeTransform, Succession
    from scenes.kit.scene import header
    from scenes.kit.titles import title_swap
    from sgdanim.render.dry_run import play_dry

    found = []

    def watch(scene):
        play = scene.play

        def checked(*anims, **kwargs):
            before = {m for top in scene.mobjects for m in top.get_family()}
            if title_over_title(before, anims):
                found.append(round(float(scene.time), 1))
            return play(*anims, **kwargs)
        scene.play = checked

    play_dry("stepping", watch=watch)
    assert found == []
    old, new = header("4 · The long thin valley"), header("5 · The crawl, sped up")
    assert not title_over_title({old}, [title_swap(old, new)])
    assert title_over_title({old}, [FadeTransform(old, new)])   # controls
    assert title_over_title({old}, [Succession(FadeIn(new), FadeOut(old))])


@pytest.mark.parametrize("lr", [1.0, 1e-4])
def test_strip_columns_stand_apart_even_for_a_runaway_lr(kit, lr):
    """At lr 1 row 2's cells run to −1.78×10⁷ and −2.07×10⁵, wider than the columns the
    defaults need: new a and new b touched (a dry run found it). A column now widens for its
    widest cell and the strip stays in the frame. At the defaults it keeps its fixed widths
    (the layout, and so every frame, as before). Control: at lr 1 those fixed widths would
    leave new a and new b less than the gap apart."""
    rows = kit.rows
    strip = rows.Strip(compute(LESSON.resolve(sets=[f"lr={lr}"])).rows)
    for k in range(len(rows.STRIP_FIELDS) - 1):
        column = [strip.header[k], *[cells[k] for cells in strip.rows]]
        after = [strip.header[k + 1], *[cells[k + 1] for cells in strip.rows]]
        assert max(m.get_right()[0] for m in column) + 0.1 < min(m.get_left()[0] for m in after)
    assert in_frame(strip)
    new_a, new_b = (max(cells[rows.STRIP_FIELDS.index(f)].width for cells in strip.rows)
                    for f in ("new_a", "new_b"))
    fixed_gap = rows.STRIP_COL_W[-1] - (new_a + new_b) / 2       # centres one width apart
    assert (fixed_gap < rows.CELL_GAP) == (lr == 1.0)
    if lr != 1.0:
        centres = [h.get_x() for h in strip.header]
        widths = np.asarray(rows.STRIP_COL_W)
        assert np.allclose(np.diff(centres), (widths[:-1] + widths[1:]) / 2)
