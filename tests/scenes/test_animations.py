"""scenes/kit/animations.py, pixel-free: MatchingTex builds the same animation whatever the
interpreter's string hashing, where manim's TransformMatchingTex does not."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("manim")

ROOT = Path(__file__).resolve().parents[2]
# In a fresh interpreter: the order in which each transform's source group holds the formula's
# parts (the order they are drawn in), for the kit's MatchingTex and for manim's own.
ORDER = """
import json, sys
from manim import TransformMatchingTex, tempconfig
with tempconfig({"media_dir": sys.argv[1], "verbosity": "WARNING"}):
    from scenes.kit.animations import MatchingTex
    from scenes.relu_sandwich.graphs import collapse_formulas
    print(json.dumps({name: [[[p.tex_string for p in group] for group in a.mobject.submobjects]
                             for a in cls(*collapse_formulas()).animations]
                      for name, cls in (("kit", MatchingTex), ("manim", TransformMatchingTex))}))
"""


def orders(seed: int, media: Path) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", ORDER, str(media)], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True, timeout=300).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_matching_tex_orders_the_parts_alike_under_any_hash_seed(tmp_path):
    runs = [orders(seed, tmp_path) for seed in (1, 2, 3)]
    kit = [run["kit"] for run in runs]
    assert kit[0] == kit[1] == kit[2]
    moved, faded_out, faded_in = kit[0]     # every symbol of the stacked formula has a match
    assert sorted(p for group in moved for p in group) == sorted([r"\hat y", *"=c(ax+b)+d"])
    assert faded_out == faded_in == []
    # The control: manim's own transform draws them in another order under another seed.
    assert len({json.dumps(run["manim"]) for run in runs}) > 1


# FadeOutStill, FadeInStill: a live readout left behind its tracker fades without raising --------

def stale_readouts():
    """A FastDecimal that updates itself and one a parent's updater sets, both left at 1.000
    while their tracker moved to 12345.678 (no frame ran in between): more glyphs to come."""
    import manim

    from scenes.kit.numbers import FastDecimal

    tracker = manim.ValueTracker(1.0)
    itself = FastDecimal(1.0, num_decimal_places=3)
    itself.add_updater(lambda m: m.set_value(tracker.get_value()))
    child = FastDecimal(1.0, num_decimal_places=3)
    parent = manim.VGroup(child).add_updater(lambda m: child.set_value(tracker.get_value()))
    tracker.set_value(12345.678)
    return itself, parent


@pytest.fixture
def scene(manim_tmp):
    """A scene that plays without writing a movie (in the seeded media folder: its digits'
    formulas are not compiled again)."""
    import manim

    with manim.tempconfig({"dry_run": True, "verbosity": "ERROR"}):
        yield manim.Scene()


@pytest.mark.parametrize("grouped", [False, True], ids=["alone", "in a group"])
@pytest.mark.parametrize("which", [0, 1], ids=["own updater", "parent's updater"])
def test_a_still_fade_brings_a_readout_up_to_date_and_holds_it(which, grouped, scene):
    """Alone, or in an AnimationGroup (which holds its mobjects' updaters before its
    animations begin, as the title swap's halves do)."""
    import manim

    from scenes.kit.animations import FadeInStill, FadeOutStill

    def wrap(anim):
        return manim.AnimationGroup(anim) if grouped else anim

    readout = stale_readouts()[which]
    scene.play(wrap(FadeInStill(readout)), run_time=0.2)
    number = readout if which == 0 else readout[0]
    assert number.get_value() == pytest.approx(12345.678)
    assert not readout.updating_suspended            # manim resumed it as the fade ended
    scene.remove(readout)
    readout = stale_readouts()[which]                # a stale one on screen, fading out
    scene.add(readout)
    scene.play(wrap(FadeOutStill(readout)), run_time=0.2)
    assert readout not in scene.mobjects
    # Control: manim's own fades of the same stale readouts raise.
    for fade in (manim.FadeIn, manim.FadeOut):
        readout = stale_readouts()[which]
        scene.add(readout)
        with pytest.raises(ValueError, match="zip"):
            scene.play(wrap(fade(readout)), run_time=0.2)


def test_a_title_swap_fades_the_old_title_out_before_the_new_one_in(scene):
    """scenes/kit/titles.py: halfway through the old title's share the new one is not yet
    drawn; halfway through the new one's, the old one is gone (a cross-fade would show both
    at once: control)."""
    import manim

    from scenes.kit.titles import IN_SECONDS, OUT_SECONDS, title_swap

    def opacity(text) -> float:
        return float(text.family_members_with_points()[0].get_fill_opacity())

    old, new = manim.Text("old"), manim.Text("new")
    scene.add(old)
    swap = title_swap(old, new)
    swap._setup_scene(scene)      # as Scene.play does: the new title is added when it begins
    swap.begin()
    total = OUT_SECONDS + IN_SECONDS
    swap.interpolate(OUT_SECONDS / 2 / total)
    assert 0 < opacity(old) < 1 and new not in scene.mobjects      # not yet begun
    swap.interpolate((OUT_SECONDS + IN_SECONDS / 2) / total)
    assert opacity(old) == 0 and 0 < opacity(new) < 1 and new in scene.mobjects
    cross = manim.AnimationGroup(manim.FadeOut(manim.Text("a")), manim.FadeIn(manim.Text("b")))
    cross.begin()
    cross.interpolate(0.5)
    assert all(0 < opacity(a.mobject) < 1 for a in cross.animations)
