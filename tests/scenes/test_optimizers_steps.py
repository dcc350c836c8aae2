"""The ``optimizers`` scene's step part (scenes/optimizers/steps.py, first_steps.py), nothing
rendered: it ends on its takeaway from the numbers, the first epoch's bars of each racer, the
arrows for up and left on the plot, and no step label covering another racer's dot."""

import numpy as np
import pytest

from sgdanim.lessons.optimizers import compute
from tests.lessons.optimizers_kit import LESSON, reference_run
from tests.lessons.optimizers_kit import swept  # noqa: F401 - fixtures
from tests.scenes.optimizers_kit import inside_frame, overlap
from tests.scenes.optimizers_kit import _seeded_media  # noqa: F401 - fixtures


def test_step_part_ends_on_its_takeaway_from_the_numbers(swept):
    """Part 6's held last lines say which got below the target first (from the table's
    epochs, a size larger) and why (b's step over its own √v; a calmed by m, and by lr drops
    when annealed Adam races), across the frame's foot; the rule cards carry each racer's lr.
    Without annealed Adam the lr drops are not named (control); one racer alone has no
    comparison to hold."""
    from scenes.kit.style import BODY_SIZE, LABEL_SIZE
    from scenes.optimizers.steps import first_tex, step_plot
    from scenes.optimizers.step_text import takeaway_tex
    said = takeaway_tex(swept)
    assert said == (r"\text{Why: each weight's own }\sqrt{v}\text{}\\ &\text{lifts }b\text{'s step "
                    r"(up);}\\ &m\text{ and lr drops calm }a\text{ (left)}")
    no_drops = compute(LESSON.resolve(sets=["optimizers=sgd,rmsprop,adam", "epochs=3"]))
    assert takeaway_tex(no_drops) != said and "drops" not in takeaway_tex(no_drops)
    assert takeaway_tex(compute(LESSON.resolve(sets=["optimizers=adam"]))) is None
    # which first: the racers' own epochs to the target, in order (control: none got there)
    done = sorted((r for r in swept.racers if r.epochs_to_target),
                  key=lambda r: r.epochs_to_target)
    assert [r.name for r in done] == ["adam_ann", "adam"]
    # annealed Adam's bounce after its first dip is said with it (control: Adam has none)
    epoch, rmse = done[0].bounce
    assert first_tex(swept) == (rf"\text{{First under RMSE 1: annealed Adam (epoch "
                                rf"{done[0].epochs_to_target}; back up to {rmse:.0f} in "
                                rf"{epoch}), then Adam ({done[1].epochs_to_target})}}")
    assert "annealed Adam (epoch 20; back up to 17 in 25), then Adam (40)" in first_tex(swept)
    assert done[1].bounce is None
    assert first_tex(no_drops) == r"\text{None under RMSE 1 in 3 epochs}"
    from scenes.optimizers.step_text import takeaway_caption      # the same answer, said
    assert takeaway_caption(swept) == "Per-weight steps lift b; momentum and lr drops calm a."
    assert "drops" not in takeaway_caption(no_drops)
    plot = step_plot(swept)
    # the lrs as the table wrote them (one format for the lesson's lrs)
    assert r"(lr }1.0\times10^{-4}" in plot.slow.tex_string
    assert r"(lr }5.6\times10^{-2}" in plot.fast.tex_string
    assert plot.answer.font_size == pytest.approx(BODY_SIZE)
    assert plot.takeaway.font_size == pytest.approx(LABEL_SIZE)
    assert plot.takeaway.get_top()[1] < plot.answer.get_bottom()[1]
    assert plot.answer.tex_string.count(r"\\") == 2       # wrapped to the column: 3 lines
    # Three rules (SGD, RMSProp, Adam) and the first-step bars stack in the right column,
    # the answer under everything, all inside the frame, clear of the plot and of each other.
    rules = (plot.slow, plot.scaled, plot.fast, plot.bars.group)
    assert r"\text{, } v\text{: mean } g^2" in plot.scaled.tex_string
    for i, rule in enumerate(rules):
        assert inside_frame(rule) and not overlap(rule, plot.axes, gap=0.1)
        assert not overlap(rule, plot.labels, gap=0.1)
        assert not any(overlap(rule, other, gap=0.1) for other in rules[i + 1:])
    # Review r12: the answer takes the rules' and bars' place (part 6 fades them first), all
    # of it above 900 px (1080p), where players draw captions, and 60 px off the right edge.
    # Negative control: the answer's one line across the frame's foot reached below that.
    from manim import MathTex, config

    from scenes.optimizers.panels import RIGHT_EDGE
    foot = config.frame_height / 2 - 900 / 1080 * config.frame_height
    assert set(plot.column) == {*rules[:3], plot.annealed, plot.bars.group}
    for line in (plot.answer, plot.takeaway):
        assert inside_frame(line) and line.get_bottom()[1] > foot
        assert line.get_right()[0] <= RIGHT_EDGE and line.get_left()[0] >= plot.column.get_left()[0]
        assert not any(overlap(line, m, gap=0.1) for m in (plot.axes, plot.labels, plot.directions))
    old = MathTex(first_tex(swept), font_size=BODY_SIZE).move_to([0, -3.24, 0])
    assert old.get_bottom()[1] < foot


