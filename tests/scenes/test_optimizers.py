"""The ``optimizers`` scene's race table (scenes/optimizers/table.py), nothing rendered: its cells
are the core's numbers and follow the params, the lr column reads in one format and an lr drop
swaps its cell, a flash keeps each name its colour and size, the live RMSE cells follow the row
clock, and a first dip is starred with a note of when it stayed. (The other pieces of the scene
are checked in tests/scenes/test_optimizers_*.py.)"""

import numpy as np
import pytest

from sgdanim.lessons.optimizers import compute
from tests.lessons.optimizers_kit import LESSON, SHEETS, reference_epochs, reference_run
from tests.lessons.optimizers_kit import numbers, swept  # noqa: F401 - fixtures
from tests.scenes.optimizers_kit import inside_frame, overlap, racer_of
from tests.scenes.optimizers_kit import _seeded_media  # noqa: F401 - fixtures


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
    assert drops == ["annealed Adam's G passed 2× its min (2.2×): lr now 7.9×10⁻² (÷4). "
                     "Epochs 10, 16: 1.4×, 1.9×.",
                     "annealed Adam jumps again (2.1×): lr now 2.0×10⁻² (÷16)."]
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


@pytest.mark.parametrize("target, shown", [(1e-9, r"1.0\times10^{-9}"), (1.0, "1")])
def test_a_target_in_scientific_notation_keeps_the_race_readable(target, shown):
    """A target of 10⁻⁹ was written 0.000000001 in the table's head, which pushed the last
    column off the frame; and it stretched the RMSE axis to 12 decades, whose 13 labels stood
    touching, with the target's label under its line, on the epoch numbers. Now the target
    reads 1.0×10⁻⁹ on a line of its own, the axis labels every second decade, and the label
    sits over its line. Control: the default target keeps its one-line head, every decade
    and the label under the line."""
    from scenes.optimizers.panels import layout
    n = compute(LESSON.resolve(sets=[f"target={target}"]))
    stage = layout(n)
    table, plot = stage.table, stage.plot
    assert inside_frame(table) and inside_frame(plot)
    head = [m.get_tex_string() for m in table.header[2]]
    assert head == ([r"\text{RMSE} <", shown, r"\text{at epoch}"] if target < 0.01 else
                    [rf"\text{{RMSE}} < {shown}", r"\text{at epoch}"])
    labels = [m.get_center()[1] for m in plot.labels]
    assert min(np.diff(labels)) >= plot.labels[0].height
    assert (plot.target_label.get_bottom()[1] > plot.target_line.get_top()[1]) == (target < 0.01)
    assert plot.target_label.get_bottom()[1] > plot.vertical(0)[0][1]
    assert rf"\text{{RMSE}}={shown}" == plot.target_label.get_tex_string()


def test_a_table_too_wide_for_its_words_marks_a_rising_rmse_with_an_arrow():
    """With the sheets' lrs, annealed Adam's lr cell ("6.2×10⁻² (÷16)") and the rising last
    RMSEs ("4.60, rising") made the table 7.0 wide, where the contour panel leaves 6.5: its
    last column ran past the frame's edge (and "1584, rising" at lr 100 further). Where the
    words do not fit, the cell reads "4.60↗", in the same red, and the table is inside the
    frame. Control: the words' table, placed as far left as the panel allows, is cut."""
    from manim import RIGHT

    from scenes.optimizers.panels import RIGHT_EDGE, layout
    from scenes.optimizers.table import RISING_SHORT, RaceTable
    for sets in ([SHEETS], [SHEETS, "lr=100", "lr_adam=100"]):
        n = compute(LESSON.resolve(sets=sets))
        stage = layout(n)
        assert inside_frame(stage.table)
        rising = [r.name for r in n.racers if r.rising and r.final_rmse is not None]
        assert rising and all(stage.table.cells()[name][2].endswith(RISING_SHORT)
                              for name in rising)
        words = RaceTable(n)
        words.shift((stage.panel.get_right()[0] + 0.1 - words.get_left()[0]) * RIGHT)
        assert words.width > RIGHT_EDGE - stage.panel.get_right()[0] and not inside_frame(words)
