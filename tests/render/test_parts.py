"""Fast-forwarding reused parts (sgdanim/render/parts.py, ``LessonScene._fast_forward``).

The ``chapters`` example lesson is rendered through ``sgdanim render``, then rendered into a
second folder holding only its first part (``red``) in the part cache. ``blue`` clears the
screen before it draws, so it may start clean: ``red`` is replayed from its record, never
built, and every published file (mp4, sidecar, srt, vtt, chapters) is the first render's,
byte for byte, silent, narrated (the stand-in voice of test_voice.py) and with burned captions.
The negative controls edit ``red``'s stored record: a caption moved within it changes the
captions and a mark taken out loses the poster's moment (so the comparison can fail), and a clock
that disagrees with the entry is refused (``red`` is built again, and the files stay right).
"""

from __future__ import annotations

import json
import shutil

import pytest

from tests.example import chaptered_scene
from tests.render.conftest import render_chapters
from tests.render.test_voice import fake_piper  # noqa: F401 - the stand-in voice, a fixture

pytest.importorskip("manim")


@pytest.fixture
def builds(monkeypatch):
    """Lets ``blue`` start clean, has ``red`` mark its end as the poster (a mark for the
    replay to keep), and counts the parts' ``build`` calls by part id."""
    counted: dict[str, int] = {}
    build, play = chaptered_scene._Sweep.build, chaptered_scene._Sweep.play

    def counting(self, numbers, params):
        counted[self.id] = counted.get(self.id, 0) + 1
        return build(self, numbers, params)

    def play_and_mark(self, scene, built):
        play(self, scene, built)
        if self.id == "red":
            scene.mark("poster")

    monkeypatch.setattr(chaptered_scene._Sweep, "build", counting)
    monkeypatch.setattr(chaptered_scene._Sweep, "play", play_and_mark)
    monkeypatch.setattr(chaptered_scene.Blue, "starts_clean", True)
    return counted


def published(out) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((out / "chapters").iterdir())}


def poster_mark(out) -> float | None:
    """The poster mark the clip's cache entry holds (the sidecar's poster, with png, uses it)."""
    return json.loads(next((out / ".cache").glob("*/meta.json")).read_text())["poster_mark"]


def with_only(part, full, out, edit=None):
    """``out`` with ``full``'s part cache but one entry gone: keeping ``part`` "red" (the first)
    or "blue" (the last, with red drawn again before it); ``edit(meta)`` alters the kept one's."""
    shutil.copytree(full / ".cache" / "parts", out / ".cache" / "parts")
    for meta_file in (out / ".cache" / "parts").glob("*/meta.json"):
        meta = json.loads(meta_file.read_text())
        if (meta["record"]["first"] == 0) != (part == "red"):
            shutil.rmtree(meta_file.parent)
        elif edit is not None:
            edit(meta)
            meta_file.write_text(json.dumps(meta))



def render(out, sets, builds) -> dict[str, int]:
    builds.clear()
    rc, _, err = render_chapters(out, *[a for s in sets for a in ("--set", s)])
    assert rc == 0, err
    return dict(builds)


@pytest.mark.parametrize("kept", ["red", "blue"])
@pytest.mark.parametrize("sets", [[], ["voice=piper:{model}"], ["captions=burned"]],
                         ids=["silent", "narrated", "burned"])
def test_a_replayed_part_makes_the_full_render(sets, kept, builds, fake_piper,  # noqa: F811
                                               tmp_path):
    """The part kept in the cache is replayed from its record, not built, whether it comes
    before the part drawn again (red) or after it (blue, clean and last): the full render."""
    sets = [s.format(model=fake_piper) for s in sets]
    assert render(tmp_path / "full", sets, builds) == {"red": 1, "blue": 1}
    with_only(kept, tmp_path / "full", tmp_path / "again")
    drawn = "blue" if kept == "red" else "red"
    assert render(tmp_path / "again", sets, builds) == {drawn: 1}
    assert published(tmp_path / "again") == published(tmp_path / "full")
    assert poster_mark(tmp_path / "again") == poster_mark(tmp_path / "full")


def test_a_wrong_record_changes_the_output_or_is_refused(builds, tmp_path):
    render(tmp_path / "full", [], builds)

    def move_a_caption(meta):
        meta["record"]["captions"][0][1] += 1_000_000   # its end, one second later

    with_only("red", tmp_path / "full", tmp_path / "moved", move_a_caption)
    assert render(tmp_path / "moved", [], builds) == {"blue": 1}
    moved, full = published(tmp_path / "moved"), published(tmp_path / "full")
    assert moved["chapters-test.srt"] != full["chapters-test.srt"]
    assert moved["chapters-test.mp4"] == full["chapters-test.mp4"]

    def forget_the_mark(meta):
        meta["record"]["marks"].clear()

    with_only("red", tmp_path / "full", tmp_path / "unmarked", forget_the_mark)
    assert render(tmp_path / "unmarked", [], builds) == {"blue": 1}
    assert poster_mark(tmp_path / "full") is not None   # where a png poster would be taken
    assert poster_mark(tmp_path / "unmarked") is None

    def one_frame_longer(meta):
        meta["record"]["end"] += 0.1

    with_only("red", tmp_path / "full", tmp_path / "refused", one_frame_longer)
    assert render(tmp_path / "refused", [], builds) == {"red": 1, "blue": 1}  # built again
    assert published(tmp_path / "refused") == full


