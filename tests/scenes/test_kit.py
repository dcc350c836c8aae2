"""Pixel-free checks of the pieces every lesson scene shares (scenes/kit/scene.py, numbers.py)."""

import numpy as np
import pytest

manim = pytest.importorskip("manim")

from scenes.kit.numbers import FastDecimal  # noqa: E402

VALUES = [0.0, -12.345, 0.004, -0.0004, 1e5, 7.77, 3.14159]


@pytest.mark.parametrize("options", [
    {"num_decimal_places": 2},
    {"num_decimal_places": 3, "include_sign": True, "font_size": 30},
    {"num_decimal_places": 0, "group_with_commas": True, "color": manim.YELLOW},
])
def test_fast_decimal_draws_exactly_what_decimal_number_draws(options):
    fast = FastDecimal(1.0, **options).move_to([1, -2, 0])
    plain = manim.DecimalNumber(1.0, **options).move_to([1, -2, 0])
    for value in VALUES:
        fast.set_value(value)
        plain.set_value(value)
        assert len(fast) == len(plain)
        np.testing.assert_allclose(fast.get_all_points(), plain.get_all_points(), atol=1e-12)
        np.testing.assert_allclose(fast.get_fill_rgbas(), plain.get_fill_rgbas())
        assert fast.get_value() == value


def glyph_styles(number):
    return [(m.get_fill_rgbas().tolist(), m.get_stroke_rgbas().tolist(), m.get_stroke_width(),
             m.get_stroke_rgbas(background=True).tolist(), m.get_sheen_factor())
            for m in number.get_family()]


@pytest.mark.parametrize("restyle", [
    lambda m: m.set_color(manim.RED),
    lambda m: m.set_opacity(0.4),
    lambda m: m.set_stroke(manim.BLUE, width=2, background=True),
    lambda m: m[0].set_color(manim.GREEN),   # one glyph styled on its own
    lambda m: m.set_sheen(0.3),
], ids=["colour", "opacity", "background-stroke", "one-glyph", "sheen"])
def test_fast_decimal_keeps_the_style_a_decimal_number_keeps(restyle):
    """FastDecimal skips DecimalNumber's glyph-by-glyph match_style, because init_colors then
    restyles every glyph from the number itself; what is drawn must not change."""
    fast, plain = FastDecimal(1.25, num_decimal_places=2), manim.DecimalNumber(1.25, num_decimal_places=2)
    for number in (fast, plain):
        restyle(number)
    for value in (-3.5, 12.75, 12.75001, 0.5):
        fast.set_value(value)
        plain.set_value(value)
        assert glyph_styles(fast) == glyph_styles(plain)


def test_fast_decimal_glyphs_do_not_share_points_with_the_cache():
    a, b = FastDecimal(11.0), FastDecimal(11.0)
    a.shift([1, 0, 0])
    assert not np.allclose(a[0].get_all_points(), b[0].get_all_points())
    b.set_color(manim.RED)
    assert not np.allclose(a.get_fill_rgbas(), b.get_fill_rgbas())


def test_a_copied_glyph_shares_only_its_parsed_svg_path():
    from sgdanim.render.manim_compat import install

    install()  # what a render does first (tests/render/test_manim_compat.py: not on import)
    # Text is Pango's SVG, no LaTeX needed; its glyphs are VMobjectFromSVGPath like MathTex's.
    text = manim.Text("a·x + b", font_size=30)
    twin = text.copy()
    glyph, copied = text[0], twin[0]
    assert copied.path_obj is glyph.path_obj  # shared, not deep-copied (the speed-up)
    assert np.array_equal(copied.points, glyph.points) and copied.points is not glyph.points
    twin.shift([1, 0, 0]).set_color(manim.RED)
    assert not np.allclose(copied.points, glyph.points)
    assert not np.allclose(copied.get_fill_rgbas(), glyph.get_fill_rgbas())


