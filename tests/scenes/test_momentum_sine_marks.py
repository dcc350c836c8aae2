"""Part 1 of ``momentum`` at other periods (scenes/momentum/sine_marks.py): each label the plot
is read with keeps clear of the curves, or, where no place is clear, stands on a backing and is
drawn over them; the legend names which of its peaks a β still settling shows."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.scenes.momentum_kit import HALF_FRAME, LESSON, box, build, momentum_scene  # noqa: F401

CYCLES = ("2", "2.25", "3", "5", "1.5")


@pytest.fixture(scope="module")
def sines(momentum_scene):  # noqa: F811 - the fixture
    out = {}
    for cycles in CYCLES:
        params = LESSON.resolve(sets=[f"sin_cycles={cycles}"])
        n = LESSON.compute(params)
        out[cycles] = (n, build(momentum_scene, "sine", n, params))
    return out


def labels(b):
    """Each label placed by first_clear, with the curves on screen beside it."""
    from scenes.momentum.sine_marks import series_lines
    n = b.numbers
    main = series_lines(b.axes, n.sin_x, n.sin_v, n.main.ema)
    sweep = series_lines(b.axes, n.sin_x, n.sin_v, *(s.ema for s in n.sweep))
    out = {"steady peak": (b.reading[1], main),
           "settled m": (b.settled_m[1], main)}
    if b.settling is not None:
        out.update({"settles at": (b.settling[1], sweep), "1st peak": (b.settling[2], sweep)})
    return out


@pytest.mark.parametrize("cycles", CYCLES)
def test_each_label_is_clear_of_the_curves_or_backed(sines, cycles):
    from scenes.kit.clearance import backed, gap_to_lines
    from scenes.momentum.sine_marks import LABEL_GAP
    _, b = sines[cycles]
    for name, (label, lines) in labels(b).items():
        left, bottom, right, top = box(label)
        assert -HALF_FRAME[0] <= left and right <= HALF_FRAME[0], (cycles, name)
        assert -HALF_FRAME[1] <= bottom and top <= HALF_FRAME[1], (cycles, name)
        assert gap_to_lines(label, lines) >= LABEL_GAP or backed(label), (cycles, name)


def test_the_defaults_need_no_backing(sines):
    from scenes.kit.clearance import backed
    _, b = sines["2"]
    assert backed(*(label for label, _ in labels(b).values())) == []


@pytest.mark.parametrize("cycles", ["3", "5"])
def test_negative_control_the_first_places_are_crossed(sines, cycles):
    # where the label stood before: at three and five periods the average climbs through it
    from manim import DOWN, RIGHT, MathTex
    from scenes.kit.clearance import gap_to_lines
    from scenes.kit.style import BODY_SIZE
    from scenes.momentum.sine_marks import LABEL_GAP, series_lines
    n, b = sines[cycles]
    lines = series_lines(b.axes, n.sin_x, n.sin_v, n.main.ema)
    peak = MathTex(rf"\text{{steady peak }} {n.main.peak:.2f}", font_size=BODY_SIZE)
    peak.next_to(b.reading[0], DOWN, buff=0.1).align_to(b.reading[0], RIGHT)
    assert gap_to_lines(peak, lines) < LABEL_GAP
    # the peak's label found no clear place, so it stands there on a backing
    assert b.reading[1].get_center() == pytest.approx(peak.get_center(), abs=1e-6)


@pytest.mark.parametrize("cycles, peak", [("2", "2nd"), ("3", "3rd"), ("5", "5th")])
def test_the_legend_names_which_peak_a_settling_beta_shows(sines, cycles, peak):
    n, b = sines[cycles]
    slow = n.top_beta
    assert not slow.settled and slow.peak_number == int(cycles)
    assert rf"\text{{{peak} peak }}" in b.legend[-1].get_tex_string()


class _Recorder(SimpleNamespace):
    """Just enough of a scene to hear what the reading plays, and in which order."""

    def __init__(self):
        super().__init__(calls=[])

    def __getattr__(self, name):
        return lambda *args, **kw: self.calls.append((name, args))


@pytest.mark.parametrize("cycles, kept", [("3", True), ("2", False)])
def test_a_backed_label_is_drawn_over_the_curves(sines, cycles, kept):
    from scenes.momentum.sine import _read_average
    _, b = sines[cycles]
    scene = _Recorder()
    _read_average(scene, b)
    on_top = [args for name, args in scene.calls if name == "keep_on_top"]
    first_play = next(i for i, (name, _) in enumerate(scene.calls) if name == "play")
    assert [i for i, (name, _) in enumerate(scene.calls) if name == "keep_on_top"][0] < first_play
    assert (b.reading[1] in on_top[0]) is kept


@pytest.mark.parametrize("sets, said", [
    # β = 0.5: its lag is one sample, and its first hump no higher than where it settles
    (["beta=0.5"], ["and 1 sample late", "The first hump, 0.98, is no higher"]),
    # control, the defaults: seven samples, and a hump above the settled 0.64
    ([], ["and 7 samples late", "The first hump, 0.71, is start-up"])])
def test_the_reading_says_what_the_numbers_show(sets, said):
    from tests.scenes.dryrun import play
    captions = " ".join(text for _, _, text in play("momentum", ["parts=sine", *sets]).cues)
    assert all(words in captions for words in said), captions
