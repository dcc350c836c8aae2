"""What the ``optimizers`` scene says (scenes/optimizers/text.py), nothing rendered: the race's
legs and their beats, the rules' formulas, and the race's, step part's and sweep's captions, each
read from the lesson's numbers."""

from types import SimpleNamespace

import numpy as np

from sgdanim.lessons.optimizers import compute
from tests.lessons.optimizers_kit import LESSON, RUNAWAY_ALONE, SHEETS, reference_run
from tests.lessons.optimizers_kit import numbers, swept  # noqa: F401 - fixtures
from tests.scenes.optimizers_kit import racer_of
from tests.scenes.optimizers_kit import _seeded_media  # noqa: F401 - fixtures


def test_race_legs_say_the_beats_and_how_to_read_the_race(swept):
    """The first legs of the first two walks say how to read the race; every other leg says
    its beat, with the lesson's numbers (no "On to epoch N" held over a silent walk)."""
    from scenes.optimizers.parts import LEADS, race_legs
    from scenes.optimizers.text import beat_caption, ring_caption
    legs = race_legs(swept)
    lines = [line for walk in legs.values() for *_, line in walk]
    beats = swept.race.beats
    leads = (*LEADS, ring_caption(swept))
    assert len(lines) == len(beats) and lines[:2] == [LEADS[0], ring_caption(swept)]
    assert LEADS[1] in lines and LEADS[2] not in lines      # "does it climb": one racer's
    assert not any(line.startswith("On to epoch") for line in lines)
    told = [(line, b) for line, b in zip(lines, beats) if line not in leads]
    assert len(told) == len(beats) - 3 and all(line == beat_caption(b) for line, b in told)
    assert "annealed Adam's RMSE rises: 0.55 → 17." in lines
    assert beat_caption(next(b for b in beats if b.kind == "climb")).startswith(
        "RMSProp climbs the valley: b 5.75 → 8.77")


def test_rules_write_the_lessons_numbers():
    """rule_tex writes what the lesson says, not constants of its own: odd made-up numbers."""
    from scenes.optimizers.text import gloss, rule_tex
    odd = SimpleNamespace(name="adam_ann", rule=SimpleNamespace(
        mean=(0.8, 0.2), square=(0.95, 0.05), eps=1e-6, anneal=(3.0, 5.0)))
    lines = rule_tex(odd)
    assert lines[0] == r"m \leftarrow 0.8\,m + 0.2\,g,\quad v \leftarrow 0.95\,v + 0.05\,g^2"
    assert r"\sqrt{v}+\epsilon}\ \ (\epsilon = 10^{-6})" in lines[1]      # ε's value, said
    assert r"G > 3\," in lines[3] and lines[3].endswith("/5")
    assert "÷ 5" in gloss(odd)
    plain = SimpleNamespace(name="momentum", rule=SimpleNamespace(
        mean=(0.9, 1.0), square=None, eps=0.0, anneal=None))
    assert rule_tex(plain) == (r"m \leftarrow 0.9\,m + 1\,g",
                               r"p \leftarrow p - \mathrm{lr}\cdot m")
    # ε = 0 is written too, so Adam's rule and RMSProp's show it alike (review r10)
    zero = SimpleNamespace(name="adam", rule=SimpleNamespace(
        mean=(0.9, 0.1), square=(0.99, 0.01), eps=0.0, anneal=None))
    assert rule_tex(zero)[1].endswith(r"\sqrt{v}+\epsilon}\ \ (\epsilon = 0)")


