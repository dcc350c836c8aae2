"""What the scene tests of lesson ``stepping`` share (tests/scenes/test_stepping*.py): the scene's
modules built under manim's config (the ``manim_tmp`` fixture) and the stage as fixtures, the
text a number cell shows, and boxes: around mobjects, which overlap, whether they are in the
frame or in the work area, and whether a mobject crosses another."""

from types import SimpleNamespace

import numpy as np
import pytest

from tests.lessons.stepping_kit import numbers  # noqa: F401 - a fixture


@pytest.fixture(scope="module")
def kit(manim_tmp):
    """The scene's modules, built under manim_tmp's config (tests/conftest.py)."""
    from scenes.stepping import (crawl, crawl_plot, derivative, epochs, first_epochs, kicks,
                                 rows, scene, stage, valley)
    return SimpleNamespace(crawl=crawl, crawl_plot=crawl_plot, derivative=derivative,
                           epochs=epochs, first_epochs=first_epochs, kicks=kicks, rows=rows,
                           scene=scene, stage=stage, valley=valley)


@pytest.fixture(scope="module")
def stage(kit, numbers):
    return kit.stage.build_stage(numbers)


def shown_text(cell) -> str:
    """What a DecimalNumber shows, as text (a number from 10⁴ up: its LaTeX)."""
    if not hasattr(cell, "num_decimal_places"):
        return cell.tex_string
    return f"{cell.get_value():.{cell.num_decimal_places}f}"


def box(*mobs):
    """(left, right, bottom, top) around mobjects."""
    return (min(m.get_left()[0] for m in mobs), max(m.get_right()[0] for m in mobs),
            min(m.get_bottom()[1] for m in mobs), max(m.get_top()[1] for m in mobs))


def overlapping(mobs, pad=0.02):
    """Pairs of mobjects whose boxes overlap (by more than ``pad``)."""
    boxes = [box(m) for m in mobs]
    return [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
            if boxes[i][0] + pad < boxes[j][1] and boxes[j][0] + pad < boxes[i][1]
            and boxes[i][2] + pad < boxes[j][3] and boxes[j][2] + pad < boxes[i][3]]


def in_frame(*mobs) -> bool:
    left, right, bottom, top = box(*mobs)
    return -7.11 < left and right < 7.11 and -4 <= bottom and top <= 4


def crossed(mob, *polylines) -> bool:
    """Whether a polyline runs through ``mob``'s box: a vertex inside it, or a segment across it."""
    left, right, bottom, top = box(mob)
    for pts in polylines:
        dense = np.concatenate([np.linspace(p, q, 20) for p, q in zip(pts[:-1], pts[1:])])
        if ((left < dense[:, 0]) & (dense[:, 0] < right) & (bottom < dense[:, 1])
                & (dense[:, 1] < top)).any():
            return True
    return False


def in_work_area(kit, *mobs) -> bool:
    """Below the panels' tick numbers, above the burned-in captions' band, inside the frame."""
    left, right, bottom, top = box(*mobs)
    return (top <= kit.stage.WORK_TOP + 1e-9 and bottom >= kit.stage.WORK_BOTTOM - 1e-9
            and -7.11 < left and right < 7.11)
