"""Lesson ``relu-sandwich`` as a viewer sees it (review r8): tick numbers that read in a 480p
embed, no play that fades one picture out over another fading in, a clean screen at every part
boundary, and a slow walk slow enough to follow. The parts are built, or the lesson played,
without drawing a frame."""

from types import SimpleNamespace

import numpy as np
import pytest

manim = pytest.importorskip("manim")

from tests.scenes.dryrun import same_process  # noqa: E402
from tests.scenes.test_relu_sandwich import LESSON, build  # noqa: E402


def tick_numbers(things) -> list:
    """Every axis tick number (a NumberLine's numbers, a LogAxes' 10^k labels) in the families
    of the mobjects among ``things``, looking into SimpleNamespaces, lists and dicts."""
    from scenes.kit.plots import LogAxes

    found, seen = [], set()

    def walk(obj):
        if id(obj) in seen:
            return
        seen.add(id(obj))
        if isinstance(obj, manim.Mobject):
            for m in obj.get_family():
                if isinstance(m, manim.NumberLine):
                    found.extend(getattr(m, "numbers", []))
                elif isinstance(m, LogAxes):
                    found.extend(m.labels)
        elif isinstance(obj, SimpleNamespace):
            walk(list(vars(obj).values()))
        elif isinstance(obj, (list, tuple)):
            for item in obj:
                walk(item)
        elif isinstance(obj, dict):
            walk(list(obj.values()))

    walk(things)
    return list({id(m): m for m in found}.values())


def test_every_tick_number_is_set_at_the_lessons_tick_size(manim_tmp):
    """Every part's tick numbers, LaTeX digits, are set at TICK_SIZE, the kit's body size: at
    MIN_FONT_SIZE a LaTeX digit is a quarter smaller than Text's and stood 8 px high at 480p.
    Control: the kit's landscape panel, as it comes, sets its ticks at MIN_FONT_SIZE, and the
    check finds them."""
    from scenes.kit.landscape_panel import LandscapePanel
    from scenes.kit.style import MIN_FONT_SIZE
    from scenes.relu_sandwich.panels import TICK_SIZE
    from scenes.relu_sandwich.scene import ReluSandwich

    assert TICK_SIZE > MIN_FONT_SIZE
    for part in ReluSandwich.parts:
        ticks = tick_numbers(build(part.id))
        assert ticks, part.id
        assert sorted({round(t.font_size) for t in ticks}) == [TICK_SIZE], part.id
    s = LESSON.compute(LESSON.defaults()).solutions
    plain = LandscapePanel(s.landscape, s.a_range, s.b_range, s.levels, width=4.2, height=1.85)
    assert {round(t.font_size) for t in tick_numbers(plain)} == {MIN_FONT_SIZE}


def fades_over(animations) -> bool:
    """Whether one play fades (or writes) something in where something else is fading out:
    a leaving and an arriving mobject with points whose boxes overlap."""
    from manim.animation.animation import prepare_animation   # a .animate builder, too

    leaving, arriving = [], []

    def sort(anims):
        for anim in map(prepare_animation, anims):
            if isinstance(anim, manim.AnimationGroup):
                sort(anim.animations)
            elif anim.is_remover():
                leaving.extend(anim.mobject.family_members_with_points())
            elif anim.is_introducer():
                arriving.extend(anim.mobject.family_members_with_points())

    sort(animations)
    if not leaving or not arriving:
        return False

    def boxes(mobs):
        return np.array([[m.get_left()[0], m.get_right()[0], m.get_bottom()[1], m.get_top()[1]]
                         for m in mobs])
    a, b = boxes(leaving)[:, None], boxes(arriving)[None]
    return bool(((a[..., 0] < b[..., 1]) & (b[..., 0] < a[..., 1])
                 & (a[..., 2] < b[..., 3]) & (b[..., 2] < a[..., 3])).any())


@pytest.fixture(scope="module")
def played(manim_tmp):
    """The lesson played once with no frame drawn, noting every play that fades one thing in
    over another fading out, and what is still on screen when each part after the first
    begins."""
    from sgdanim.render.dry_run import play_dry

    over, left = [], []

    def watch(scene):
        play, between = scene.play, scene.between_parts

        def checked(*anims, **kwargs):
            if fades_over(anims):
                over.append(round(float(scene.time), 1))
            return play(*anims, **kwargs)

        def cleared():
            shown = len(scene.mobjects)
            between()
            left.append((shown, [m for m in scene.mobjects if m is not scene._caption]))

        scene.play, scene.between_parts = checked, cleared

    run = play_dry("relu-sandwich", watch=watch)
    return SimpleNamespace(scene=run.scene, over=over, left=left)


pytestmark = same_process("relu-sandwich")


def test_no_play_fades_one_picture_in_over_another_fading_out(played):
    """Out, then in (review r8: the opening's race faded out while part 1's plot faded in, both
    on screen for the whole fade). Control: a square fading out under a circle fading in is
    found; the same beside each other is not."""
    assert played.over == []
    square, circle = manim.Square(), manim.Circle()
    assert fades_over([manim.FadeOut(square), manim.FadeIn(circle)])
    apart = circle.copy().shift(4 * manim.RIGHT)
    assert not fades_over([manim.FadeOut(square), manim.FadeIn(apart)])


