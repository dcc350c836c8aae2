"""Lesson ``overshoot``, pixel-free: its numbers against the core, and its marks against its numbers."""

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sgdanim.core import analysis
from sgdanim.core.data import spreadsheet
from sgdanim.core.errors import UsageError
from sgdanim.lessons import get
from sgdanim.lessons.overshoot import compute, log10_clipped, parabola_steps, regime
from sgdanim.core.trajectory import RunConfig, run

LESSON = get("overshoot")


@pytest.fixture(scope="module")
def numbers():
    return compute(LESSON.defaults())


# Part 1: the parabola ----------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(w0=st.floats(-5, 5), w_star=st.floats(-5, 5), lam=st.floats(0.1, 10),
       q=st.floats(0.01, 3.0), steps=st.integers(1, 8))
def test_parabola_distance_is_multiplied_by_one_minus_lr_lambda(w0, w_star, lam, q, steps):
    lr = q / lam
    w = parabola_steps(w0, w_star, lam, lr, steps)
    k = np.arange(steps + 1)
    closed_form = w_star + (1 - lr * lam) ** k * (w0 - w_star)
    np.testing.assert_allclose(w, closed_form, rtol=1e-9, atol=1e-9)


def test_each_step_is_lr_times_the_derivative(numbers):
    for r in numbers.parabola:
        np.testing.assert_allclose(r.slope(), r.lam * (r.w[:-1] - r.w_star))
        np.testing.assert_allclose(r.w[1:], r.w[:-1] - r.step())
        d = r.distance()
        np.testing.assert_allclose(d[1:] / d[:-1], abs(r.factor))


def test_default_rates_cover_the_three_regimes(numbers):
    small, zigzag, runaway = numbers.parabola
    lam = small.lam
    assert small.lr < 1 / lam < zigzag.lr < 2 / lam < runaway.lr
    assert [r.regime for r in numbers.parabola] == ["creeps", "zigzags", "runs away"]
    assert np.all(np.diff(small.distance()) < 0) and np.all(np.diff(small.w) < 0)
    assert np.all(np.diff(zigzag.distance()) < 0) and np.all(np.diff(np.sign(zigzag.w)) != 0)
    # The loop: a farther landing has a steeper slope and so a bigger next step.
    assert np.all(np.diff(runaway.distance()) > 0)
    assert np.all(np.diff(np.abs(runaway.slope())) > 0)
    assert np.all(np.diff(np.abs(runaway.step())) > 0)


def test_regime_edges():
    assert regime(0.25, 4.0) == "lands" and regime(0.5, 4.0) == "bounces"
    assert regime(0.49, 4.0) == "zigzags" and regime(0.51, 4.0) == "runs away"


# Part 2: the sweep --------------------------------------------------------------------------------

def test_sweep_critical_lr_is_the_cores(numbers):
    ds = spreadsheet()
    assert numbers.critical_lr == analysis.critical_lr(ds)
    assert math.isclose(numbers.critical_lr, 2 / numbers.lam_max)
    assert math.isclose(numbers.row_critical_lr, 1 / (99 ** 2 + 1))
    for lane in numbers.sweep:
        assert lane.above_critical == (lane.lr > numbers.critical_lr)


def test_sweep_lanes_match_single_runs(numbers):
    for lane in numbers.sweep:
        t = run(RunConfig(lr=lane.lr, epochs=numbers.epochs))
        assert lane.diverged_at == t.diverged_at
        np.testing.assert_array_equal(lane.loss, t.loss)
        assert np.isfinite(lane.loss).all()
    # On the sheet's rows every rate above 2/λmax runs away within two epochs, none below does.
    assert [lane.diverged_at is not None for lane in numbers.sweep] == \
           [lane.above_critical for lane in numbers.sweep]


# Part 3: the thread ------------------------------------------------------------------------------

def test_thread_runs_away_where_the_trajectory_says(numbers):
    t = run(RunConfig(model="linear2", grad="numeric", lr=1e-4))
    assert t.diverged_at == 28
    th = numbers.thread
    assert th.diverged_at == t.diverged_at
    assert th.loss.shape[0] == th.diverged_at - 1
    for arr in (th.loss, th.params, th.grads):
        assert np.isfinite(arr).all()
    np.testing.assert_array_equal(th.grads, t.grads)


def test_thread_that_does_not_run_away():
    n = compute(LESSON.resolve(sets=["lr_thread=1e-6"]))
    assert n.thread.diverged_at is None and n.thread.loss.shape[0] == n.rows


def test_log10_clipped_never_gives_non_finite():
    out = log10_clipped([0.0, 1e-30, 1.0, -1e12], floor=-2)
    assert out.tolist() == [-2.0, -2.0, 0.0, 12.0]
    with pytest.raises(ValueError):
        log10_clipped([np.inf], floor=0)


# Parameters ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("sets, word", [
    (["init=1,2,3"], "init"),
    (["model=linear", "init=1,2,3,4"], "init"),
    (["lrs=1e-4,2e-4,3e-4,4e-4,5e-4,6e-4,7e-4"], "lrs"),
    (["w0=0", "w_star=0"], "w0"),
    (["lr=3", "steps=10"], "lr=3 with steps=10"),      # w reaches 5^10: no legible axis
    (["lr_small=5", "steps=6"], "lr_small"),
])
def test_bad_params_name_the_value(sets, word):
    with pytest.raises(UsageError, match=word):
        compute(LESSON.resolve(sets=sets))