def test_captions_read_the_lessons_numbers(numbers):
    from scenes.optimizers.text import bounce_caption, event_caption, summary_caption
    texts = [event_caption(e, numbers) for e in numbers.race.events]
    # the lrs as the table's cell that changes with them says them
    ann = racer_of(numbers, "adam_ann")
    assert texts[0].startswith("annealed Adam's G passed 2× its min (")
    assert texts[0].endswith(": lr now 2.5×10⁻¹ (÷4).")         # no bounce before it
    assert texts[1].startswith("annealed Adam jumps again (")
    assert texts[1].endswith("×): lr now 6.2×10⁻² (÷16).")
    assert ann.jumps[0] > 2 and ann.jumps[1] > 2      # epochs 2 and 3: lr drops at 3 and 4
    swept = compute(LESSON.defaults())          # its bounces at epochs 10 and 16 kept the lr
    drop = next(e for e in swept.race.events if e.kind == "drop")
    assert event_caption(drop, swept) == ("annealed Adam's G passed 2× its min (2.2×): lr now "
                                          "7.9×10⁻² (÷4). Epochs 10, 16: 1.4×, 1.9×.")
    for e, text in zip(numbers.race.events, texts):
        if e.kind == "rmse":
            t = reference_run("rmsprop", 0.02, e.epoch)
            assert f"RMSProp {float(f'{t.epoch_rmse()[-1]:.2g}'):g}," in text
            assert text.count(",") == len(numbers.racers) - 1
    assert texts[-1] == "annealed Adam: below RMSE 1 in epoch 37."
    assert summary_caption(numbers) == "RMSE < 1: Adam first, epoch 28; 3 of 5 never."
    assert bounce_caption(numbers) == "Adam and annealed Adam climb back: last RMSE 4.6, 2.3."
    assert bounce_caption(compute(LESSON.defaults())) is None   # all stayed: nothing to say
    alone = compute(LESSON.resolve(sets=RUNAWAY_ALONE))
    assert event_caption(alone.race.alone[0], alone) == (
        f"SGD ran away at step {alone.racers[0].diverged_at}: it stops.")


def test_step_captions_follow_the_numbers():
    """The step part's lines come from the lesson's numbers: SGD's net b per row, RMSProp's
    net b and its last epoch's |Δa| (it still rattles), Adam's |Δa| that many times smaller,
    annealed Adam's lr over Adam's and the epoch its b got near 30; another lr set moves them
    (control). Without RMSProp, Adam's net b against SGD's is said."""
    from scenes.kit.format import figures_text
    from scenes.optimizers.step_text import step_captions, step_focus, step_pulses
    swept = compute(LESSON.defaults())
    rms, adam, ann = (racer_of(swept, k) for k in ("rmsprop", "adam", "adam_ann"))
    lines = step_captions(swept)
    net = lambda r: (r.path[-1, 1] - r.path[0, 1]) / (len(r.path) - 1)   # noqa: E731
    last_a = lambda r: np.abs(np.diff(r.path[-30:, 0])).mean()           # noqa: E731
    assert lines[0] == "Why? Up: b got farther a row. Left: a rattled less in epoch 40."
    first = lambda r: np.abs(np.diff(r.path[:30], axis=0)).mean(axis=0)   # noqa: E731
    ratio = lambda r: figures_text(first(r)[1] / first(r)[0])            # b's step over a's
    assert lines[1] == ("SGD: b gains 1.9×10⁻³ a row; b's step is 0.022× a's: lr·g, b's g "
                        "small.")
    assert ratio(racer_of(swept, "sgd")) == "0.022"
    assert lines[2] == (f"RMSProp ÷ √v: b's step {ratio(rms)}× a's, b gains "
                        f"{figures_text(net(rms))} a row; but a rattles "
                        f"{figures_text(last_a(rms))}.")
    # Adam's v averages over more rows than RMSProp's: said, m is not all that differs
    assert lines[3] == ("Adam: √v too (v keeps 0.99 of itself, not 0.9), along m: a rattles "
                        f"{figures_text(last_a(rms) / last_a(adam))}× less, RMSE 0.98.")
    assert lines[3].endswith("5.8× less, RMSE 0.98.")
    assert lines[4] == ("Annealed Adam: 5.6× Adam's lr, b nears 30 by epoch 10; lr drops calm "
                        "a: RMSE 0.3.")
    assert ann.reach_epoch == 10 and abs(ann.path[10 * 29, 1] - 30) <= 1
    assert step_focus(swept) == {1: "slow", 2: "scaled", 3: "fast", 4: "annealed"}
    assert step_pulses(swept) == {1: ("sgd",), 2: ("rmsprop",), 3: ("adam", "rmsprop"),
                                  4: ("adam_ann",)}
    other = step_captions(compute(LESSON.resolve(sets=[SHEETS])))      # other lrs
    assert other[0] == lines[0] and other[3] != lines[3] and other[4] != lines[4]
    for sets in (["optimizers=sgd,adam"], [SHEETS, "lr_adam=0.02", "optimizers=sgd,adam"]):
        n = compute(LESSON.resolve(sets=sets))
        sgd, adam = racer_of(n, "sgd"), racer_of(n, "adam")
        lines = step_captions(n)
        assert lines[-1] == (f"Adam divides each step by its own √v: b gains "
                             f"{figures_text(adam.net_b)} a row, "
                             f"{figures_text(adam.net_b / sgd.net_b)}× SGD's.")
        assert step_focus(n) == {1: "slow", len(lines) - 1: "fast"}


