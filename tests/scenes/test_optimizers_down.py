"""The ``optimizers`` scene's step part on rows whose best b is below the start
(scenes/optimizers/steps.py, step_text.py), nothing rendered: every racer's b goes down to
its best, and the plot, its ceiling's words and the captions say so."""

from sgdanim.lessons.optimizers import compute
from tests.lessons.optimizers_kit import LESSON
from tests.scenes.optimizers_kit import _seeded_media  # noqa: F401 - fixtures


def test_rows_whose_best_b_is_below_the_start_keep_the_step_plot():
    """On rows whose best b is −5 every racer's b goes down from 1. Its net Δb per row was
    negative, so the log plot had no dot at all, and the captions read "b gains −2.8×10⁻⁴ a
    row", "who climbs the valley" and "b reaches -5" (a hyphen). Net b now counts toward the
    best, and the words go down. Control: at the defaults b climbs and gains."""
    from scenes.optimizers.legs import race_legs
    from scenes.optimizers.step_text import step_captions
    from scenes.optimizers.steps import step_plot
    from tests.scenes.test_far_numbers import hyphens
    down = compute(LESSON.resolve(sets=["data=synthetic:slope=2,intercept=-5"]))
    assert not down.steps.rises and all(r.net_b > 0 for r in down.racers)
    plot = step_plot(down)
    assert set(plot.dots) == {r.name for r in down.racers}
    assert plot.diagonal_label.get_tex_string() == r"\text{b reaches }{-5}\text{ in 40 epochs}"
    assert plot.labels[1][1].get_tex_string().startswith(r"\text{net } {-\Delta b}")
    said = step_captions(down)
    assert "SGD: b drops 2.8×10⁻⁴ a row" in said[1] and not any("gains" in s for s in said)
    assert [s for s in said if hyphens(s)] == []
    leads = [text for legs in race_legs(down).values() for _, _, text in legs]
    assert "Watch b: who goes down the valley to the star?" in leads
    up = compute(LESSON.defaults())
    assert up.steps.rises and "b gains" in step_captions(up)[1]
    assert "Watch b: who climbs the valley to the star?" in [
        text for legs in race_legs(up).values() for _, _, text in legs]


def test_a_racer_whose_b_went_away_from_its_best_is_told_so_with_no_ratio():
    """On rows whose best b is −5, over 3 epochs, momentum's b ends above its start: it read
    "Momentum: b drops −1.3×10⁻⁴ a row, −0.62× SGD's". Each racer's direction is its own
    now, and no ratio is given to b gone the wrong way. Control: the ratio it had."""
    from scenes.optimizers.step_text import step_captions
    n = compute(LESSON.resolve(sets=["optimizers=sgd,momentum", "epochs=3",
                                     "data=synthetic:slope=2,intercept=-5"]))
    said = step_captions(n)
    assert said[2].startswith("Momentum: b moves 1.3×10⁻⁴ a row away from its best:")
    assert "SGD's" not in said[2] and "−" not in said[2]
    assert n.steps.speedup < 0


def test_a_best_b_under_one_is_written_with_its_figures_and_b_is_sped_not_lifted():
    """A best b of −0.3 was written "b reaches −0", the rounding of a whole number, and the
    takeaway's caption said "Per-weight steps lift b" of a b that goes down (√v makes b's
    steps bigger: "speed"). Controls: the defaults' best of 30 and their "lift"."""
    from scenes.optimizers.step_text import takeaway_caption
    from scenes.optimizers.steps import step_plot
    down = compute(LESSON.resolve(sets=["data=synthetic:slope=2,intercept=-0.3"]))
    label = step_plot(down).diagonal_label.get_tex_string()
    assert label == r"\text{b reaches }{-0.3}\text{ in 40 epochs}"
    assert takeaway_caption(down) == "Per-weight steps speed b; momentum and lr drops calm a."
    up = compute(LESSON.defaults())
    assert step_plot(up).diagonal_label.get_tex_string() == r"\text{b reaches 30 in 40 epochs}"
    assert takeaway_caption(up) == "Per-weight steps lift b; momentum and lr drops calm a."