def test_init_sets_part3_weights():
    n = compute(LESSON.resolve(sets=["init=1,2,0.5,3"]))
    assert n.thread.params[0].tolist() == [1.0, 2.0, 0.5, 3.0]
    assert n.thread.names == ("a", "b", "c", "d")


def test_shown_is_json(numbers):
    shown = json.loads(json.dumps(numbers.shown()))
    assert shown["thread"]["diverged_at"] == 28
    assert shown["critical_lr"] == numbers.critical_lr
    assert [s["diverged_at"] for s in shown["sweep"]] == [l.diverged_at for l in numbers.sweep]


# The scene's marks against the numbers (builds mobjects, renders nothing) ----------------------

@pytest.fixture(scope="module")
def manim_tmp(tmp_path_factory):
    from manim import tempconfig
    with tempconfig({"media_dir": str(tmp_path_factory.mktemp("media")), "verbosity": "WARNING"}):
        yield


def test_thread_marker_sits_on_diverged_at(numbers, manim_tmp):
    from scenes.overshoot.panels import ThreadView
    view = ThreadView(numbers.thread).move_to([0.3, -0.5, 0])   # moved as the scene moves it
    assert view.marker.step == numbers.thread.diverged_at == 28
    for line, panel in zip(view.lines, (view.error, view.weights, view.grads)):
        expected_x = panel.axes.c2p(28, 0)[0]
        assert line[0].get_start()[0] == pytest.approx(expected_x)
        assert line[0].get_end()[0] == pytest.approx(expected_x)
        assert panel.axes.c2p(27, 0)[0] < expected_x < panel.axes.c2p(29, 0)[0]
    assert view.marker.label == "diverged at row 28"
    assert view.marker[1].text == "divergedatrow28"   # the drawn Text is built from that label
    # The error curve ends on the last kept row, one before the marker.
    end = view.curves[0].get_points()[-1]
    assert end[0] == pytest.approx(view.error.axes.c2p(27, 0)[0])


def test_no_marker_when_nothing_runs_away(manim_tmp):
    from scenes.overshoot.panels import ThreadView
    calm = compute(LESSON.resolve(sets=["lr_thread=1e-6"]))
    view = ThreadView(calm.thread)
    assert view.marker is None and len(view.curves) == 1 + 2 * 4


def test_sweep_crosses_sit_on_each_lanes_diverged_at(numbers, manim_tmp):
    from scenes.overshoot.panels import SweepView
    view = SweepView(numbers).shift([0.4, -0.2, 0])
    diverged = {i: lane.diverged_at for i, lane in enumerate(numbers.sweep) if lane.diverged_at}
    assert set(view.cross_of) == set(diverged)
    for i, cross in view.cross_of.items():
        assert cross.step == diverged[i]
        assert cross.get_x() == pytest.approx(view.plot.axes.c2p(diverged[i], 0)[0], abs=1e-6)
    for i, lane in enumerate(numbers.sweep):   # every curve ends on its last kept row
        assert view.curves[i].get_points()[-1][0] == pytest.approx(
            view.plot.axes.c2p(lane.loss.shape[0], 0)[0])


def test_log_axes_clip_instead_of_passing_infinities(manim_tmp):
    from scenes.overshoot.panels import LogAxes
    ax = LogAxes(x_max=10, low=-1, high=3)
    assert np.isfinite(ax.point(2, 0.0)).all()
    assert ax.point(2, 0.0)[1] == pytest.approx(ax.axes.c2p(0, 0)[1])
    assert ax.point(2, 1e3)[1] == pytest.approx(ax.axes.c2p(0, 4)[1])
    assert [t[1].tex_string for t in ax.ticks] == ["10^{-1}", "10^{0}", "10^{1}", "10^{2}", "10^{3}"]


def test_loop_diagram_shows_only_computed_numbers(numbers, manim_tmp):
    from scenes.overshoot.panels import LoopDiagram
    small, _, runaway = numbers.parabola
    loop = LoopDiagram(numbers.parabola)
    # Before any step it already holds small's step 0, never a placeholder.
    assert [n.get_value() for n in loop.numbers] == pytest.approx(
        [small.distance()[0], small.slope()[0], small.step()[0], small.distance()[1]])
    assert loop.factor.get_value() == pytest.approx(abs(small.factor))
    k = runaway.w.size - 2     # the last, biggest step: the loop's numbers grow with it
    assert LoopDiagram.step_values(runaway, k) == pytest.approx(
        (abs(runaway.w[k]), runaway.lam * runaway.w[k], runaway.lr * runaway.lam * runaway.w[k],
         abs(runaway.w[k + 1])))
    assert len(loop.show_step(runaway, k, 1.0)) == 4
    assert loop.places == 2      # the defaults stay below 100


def test_loop_boxes_hold_the_widest_number(manim_tmp):
    from scenes.overshoot.panels import LoopDiagram
    runs = compute(LESSON.resolve(sets=["lr=3", "steps=4"])).parabola   # distance 625
    loop = LoopDiagram(runs)
    assert loop.places == 0
    for j, (number, node) in enumerate(zip(loop.numbers, loop.nodes)):
        biggest = max(abs(LoopDiagram.step_values(r, k)[j]) for r in runs for k in range(4))
        number.set_value(-biggest)
        assert number.width < node[0].width
