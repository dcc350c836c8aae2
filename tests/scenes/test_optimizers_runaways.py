"""The ``optimizers`` lesson where every racer runs away (scenes/optimizers/runaways.py, the
race's end in sgdanim/lessons/optimizers/race.py, the captions in scenes/optimizers/text.py):
SGD alone at lr 1e-2 with the sheets' lrs, a learner's "what if SGD's lr is bigger?". The race
walked 36 s of empty epochs under "All together", the sweep's line pointed at a dot it did not
draw, and Part 6 drew an empty step plot under "SGD: b gains -8.8 a row". Played dry."""

import pytest

from sgdanim.lessons.optimizers import compute
from tests.lessons.optimizers_kit import LESSON, SHEETS
from tests.scenes.optimizers_kit import _seeded_media, inside_frame, overlap  # noqa: F401

GONE_AT_ONCE = [SHEETS, "optimizers=sgd", "lr=1e-2"]           # runs away on step 4
GONE_LATER = [SHEETS, "optimizers=sgd,momentum", "lr=6e-4", "lr_momentum=6e-4"]


def _race_seconds(run, n) -> float:
    """From the race's opening line to the table's first."""
    from scenes.optimizers.text import race_caption, summary_caption
    starts = {text: begin for begin, _, text in run.cues}
    return starts[summary_caption(n)] - starts[race_caption(n)]


@pytest.mark.xdist_group("dry-optimizers")    # shares the defaults run (the control)
@pytest.mark.parametrize("sets", [GONE_AT_ONCE, GONE_LATER])
def test_a_race_everyone_runs_away_from_ends_with_them_and_tells_no_steps(sets):
    """The race ends at the last runaway: no line is held over empty epochs ("All together"
    was held 43 s while the clock ran 36 s of empty epochs). Part 6 says why there is no
    step plot and which lrs stay in, over a card of the runs, and nothing on screen is cut
    or overlaps. Control: at the defaults the race walks 45 s
    and more, and Part 6 reads the step plot."""
    from scenes.optimizers.runaways import runaway_captions
    from tests.scenes.dryrun import play, played_at_defaults
    from tests.scenes.test_far_numbers import hyphens, off_rule
    n = compute(LESSON.resolve(sets=sets))
    run = play("optimizers", sets)
    assert run.layout == ()
    texts = [text for _, _, text in run.cues]
    assert not any("b gains" in t or "All together" in t and len(n.racers) == 1 for t in texts)
    assert texts[-2:] == list(runaway_captions(n))
    assert [(t, off_rule(t) + hyphens(t)) for t in texts if off_rule(t) + hyphens(t)] == []
    # no "Watch b: who climbs the valley to the star?" over runaways: what the leg shows
    assert not any(t.startswith("Watch b") for t in texts)
    assert ("SGD runs off the plot: b −65.2 → −774." in texts) == (sets == GONE_LATER)
    longest = max(stop - start for start, stop, _ in run.cues)
    assert longest < 8.0 and _race_seconds(run, n) < 25, (longest, _race_seconds(run, n))
    here = played_at_defaults("optimizers")
    assert _race_seconds(here, compute(LESSON.defaults())) > 45
    assert any("b gains" in t for *_, t in here.cues)


def test_the_race_ends_at_the_last_runaway():
    """SGD gone on step 4: the race ends where it starts (row 29, epoch 1), with no leg. SGD
    and momentum at lr 6e-4 run away at rows 171 and 93: the race walks to row 171, each
    leg told of a racer still there. Control: with a racer left the race runs every epoch."""
    at_once, later = (compute(LESSON.resolve(sets=s)) for s in (GONE_AT_ONCE, GONE_LATER))
    assert (at_once.race.first, at_once.race.end, at_once.race.beats) == (29, 29, ())
    assert later.race.end == max(r.diverged_at - 1 for r in later.racers) == 171
    assert later.race.beats and later.race.beats[-1].row == 171
    kept = compute(LESSON.resolve(sets=[SHEETS, "optimizers=sgd,adam", "lr=6e-4"]))
    assert kept.race.end == 40 * kept.rows


def test_a_walk_told_again_reads_the_bs_it_walked():
    """Adam racing alone: a leg whose most telling change was the last leg's ("climbs")
    was told as "Adam barely moves: b 8.72 → 8.72" of a b that moved to 11.8. Every climb
    and crawl now reads the racer's b where its leg starts and ends."""
    n = compute(LESSON.resolve(sets=["optimizers=adam"]))
    (adam,) = n.racers
    legs = [b for b in n.race.beats if b.kind in ("climb", "crawl")]
    assert len(legs) >= 4
    for beat in legs:
        assert beat.values == (adam.path[beat.start, 1], adam.path[beat.row, 1]), beat
        assert beat.values[1] != beat.values[0]


