"""The gallery (``sgdanim site``) and the embed snippet in a real browser: Debian's headless
Chromium under Selenium (tests/browser.py says why), opened from ``file://``.

The page is built from one real render of the ``chapters`` example lesson (two coloured parts,
a square sweeping across each, so every frame is told apart). Negative controls: a frame one
before a chapter's start is a different frame, and a site whose VTT is shifted by a second fails
the caption check.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import pytest

from sgdanim.render.site import build_site
from sgdanim.render.webvtt import parse_srt, parse_vtt, to_vtt
from tests import browser
from tests.example.chaptered import LESSON as CHAPTERED
from tests.framekit import decode

pytestmark = [pytest.mark.frames, pytest.mark.xdist_group("browser")]
STEM = "chapters/chapters-test"
ALL_READY = "return [...document.querySelectorAll('video')].every(v => v.readyState >= 2)"
ERRORS = "return [...document.querySelectorAll('video')].map(v => v.error && v.error.code)"


def make_site(media, folder, shift_ms: int = 0):
    """A copy of the rendered clip with its gallery; its VTT moved by ``shift_ms``."""
    shutil.copytree(media / "chapters", folder / "chapters")
    if shift_ms:
        vtt = folder / f"{STEM}.vtt"
        vtt.write_text(to_vtt([replace(c, start_ms=c.start_ms + shift_ms,
                                       end_ms=c.end_ms + shift_ms)
                               for c in parse_vtt(vtt.read_text())]))
    build_site(folder, {"chapters": CHAPTERED})
    return folder / "index.html"


@pytest.fixture(scope="module")
def driver():
    reason = browser.missing()
    assert reason is None, reason
    chrome = browser.start()
    yield chrome
    chrome.quit()


@pytest.fixture(scope="module")
def page(chapters_media, tmp_path_factory, driver):
    """The gallery, opened, with every video ready: (driver, video, sidecar, frames, url)."""
    index = make_site(chapters_media, tmp_path_factory.mktemp("site"))
    driver.get(browser.file_url(index))
    browser.wait_for(driver, ALL_READY)
    car = json.loads((index.parent / f"{STEM}.json").read_text())
    frames, _ = decode(index.parent / f"{STEM}.webm")
    return driver, driver.find_element("css selector", "video"), car, frames, index


def test_the_video_and_both_codecs_reach_ready_state_2_without_error(page, chapters_media):
    driver, video, car, *_ = page
    assert driver.execute_script(ERRORS) == [None]
    assert driver.execute_script("return arguments[0].currentSrc", video).endswith(".webm")
    # the mp4 (H.264) plays too, for browsers that skip the webm
    mp4 = browser.file_url(chapters_media / f"{STEM}.mp4")
    state = driver.execute_async_script("""
        const done = arguments[1], v = document.createElement("video");
        v.preload = "auto"; v.muted = true;
        v.addEventListener("loadeddata", () => done([v.readyState, v.videoWidth]));
        v.addEventListener("error", () => done([-1, v.error.code]));
        v.src = arguments[0];""", mp4)
    assert state[0] >= 2 and state[1] == car["width"], state


def test_a_chapter_link_shows_the_frame_the_sidecar_names(page):
    driver, video, car, frames, _ = page
    links = driver.find_elements("css selector", "ol.chapters a")
    assert [a.text for a in links] == [p["title"] for p in car["parts"]]
    for link, part in zip(links, car["parts"]):
        link.click()
        t = float(link.get_attribute("data-t"))
        browser.wait_for(driver, "return Math.abs(arguments[0].currentTime - arguments[1]) < 1e-3",
                         5, video, t)
        browser.seek(driver, video, t)  # wait for that frame to be presented
        assert browser.nearest_frame(browser.shown_frame(driver, video), frames) \
            == part["first_frame"]
    # negative control: a frame's time earlier shows another frame (the check can fail)
    blue = car["parts"][1]
    browser.seek(driver, video, (blue["first_frame"] - 1) / car["fps"])
    assert browser.nearest_frame(browser.shown_frame(driver, video), frames) \
        == blue["first_frame"] - 1


def cue_mismatches(driver, video, cues) -> list[str]:
    """Seek to the middle of each expected cue; list those the captions track does not show."""
    wrong = []
    for cue in cues:
        browser.seek(driver, video, (cue.start + cue.end) / 2)
        active = driver.execute_script(
            "const t = [...arguments[0].textTracks].find(t => t.mode === 'showing');"
            "return t && t.activeCues ? [...t.activeCues].map(c => c.text) : []", video)
        if active != [cue.text]:
            wrong.append(f"{cue.text!r} at {cue.start}-{cue.end} s: showing {active}")
    return wrong


def test_a_caption_cue_is_active_when_the_vtt_says(page, chapters_media, tmp_path):
    driver, video, car, *_ = page
    cues = parse_srt((chapters_media / f"{STEM}.srt").read_text())  # what the scene said
    assert len(cues) == 4
    assert cue_mismatches(driver, video, cues) == []
    # negative control: the same page with its VTT a second late fails the check
    driver.get(browser.file_url(make_site(chapters_media, tmp_path, shift_ms=1000)))
    browser.wait_for(driver, ALL_READY)
    shifted = driver.find_element("css selector", "video")
    assert len(cue_mismatches(driver, shifted, cues)) == 4


def test_transcript_lines_seek_to_their_cue(page, chapters_media):
    driver, video, car, *_ = page
    driver.get(browser.file_url(page[-1]))  # the caption test's negative control left it
    browser.wait_for(driver, ALL_READY)
    video = driver.find_element("css selector", "video")
    cues = parse_vtt((chapters_media / f"{STEM}.vtt").read_text())
    lines = driver.find_elements("css selector", "ol.transcript a")
    assert [line.find_element("css selector", ".cue").text for line in lines] == \
        [c.text for c in cues]
    for line, cue in reversed(list(zip(lines, cues))):
        line.click()
        browser.wait_for(driver, "return Math.abs(arguments[0].currentTime - arguments[1]) < 1e-3"
                         " && arguments[2].classList.contains('now')", 5, video, cue.start, line)


def test_captions_show_from_file_without_the_browser_flag(chapters_media, tmp_path):
    """Opened by double-click, Chrome refuses the <track> file; the page captions the video
    from its transcript instead."""
    index = make_site(chapters_media, tmp_path)
    chrome = browser.start(file_access=False)
    try:
        chrome.get(browser.file_url(index))
        browser.wait_for(chrome, ALL_READY)
        video = chrome.find_element("css selector", "video")
        browser.wait_for(chrome, "return arguments[0].dataset.captioned", 5, video)
        # the track file really was refused (so the fallback is what is being tested)
        assert chrome.execute_script(
            "return arguments[0].querySelector('track[kind=captions]').readyState", video) == 3
        cues = parse_srt((chapters_media / f"{STEM}.srt").read_text())
        assert cue_mismatches(chrome, video, cues) == []
    finally:
        chrome.quit()


def test_the_embed_snippet_alone_plays_with_captions_and_chapters(driver, chapters_media):
    driver.get(browser.file_url(chapters_media / f"{STEM}.html"))
    browser.wait_for(driver, ALL_READY)
    tracks = browser.wait_for(driver, """
        const v = document.querySelector("video");
        for (const t of v.textTracks) if (t.mode === "disabled") t.mode = "hidden";
        const ts = [...v.textTracks];
        return ts.every(t => t.cues && t.cues.length) && ts.map(t => [t.kind, t.cues.length]);""",
                              5)
    assert tracks == [["captions", 4], ["chapters", 2]]