def test_first_step_bars_draw_each_racers_epoch_1_split(swept):
    """Part 6 draws the mechanism for all five: each racer's epoch-1 mean step per row on a
    and on b (rebuilt here from a one-epoch run), as two bars in the weights' colours, the
    pair drawn to its larger step, with "b's step = r × a's" beside them. One lr for both (SGD, momentum)
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
        assert ratio.tex_string == (rf"b \text{{'s step}} = {float(f'{d[1] / d[0]:.2g}'):g}"
                                    r"\times a \text{'s}")
        for bar, weight in ((a_bar, "a"), (b_bar, "b")):
            assert bar.get_fill_color().to_hex().lower() == \
                ManimColor(WEIGHT_COLOURS[weight]).to_hex().lower()
        assert (b_bar.width < 0.03 * a_bar.width) == (r.rule.square is None)
    rows = [VGroup_of(row) for row in bars.rows.values()]
    assert not any(overlap(a, b) for i, a in enumerate(rows) for b in rows[i + 1:])
    still = NS(name="sgd", first_a=0.0, first_b=0.02, first_ratio=None)
    assert bar_lengths(still, 2.0) == (0.0, 2.0)
    from scenes.optimizers.step_text import ratio_tex, ratio_text
    assert ratio_tex(None) == r"\text{--}" and ratio_text(None) == "—"
    assert bar_lengths(NS(first_a=0.0, first_b=0.0), 2.0) == (0.0, 0.0)


def test_up_and_left_are_arrows_on_the_plot(swept):
    """The takeaway's "(up)" and "(left)" point at something: an arrow straight up from the
    highest racer under the ceiling line (momentum) to the racer on it at its x (RMSProp:
    the same rattle, b lifted by its own √v), and one
    above the line from the rightmost racer on it (RMSProp) to the leftmost (annealed Adam),
    their labels clear of every dot and label. Control: with one racer on the line there is
    no "left" to draw, and SGD's dot is far from under Adam's: no arrows."""
    from scenes.optimizers.steps import directions, step_plot
    plot = step_plot(swept)
    up, up_label, left, left_label = plot.directions
    by = {r.name: r for r in swept.racers}
    axes = plot.axes
    mom, rms = plot.dots["momentum"][0], plot.dots["rmsprop"][0]
    assert abs(mom.get_x() - rms.get_x()) < 0.05            # the same rattle: one x
    assert up.get_start()[0] == pytest.approx(rms.get_x())
    assert 0 < up.get_start()[1] - mom.get_top()[1] < 0.1   # from momentum's dot
    assert up.get_end()[1] > up.get_start()[1] and up.get_end()[1] < plot.diagonal.get_y()
    assert plot.diagonal.get_y() - up.get_end()[1] < 0.7    # to under RMSProp's label
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


def test_no_step_label_covers_another_racers_dot(swept):
    """Part 6's dots for RMSProp and annealed Adam sit side by side: each label beside its own
    dot would cover the other's. Labels that would go above their dots instead. Control:
    placed beside their dots, as before, a label covers the neighbour's dot."""
    from manim import LEFT, RIGHT

    from scenes.kit.scene import covers
    from scenes.optimizers.steps import step_plot
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


