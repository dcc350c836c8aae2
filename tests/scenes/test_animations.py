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
