"""The ``stepping`` lesson's question (scenes/stepping/stage.py ``question``) at settings a learner
moves to: it asks what the epochs shown do, how long the crawl takes, why RMSE climbs, or why SGD
runs away."""

import pytest

from sgdanim.lessons.stepping import compute

from tests.lessons.stepping_kit import LESSON


@pytest.mark.parametrize("sets, asked", [
    (["lr=3.9e-4", "carry=sheet", "target_rmse=1e4"], "Why does RMSE climb at lr = 3.9×10⁻⁴?"),
    (["lr=4.5e-4", "target_rmse=1e4"], "Why does SGD run away at lr = 4.5×10⁻⁴?"),
    ([], "Why does SGD need 1516 epochs to fit this line?")])
def test_the_question_asks_what_the_epochs_show(sets, asked):
    """Under a loose goal a climb that stays under it (157.9 → 1278.6 over 6,000 epochs, all
    under 1e4) meets it in epoch 1, and the question read "Why does SGD need 1 epoch to fit
    this line?" before the lesson told the climb. It asks why RMSE climbs; a runaway is asked
    as one. Control: the defaults' crawl."""
    from scenes.stepping.stage import question
    assert question(compute(LESSON.resolve(sets=sets))) == asked