def test_rattle_bracket_spans_the_two_dots_it_compares(swept):
    """Adam's line's "a rattles 5.8× less" is drawn: a double arrow from RMSProp's dot's x to
    Adam's, under both dots and their labels, the ratio from the lesson under it; no racer's
    dot or label under it. Without RMSProp there is nothing to compare (control)."""
    from scenes.kit.format import figures_tex
    from scenes.optimizers.steps import step_plot
    plot, story = step_plot(swept), swept.steps
    arrow, label = plot.rattle
    (rms, rms_label), (adam, adam_label) = plot.dots[story.scaled], plot.dots[story.fast]
    xs = sorted([arrow.get_start()[0], arrow.get_end()[0]])
    np.testing.assert_allclose(xs, sorted([rms.get_x(), adam.get_x()]), atol=1e-6)
    assert arrow.get_top()[1] < min(m.get_bottom()[1] for m in (rms, rms_label, adam, adam_label))
    assert label.tex_string == figures_tex(story.rattle) + r"\times" and story.rattle > 1
    assert label.get_top()[1] < arrow.get_bottom()[1] + 0.01
    assert not any(overlap(plot.rattle, m) for pair in plot.dots.values() for m in pair)
    assert inside_frame(plot.rattle)
    alone = compute(LESSON.resolve(sets=["optimizers=sgd,adam", "epochs=3"]))
    assert step_plot(alone).rattle is None


def test_after_one_epoch_the_step_plots_labels_stay_clear_and_in_the_frame():
    """After one epoch annealed Adam's dot sits on Adam's at the plot's left edge: its label,
    sent to the dot's other side, ran off the frame. And every b is near the best, so the
    line "b reaches 30 in 1 epoch" ran along the plot's top, and its label, set over it,
    crossed the y axis' name. Now the label goes above its dot, and the b axis reaches half a
    decade over the line (lessons' step_decades), so the line's label stands over it, clear
    of the name, as the defaults' does."""
    from scenes.optimizers.steps import step_plot
    for sets in (["epochs=1"], ["epochs=100"], []):
        n = compute(LESSON.resolve(sets=sets))
        plot = step_plot(n)
        for _, label in plot.dots.values():
            assert inside_frame(label)
            assert not overlap(label, plot.labels[1][1])      # the y axis' name
        line, label = plot.diagonal, plot.diagonal_label
        assert label.get_bottom()[1] > line.get_top()[1]
        assert not overlap(label, plot.labels[1][1])


@pytest.mark.parametrize("racers", ["sgd,adam", "sgd,momentum", "sgd,adam,adam_ann"])
def test_with_fewer_racers_the_rules_and_the_ceiling_stay_in_the_frame(racers):
    """Without RMSProp the rules were centred at x = 3.9, and Adam's, as wide as the column,
    ran past the frame's edge; with SGD and momentum alone the plot stopped two decades under
    the line "b reaches 30 in 40 epochs", drawn off the frame (dry runs of those settings
    found both). Now the column starts where the defaults' does, and the b axis reaches the
    line. Control: Adam's rule from SGD's left, SGD's centred as it was, is cut."""
    from manim import LEFT
    from scenes.optimizers.steps import step_plot
    plot = step_plot(compute(LESSON.resolve(sets=[f"optimizers={racers}"])))
    assert inside_frame(plot.column)
    top = plot.axes.point(0, plot.axes.low[1] + plot.axes.y_range[1])[1]
    assert plot.axes.get_bottom()[1] <= plot.diagonal.get_y() <= top + 1e-9
    assert inside_frame(plot.diagonal_label)
    if "adam" in racers:
        assert not inside_frame(plot.fast.copy().align_to(plot.slow.copy().set_x(3.9), LEFT))


