"""The tags on the RMSE plot for annealed Adam's lr drops (scenes/optimizers/jumps.py, review
r12): G over its min at each epoch the drop captions name, placed without rendering."""

from tests.lessons.optimizers_kit import swept  # noqa: F401 - fixture
from tests.scenes.optimizers_kit import _seeded_media, box, overlap  # noqa: F401 - fixture


def _tags(swept, above=None):
    from scenes.optimizers.jumps import jump_tag, place_tag
    from scenes.optimizers.panels import layout
    plot = layout(swept).plot
    ann = next(r for r in swept.racers if r.name == "adam_ann")
    tags = [(epoch, place_tag(jump_tag(ratio, factor), plot, swept.racers, ann, epoch, above))
            for e in swept.race.events if e.kind == "drop" for epoch, ratio, factor in e.tags]
    return plot, ann, tags


def _clear(plot, racers, tags) -> bool:
    """No two tags overlap, and no curve's point (any racer, any epoch) is under a tag."""
    points = [plot.point(k + 1, v) for r in racers for k, v in enumerate(r.rmse)]
    apart = all(not overlap(a, b) for i, (_, a) in enumerate(tags) for _, b in tags[i + 1:])
    return apart and not any(x0 - 0.03 < p[0] < x1 + 0.03 and y0 - 0.03 < p[1] < y1 + 0.03
                             for _, t in tags for x0, y0, x1, y1 in [box(t)] for p in points)


def test_drop_tags_sit_on_their_spikes_inside_the_plot_clear_of_the_curves(swept):
    """Each tag's number stands over (a peak) or beside (a flank) annealed Adam's point of its
    epoch, within 0.45; every tag is inside the axes, none overlaps another or a curve's
    point; the ones over the ratio are red with the lr's divisor.
    Negative control: every tag set over its point puts 2.1× (epoch 26) on 2.2× (epoch 25)."""
    from manim import ManimColor

    from scenes.kit.style import GRAD, TEXT
    plot, ann, tags = _tags(swept)
    assert [t.tex_string for _, t in tags] == [
        r"2.2\times, \ \mathrm{lr} \div 4", r"1.4\times", r"1.9\times",
        r"2.1\times, \ \mathrm{lr} \div 4"]
    axes = plot.axes
    for epoch, tag in tags:
        x0, y0, x1, y1 = box(tag)
        assert axes.y_axis.get_right()[0] < x0 and x1 <= axes.x_axis.get_right()[0]
        assert axes.x_axis.get_y() < y0 and y1 <= axes.get_top()[1]
        point = plot.point(epoch, ann.rmse[epoch - 1])
        nx0, ny0, nx1, ny1 = box(tag[0])
        dx, dy = max(nx0 - point[0], 0, point[0] - nx1), max(ny0 - point[1], 0, point[1] - ny1)
        assert (dx ** 2 + dy ** 2) ** 0.5 < 0.45, (epoch, dx, dy)
        red = "lr" in tag.tex_string
        assert ManimColor(tag.get_color()) == ManimColor(GRAD if red else TEXT)
    assert _clear(plot, swept.racers, tags)
    assert not _clear(plot, swept.racers, _tags(swept, above=True)[2])


def test_tags_of_later_drops_keep_clear_of_earlier_ones():
    """A target of 10⁻⁹ stretches the RMSE axis to 12 decades, and the race squeezes into its
    top two: the second drop's "2.1×, lr ÷ 4" was set on the first's "2.2×, lr ÷ 4" at the
    plot's top (the drops are two events, each placed alone). The plot now keeps its tags
    (``plot.tags``) and a later one moves clear. Control: the same tags placed each alone
    overlap, as before."""
    from scenes.optimizers.events import drop_tags
    from scenes.optimizers.jumps import jump_tag, place_tag
    from scenes.optimizers.panels import layout
    from sgdanim.lessons.optimizers import compute
    from tests.lessons.optimizers_kit import LESSON
    n = compute(LESSON.resolve(sets=["target=1e-9"]))
    plot = layout(n).plot
    drops = [e for e in n.race.events if e.kind == "drop"]
    tags = [t for e in drops for t in drop_tags(plot, n, e)]
    assert tags == plot.tags and len(tags) >= 2
    assert all(not overlap(a, b) for i, a in enumerate(tags) for b in tags[i + 1:])
    axes = plot.axes
    assert all(axes.get_left()[0] <= box(t)[0] and box(t)[2] <= axes.get_right()[0]
               for t in tags)
    ann = next(r for r in n.racers if r.name == "adam_ann")
    alone = [place_tag(jump_tag(ratio, factor), plot, n.racers, ann, epoch)
             for e in drops for epoch, ratio, factor in e.tags]
    assert any(overlap(a, b) for i, a in enumerate(alone) for b in alone[i + 1:])


def test_a_tag_near_the_y_axis_stays_right_of_its_labels():
    """With the sheets' lrs annealed Adam drops its lr in epoch 2: its tag, centred over the
    point, reached left over the y axis' "10²". Control: the same tag shifted back left of the
    axis, level with the nearest label, overlaps it."""
    from manim import RIGHT

    from scenes.optimizers.events import drop_tags
    from scenes.optimizers.panels import layout
    from sgdanim.lessons.optimizers import compute
    from tests.lessons.optimizers_kit import LESSON, SHEETS
    n = compute(LESSON.resolve(sets=[SHEETS]))
    plot = layout(n).plot
    tags = [t for e in n.race.events if e.kind == "drop" for t in drop_tags(plot, n, e)]
    axis_x = plot.axes.x_axis.get_left()[0]
    assert min(box(t)[0] for t in tags) >= axis_x
    assert not any(overlap(t, label) for t in tags for label in plot.labels)
    first = min(tags, key=lambda t: box(t)[0]).copy()
    first.shift((axis_x - 0.3 - box(first)[0]) * RIGHT)
    first.set_y(min(plot.labels, key=lambda label: abs(label.get_y() - first.get_y())).get_y())
    assert any(overlap(first, label) for label in plot.labels)