def test_each_part_after_the_first_starts_on_a_clean_screen(played):
    """Between two parts everything goes (the curtain's fade), so the next part's picture never
    stands over the last one's. Control: the parts did leave things to clear."""
    assert len(played.left) == len(LESSON.parts) - 1
    assert all(shown > 0 and mobs == [] for shown, mobs in played.left)


def test_the_slow_walk_goes_row_by_row_to_the_curve(played):
    """Its first rows, to a·c = slope, take SECONDS_PER_SLOW_ROW each (they took 0.8 s in all),
    and its creep past the curve CREEP_SECONDS: from the line that starts the walk to the ring
    (drawn in 0.4 s) and from there to the walk's end."""
    from scenes.relu_sandwich.solutions import CREEP_SECONDS, SECONDS_PER_SLOW_ROW

    scene = played.scene
    (cross, info), = scene.marks("path_cross")
    (end, _), = scene.marks("path_end")
    starts = [c.start.total_seconds() for c in scene.renderer.file_writer.subcaptions
              if c.content.startswith("A small lr")]
    assert len(starts) == 1 and info["index"] == 3
    assert cross - starts[0] == pytest.approx(3 * SECONDS_PER_SLOW_ROW + 0.4, abs=0.1)
    assert end - cross >= CREEP_SECONDS


def test_the_end_card_is_short_and_keeps_the_relu(played):
    """The end card, from the answer's line to the last frame, held 9.5 s, its last 5 s one
    still picture (review r10): the ReLU's death is drawn on the strip as the walk passes its
    row, before the runaway's line, and the card lasts about 6 s. Its last picture still holds
    the answer and the ReLU's line (control: both were added, and neither taken down)."""
    scene = played.scene
    starts = {c.content: c.start.total_seconds()
              for c in scene.renderer.file_writer.subcaptions}

    def said(prefix):
        return next(t for text, t in starts.items() if text.startswith(prefix))
    (death, _), = scene.marks("relu_death")
    answer = said("One neuron's step is fixed")
    assert said("Row 25 (x = 99)") < said("Row 18, same x") < death
    assert death < said("Then the pair's lr") < answer
    assert 5.0 <= scene.time - answer <= 6.5
    from scenes.kit.style import MODEL_COLOURS
    shown = [m for top in scene.mobjects for m in top.get_family()]
    magenta = manim.ManimColor(MODEL_COLOURS["relu2"])
    assert any(isinstance(m, manim.DashedVMobject) and manim.ManimColor(m.get_color()) == magenta
               for m in shown)
    assert any(isinstance(m, manim.Tex) and m.get_tex_string().startswith("Equally good")
               for m in shown)


def test_the_fast_walks_lr_stands_in_a_clear_corner_of_the_plane():
    """From a = c = −10 the plane runs −15..5, and its top right corner holds the curve's top
    end, "ac = 2" and the c axis' name: the fast walk's "lr 1.0 × 10⁻⁴" was written on all
    three. It now stands in the first clear corner, clear of the curve, the walk and the
    words. Control: the top right corner meets them; at the defaults it is clear, and used."""
    from scenes.kit.clearance import room
    for sets, corner in ((["init=-10,1,-10,1"], "bottom left"), ([], "top right")):
        b = build("solutions", sets)
        tag, right = b.legend[1], b.right
        lines = [b.curve.points, np.array([right.point(a, c) for a, c in b.fast])]
        words = [b.curve_lab, *right.labels]
        assert room(tag, lines, keep_off=words) >= 0.08
        at = {"bottom left": (right.axes.get_left()[0], tag.get_left()[0]),
              "top right": (right.axes.get_right()[0], tag.get_right()[0])}[corner]
        assert at[0] == pytest.approx(at[1])
        top_right = tag.copy().align_to(right.axes, manim.UR)
        assert (room(top_right, lines, keep_off=words) < 0.08) == bool(sets)


def test_with_analytic_derivatives_the_fast_lr_keeps_off_the_planes_numbers():
    """With ``grad=analytic`` the fast walk's diagonal takes the plane's top right, and the
    tag went to the bottom right: aligned to the axes' box, numbers and all, it stood on the
    a axis' "3" and "4". The numbers are kept off now, and the tag stands at the top's
    middle. Control: at the bottom right it meets the numbers; at the top right, a dot."""
    from scenes.kit.clearance import room
    b = build("solutions", ["grad=analytic"])
    tag, right = b.legend[1], b.right
    numbers = [right.axes.x_axis.numbers, right.axes.y_axis.numbers]
    lines = [b.curve.points, np.array([right.point(a, c) for a, c in b.fast])]
    assert room(tag, lines, keep_off=[b.curve_lab, *right.labels, *numbers]) >= 0.08
    assert tag.get_top()[1] == pytest.approx(right.axes.get_top()[1])
    assert tag.get_x() == pytest.approx(right.axes.x_axis.get_x())
    bottom_right = tag.copy().align_to(right.axes, manim.DR)
    assert room(bottom_right, [], keep_off=numbers) == 0     # on them
    assert room(tag.copy().align_to(right.axes, manim.UR), lines) < 0.08
