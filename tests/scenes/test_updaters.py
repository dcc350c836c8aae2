"""Two per-frame updaters that now work only on a change: overshoot's thread readout (one
row's value shown at a time) and stepping's data line (it follows the walker). Each is run
through the moves a render makes and compared with what setting everything on every frame,
as they did before, gives. Rendered frames are compared in docs/performance.md (session 9).
"""

from __future__ import annotations

import numpy as np
import pytest

from sgdanim.lessons.overshoot import compute as overshoot_numbers
from sgdanim.lessons.stepping import compute as stepping_numbers
from sgdanim.lessons.stepping import line_in_box
from tests.lessons.test_overshoot import LESSON as OVERSHOOT
from tests.scenes.test_stepping import LESSON as STEPPING


def opacities(group) -> list[float]:
    """Each row's fill opacity (every glyph of a row has the same)."""
    found = []
    for row in group:
        values = {float(g.get_fill_opacity()) for g in row.family_members_with_points()}
        assert len(values) == 1
        found.append(values.pop())
    return found


def test_the_readout_shows_exactly_the_row_the_counter_stands_on(manim_tmp):
    from manim import ValueTracker

    from scenes.overshoot.thread import readout
    th = overshoot_numbers(OVERSHOOT.defaults()).thread
    assert th.kept >= 3
    row = ValueTracker(0.0)
    shown = readout(th, row)[3]

    rows = list(shown)    # every row, as the build lays them out

    def wanted(value):
        k = int(np.clip(np.floor(value), 1, th.kept)) - 1
        return [float(i == k) for i in range(len(rows))]

    for value in (0.0, 0.5, 1.0, 1.7, 3.0, 3.0, 2.2, th.kept, 1.0):
        row.set_value(value)
        shown.update(0)
        assert opacities(rows) == wanted(value), value
        # only the row shown is in the group: the others are out of every frame's walk
        assert shown.submobjects == [rows[wanted(value).index(1.0)]], value
    # A copy an animation makes (FadeIn's faded start) keeps what it was made with: the
    # readout fades in whole (it used to set its row opaque on the copy's first update, so
    # the values popped in at full brightness beside their fading label).
    faded = shown.copy().fade(1)
    assert opacities(faded) == [0.0]   # the control: the copy starts faded
    faded.update(0)
    assert opacities(faded) == [0.0]
    row.set_value(2.0)
    shown.update(0)
    assert opacities(rows) == wanted(2.0)


def test_the_readout_colon_follows_its_row_count(manim_tmp):
    """"row 8:" and "row 27:", the values after them at one place for both (review r9 saw
    "row  27  :"). Control: the colon is placed again only by its updater."""
    from manim import ValueTracker

    from scenes.overshoot.thread import readout
    th = overshoot_numbers(OVERSHOOT.defaults()).thread
    row = ValueTracker(1.0)
    words = readout(th, row)
    _, count, colon, shown = words
    start = shown.get_left()[0]
    for value in (8.0, float(th.kept)):
        row.set_value(value)
        words.update(0)
        assert colon.get_left()[0] - count.get_right()[0] == pytest.approx(0.06, abs=0.02)
        assert 0.1 < shown.get_left()[0] - colon.get_right()[0] < 0.5
        assert shown.get_left()[0] == pytest.approx(start)
    colon.clear_updaters()
    row.set_value(8.0)
    words.update(0)
    assert colon.get_left()[0] - count.get_right()[0] > 0.1   # left where row 27 put it


def test_the_data_line_follows_the_walker_and_the_panel(manim_tmp):
    from manim import RIGHT, UP

    from scenes.stepping.stage import DataPanel, build_stage
    numbers = stepping_numbers(STEPPING.defaults())
    stage = build_stage(numbers)
    line, walker, path = stage.data.line, stage.walker, numbers.path
    # The reference: the same panel and path, the line set on every call.
    ref = DataPanel(numbers)

    def ref_update(k):
        i = int(np.clip(np.floor(k), 0, len(path) - 1))
        j = min(i + 1, len(path) - 1)
        ref.set_line(*(path[i] * (1 - (k - i)) + path[j] * (k - i)))

    ref.shift(stage.data.get_center() - ref.get_center())
    ref.line.move_to(line)
    left_behind = None
    for step, k in enumerate((0.0, 0.0, 0.4, 1.0, 1.0, 2.5, 2.5, 2.5, 3.0)):
        walker.index.set_value(k)
        if step == 6:   # the panel (not its line) moves under a standing walker
            stage.data.shift(RIGHT * 0.7 + UP * 0.2)
            ref.shift(RIGHT * 0.7 + UP * 0.2)
            left_behind = line.points.copy()
        line.update(0)
        ref_update(k)
        np.testing.assert_allclose(line.points, ref.line.points, atol=1e-9, err_msg=str(step))
        assert np.array_equal(line.stroke_rgbas, ref.line.stroke_rgbas)
    # the control: a line that skipped its update because the walker stood would be here
    assert line_in_box(*path[2], numbers.x_range, numbers.y_range) is not None
    walker.index.set_value(2.5)
    line.update(0)
    assert np.abs(line.points - left_behind).max() > 0.1
