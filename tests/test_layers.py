"""The numeric core, the lessons' compute side and ``sgdanim trace``/``list`` never import manim.

Each check runs in a fresh interpreter, because this test process may already hold manim.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import sgdanim

ROOT = Path(__file__).resolve().parents[1]
# Render-side modules may import manim (lazily, when something must be drawn).
RENDER_SIDE = ("sgdanim.render",)

PROBE = r"""
import contextlib, io, json, sys
culprit = None
for name in json.loads(sys.argv[1]):
    if name.startswith("main:"):
        import sgdanim.cli
        with contextlib.redirect_stdout(io.StringIO()):
            assert sgdanim.cli.main(name[5:].split()) == 0
    else:
        __import__(name)
    if any(m == "manim" or m.startswith("manim.") for m in sys.modules):
        culprit = name
        break
print(json.dumps(culprit))
"""


def first_to_import_manim(targets: list[str]) -> str | None:
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(targets)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def core_modules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(sgdanim.__path__, "sgdanim.")]
    return ["sgdanim", *(n for n in names if not n.startswith(RENDER_SIDE))]


def test_core_modules_exist():
    mods = core_modules()
    for name in ("sgdanim.core.data", "sgdanim.core.models", "sgdanim.core.optimizers", "sgdanim.core.trajectory",
                 "sgdanim.core.analysis", "sgdanim.core.params", "sgdanim.core.trace", "sgdanim.cli",
                 "sgdanim.lessons", "sgdanim.core.landscape"):
        assert name in mods


def test_core_and_lessons_do_not_import_manim():
    assert first_to_import_manim(core_modules()) is None


def test_trace_and_list_commands_do_not_import_manim():
    assert first_to_import_manim(["main:trace --optimizer adam --epochs 2", "main:list"]) is None


def test_probe_notices_manim():
    """Negative control: the scenes import manim, and the probe says so."""
    assert first_to_import_manim(["sgdanim.core.trajectory", "scenes.kit.scene"]) == "scenes.kit.scene"
