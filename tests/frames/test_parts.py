"""Part-level caching (sgdanim/render/parts.py) on every lesson, at test quality.

Each lesson is rendered once storing its parts, then again with one part's entry gone: that
part is drawn, the others are skipped and their cached segments joined in (the ones before it
replayed from their records, never built, where it starts clean: overshoot's sweep; and the
ones after it where the part after it starts clean: overshoot's thread; every
part where all are reused: relu-sandwich and momentum, whose renders here have one part). The second video
must be the first, byte for byte, and the lesson's shared two-process render
(``lesson_render``), packet for packet; the frames either side of every join decode to the
shared render's. The negative control changes a parameter only overshoot's last part reads:
the earlier segments are the cached files, and the last part's pixels change. A render killed
once its first part is stored leaves that part whole, and the next render reuses it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time

import numpy as np
import pytest

from sgdanim.lessons import get, lesson_ids
from sgdanim.render.manim_compat import segment_files
from sgdanim.render.parts import PartCache
from tests import framekit
from tests.framekit import render_with_parts

pytest.importorskip("manim")
pytestmark = pytest.mark.frames


def joins(parts, fps) -> list[int]:
    """The first frame of every part after the first."""
    return [round(clock * fps) for _, clock in parts.bounds[1:]]


@pytest.mark.parametrize("lesson_id", [pytest.param(i, marks=framekit.group(i))
                                       for i in lesson_ids()])
def test_a_render_reusing_parts_is_the_full_render(lesson_id, lesson_render, one_process_render,
                                                   tmp_path, svg_cache):
    shared, shared_frames, fps = lesson_render(lesson_id)
    sets = framekit.FRAME_SETS[lesson_id]
    full, first, out = one_process_render(lesson_id)
    shutil.copytree(PartCache(out).root, PartCache(tmp_path).root)   # out is shared: not changed
    store = PartCache(tmp_path)
    assert all(store.stored(key) is not None for key in first.keys)
    dropped = len(first.keys) // 2 if len(first.keys) > 1 else None
    if dropped is not None:
        shutil.rmtree(store.root / first.keys[dropped])
    again, second = render_with_parts(lesson_id, sets, tmp_path, svg_cache, "again", 2)
    assert sorted(second.reuse) == [i for i in range(len(first.keys)) if i != dropped]
    # The parts before the dropped one are replayed from their records if it starts clean.
    scene_parts = {part.id: part for part in type(full.scene).parts}
    clean = dropped is not None and scene_parts[get(lesson_id).chosen_parts(
        full.scene.params)[dropped].id].starts_clean
    replayed = len(first.keys) if dropped is None else dropped if clean else 0
    assert again.scene.fast_forwarded == replayed   # every part, if all are reused
    # ...and the parts after it, to the end, if the one right after it starts clean.
    chosen = get(lesson_id).chosen_parts(full.scene.params)
    after = len(chosen) if dropped is None else dropped + 1
    tail = len(chosen) - after if after < len(chosen) and scene_parts[chosen[after].id] \
        .starts_clean else 0
    assert again.scene.replayed_tail == tail
    assert again.scene.played_parts == full.scene.played_parts
    assert [(t, n) for t, n, _ in again.scene.timeline] == \
        [(t, n) for t, n, _ in full.scene.timeline]
    assert again.video.read_bytes() == full.video.read_bytes()
    assert framekit.packets(again.video) == framekit.packets(shared.video)
    assert again.captions.read_text() == shared.captions.read_text()
    frames, _ = framekit.decode(again.video)
    assert len(frames) == len(shared_frames)
    for join in joins(second, fps):
        for k in range(max(join - 2, 0), min(join + 2, len(frames))):
            assert np.array_equal(frames[k], shared_frames[k]), (lesson_id, join, k)


OVERSHOOT = pytest.param("overshoot", marks=framekit.group("overshoot"))


@pytest.mark.parametrize("lesson_id", [OVERSHOOT])
def test_a_change_to_the_last_part_redraws_only_it(lesson_id, tmp_path, svg_cache):
    """overshoot's parabola and sweep: ``lrs`` is read by the sweep only (the last part
    here), so the parabola's segments are the cached files and only the sweep's pixels move."""
    sets = [*framekit.FRAME_SETS[lesson_id], "parts=parabola,sweep"]
    first, _ = render_with_parts(lesson_id, sets, tmp_path, svg_cache, "full", 2)
    changed, parts = render_with_parts(lesson_id, [*sets, "lrs=3e-2"], tmp_path, svg_cache,
                                       "changed", 1)
    assert sorted(parts.reuse) == [0]
    used = set(segment_files(changed.scene))
    assert str(parts.reuse[0].file) in used
    before, fps = framekit.decode(first.video)
    frames, _ = framekit.decode(changed.video)
    start = joins(parts, fps)[-1]
    assert all(np.array_equal(frames[k], before[k]) for k in range(start))
    assert any(not np.array_equal(a, b) for a, b in zip(frames[start:], before[start:]))


@pytest.mark.parametrize("clean", [True, False], ids=["clean", "control"])
@pytest.mark.parametrize("lesson_id", [OVERSHOOT])
def test_a_change_to_the_first_part_redraws_only_it(lesson_id, clean, tmp_path, svg_cache,
                                                     monkeypatch):
    """``lr_zigzag`` is read by the parabola only. The sweep after it starts clean, so its
    segments are the cached files, joined after the parabola drawn again, and it is replayed
    from its record, not built: the video is a full render's with the new value, byte for
    byte, and its frames from the join on are the first render's. Without its record it is
    built and skipped, to the same bytes. The control: a sweep that does not start clean is
    keyed by the parabola's parameters too, and is drawn again."""
    from scenes.overshoot.sweep import SweepPart

    monkeypatch.setattr(SweepPart, "starts_clean", clean)
    sets = [*framekit.FRAME_SETS[lesson_id], "parts=parabola,sweep"]
    first, before_parts = render_with_parts(lesson_id, sets, tmp_path, svg_cache, "full", 1)
    sets = [*sets, "lr_zigzag=0.7"]
    changed, parts = render_with_parts(lesson_id, sets, tmp_path, svg_cache, "changed", 1)
    assert sorted(parts.reuse) == ([1] if clean else [])
    if not clean:
        return
    assert str(parts.reuse[1].file) in set(segment_files(changed.scene))
    assert changed.scene.replayed_tail == 1   # the sweep replayed from its record, not built
    fresh, _ = render_with_parts(lesson_id, sets, tmp_path / "fresh", svg_cache, "full", 1)
    assert changed.video.read_bytes() == fresh.video.read_bytes()
    assert changed.captions.read_text() == fresh.captions.read_text()
    assert [(t, n) for t, n, _ in changed.scene.timeline] == \
        [(t, n) for t, n, _ in fresh.scene.timeline]
    assert changed.scene.played_parts == fresh.scene.played_parts
    # The control: the sweep's record gone, it is built and skipped, to the same bytes.
    store = PartCache(tmp_path)
    shutil.rmtree(store.root / parts.keys[0])   # the parabola is drawn again
    meta = json.loads((store.root / parts.keys[1] / "meta.json").read_text())
    meta.pop("record")
    (store.root / parts.keys[1] / "meta.json").write_text(json.dumps(meta))
    built, _ = render_with_parts(lesson_id, sets, tmp_path, svg_cache, "built", 1)
    assert built.scene.replayed_tail == 0
    assert built.video.read_bytes() == fresh.video.read_bytes()
    before, fps = framekit.decode(first.video)
    frames, _ = framekit.decode(changed.video)
    join, join_before = joins(parts, fps)[0], joins(before_parts, fps)[0]
    assert any(not np.array_equal(a, b) for a, b in zip(frames[:join], before[:join_before]))
    assert len(frames) - join == len(before) - join_before
    assert all(np.array_equal(a, b) for a, b in zip(frames[join:], before[join_before:]))


