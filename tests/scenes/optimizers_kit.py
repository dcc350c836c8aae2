"""What the scene tests of lesson ``optimizers`` share (tests/scenes/test_optimizers*.py): MathTex's
files kept out of the repo, a racer looked up by name, and a mobject's box, whether two boxes
overlap and whether one is inside the frame."""

import pytest


@pytest.fixture(autouse=True)
def _seeded_media(manim_tmp):
    """MathTex writes .tex/.svg files under media_dir: the module's own (``manim_tmp``),
    seeded with every listed formula, so none is compiled again here."""


def racer_of(numbers, name):
    return numbers.racers[[r.name for r in numbers.racers].index(name)]


def box(m):
    (x0, y0, _), (x1, y1, _) = m.get_corner([-1, -1, 0]), m.get_corner([1, 1, 0])
    return x0, y0, x1, y1


def overlap(m1, m2, gap=0.0) -> bool:
    a, b = box(m1), box(m2)
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def inside_frame(m) -> bool:
    from manim import config
    w, h = config.frame_width / 2, config.frame_height / 2
    x0, y0, x1, y1 = box(m)
    return -w + 0.05 < x0 and x1 < w - 0.05 and -h + 0.05 < y0 and y1 < h - 0.05
