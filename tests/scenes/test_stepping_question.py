"""The ``stepping`` lesson's question (scenes/stepping/stage.py ``question``) at settings a learner
moves to: it asks what the epochs shown do, how long the crawl takes, why RMSE climbs, or why SGD
runs away."""

import pytest

from sgdanim.lessons.stepping import compute

from tests.lessons.stepping_kit import LESSON


@pytest.mark.parametrize("sets, asked", [
    (["lr=3.9e-4", "carry=sheet", "target_rmse=1e4"], "Why does RMSE climb at lr = 3.9×10⁻⁴?"),
    (["lr=4.5e-4", "target_rmse=1e4"], "Why does SGD run away at lr = 4.5×10⁻⁴?"),
    (["lr=3.9e-4", "target_rmse=1e4"], "Why does RMSE rise at lr = 3.9×10⁻⁴?"),
    ([], "Why does SGD need 1516 epochs to fit this line?")])
def test_the_question_asks_what_the_epochs_show(sets, asked):
    """Under a loose goal a climb that stays under it (157.9 → 1278.6 over 6,000 epochs, all
    under 1e4) meets it in epoch 1, and the question read "Why does SGD need 1 epoch to fit
    this line?" before the lesson told the climb. It asks why RMSE climbs; a runaway is asked
    as one. Control: the defaults' crawl."""
    from scenes.stepping.stage import question
    assert question(compute(LESSON.resolve(sets=sets))) == asked


@pytest.mark.parametrize("sets, title", [
    (["lr=3.9e-4", "target_rmse=1e4"], "No crawl: goal met in epoch 1"),
    (["init_a=10", "init_b=30"], "No crawl: goal met in epoch 2"), ([], None)])
def test_a_goal_met_in_an_epoch_shown_leaves_no_crawl(sets, title):
    """Under a loose goal RMSE at lr 3.9e-4 rose 158 → 191 and still met it in epoch 1. The
    lesson then played "Now the real run, 1 epoch in 10 seconds", its walker jumping back
    from epoch 5, and the card "Why 1 epoch? The valley." Now the part is the one a run at its
    best gets: no crawl, goal met. Control: the defaults' crawl of 1516 epochs."""
    from sgdanim.lessons.stepping import crawl_title
    from scenes.stepping.crawl import CrawlPart
    n = compute(LESSON.resolve(sets=sets))
    assert crawl_title(n) == title
    assert (CrawlPart().build(n, None) is None) == (title is not None)


@pytest.mark.parametrize("sets, answer, last", [
    (["lr=4.2e-4", "target_rmse=1e4"], "just past 2/λ across, each step lands a little farther out",
     "This lr is past 3.97×10⁻⁴"),
    (["lr=3.9e-4", "target_rmse=1e4"], "safe across on average, but each row's own step kicks",
     "A bigger lr? Past 3.97×10⁻⁴"),
    ([], "safe across means tiny along", "A bigger lr? Past 3.97×10⁻⁴")])
def test_a_rise_is_answered_and_a_rate_past_the_limit_is_not_asked_for_a_bigger_one(
        sets, answer, last):
    """Under a loose goal at lr 4.2e-4 (past 2/λ) RMSE rose 269 → 365 and fell to 291: the
    valley asked "Why does RMSE rise?" and answered "just past 2/λ across, tiny along", and
    the lesson ended "A bigger lr? Past 3.97×10⁻⁴ …" of a rate already past it. Controls: a
    rise under 2/λ is the rows' kicks; the defaults' answer and last line."""
    from scenes.stepping.crawl import bigger_lr_line
    from scenes.stepping.valley import both_served
    n = compute(LESSON.resolve(sets=sets))
    assert answer in both_served(n) and bigger_lr_line(n).startswith(last)


@pytest.mark.parametrize("sets, asked, answer", [
    (["lr=4e-4", "target_rmse=1e4", "epochs=1"], "Why is RMSE under 1.0×10⁴ after just 1 epoch?",
     "just past 2/λ across, tiny along, but little along was needed"),
    (["lr=1e-4", "carry=sheet", "target_rmse=50"], "Why is RMSE under 50 after just 1 epoch?",
     "One lr serves both: tiny along, but little along was needed"),
    (["init_a=10", "init_b=30", "epochs=1"], "Why is RMSE under 1 after just 2 epochs?",
     "One lr serves both: tiny along, but little along was needed"),
    ([], "Why does SGD need 1516 epochs to fit this line?", "safe across means tiny along")])
def test_a_goal_met_in_an_epoch_shown_is_asked_why_so_quick(sets, asked, answer):
    """At lr 4e-4 over 1 epoch a goal of 1e4 is met in epoch 1, and the lesson asked "Why does
    SGD need 1 epoch to fit this line?" (b had gone 1 → 1.7 of 30), then "Why so slow?" beside
    "No crawl: goal met in epoch 1"; from a = 10, b = 30 over 1 epoch, a crawl of 2 epochs
    was asked "Why so slow?" under "Why does SGD need 2 epochs …?". Control: the defaults'
    crawl is slow."""
    from scenes.stepping.stage import question
    from scenes.stepping.valley import both_served, why_asked
    n = compute(LESSON.resolve(sets=sets))
    assert question(n) == asked and answer in both_served(n)
    assert why_asked(n) == ("Why so slow?" if sets == [] else "Why so quick?")


@pytest.mark.parametrize("sets, name", [
    (["init_a=10", "init_b=30", "epochs=1"], ": the crawl,"), ([], ": the long crawl,")])
def test_a_crawl_of_two_epochs_is_not_called_long(sets, name):
    """From a = 10, b = 30 over 1 epoch the crawl meets the goal in epoch 2, and its last
    line called it "the long crawl". Control: the defaults' 1516 epochs."""
    from scenes.stepping.crawl import along_line
    assert name in along_line(compute(LESSON.resolve(sets=sets)).crawl)


@pytest.mark.parametrize("sets, asked", [
    (["lr=4.5e-4", "target_rmse=1e4", "epochs=1"], "Why does it run away?"),
    (["lr=4.5e-4"], "Why does it run away?"),
    (["lr=4.4e-4"], "Why does it run away?"), ([], "Why so slow?")])
def test_a_crawl_that_runs_away_is_not_asked_why_so_slow(sets, asked):
    """At lr 4.5e-4 over 1 epoch the lesson asks "Why does SGD run away …?" and its crawl runs
    away in epoch 12, yet the valley asked "Why so slow?" and answered "tiny along"; over 5
    epochs, under the same title, it asked why RMSE climbs, and at lr 4.4e-4 (RMSE up, then
    down) "Why so slow?" again. Now each asks why it runs away, and is answered as steps
    landing farther out past 2/λ. Control: the defaults are slow."""
    from scenes.stepping.valley import both_served, why_asked
    n = compute(LESSON.resolve(sets=sets))
    assert why_asked(n) == asked
    assert ("each step lands farther out" in both_served(n)) == bool(sets)
