"""The ``optimizers`` scene's sweep plot (scenes/optimizers/sweep.py), nothing rendered: it places
the sweep's numbers, and its markers tell coinciding curves apart."""

import numpy as np

from sgdanim.lessons.optimizers import compute
from tests.lessons.optimizers_kit import LESSON, SHEETS
from tests.lessons.optimizers_kit import swept  # noqa: F401 - fixtures
from tests.scenes.optimizers_kit import inside_frame, overlap
from tests.scenes.optimizers_kit import _seeded_media  # noqa: F401 - fixtures


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


def test_sweep_rings_the_spot_the_compare_caption_reads(swept):
    """'there SGD ends at RMSE 25': a ring in SGD's colour on SGD's curve at momentum's lr,
    not on SGD's own dot (negative control), and the lr axis names its last decade (10¹)."""
    import math

    from scenes.kit.style import OPTIMIZER_COLOURS
    from scenes.optimizers.sweep import sweep_plot
    plot, s = sweep_plot(swept), swept.sweep
    mom = next(r for r in swept.racers if r.name == "momentum")
    at = plot.axes.point(math.log10(mom.lr), math.log10(s.rmse_at("sgd", mom.lr)))
    np.testing.assert_allclose(plot.there.get_center(), at, atol=1e-9)
    assert plot.there.get_stroke_color().to_hex().lower() == OPTIMIZER_COLOURS["sgd"].lower()
    assert np.linalg.norm(plot.there.get_center() - plot.marks["sgd"].get_center()) > 0.2
    ticks = [t.tex_string for t in plot.labels[0]]
    assert f"10^{{{s.lr_decades[1]}}}" in ticks
    bottom = plot.axes.point(s.lr_decades[0], s.rmse_decades[0])[1]
    under = [t for t in plot.labels[0] if t.get_top()[1] < bottom]     # the lr axis's labels
    assert not any(overlap(a, b, gap=0.05) for i, a in enumerate(under) for b in under[i + 1:])


def test_sweep_brackets_sgds_flat_stretch(swept):
    """'SGD's curve is flat (16–18) from 5.6×10⁻⁷ to 1.0×10⁻⁴': a bracket spanning those lrs
    under SGD's curve, its range written under it, clear of every other curve and of the
    limit's label; it spans SGD's flat lrs, not the whole grid (negative control)."""
    import math

    from scenes.optimizers.sweep import sweep_plot
    plot, s = sweep_plot(swept), swept.sweep
    low, high, lowest, worst = s.near_best("sgd")
    bracket, label = plot.flat
    assert label.text == "16–18"
    xs = [plot.axes.point(math.log10(lr), 0)[0] for lr in (low, high)]
    np.testing.assert_allclose([bracket.get_left()[0], bracket.get_right()[0]], xs, atol=0.03)
    assert bracket.width < plot.axes.x_axis.width / 2
    assert bracket.get_top()[1] < plot.axes.point(0, math.log10(lowest))[1]
    assert inside_frame(plot.flat) and not overlap(plot.flat, plot.limit[1], gap=0.05)
    xs = np.linspace(plot.flat.get_left()[0], plot.flat.get_right()[0], 40)
    for curve in plot.curves.values():    # every curve runs above it over its width
        pts = np.asarray(curve.get_anchors())
        order = np.argsort(pts[:, 0])
        ys = np.interp(xs, pts[order, 0], pts[order, 1], left=np.inf, right=np.inf)
        assert (ys > plot.flat.get_top()[1] + 0.05).all()


def test_the_limits_name_moves_off_sgds_flat_range_where_they_meet():
    """On noisy rows SGD's flat range (15–17) stands where the mean-loss limit is named, a
    quarter of the way up (a dry run found "mean-loss limit" on "15–17"); the name takes the
    first clear place, lower. Control: at the quarter it meets the range; at the defaults it
    stays there."""
    from manim import LEFT

    from scenes.optimizers.sweep import sweep_plot
    noisy = compute(LESSON.resolve(sets=["data=synthetic:noise=3"]))
    plot = sweep_plot(noisy)
    assert inside_frame(plot.limit[1]) and not overlap(plot.flat, plot.limit[1], gap=0.05)
    y0, y1 = noisy.sweep.rmse_decades
    x = np.log10(noisy.sweep.mean_loss_limit)
    quarter = plot.limit[1].copy().next_to(plot.axes.point(x, y0 + 0.25 * (y1 - y0)), LEFT,
                                           buff=0.12)
    assert overlap(plot.flat, quarter)
    assert plot.limit[1].get_y() < quarter.get_y()
    numbers = compute(LESSON.defaults())
    defaults = sweep_plot(numbers)
    y0, y1 = numbers.sweep.rmse_decades
    at = defaults.axes.point(np.log10(numbers.sweep.mean_loss_limit), y0 + 0.25 * (y1 - y0))
    assert abs(defaults.limit[1].get_right()[0] - (at[0] - 0.12)) < 1e-9
    assert abs(defaults.limit[1].get_y() - at[1]) < 1e-9