def test_clear_screen_fades_to_the_background_and_leaves_nothing(tmp_path):
    from manim import Circle, tempconfig

    from scenes.kit.scene import LessonScene

    class Cleared(LessonScene):
        lesson_id = "momentum"

        def construct(self):
            self.add(Circle(radius=2, fill_opacity=1))
            self.clear_screen(run_time=0.5)
            self.wait(0.1)  # the next frame drawn

    settings = {"media_dir": str(tmp_path), "pixel_width": 64, "pixel_height": 36,
                "frame_rate": 10, "disable_caching": True, "write_to_movie": False,
                "verbosity": "ERROR", "progress_bar": "none"}
    with tempconfig(settings):
        scene = Cleared()
        scene.render()
        assert not any(m.has_points() for mob in scene.mobjects for m in mob.get_family())
        frame = scene.renderer.get_frame()
    background = np.array(manim.ManimColor(scene.camera.background_color).to_int_rgb())
    assert np.abs(frame[..., :3].astype(int) - background).max() <= 1


def _bare_scene():
    from scenes.kit.scene import LessonScene

    class Bare(LessonScene):
        lesson_id = "momentum"

    return Bare()


def test_a_value_tracker_does_not_make_what_follows_it_redraw():
    from manim import Circle, Dot, Square, ValueTracker

    scene = _bare_scene()
    tracker = ValueTracker(0)
    square, circle, dot = Square(), Circle(), Dot()
    dot.add_updater(lambda d: d.move_to([tracker.get_value(), 0, 0]))
    scene.add(square, tracker, circle, dot)
    moving = scene.get_moving_mobjects(tracker.animate.set_value(2).build())
    assert dot in moving and circle not in moving and tracker not in moving
    # manim's own rule would have redrawn the circle every frame
    assert circle in manim.Scene.get_moving_mobjects(scene, tracker.animate.set_value(2).build())


def test_a_group_with_a_moving_member_still_redraws_whole():
    from manim import Circle, Dot, Square, ValueTracker, VGroup

    scene = _bare_scene()
    tracker = ValueTracker(0)
    label, dot = Square(), Dot()
    dot.add_updater(lambda d: label.next_to(d))   # an updater that moves a sibling drawn before it
    group = VGroup(label, dot)
    scene.add(Circle(), tracker, group)
    moving = scene.get_moving_mobjects(tracker.animate.set_value(1).build())
    assert group in moving and label in moving
    assert scene.get_moving_mobjects(manim.Wait(1)) == [group, label, dot]


def test_kept_on_top_stays_last_and_still_fades_out_with_its_group():
    from manim import Circle, FadeOut, Line, Square, VGroup

    scene = _bare_scene()
    line, square, circle = Line(), Square(), Circle()
    panel = VGroup(square, line)
    scene.add(panel)
    scene.keep_on_top(line)
    scene.add(circle)
    assert scene.mobjects[-1] is line
    scene.renderer.skip_animations = True
    scene.play(FadeOut(VGroup(square, line)))
    assert line not in scene.get_mobject_family_members()


def test_inside_frame_keeps_text_off_the_edges():
    """Text past the right edge comes back inside by the margin; too wide, it shrinks; text
    already inside does not move (the control)."""
    from manim import LEFT, RIGHT, Text, config

    from scenes.kit.scene import inside_frame

    edge = config.frame_width / 2
    past = inside_frame(Text("ReLU dead from row 26", font_size=30).move_to(RIGHT * edge))
    assert abs(past.get_right()[0] - (edge - 0.2)) < 1e-6
    wide = inside_frame(Text("x" * 200, font_size=30).move_to(LEFT * 3))
    assert wide.width <= 2 * (edge - 0.2) + 1e-6 and wide.get_left()[0] >= -edge + 0.2 - 1e-6
    inside = Text("row 26", font_size=30)
    assert (inside_frame(inside.copy()).get_center() == inside.get_center()).all()


