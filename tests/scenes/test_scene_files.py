"""A plain ``manim -ql scenes/<file>.py <Scene>`` must find every lesson's scene.

The files are loaded the way manim's CLI loads them (``manim.utils.module_ops.get_module``,
from the repository root), in a fresh interpreter so no earlier import can help.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from sgdanim.lessons import all_lessons

ROOT = Path(__file__).resolve().parents[2]

LOAD = """
import sys
from pathlib import Path
from manim.utils.module_ops import get_module, get_scene_classes_from_module
module = get_module(Path(sys.argv[1]))
names = [cls.__name__ for cls in get_scene_classes_from_module(module)]
assert sys.argv[2] in names, names
"""


@pytest.mark.parametrize("absolute", [False, True], ids=["from-root", "absolute-path"])
@pytest.mark.parametrize("lesson", all_lessons().values(), ids=lambda lesson: lesson.id)
def test_plain_manim_loads_the_lesson_scene(lesson, absolute, tmp_path):
    module, cls = lesson.scene.split(":")
    path = Path(*module.split(".")).with_suffix(".py")
    assert (ROOT / path).is_file()
    # manim names the module after the path it is given, so both ways must load.
    where = tmp_path if absolute else ROOT
    done = subprocess.run([sys.executable, "-c", LOAD, str(ROOT / path if absolute else path), cls],
                          cwd=where, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
