"""Numbers the lessons say and show at settings far from their defaults follow the series' one
rule (docs/notation.md): from 10⁴ up, or at 0.01 and below, a number is written 1.0×10⁴; a
share is never rounded to 0% or 100% when it is neither. Played dry, a part at a time."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("manim")

from tests.scenes.dryrun import play  # noqa: E402

# A plain number of five or more digits ("-17803375"), or a share rounded away ("0%" where
# the setting gave 0.1%, "100%" where it gave 99.9%).
_OFF_RULE = re.compile(r"(?<![\d.])-?\d{5,}(?:\.\d+)?(?!\d)|(?<![\d.])(?:0|100)\\?%")


def off_rule(text: str) -> list[str]:
    """The numbers in ``text`` written against the rule."""
    return [m.group(0) for m in _OFF_RULE.finditer(text)]


def hyphens(caption: str) -> list[str]:
    """Negative numbers in a caption (plain text, not LaTeX) with an ASCII hyphen for a minus:
    "-1.41" two lines before "−10.00" in relu-sandwich's zoom."""
    return re.findall(r"(?<![\w^{])-\d+(?:\.\d+)?", caption)


def test_the_check_sees_numbers_written_against_the_rule():
    """The controls: what these parts said before, and what they say now."""
    assert off_rule("a → -17803375, b → -206943.") == ["-17803375", "-206943"]
    assert off_rule("flat, lime, 9802000% of its limit.") == ["9802000"]
    assert off_rule("keeps 100% of m and adds 0% of sin x.") == ["100%", "0%"]
    assert off_rule(r"9.8\times10^{6}\%\text{ of it}") == []
    assert off_rule("a → \u22121.78×10⁷, row 29 of 29, keeps 99.9% and adds 0.1%.") == []
    assert hyphens("a jumps above and below -1.41, b → -206943.") == ["-1.41", "-206943"]
    assert hyphens("a → \u22121.78×10⁷, 10^{-4}, per-row, mean-loss, x-axis") == []


@pytest.mark.parametrize("lesson_id, sets, said", [  # said, or shown
    # a runaway lr: row 2 takes a to about −1.8×10⁷ (said "a → -17803375")
    ("stepping", ["parts=rows", "lr=1"], "a → \u22121.78×10⁷"),
    # one neuron's lr 10 is 9.8×10⁶% of its limit (said and shown "9802000%")
    ("overshoot", ["parts=thread", "lr_thread=10"], "9.8×10⁶% of its limit"),
    # β = 0.999 keeps 99.9% of m (said "100%") and adds 0.1% of sin x (said "0%")
    ("momentum", ["parts=sine", "beta=0.999"], "keeps 99.9% of m and adds 0.1% of sin x"),
    # a start far from the defaults: row 1 flips a to about 3.9×10⁴ (said and shown "39115.65")
    ("relu-sandwich", ["parts=solutions", "init=-100,0.001,100,-5"],
     "a flips, \u2212100.00 → 3.91×10⁴"),
    # from a = c = −10 the zoom's line said "above and below -1.41", an ASCII hyphen
    ("relu-sandwich", ["parts=solutions", "init=-10,1,-10,1"],
     "a jumps above and below \u22121.41"),
    # a negative start and rows whose best b is −5: stepping said "a = -5" and "best is -5"
    ("stepping", ["parts=panels,epochs", "init_a=-5", "data=synthetic:slope=2,intercept=-5"],
     "best is \u22125."),
    # β = 0.99 averages momentum's mean step on b to 0.26% of SGD's (said and shown "0%")
    ("momentum", ["parts=paths", "beta=0.99"], "its mean step is 0.26% of SGD's"),
    # at lr 5e-4 a kick's swing is 1.2×10⁵% of along (shown "121342%" beside "25678")
    ("stepping", ["parts=crawl", "lr=5e-4"], r"1.2\times10^{5}\%"),
    # noisy rows make the valley 1.5×10⁴ times sharper across than along (shown "15000")
    ("stepping", ["parts=valley", "data=synthetic:noise=5"], r"\text{ratio } 1.500\times10^{4}"),
    # at 5× the sheet's lr plain SGD ends at RMSE 1.4×10⁵ (said and shown "136215.9")
    ("momentum", ["parts=paths", "lr=5e-4"], "RMSE SGD 1.4×10⁵"),
    # β = 0.5's zig-zag is 1.8× smaller, by the ratio rule optimizers uses (said "2×")
    ("momentum", ["parts=paths", "beta=0.5"], "zig-zag 1.8× smaller"),
])
def test_far_settings_say_and_show_their_numbers_by_the_rule(lesson_id, sets, said):
    run = play(lesson_id, sets)
    captions = [text for _, _, text in run.cues]
    shown = [words for _, words in run.texts]
    assert any(said in text for text in captions + shown), captions
    assert [(t, off_rule(t) + hyphens(t)) for t in captions if off_rule(t) + hyphens(t)] == []
    assert [(w, off_rule(w)) for w in shown if off_rule(w)] == []


def test_a_runaway_weight_in_a_readout_reads_in_powers_of_ten(manim_tmp):
    """At lr 1e-3 one neuron's a ends at −20576.43, shown so in Part 3's readout: its digits
    were not said, so the dry runs above never read them. From 10⁴ up a readout shows the
    mantissa with a unit ×10ⁿ after it, as stepping's does. Control: at the defaults every
    weight stays under 10⁴, and no readout has a unit."""
    from tests.scenes.test_relu_sandwich import build

    def units(sets) -> list[tuple[float, str]]:
        b = build("training", sets)
        b.row.set_value(b.rows + 0.999)
        b.panels.update()
        return [(number.number.get_value(), number.unit[0].get_tex_string())
                for panel in b.panels for _, number in panel.readouts[:len(panel.run.names)]
                if len(number.unit)]

    assert (-2.06, r"\times10^{4}") in units(["lr=1e-3"])
    assert units([]) == []