def test_sweep_captions_follow_the_numbers(swept):
    from scenes.optimizers.text import sweep_captions
    said = sweep_captions(swept)
    assert said["limit"] == "SGD's stops past 3.97×10⁻⁴: overshoot's mean-loss limit."
    # momentum's larger lr, said with what SGD ends at there (its rattle), from the sweep
    assert said["compare"] == ("Momentum gets 1.8× SGD's lr: there SGD ends at RMSE 25, "
                               "momentum 15.")
    s = swept.sweep
    assert round(s.rmse_at("sgd", racer_of(swept, "momentum").lr)) == 25
    assert s.rmse_at("sgd", 1e3) is None
    assert said["runs"].startswith("37 runs each, one per lr, from 1.0×10⁻⁸ to 10")
    sheets = sweep_captions(compute(LESSON.resolve(sets=[SHEETS, "optimizers=adam,rmsprop"])))
    assert sheets["limit"] is None and sheets["compare"] is None
    assert sheets["dots"] == "Dots: the sheets' lrs, picked by hand."
    assert said["dots"] == "Dots: the largest lr within 20% of the lowest RMSE."
    assert said["flat"] == ("SGD's curve is flat (16–18) from 5.6×10⁻⁷ to 1.0×10⁻⁴: no lr gets "
                            "it far.")
    from scenes.optimizers.text import fairness_tex
    assert r"\le1.2\times\text{its sweep's" in fairness_tex(swept) and "1.2" not in fairness_tex(
        compute(LESSON.resolve(sets=[SHEETS])))
    assert said["stops"] == "A sweep stops at the first lr that runs away."
    assert sheets["stops"] == "No lr on the grid made any of them run away."


def test_a_race_of_one_epoch_says_epoch_not_epochs():
    """``epochs=1`` is a valid setting: "within 1 epochs" (a dry run found it) is now "within
    1 epoch", and 40 stay plural (the control)."""
    from types import SimpleNamespace as NS

    from scenes.optimizers.text import summary_caption
    for epochs, words in ((1, "within 1 epoch."), (40, "within 40 epochs.")):
        numbers = NS(race=NS(winner=None), target=1.0, epochs=epochs, steps=NS(ran_away=False),
                     racers=[NS(name="sgd", diverged_at=None)] * 2)
        assert summary_caption(numbers) == f"None of them gets below RMSE 1 {words}"


def test_lrs_set_off_their_sheets_are_not_called_the_sheets(numbers):
    """With tune=sheets and lr=1e-3 the race said "Each lr is its sheet's, picked by hand", and
    "Dots: the sheets' lrs", of SGD at ten times the basic sheet's 1e-4. Control: at the
    sheets' own lrs they are the sheets'."""
    from scenes.optimizers.text import fairness_caption, fairness_tex, sweep_captions
    moved = compute(LESSON.resolve(sets=[SHEETS, "lr=1e-3", "epochs=3"]))
    assert moved.off_sheet == ("sgd",) and numbers.off_sheet == ()
    assert fairness_caption(moved) == "Each lr as set, not tuned."
    assert "as set" in fairness_tex(moved) and "sheet" not in fairness_tex(moved)
    # SGD runs away at 1e-3, so it has no dot (tests/scenes/test_optimizers_runaways.py)
    assert sweep_captions(moved)["dots"] == (
        "Dots: the lrs as set; none for SGD: it runs away there.")
    assert fairness_caption(numbers) == "Each lr is its sheet's, picked by hand, not tuned."
    assert "its sheet's" in fairness_tex(numbers)


def test_a_racer_that_ran_away_is_not_told_as_the_slow_one(numbers):
    """With tune=sheets and lr=1e-3 SGD runs away on step 17 and has no dot on the step plot,
    but the plot's story said "SGD: b gains -24 a row". The slow one is now the slowest racer
    left, momentum, its line opening with a capital. Control: at the sheets' lrs SGD is it."""
    from scenes.optimizers.step_text import step_captions
    moved = compute(LESSON.resolve(sets=[SHEETS, "lr=1e-3", "epochs=5"]))
    assert racer_of(moved, "sgd").diverged_at is not None and moved.steps.slow == "momentum"
    said = step_captions(moved)
    assert said[1].startswith("Momentum: b gains ") and not any("SGD: b" in t for t in said)
    assert numbers.steps.slow == "sgd" and step_captions(numbers)[1].startswith("SGD: b gains ")