def _updater_tree(calls: list):
    """Mobjects whose updaters write their names into ``calls``: dt and no-dt updaters, a
    glyph-deep one, a suspended group, a class with its own ``update``, and an updater that
    adds a submobject to its own mobject (read live, as manim's loop reads it)."""
    from manim import Dot, VGroup

    def named(name, mob, dt=True):
        if dt:
            return mob.add_updater(lambda m, dt: calls.append((name, dt)))
        return mob.add_updater(lambda m: calls.append((name, None)))

    class OwnUpdate(VGroup):
        def update(self, dt=0, recursive=True):
            calls.append(("own", dt))
            return self

    deep = named("deep", Dot())
    late = named("late", Dot(), dt=False)
    grower = VGroup(Dot())
    grower.add_updater(lambda m: (calls.append(("grower", None)),
                                  late not in m.submobjects and m.add(late)))
    suspended = VGroup(named("hidden", Dot()))
    suspended.suspend_updating()
    table = VGroup(*[VGroup(*[Dot() for _ in range(3)]) for _ in range(4)], VGroup(VGroup(deep)))
    return [named("top", table, dt=False), grower, suspended, OwnUpdate(Dot()),
            named("last", Dot())]


def _walk_skipping_plain_groups(mobjects, dt):
    """A wrong walker, for the control: it does not look inside a group without updaters."""
    for mob in mobjects:
        if type(mob).update is not manim.Mobject.update:
            mob.update(dt)
            continue
        for updater in mob.updaters:
            updater(mob, dt) if "dt" in updater.__code__.co_varnames else updater(mob)
        _walk_skipping_plain_groups([sub for sub in mob.submobjects if sub.updaters], dt)


def test_update_families_makes_manims_updater_calls_in_manims_order():
    from scenes.kit.updating import UpdaterCalls, update_families

    expected, got, wrong = [], [], []
    manims, tree = _updater_tree(expected), _updater_tree(got)
    wrong_tree, calls = _updater_tree(wrong), UpdaterCalls()
    for dt in (0.0, 1 / 15, 1 / 15):   # the grower's new member is updated from frame 1 on
        for mob in manims:
            mob.update(dt)
        update_families(tree, dt, calls)
        _walk_skipping_plain_groups(wrong_tree, dt)
    assert got == expected
    assert ("deep", 1 / 15) in got and ("hidden", 0.0) not in got and ("late", None) in got
    assert wrong != expected   # the control: a walk that skips plain groups misses "deep"


@pytest.mark.parametrize("captions", ["srt", "burned"])
def test_words_that_repeat_the_line_are_left_out_only_where_it_is_burned_in(captions):
    """``play_unless_burned`` plays the teaser with srt captions (the control), and holds the
    picture as long, with nothing played, where the caption already shows the line."""
    from types import SimpleNamespace

    from scenes.kit.captioning import Captioning

    calls = []

    class Scene(Captioning):
        params = SimpleNamespace(captions=captions)

        def play(self, *animations, run_time):
            calls.append(("play", animations, run_time))

        def wait(self, seconds):
            calls.append(("wait", (), seconds))

    Scene().play_unless_burned("fade the teaser in", run_time=0.5)
    assert calls == ([("play", ("fade the teaser in",), 0.5)] if captions == "srt"
                     else [("wait", (), 0.5)])


def test_landscape_numbers_have_no_thousands_separator():
    """A landscape axis of thousands (0…5000, under the unit threshold) writes "5000", glyph
    for glyph a DecimalNumber without separator (control: manim's default draws "5,000", one
    glyph more)."""
    from scenes.kit.landscape_panel import tick_numbers
    axis = manim.NumberLine([0, 5000, 1000], include_numbers=True,
                            **tick_numbers((0, 5000, 1000)))
    last = axis.numbers[-1]
    assert len(last) == len(manim.DecimalNumber(5000, num_decimal_places=0,
                                                group_with_commas=False)) == 4
    default = manim.NumberLine([0, 5000, 1000], include_numbers=True,
                               decimal_number_config={"num_decimal_places": 0})
    assert len(default.numbers[-1]) == 5