def test_the_ceiling_lines_words_keep_off_a_racer_named_on_the_line():
    """With the sheets' lrs and lr_adam 0.01, annealed Adam arrives and is named over its dot,
    on the line, where "b reaches 30 in 40 epochs" stood (a dry run found it). The words now
    go where no dot or name is: over the line's left end. Control: at the line's right end
    they would sit on annealed Adam's name."""
    from manim import RIGHT
    from scenes.optimizers.steps import step_plot
    plot = step_plot(compute(LESSON.resolve(sets=["tune=sheets", "lr_adam=0.01"])))
    pieces = [m for pair in plot.dots.values() for m in pair]
    label = plot.diagonal_label
    assert not any(overlap(label, m) for m in pieces) and inside_frame(label)
    at_right = label.copy().align_to(plot.diagonal.get_end(), RIGHT)
    assert overlap(at_right, plot.dots["adam_ann"][1])


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_data_whose_best_b_is_below_the_start_plays_with_its_ceiling(manim_tmp):
    """On data on y = 0 the best b (0) is under the start (1). The net b per row of a racer
    that ends there was negative: its log made a ceiling line of NaN (ValueError), and with
    every racer's b gone back the plot had no dot to fade in (Scene.play with no
    animations); then the part played with no ceiling and no dots. Net b now counts toward
    the best b, down here, so the plot has its ceiling and its dots, and takes no log of a
    negative number. Control: the defaults' plot has its ceiling and a dot per racer."""
    from scenes.optimizers.steps import step_plot
    from sgdanim.lessons.optimizers import compute
    from tests.lessons.optimizers_kit import LESSON
    from tests.scenes.dryrun import play
    sets = ["data=synthetic:slope=0,intercept=0"]
    n = compute(LESSON.resolve(sets=sets))
    assert n.steps.arrive > 0 and not n.steps.rises
    plot = step_plot(n)
    moved = {r.name for r in n.racers if r.net_b > 0}
    assert plot.diagonal is not None and moved and set(plot.dots) == moved
    assert play("optimizers", ["parts=steps", *sets]).cues
    defaults = step_plot(compute(LESSON.defaults()))
    assert defaults.diagonal is not None and len(defaults.dots) == 5


def test_after_200_epochs_the_lines_words_and_the_rattle_keep_off_the_racers():
    """After 200 epochs RMSProp is named over its dot on the ceiling line, SGD's dot sits just
    under the line's right end and annealed Adam's on its left end: "b reaches 30 in 200
    epochs" stood on RMSProp's name, and the rattle's "39×" under its arrow on momentum's (a
    dry run found both). The words now go higher over the right end, the ratio left of its
    arrow. Control: where they stood, each meets a racer's name."""
    from manim import DOWN, RIGHT, UP
    from scenes.optimizers.steps import step_plot
    plot = step_plot(compute(LESSON.resolve(sets=["epochs=200"])))
    pieces = [m for pair in plot.dots.values() for m in pair]
    words, (arrow, ratio) = plot.diagonal_label, plot.rattle
    assert not any(overlap(words, m) for m in pieces) and inside_frame(words)
    assert not any(overlap(ratio, m) for m in pieces)
    end = plot.diagonal.get_end()
    stood = words.copy().next_to(end, UP, buff=0.1).align_to(end, RIGHT)
    assert overlap(stood, plot.dots["rmsprop"][1])
    assert overlap(ratio.copy().next_to(arrow, DOWN, buff=0.06), plot.dots["momentum"][1])