def test_one_racers_lines_name_it_and_every_runaway_is_said():
    from scenes.optimizers.text import race_caption, summary_caption, sweep_captions
    adam = compute(LESSON.resolve(sets=["optimizers=adam"]))
    assert race_caption(adam) == "RMSE per epoch, plotted and in the table."
    assert summary_caption(adam) == "Adam gets below RMSE 1 in epoch 40."    # not "0 of 1 never"
    gone = compute(LESSON.resolve(sets=GONE_AT_ONCE))
    assert race_caption(gone) == "With SGD gone in epoch 1, there is nothing to race."
    assert summary_caption(gone) == "SGD never gets below RMSE 1: it ran away."
    later = compute(LESSON.resolve(sets=GONE_LATER))
    assert summary_caption(later) == "None gets below RMSE 1: all ran away."
    assert sweep_captions(later)["dots"] == "No dots: each runs away at its lr."
    mixed = compute(LESSON.resolve(sets=[SHEETS, "optimizers=sgd,adam", "lr=6e-4"]))
    assert sweep_captions(mixed)["dots"] == (
        "Dots: the lrs as set; none for SGD: it runs away there.")
    assert race_caption(compute(LESSON.defaults())).startswith("All together: ")


def test_a_racer_that_runs_away_gets_no_dot_on_the_sweep():
    """SGD at lr 6e-4 runs away in epoch 6: its dot stood at its epoch-5 RMSE on a plot of
    epoch 40's. Control: SGD at the sheet's lr 1e-4 has its dot, at its last RMSE."""
    import math

    from scenes.optimizers.sweep import sweep_plot
    later = sweep_plot(compute(LESSON.resolve(sets=GONE_LATER)))
    assert later.marks == {} and set(later.crosses) == {"sgd", "momentum"}
    sheets = compute(LESSON.resolve(sets=[SHEETS, "optimizers=sgd"]))
    dot = sweep_plot(sheets).marks["sgd"]
    axes = sweep_plot(sheets).axes
    want = axes.point(math.log10(1e-4), math.log10(sheets.racers[0].final_rmse))
    assert dot.get_center() == pytest.approx(want)


def test_the_runaway_card_fits_under_the_header():
    from scenes.optimizers.parts import header
    from scenes.optimizers.runaways import runaway_cells, runaway_part
    n = compute(LESSON.resolve(sets=GONE_LATER))
    assert runaway_cells(n) == [("SGD", "6.0×10⁻⁴", "step 172", "3.2×10⁻⁴"),
                                ("momentum", "6.0×10⁻⁴", "step 94", "1.8×10⁻⁴")]
    part = runaway_part(n)
    head = header("steps", n)
    assert inside_frame(part.card) and inside_frame(part.answer)
    assert not overlap(head, part.card, gap=0.2) and not overlap(part.card, part.answer, 0.3)
    assert part.answer.get_bottom()[1] > -4.0 + 0.9       # above a burned caption
    # the card writes its lrs as the table does: 1.0×10⁻² beside 5.6×10⁻⁴, not 0.01
    one = compute(LESSON.resolve(sets=GONE_AT_ONCE))
    assert runaway_cells(one) == [("SGD", "1.0×10⁻²", "step 4", "3.2×10⁻⁴")]
    # 60 px off the right edge at 1080p, as the other parts' text (the answer, set flush
    # with the card's left, ended 46 px of 854 from it)
    from manim import config
    margin = 60 / 1080 * config.frame_height
    for part in (runaway_part(one), runaway_part(n)):
        assert part.answer.get_right()[0] <= config.frame_width / 2 - margin


def test_the_lrs_said_to_stay_in_are_the_ones_the_sweep_kept():
    """SGD at lr 5e-4 runs away, under its sweep's first runaway (5.6×10⁻⁴ on the grid): "its
    sweep's lrs below 5.6×10⁻⁴ all stay in" was false of the very run on the card. The line
    names the largest grid lr that stayed in, 3.2×10⁻⁴ (control: 5e-4 lies between the two)."""
    from scenes.optimizers.runaways import runaway_captions
    n = compute(LESSON.resolve(sets=[SHEETS, "optimizers=sgd", "lr=5e-4"]))
    tuning, (sgd,) = n.sweep.tunings["sgd"], n.racers
    assert sgd.diverged_at is not None and n.steps.ran_away
    assert tuning.largest_kept_lr < sgd.lr < tuning.runaway_lr              # the control
    assert runaway_captions(n)[1] == "Its sweep's lrs up to 3.2×10⁻⁴ all stay in."