def test_tags_with_no_room_over_the_curves_stand_under_them():
    """A target of 10⁻⁹ squeezes the race into the RMSE axis' top two decades: a tag set over
    the curves was pushed back under the axis' top, onto them. It now stands under the curves,
    where the axis is empty. Control: each tag at the axis' top over its point is on a curve."""
    import numpy as np
    from manim import RIGHT, UP

    from scenes.kit.clearance import clear_of
    from scenes.optimizers.events import drop_tags
    from scenes.optimizers.panels import layout
    from sgdanim.lessons.optimizers import compute
    from tests.lessons.optimizers_kit import LESSON
    n = compute(LESSON.resolve(sets=["target=1e-9"]))
    plot = layout(n).plot
    lines = [np.array([plot.point(k + 1, v) for k, v in enumerate(r.rmse) if np.isfinite(v)])
             for r in n.racers]
    ann = next(r for r in n.racers if r.name == "adam_ann")
    drops = [e for e in n.race.events if e.kind == "drop"]
    tags = [t for e in drops for t in drop_tags(plot, n, e)]
    epochs = [epoch for e in drops for epoch, _, _ in e.tags]
    assert all(clear_of(t, lines, 0.05) for t in tags)
    assert all(plot.axes.x_axis.get_y() < box(t)[1] for t in tags)
    at_top = []
    for tag, epoch in zip(tags, epochs):
        point = plot.point(epoch, ann.rmse[epoch - 1])
        top = tag.copy().shift((point[0] - tag[0].get_x()) * RIGHT)
        at_top.append(top.shift((plot.axes.get_top()[1] - box(top)[3]) * UP))
    assert not any(clear_of(t, lines, 0.05) for t in at_top)


def test_drops_a_row_apart_keep_off_each_other_and_the_target():
    """After 10 epochs annealed Adam drops its lr in epochs 3 and 4, 0.5 apart on the axis:
    "2.3×, lr ÷ 4" was set under "2.6×, lr ÷ 4", on the RMSE = 1 line. Every tag now keeps
    off the others, the target's line and words and every curve, its number over its epoch.
    Control: the second tag where it stood, under the first, meets the target's line."""
    import numpy as np
    from manim import UP

    from scenes.kit.clearance import clear_of
    from scenes.optimizers.events import drop_tags
    from scenes.optimizers.jumps import jump_tag, place_tag
    from scenes.optimizers.panels import layout
    from sgdanim.lessons.optimizers import compute
    from tests.lessons.optimizers_kit import LESSON
    n = compute(LESSON.resolve(sets=["epochs=10"]))
    plot = layout(n).plot
    drops = [e for e in n.race.events if e.kind == "drop"]
    tags = [t for e in drops for t in drop_tags(plot, n, e)]
    epochs = [epoch for e in drops for epoch, _, _ in e.tags]
    assert epochs[-2:] == [3, 4] and len(tags) == 3
    line = plot.target_line
    lines = [np.array([plot.point(k + 1, v) for k, v in enumerate(r.rmse) if np.isfinite(v)])
             for r in n.racers] + [np.array([line.get_start(), line.get_end()])]
    assert all(not overlap(a, b) for i, a in enumerate(tags) for b in tags[i + 1:])
    assert not any(overlap(t, plot.target_label) for t in tags)
    assert all(clear_of(t, lines, 0.05) for t in tags)
    for tag, epoch in zip(tags, epochs):
        assert abs(tag[0].get_x() - plot.point(epoch, 1.0)[0]) < 0.45
    # the second's place before: beside its point, then under the tags it met (old drop_tags)
    ann = next(r for r in n.racers if r.name == "adam_ann")
    (_, ratio, factor), earlier = drops[-1].tags[-1], tags[:-1]
    before = place_tag(jump_tag(ratio, factor), plot, n.racers, ann, 4, above=False)
    hits = [t for t in earlier if overlap(before, t)]
    before.shift((min(box(t)[1] for t in hits) - 0.05 - box(before)[3]) * UP)
    assert not clear_of(before, lines[-1:], 0.05) or overlap(before, plot.target_label)


def test_a_tag_with_no_free_place_retires_the_older_tags_it_meets():
    """After 200 epochs annealed Adam drops its lr ten times and the RMSE plot has no free
    place for the last tags: "2×, lr ÷ 4" was set on "2.3×, lr ÷ 4". A tag with no free place
    now stands over its point and the older tags it meets go to ``plot.retired`` (faded as it
    comes in, events.show_event). The tags left on the plot do not overlap. Control: each
    retired tag meets a tag placed after it, so keeping it would have overlapped."""
    from scenes.optimizers.events import _retired
    from scenes.optimizers.jumps import drop_tags
    from scenes.optimizers.panels import layout
    from sgdanim.lessons.optimizers import compute
    from tests.lessons.optimizers_kit import LESSON
    n = compute(LESSON.resolve(sets=["epochs=200"]))
    plot = layout(n).plot
    placed, retired = [], []
    for event in (e for e in n.race.events if e.kind == "drop" and e.tags):
        placed += drop_tags(plot, n, event)
        retired += _retired(plot)
    assert retired and plot.retired == []
    tags = plot.tags
    assert all(not overlap(a, b) for i, a in enumerate(tags) for b in tags[i + 1:])
    for old in retired:
        later = placed[placed.index(old) + 1:]
        assert any(overlap(old, new) for new in later if new in tags)