def test_two_names_under_dots_that_nearly_touch_stack_down_and_keep_the_up_arrow():
    """With the sheets' lrs over 100 epochs Adam's dot and RMSProp's nearly touch on the
    ceiling line. Both names went under their dots, met, and Adam's rose onto its own dot.
    Now it goes under RMSProp's name, and the arrow up from momentum still reaches under it.
    Control: rising, as before, puts Adam's name on its dot."""
    from manim import UP
    from scenes.kit.scene import covers
    from scenes.optimizers.steps import step_plot
    plot = step_plot(compute(LESSON.resolve(sets=["tune=sheets", "epochs=100"])))
    dots = {name: dot for name, (dot, _) in plot.dots.items()}
    labels = {name: label for name, (_, label) in plot.dots.items()}
    assert not any(covers(label, dot) for label in labels.values() for dot in dots.values())
    names = list(labels.values())
    assert not any(covers(a, b) for i, a in enumerate(names) for b in names[i + 1:])
    adam, rmsprop = labels["adam"], labels["rmsprop"]
    assert adam.get_top()[1] < rmsprop.get_bottom()[1] < dots["rmsprop"].get_bottom()[1]
    up = plot.directions[0]
    assert up.get_end()[1] < adam.get_bottom()[1] and up.get_start()[1] > dots["momentum"].get_y()
    assert not any(covers(up, m) for m in names + list(dots.values()))
    risen = adam.copy().shift((rmsprop.get_top()[1] + 0.05 - adam.get_bottom()[1]) * UP)
    assert covers(risen, dots["adam"])


def test_a_rule_too_wide_for_the_column_puts_its_step_under_its_name():
    """With the sheets' lrs and lr_adam=100 Adam runs away, annealed Adam is the fast racer,
    and its one-line rule, "annealed Adam (lr 1.0 × 10⁰): p ← p − lr · m/(√v + ε)", ran past
    the frame's right edge (to x = 7.20). It now takes two lines. Control: the one-line rule
    is wider than the column; at the defaults every rule keeps one line."""
    from manim import MathTex
    from scenes.optimizers.panels import RIGHT_EDGE
    from scenes.optimizers.step_rules import COLUMN_ROOM
    from scenes.optimizers.steps import step_plot
    numbers = compute(LESSON.resolve(sets=["tune=sheets", "lr_adam=100"]))
    plot = step_plot(numbers)
    assert numbers.steps.fast == "adam_ann" and plot.annealed is None
    assert plot.fast.get_right()[0] <= RIGHT_EDGE + 0.05 and inside_frame(plot.fast)
    cut = plot.fast[0].get_tex_string()
    assert "\\quad" in cut
    one_line = MathTex(cut.replace(r"\\ &\quad ", ""), font_size=plot.fast.font_size)
    assert one_line.width > COLUMN_ROOM      # cut in two, not shrunk:
    assert plot.fast.font_size == pytest.approx(plot.slow.font_size)
    defaults = step_plot(compute(LESSON.defaults()))
    assert not any("\\quad" in r[0].get_tex_string()
                   for r in (defaults.slow, defaults.fast, defaults.scaled) if r is not None)


@pytest.mark.parametrize("alone", ["adam", "sgd"])
def test_a_lone_racers_rule_starts_at_the_columns_edge_inside_the_margin(alone):
    """With one racer there is nothing to compare, and its rule stood centred at x = 3.9:
    Adam's, the widest, ended at 6.80, past the text margin. It now starts where the race's
    rules start. Control: centred, as it was, it ends past the margin."""
    from scenes.optimizers.panels import RIGHT_EDGE
    from scenes.optimizers.step_rules import COLUMN_LEFT
    from scenes.optimizers.steps import step_plot
    rule = step_plot(compute(LESSON.resolve(sets=[f"optimizers={alone}"]))).slow
    assert rule.get_left()[0] == pytest.approx(COLUMN_LEFT)
    assert rule.get_right()[0] <= RIGHT_EDGE + 0.05
    if alone == "adam":
        assert rule.copy().set_x(3.9).get_right()[0] > RIGHT_EDGE + 0.05
