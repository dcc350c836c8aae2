"""A lesson rendered in two processes (sgdanim.render.split) is the same video as in one.

Tiny scenes here check the mechanics; tests/frames/test_split.py checks the real lessons.
"""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest

from tests.framekit import packets

pytest.importorskip("manim")

FPS = 10


def settings(folder) -> dict:
    return {"pixel_width": 128, "pixel_height": 72, "frame_rate": FPS, "media_dir": str(folder),
            "disable_caching": True, "verbosity": "WARNING", "progress_bar": "none",
            "max_files_cached": -1, "output_file": "clip"}


def render(cls, processes: int, folder):
    """``(scene, video, srt text)`` of ``cls`` rendered by ``processes`` processes."""
    from manim import tempconfig

    from sgdanim.render.manim_compat import movie_path
    from sgdanim.render.split import render_shared

    if processes == 1:
        with tempconfig(settings(folder)):
            scene = cls()
            scene.render()
            video = movie_path(scene)
    else:
        scene, video = render_shared(cls, lambda k: settings(folder / f"p{k}"), processes)
    srt = video.with_suffix(".srt")
    return scene, video, srt.read_text() if srt.exists() else None


def walk_scene(dt_updater: bool = False, fail_in_helper: bool = False):
    """Six steps of a dot. Run times that are not whole frames (0.33 s at 10 fps) make a skipped
    animation's clock differ from a played one's; the waits with an updater are played, the
    last one is a frozen frame. A 30 ms sleep per frame lets the other process overtake."""
    from manim import RIGHT, Dot, Scene, ValueTracker

    parent = os.getpid()

    class Walk(Scene):
        def construct(self):
            if fail_in_helper and os.getpid() != parent:
                raise RuntimeError("boom in the helper")
            self.stamps = []
            tracker = ValueTracker(0)
            dot = Dot(radius=0.5)
            if dt_updater:  # moves by the dt it is given: one big step when skipped
                dot.add_updater(lambda d, dt: d.shift(RIGHT * dt))
            else:
                dot.add_updater(lambda d: d.move_to([tracker.get_value(), 0, 0]))
            dot.add_updater(lambda d: time.sleep(0.03))
            self.add(dot)
            for k in range(6):
                self.play(tracker.animate.set_value(k - 3), run_time=0.33,
                          subcaption=f"step {k}")
                self.stamps.append(self.time)
                self.wait(0.25)
            dot.clear_updaters()
            self.wait(0.55, frozen_frame=True)
            self.stamps.append(self.time)

    return Walk


def test_two_processes_make_the_same_video_captions_and_clock(tmp_path):
    cls = walk_scene()
    one, video1, srt1 = render(cls, 1, tmp_path / "one")
    two, video2, srt2 = render(cls, 2, tmp_path / "two")
    assert sorted(set(two.claimed_by)) == [0, 1]  # both drew, so the comparison means something
    assert packets(video2) == packets(video1)
    assert srt2 == srt1 and srt1.count("step") == 6
    assert two.stamps == one.stamps  # to the last bit
    assert two.renderer.time == one.renderer.time


def test_negative_control_an_updater_of_dt_comes_out_different(tmp_path):
    # A skipped animation calls an updater once with its whole run time, so a dt updater moves
    # the dot by 0.33 instead of 4 frames x 0.1: the videos must differ (the lessons have none).
    cls = walk_scene(dt_updater=True)
    _, video1, _ = render(cls, 1, tmp_path / "one")
    two, video2, _ = render(cls, 2, tmp_path / "two")
    assert sorted(set(two.claimed_by)) == [0, 1]
    assert packets(video2) != packets(video1)


def test_negative_control_manims_own_clock_for_skips_shifts_the_captions(tmp_path, monkeypatch):
    from sgdanim.render import manim_compat

    cls = walk_scene()
    one, _, srt1 = render(cls, 1, tmp_path / "one")
    monkeypatch.setattr(manim_compat, "clock_after",  # what manim does: run_time, not whole frames
                        lambda scene, start, fps: start + scene.duration)
    two, _, srt2 = render(cls, 2, tmp_path / "two")
    assert two.stamps != one.stamps and srt2 != srt1


def test_a_failing_helper_fails_the_render_and_leaves_no_process(tmp_path):
    from sgdanim.render.split import SharedRenderError

    with pytest.raises(SharedRenderError, match="boom in the helper"):
        render(walk_scene(fail_in_helper=True), 2, tmp_path / "two")
    assert multiprocessing.active_children() == []


def test_a_wait_until_cannot_be_shared_out(tmp_path):
    """Its length depends on the frames drawn, so the process that skips it cannot know it."""
    from manim import Dot, Scene, ValueTracker

    from sgdanim.render.manim_compat import CannotSkip
    from sgdanim.render.split import SharedRenderError

    class Waits(Scene):
        def construct(self):
            tracker = ValueTracker(0).add_updater(lambda t, dt: t.increment_value(dt))
            self.add(tracker, Dot())
            self.wait_until(lambda: tracker.get_value() > 0.3, max_time=1)

    with pytest.raises((CannotSkip, SharedRenderError), match="wait_until cannot be skipped"):
        render(Waits, 2, tmp_path / "two")
    assert multiprocessing.active_children() == []


def test_render_scene_shares_a_lesson_and_reports_who_drew_what(tmp_path, tiny_lessons):
    from sgdanim.lessons import get
    from sgdanim.render.scene import render_scene

    params = get("tiny").resolve(sets=["steps=3"])
    one = render_scene("tiny", params, "test", tmp_path / "one")
    two = render_scene("tiny", params, "test", tmp_path / "two", processes=2)
    assert packets(two.video) == packets(one.video)
    assert two.captions.read_text() == one.captions.read_text()
    assert two.scene.timeline == one.scene.timeline
    assert len(two.scene.claimed_by) == one.scene.renderer.num_plays


ORPHAN_SCRIPT = """
import sys, time
from pathlib import Path
from manim import Dot, Scene
from sgdanim.render.split import render_shared

class Slow(Scene):
    def construct(self):
        dot = Dot().add_updater(lambda d: time.sleep(0.05))
        self.add(dot)
        for k in range(200):
            self.play(dot.animate.shift([0.01, 0, 0]), run_time=0.3)

folder = Path(sys.argv[1])
render_shared(Slow, lambda k: {"pixel_width": 64, "pixel_height": 36, "frame_rate": 10,
                               "media_dir": str(folder / f"p{k}"), "disable_caching": True,
                               "verbosity": "ERROR", "progress_bar": "none",
                               "max_files_cached": -1}, 2)
"""


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited
    except OSError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_a_helper_whose_render_is_killed_stops_at_its_next_animation(tmp_path):
    import signal
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", ORPHAN_SCRIPT, str(tmp_path)])
    helpers = []
    try:
        deadline = time.monotonic() + 60
        while not helpers and time.monotonic() < deadline:
            time.sleep(0.2)
            helpers = _children(proc.pid)
        assert helpers, "no helper process started"
        time.sleep(1.0)  # both are rendering now
        assert all(_running(h) for h in helpers)
        os.kill(proc.pid, signal.SIGKILL)  # the parent alone, as the OOM killer would
        proc.wait()
        deadline = time.monotonic() + 15
        while any(_running(h) for h in helpers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_running(h) for h in helpers)
    finally:
        if proc.poll() is None:
            proc.kill()
        for h in helpers:  # reparented once the parent died, so not found by _children
            if _running(h):
                os.kill(h, signal.SIGKILL)
