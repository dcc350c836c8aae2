"""The PyAV encoders and the poster choice, on small synthetic videos (no manim)."""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
import pytest

from sgdanim.render import encode


def make_mp4(path, areas, fps=10, size=(64, 48)):
    """A video whose frame i shows a white block of ``areas[i]`` rows on black."""
    w, h = size
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        for i, rows in enumerate(areas):
            img = np.zeros((h, w, 3), np.uint8)
            img[:rows] = 255
            frame = av.VideoFrame.from_ndarray(img, format="rgb24")
            frame.pts = i
            frame.time_base = Fraction(1, fps)
            out.mux(stream.encode(frame))
        out.mux(stream.encode())
    return path


def test_poster_without_a_mark_is_the_fullest_frame_of_the_last_third(tmp_path):
    # builds up to frame 22, then fades away: neither the first nor the last frame tells
    areas = [min(i, 22) * 2 if i <= 22 else max(44 - (i - 22) * 6, 0) for i in range(30)]
    src = make_mp4(tmp_path / "a.mp4", areas)
    poster = encode.choose_poster(src, 30, 10, background=(0, 0, 0))
    assert (poster.frame, poster.how) == (22, "content")
    # without the scene's background, the median grey stands in; fine while content is small
    small = make_mp4(tmp_path / "s.mp4", [a // 2 for a in areas])
    assert encode.choose_poster(small, 30, 10).frame == 22
    # negative control: a clip that only grows picks its last frame
    grow = make_mp4(tmp_path / "b.mp4", [i for i in range(30)])
    assert encode.choose_poster(grow, 30, 10, background=(0, 0, 0)).frame == 29


def test_poster_mark_wins_and_is_clamped_to_the_clip(tmp_path):
    src = make_mp4(tmp_path / "a.mp4", [10] * 30)
    assert encode.choose_poster(src, 30, 10, mark_time=1.0) == encode.Poster(10, 1.0, "mark")
    assert encode.choose_poster(src, 30, 10, mark_time=99).frame == 29
    encode.write_png(src, 10, tmp_path / "p.png")
    with av.open(str(tmp_path / "p.png")) as c:
        img = next(c.decode(video=0)).to_ndarray(format="rgb24")
    assert img.shape == (48, 64, 3)
    assert img[:8].min() > 200 and img[12:].max() < 40  # the block is the marked frame's


def test_faststart_puts_the_index_first_and_keeps_every_frame(tmp_path):
    src = make_mp4(tmp_path / "a.mp4", list(range(0, 40, 2)))
    assert encode.top_level_boxes(src).index("moov") > encode.top_level_boxes(src).index("mdat")
    encode.faststart_mp4(src, tmp_path / "b.mp4")
    boxes = encode.top_level_boxes(tmp_path / "b.mp4")
    assert boxes.index("moov") < boxes.index("mdat")
    assert encode.count_frames(tmp_path / "b.mp4") == encode.probe(tmp_path / "b.mp4").frames == 20


@pytest.mark.parametrize("fps,expected", [(10, 20), (60, 10)])
def test_gif_keeps_every_frame_up_to_30_fps(tmp_path, fps, expected):
    src = make_mp4(tmp_path / "a.mp4", list(range(0, 40, 2)), fps=fps)
    assert encode.encode_gif(src, tmp_path / "a.gif") == expected
    info = encode.probe(tmp_path / "a.gif")
    assert info.frames == expected
    with av.open(str(tmp_path / "a.gif")) as c:  # each frame shown at its true time (1/100 s)
        stamps = [p.pts * p.time_base for p in c.demux(video=0) if p.size]
    truth = [Fraction(round(i * 100 / min(fps, 30)), 100) for i in range(expected)]
    assert stamps == truth


def test_webm_is_vp9_with_the_same_frames(tmp_path):
    src = make_mp4(tmp_path / "a.mp4", list(range(0, 40, 2)))
    assert encode.encode_webm(src, tmp_path / "a.webm") == 20
    info = encode.probe(tmp_path / "a.webm")
    assert (info.codec, info.pix_fmt, info.frames) == ("vp9", "yuv420p", 20)


def _encode_red(tmp_path, options):
    """One red RGBA frame encoded as manim's segment encoder does, with ``options``; the
    decoded frame and the stream's colour tags."""
    path = tmp_path / "red.mp4"
    rgba = np.zeros((144, 256, 4), np.uint8)
    rgba[..., 0], rgba[..., 3] = 255, 255
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=10, options=dict(options))
        stream.width, stream.height, stream.pix_fmt = 256, 144, "yuv420p"
        frame = av.VideoFrame.from_ndarray(rgba, format="rgba")
        frame.pts = 0
        out.mux(stream.encode(frame))
        out.mux(stream.encode())
    with av.open(str(path)) as container:
        decoded = next(container.decode(video=0))
        luma = np.frombuffer(decoded.planes[0], np.uint8)[0]
        return int(luma), decoded.colorspace, decoded.color_range


def test_the_mp4_is_bt601_limited_range_and_says_so(tmp_path):
    """swscale turns manim's RGBA into BT.601 limited-range YUV (pure red: Y = 16 + 219 x
    0.299 = 81.5; BT.709's would be 62.6, the negative control), and the default settings
    tag the stream that way (smpte170m = 6, tv range = 1); manim's own leave it untagged
    (2, 0), so a player picks a matrix by frame size and decodes 1080p with BT.709's."""
    from sgdanim.render.x264 import DEFAULT_X264, X264

    luma, colorspace, color_range = _encode_red(tmp_path, X264[DEFAULT_X264])
    assert abs(luma - 81.5) <= 1.5 and abs(luma - 62.6) > 10
    assert (int(colorspace), int(color_range)) == (6, 1)
    _, colorspace, color_range = _encode_red(tmp_path, X264["manim"])
    assert (int(colorspace), int(color_range)) == (2, 0)
