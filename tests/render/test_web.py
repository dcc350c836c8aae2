"""The files ``render`` writes for the web, on one real render of the ``chapters`` example
lesson: VTT, SRT, chapter times (in the mp4, the webm and their WebVTT track) and the sidecar
held against each other to the frame; streams with the mp4's chapter track; the embed snippet.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import av
import numpy as np
import pytest

from sgdanim.render import encode
from sgdanim.render.chapters import read_chapters
from sgdanim.render.webvtt import parse_srt, parse_vtt, to_vtt
from tests.example.chaptered import CAPTIONS
from tests.framekit import decode, packets
from tests.render.conftest import render_chapters

pytestmark = pytest.mark.frames
STEM = "chapters/chapters-test"


def sidecar(media) -> dict:
    return json.loads((media / f"{STEM}.json").read_text())


def _frame(seconds: float, fps: float) -> int:
    return int(round(seconds * fps))


def disagreements(folder: Path, car: dict) -> list[str]:
    """Every way the clip's captions and chapters disagree with each other or the sidecar."""
    fps, files, problems = car["fps"], car["files"], []
    srt = parse_srt((folder / files["srt"]).read_text())
    vtt = parse_vtt((folder / files["vtt"]).read_text())
    if [(c.start_ms, c.end_ms, c.text) for c in srt] != [(c.start_ms, c.end_ms, c.text)
                                                        for c in vtt]:
        problems.append("the VTT's cues are not the SRT's")
    for cue in vtt:
        for t in (cue.start, cue.end):
            if abs(t * fps - round(t * fps)) * 1000 / fps > 1:  # more than 1 ms off a frame
                problems.append(f"caption {cue.text!r} at {t} s falls between frames")
    if vtt and _frame(vtt[-1].end, fps) > car["frames"]:
        problems.append("a caption runs past the last frame")
    parts = [(p["title"], p["first_frame"], p["last_frame"] + 1) for p in car["parts"]]
    if parts and (parts[0][1] != 0 or parts[-1][2] != car["frames"]
                  or any(a[2] != b[1] for a, b in zip(parts, parts[1:]))):
        problems.append(f"the sidecar's parts do not cover the {car['frames']} frames")
    track = parse_vtt((folder / files["chapters"]).read_text())
    found = {"chapters track": [(c.text, _frame(c.start, fps), _frame(c.end, fps)) for c in track]}
    for fmt in ("mp4", "webm"):
        found[fmt] = [(c.title, _frame(c.start, fps), _frame(c.end, fps))
                      for c in read_chapters(folder / files[fmt])]
    problems += [f"the {name}'s chapters {got} are not the parts {parts}"
                 for name, got in found.items() if got != parts]
    # a browser shows the frame at or before currentTime: a chapter may not start early
    problems += [f"chapter {c.text!r} starts before its first frame" for c in track
                 if c.start_ms * fps < _frame(c.start, fps) * 1000]
    return problems


def test_vtt_srt_chapters_and_sidecar_agree_to_the_frame(chapters_media):
    car = sidecar(chapters_media)
    assert disagreements(chapters_media / "chapters", car) == []
    assert [p["title"] for p in car["parts"]] == ["The red part", "The blue part"]
    # the lesson says its first line as each part starts: that cue starts on the part's frame
    cues = parse_vtt((chapters_media / f"{STEM}.vtt").read_text())
    starts = {_frame(c.start, car["fps"]): c.text for c in cues}
    assert [starts[p["first_frame"]] for p in car["parts"]] == [CAPTIONS["red"][0],
                                                               CAPTIONS["blue"][0]]


def _shift(path: Path, ms: int) -> None:
    cues = parse_vtt(path.read_text())
    path.write_text(to_vtt([replace(c, start_ms=c.start_ms + ms, end_ms=c.end_ms + ms)
                            for c in cues]))


@pytest.mark.parametrize("spoil", ["captions", "chapters", "sidecar"])
def test_one_frame_off_anywhere_is_caught(chapters_media, tmp_path, spoil):
    """Negative controls: the same files with one of them moved by one frame (100 ms)."""
    folder = shutil.copytree(chapters_media / "chapters", tmp_path / "chapters")
    car = sidecar(chapters_media)
    if spoil == "sidecar":
        car["parts"][1]["first_frame"] += 1
    else:
        _shift(folder / car["files"]["vtt" if spoil == "captions" else "chapters"], 100)
    assert disagreements(folder, car)