def test_a_part_after_a_drawn_one_falls_back_unless_its_record_fits(builds, tmp_path):
    render(tmp_path / "full", [], builds)
    full = published(tmp_path / "full")

    def move_a_caption(meta):
        meta["record"]["captions"][0][1] += 1_000_000   # its end, one second later

    with_only("blue", tmp_path / "full", tmp_path / "moved", move_a_caption)
    assert render(tmp_path / "moved", [], builds) == {"red": 1}   # the record is what is used
    assert published(tmp_path / "moved")["chapters-test.srt"] != full["chapters-test.srt"]
    with_only("blue", tmp_path / "full", tmp_path / "old", lambda meta: meta.pop("record"))
    assert render(tmp_path / "old", [], builds) == {"red": 1, "blue": 1}  # no record: built
    assert published(tmp_path / "old") == full

    def later(meta):   # as after a drawn part of another length: agrees with its entry
        meta["record"]["start"] += 0.5
        meta["record"]["end"] += 0.5

    with_only("blue", tmp_path / "full", tmp_path / "later", later)
    assert render(tmp_path / "later", [], builds) == {"red": 1, "blue": 1}  # not here: built
    assert published(tmp_path / "later") == full


def test_an_entry_from_before_records_falls_back_and_is_replaced_by_force(builds, tmp_path):
    render(tmp_path / "full", [], builds)
    with_only("red", tmp_path / "full", tmp_path / "old", lambda meta: meta.pop("record"))
    assert render(tmp_path / "old", [], builds) == {"red": 1, "blue": 1}  # no record: built
    assert published(tmp_path / "old") == published(tmp_path / "full")
    rc, _, err = render_chapters(tmp_path / "old", "--force")
    assert rc == 0, err
    metas = [json.loads(p.read_text()) for p in (tmp_path / "old").glob(".cache/parts/*/meta.json")]
    assert len(metas) == 2 and all(meta["record"]["plays"] == 2 for meta in metas)


def test_when_every_part_is_reused_none_is_built(builds, tmp_path, monkeypatch):
    """With nothing after them, the parts are replayed whether or not they start clean (as
    the join after a Dask render, where every part is in the cache)."""
    monkeypatch.setattr(chaptered_scene.Blue, "starts_clean", False)
    render(tmp_path / "full", ["captions=burned"], builds)
    shutil.copytree(tmp_path / "full" / ".cache" / "parts", tmp_path / "again" / ".cache" / "parts")
    assert render(tmp_path / "again", ["captions=burned"], builds) == {}
    assert published(tmp_path / "again") == published(tmp_path / "full")


def _draw_blue_as_a_dask_task(out, monkeypatch):
    """What a Dask task does for ``blue`` (``distributed._render_part``), in this process;
    returns the bytes of blue's stored file."""
    from sgdanim.render.distributed import _render_part
    from sgdanim.render.parts import PartCache, part_keys
    from sgdanim.render.plan import QUALITIES
    from tests.render.conftest import CHAPTERED

    import sgdanim.lessons

    monkeypatch.setattr(sgdanim.lessons, "all_lessons", lambda: {"chapters": CHAPTERED})
    params = CHAPTERED.resolve()
    keys = part_keys(CHAPTERED, params, "test", QUALITIES["test"][:2], "animation")
    store = PartCache(out)
    assert store.stored(keys[0]) is not None and store.stored(keys[1]) is None
    job = {"out": out, "force": False, "quality": "test", "debug": False,
           "encoder": "animation"}
    (out / "work").mkdir()
    _render_part(job, CHAPTERED, params, 1, keys, out / "work")
    return store.stored(keys[1]).file.read_bytes()


def test_a_dask_task_replays_the_parts_before_its_own(builds, tmp_path, monkeypatch):
    """A part's task gets past the cached parts before it as any render does: replayed from
    their records (never built); without a record, built and skipped. The part it stores is
    the full render's, byte for byte, either way."""
    render(tmp_path / "full", [], builds)
    blue = [p for p in (tmp_path / "full" / ".cache" / "parts").glob("*/meta.json")
            if json.loads(p.read_text())["record"]["first"] != 0][0].parent
    full_blue = (blue / json.loads((blue / "meta.json").read_text())["file"]).read_bytes()
    with_only("red", tmp_path / "full", tmp_path / "task")
    builds.clear()
    assert _draw_blue_as_a_dask_task(tmp_path / "task", monkeypatch) == full_blue
    assert builds == {"blue": 1}   # red replayed
    # the control: red's record gone, so red is built and skipped (same bytes)
    with_only("red", tmp_path / "full", tmp_path / "old", lambda meta: meta.pop("record"))
    builds.clear()
    assert _draw_blue_as_a_dask_task(tmp_path / "old", monkeypatch) == full_blue
    assert builds == {"red": 1, "blue": 1}