@pytest.mark.parametrize("lesson_id", [OVERSHOOT])
def test_a_killed_render_keeps_its_finished_parts(lesson_id, lesson_render, tmp_path, svg_cache):
    """SIGKILL a split render (its helper stops with it) once the first part is stored: every
    stored part is whole, and the next render reuses it and makes the shared render's video."""
    for sub in ("tex", "texts"):
        if (svg_cache / sub).is_dir():
            shutil.copytree(svg_cache / sub, tmp_path / ".cache" / sub)
    args = [sys.executable, "-m", "sgdanim.cli", "render", lesson_id, "--quality", "test",
            "--split", "2", "--out", str(tmp_path),
            *[a for s in framekit.FRAME_SETS[lesson_id] for a in ("--set", s)]]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    store = PartCache(tmp_path)
    deadline = time.monotonic() + 180
    while not list(store.root.glob("*/meta.json")) and time.monotonic() < deadline:
        assert proc.poll() is None, "the render ended before it could be killed"
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    stored = [p.parent.name for p in store.root.glob("*/meta.json")]
    assert stored and all(store.stored(key) is not None for key in stored)
    assert sorted(p.name for p in store.root.iterdir()) == sorted(stored)  # nothing partial
    again = subprocess.run(args, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert "reusing question" in again.stderr  # the first part, stored before the kill
    shared, _, _ = lesson_render(lesson_id)
    video = tmp_path / lesson_id / f"{lesson_id}-test.mp4"
    assert framekit.packets(video) == framekit.packets(shared.video)