def test_sgd_against_momentum_is_not_told_as_a_per_weight_step(numbers):
    """With optimizers=sgd,momentum the step plot said "momentum divides each step by its own
    √v", the takeaway that each weight's own √v lifts b, under the title "Why per-weight steps
    win": none of it true of two racers with one lr for every weight. Control: the sheets'
    race with all five says them."""
    from scenes.optimizers.parts import header
    from scenes.optimizers.step_text import step_captions, takeaway_caption, takeaway_tex
    plain = compute(LESSON.resolve(sets=[SHEETS, "optimizers=sgd,momentum", "epochs=3"]))
    said = step_captions(plain)
    assert said[2].startswith("Momentum: b gains ") and "m averages g" in said[2]
    assert not any("√v" in line for line in said)
    assert takeaway_caption(plain) == "No racer divides by √v: b's steps stay small."
    assert "no racer here" in takeaway_tex(plain)
    assert header("steps", plain).original_text == "6 · Why b's steps stay small"
    assert any("divides each step by its own √v" in line or "√v too" in line
               for line in step_captions(numbers))
    assert takeaway_caption(numbers).startswith("Per-weight steps lift b")
    assert header("steps", numbers).original_text == "6 · Why per-weight steps win"


def test_the_sweeps_title_says_the_race_runs_at_the_sheets_lrs(numbers, swept):
    """With tune=sheets the race runs at the sheets' hand-picked lrs, yet Part 2's header and
    its chapter were "A fair start: each its best lr". Control: tuned by the sweep, they
    are."""
    from scenes.kit.scene import chapters
    from scenes.optimizers.parts import header
    assert header("sweep", numbers).original_text == "2 · Each one's sweep, and the sheets' lrs"
    assert header("sweep", swept).original_text == "2 · A fair start: each its best lr"
    starts = [(spec, float(k)) for k, spec in enumerate(LESSON.parts)]
    titles = {p.id: p.title for p in chapters(starts, 9.0, numbers)}
    assert titles["sweep"] == "Each one's sweep, and the sheets' lrs"
    assert {p.id: p.title for p in chapters(starts, 9.0, swept)}["sweep"] == (
        "A fair start: each its best lr")


def test_the_takeaway_says_only_what_calms_a_on_the_plot(numbers, swept):
    """With the sheets' lrs Adam's a rattles 2.5× more than RMSProp's (its step line says
    so), yet the takeaway said "momentum and lr drops calm a" and the left arrow "m, lr
    drops": only the lr drops calm a there. Without m (RMSProp against SGD) nothing is said
    to calm a. Control: tuned by the sweep, Adam rattles 5.8× less, and m is named."""
    from scenes.optimizers.step_text import step_captions, takeaway_caption, takeaway_tex
    from scenes.optimizers.steps import step_plot
    assert numbers.steps.rattle < 1 and "a rattles 2.5× more" in step_captions(numbers)[3]
    assert takeaway_caption(numbers) == "Per-weight steps lift b; lr drops calm a."
    assert r"m\text{" not in takeaway_tex(numbers) and r"m\text{" in takeaway_tex(swept)
    assert step_plot(numbers).directions[-1].tex_string == r"\text{lr drops: calmer }a"
    rms = compute(LESSON.resolve(sets=["optimizers=sgd,rmsprop", "epochs=3"]))
    assert takeaway_caption(rms) == "Per-weight steps lift b." and "calm" not in takeaway_tex(rms)
    assert takeaway_caption(swept) == "Per-weight steps lift b; momentum and lr drops calm a."
    assert step_plot(swept).directions[-1].tex_string == r"m\text{, lr drops: calmer }a"
    # nothing calms a (RMSProp has no m): momentum's dot under RMSProp's still
    # draws b's lift, with no left arrow
    lifted = compute(LESSON.resolve(sets=["optimizers=momentum,rmsprop"]))
    arrows = step_plot(lifted).directions
    assert lifted.steps.calmers == () and [type(m).__name__ for m in arrows] == [
        "Arrow", "MathTex"] and not arrows.calms       # so the rattle bracket stays