def test_every_stream_walker_takes_the_mp4_with_its_chapter_track(chapters_media, tmp_path):
    mp4 = chapters_media / f"{STEM}.mp4"
    with av.open(str(mp4)) as c:
        assert [s.type for s in c.streams] == ["video", "data"]  # the chapter track
    with av.open(str(mp4)) as c, pytest.raises(AttributeError):  # negative control: naive
        list(c.decode())                                          # decoding of every stream
    frames = sidecar(chapters_media)["frames"]
    assert encode.count_frames(mp4) == encode.probe(mp4).frames == frames
    assert len(decode(mp4)[0]) == len(packets(mp4)) == frames
    encode.faststart_mp4(mp4, tmp_path / "again.mp4")  # keeps the source's chapters
    assert read_chapters(tmp_path / "again.mp4") == read_chapters(mp4)
    assert packets(tmp_path / "again.mp4") == packets(mp4)
    assert encode.encode_gif(mp4, tmp_path / "a.gif") == frames
    assert encode.encode_webm(mp4, tmp_path / "a.webm") == frames
    assert encode.choose_poster(mp4, frames, 10).frame >= 2 * frames // 3
    encode.write_png(mp4, 3, tmp_path / "p.png")
    assert encode.probe(tmp_path / "p.png").frames == 1


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_embed_snippet_is_a_complete_relative_video_element(chapters_media):
    folder = chapters_media / "chapters"
    car = sidecar(chapters_media)
    parser = _Tags()
    parser.feed((folder / car["files"]["html"]).read_text())
    tags = parser.tags
    video = next(attrs for tag, attrs in tags if tag == "video")
    assert (video["width"], video["height"]) == ("256", "144")
    assert video["poster"] == car["files"]["png"] and video["preload"] == "metadata"
    assert {"playsinline", "controls"} <= set(video) and "Two chapters" in video["aria-label"]
    assert [(a["src"], a["type"]) for t, a in tags if t == "source"] == [
        ("chapters-test.webm", "video/webm"), ("chapters-test.mp4", "video/mp4")]
    tracks = {a["kind"]: a for t, a in tags if t == "track"}
    assert tracks["captions"]["src"] == car["files"]["vtt"] and "default" in tracks["captions"]
    assert tracks["chapters"]["src"] == car["files"]["chapters"]
    assert next(a for t, a in tags if t == "img")["src"] == car["files"]["gif"]
    # every path is relative and names a file beside the snippet
    paths = [a.get("src") or a.get("poster") for t, a in tags if t in ("source", "track", "img")]
    assert all((folder / p).is_file() and "/" not in p for p in paths + [video["poster"]])


def test_html_alone_brings_its_video_and_poster(tmp_path):
    rc, out, err = render_chapters(tmp_path, "--format", "html")
    assert rc == 0, err
    car = json.loads((tmp_path / f"{STEM}.json").read_text())
    assert car["formats"] == ["html", "mp4", "png"]
    snippet = (tmp_path / STEM).with_suffix(".html").read_text()
    assert "chapters-test.mp4" in snippet and "webm" not in snippet and "<img" not in snippet


def _caption_band(gif_frame, mp4_frame) -> float:
    """How much the bottom centre of a GIF frame differs from the mp4's (where a burned
    caption sits), as a mean absolute difference in 0-255."""
    height, width = gif_frame.shape[:2]
    band = (slice(height - height // 8, height), slice(width // 4, 3 * width // 4))
    return float(np.abs(gif_frame[band].astype(int) - mp4_frame[band].astype(int)).mean())


def _picture_above_band(frame: np.ndarray) -> np.ndarray:
    """A burned-caption frame's picture at the size of an unburned one: with captions burned
    the camera sees CAPTION_BAND more units below the 8-unit picture (scenes.kit.captions), so
    pixel (r, c) of the unburned frame is (r, c) scaled by 8 / (8 + band) about the top centre
    (nearest pixel)."""
    from scenes.kit.captions import CAPTION_BAND

    shrink = 8 / (8 + CAPTION_BAND)
    height, width = frame.shape[:2]
    rows = np.minimum((np.arange(height) * shrink).round().astype(int), height - 1)
    cols = ((np.arange(width) - width / 2) * shrink + width / 2).round().astype(int)
    return frame[rows][:, np.clip(cols, 0, width - 1)]


def test_a_gif_is_made_from_the_render_with_burned_captions(tmp_path):
    """The GIF carries no caption track, so by default it comes from a render with the
    captions drawn into its pixels; the mp4 keeps its track and a clean picture."""
    rc, _, err = render_chapters(tmp_path, "--format", "mp4,gif")
    assert rc == 0, err
    car = json.loads((tmp_path / f"{STEM}.json").read_text())
    assert car["params"]["captions"] == "srt" and car["gif"]["captions"] == "burned"
    assert car["gif"]["cache_key"] != car["cache_key"]
    mp4, _ = decode(tmp_path / f"{STEM}.mp4")
    gif, _ = decode(tmp_path / f"{STEM}.gif")
    assert len(gif) == len(mp4) == car["frames"]
    middle = [len(mp4) // 8, len(mp4) // 2, 7 * len(mp4) // 8]  # one caption up at each
    assert min(_caption_band(gif[k], mp4[k]) for k in middle) > 10
    top = gif[middle[1]].shape[0] // 2  # the rest is the same picture, drawn above the band
    above = _picture_above_band(gif[middle[1]])[:top].astype(int)
    assert np.abs(above - mp4[middle[1]][:top].astype(int)).mean() < 4
    assert np.abs(gif[middle[1]][:top].astype(int) - mp4[middle[1]][:top]).mean() > 4  # control
    # negative control: a user who chooses srt captions gets a clean gif
    rc, _, err = render_chapters(tmp_path, "--format", "mp4,gif", "--set", "captions=srt")
    assert rc == 0, err
    assert "gif" not in json.loads((tmp_path / f"{STEM}.json").read_text())
    clean, _ = decode(tmp_path / f"{STEM}.gif")
    assert max(_caption_band(clean[k], mp4[k]) for k in middle) < 3
