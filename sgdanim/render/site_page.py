"""The gallery page ``sgdanim site`` writes: one section per lesson with its player, chapters,
transcript, parameters and downloads, and a few lines of plain JavaScript.

Every chapter and transcript line is a link holding its time (``data-t``, seconds) and its
video's id (``data-video``); a click seeks that video there. Chrome refuses ``<track>`` files
on a page opened from ``file://``; the script then captions the video from the transcript on
the page (the same cues), so the captions show however the page is opened.

Examples
--------
>>> clock(75.5), clock(3.0)
('1:15', '0:03')
"""

from __future__ import annotations

from html import escape

from ..core.params import format_value
from .embed import video_element
from .webvtt import chapter_cues

__all__ = ["clock", "render_page"]

STYLE = """
body { margin: 0; font: 16px/1.45 system-ui, sans-serif; background: #15171c; color: #e8e8e8; }
header, main, footer { max-width: 1180px; margin: 0 auto; padding: 0 20px; }
h1 { font-size: 1.6em; margin: 24px 0 4px; } h2 { margin: 0 0 4px; font-size: 1.3em; }
h3 { font-size: .95em; margin: 14px 0 4px; color: #9fb3c8; text-transform: uppercase; }
a { color: #7cc4ff; } nav a { margin-right: 14px; }
section { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 20px;
          padding: 22px 0; border-top: 1px solid #2c313a; }
section > .intro { grid-column: 1 / -1; }
video { width: 100%; height: auto; background: #000; border-radius: 4px; }
ol { margin: 0; padding-left: 1.6em; } li { margin: 2px 0; }
ol.transcript { max-height: 14em; overflow-y: auto; list-style: none; padding-left: 0; }
a[data-t] { text-decoration: none; color: inherit; display: inline-block; }
a[data-t]:hover, a[data-t]:focus { color: #7cc4ff; }
a[data-t].now { color: #ffd166; } time { color: #8a94a3; font-variant-numeric: tabular-nums; }
table { border-collapse: collapse; font-size: .9em; } td { padding: 1px 12px 1px 0; }
td:first-child { color: #9fb3c8; } code { font-size: .9em; }
.stale { color: #ffb4a2; } .summary { color: #b8c0cc; margin: 0; }
"""

SCRIPT = """
(function () {
  "use strict";
  function links(video) {
    return document.querySelectorAll('a[data-video="' + video.id + '"]');
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-t]");
    if (!link) return;
    event.preventDefault();
    var video = document.getElementById(link.dataset.video);
    video.currentTime = parseFloat(link.dataset.t);
    video.focus();
  });
  function captionFromTranscript(video, failed) {
    if (video.dataset.captioned) return;
    video.dataset.captioned = "transcript";
    failed.track.mode = "disabled";
    var track = video.addTextTrack("captions", "English", "en");
    links(video).forEach(function (a) {
      var text = a.querySelector(".cue");
      if (text) track.addCue(new VTTCue(+a.dataset.t, +a.dataset.end, text.textContent));
    });
    track.mode = "showing";
  }
  document.querySelectorAll("video").forEach(function (video) {
    var track = video.querySelector('track[kind="captions"]');
    var fallback = function () { captionFromTranscript(video, track); };
    if (track && track.readyState === 3) fallback();
    else if (track) track.addEventListener("error", fallback);
    video.addEventListener("timeupdate", function () {
      var t = video.currentTime;
      links(video).forEach(function (a) {
        a.classList.toggle("now", +a.dataset.t <= t && t < +a.dataset.end);
      });
    });
  });
})();
"""


def clock(seconds: float) -> str:
    """``m:ss`` for a time in a clip."""
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _seek_link(video_id: str, start: float, end: float, inner: str) -> str:
    return (f'<a href="#{video_id}" data-video="{video_id}" data-t="{start:.3f}" '
            f'data-end="{end:.3f}">{inner}</a>')


def _chapters(clip, video_id: str) -> list[str]:
    cues = chapter_cues(clip.car.get("parts") or [], clip.car["fps"])
    if not cues:
        return []
    items = [f"<li>{_seek_link(video_id, c.start, c.end, escape(c.text))} "
             f"<time>{clock(c.start)}</time></li>" for c in cues]
    return ["<h3>Chapters</h3>", '<ol class="chapters">', *items, "</ol>"]


def _transcript(cues, video_id: str) -> list[str]:
    if not cues:
        return []
    items = []
    for c in cues:
        inner = f'<time>{clock(c.start)}</time> <span class="cue">{escape(c.text)}</span>'
        items.append(f"<li>{_seek_link(video_id, c.start, c.end, inner)}</li>")
    return ["<h3>Transcript</h3>", '<ol class="transcript">', *items, "</ol>"]


def _parameters(clip) -> list[str]:
    rows = [f"<tr><td>{escape(k)}</td><td><code>{escape(format_value(v))}</code></td></tr>"
            for k, v in clip.car["params"].items()]
    car = clip.car
    rows.append(f"<tr><td>quality</td><td><code>{escape(car['quality'])}</code> "
                f"({car.get('width')}×{car.get('height')}, {car.get('fps')} fps)</td></tr>")
    return ["<h3>Parameters</h3>", "<table>", *rows, "</table>"]


def _downloads(clip) -> list[str]:
    names = {"mp4": "MP4", "webm": "WebM", "gif": "GIF", "png": "poster (PNG)",
             "vtt": "captions (VTT)", "html": "embed snippet (HTML)"}
    files, base = clip.car["files"], escape(clip.base, quote=True)
    links = [f'<a href="{base}{escape(clip.numbers_csv, quote=True)}" download>numbers (CSV)</a>']
    links += [f'<a href="{base}{escape(files[key], quote=True)}">{label}</a>'
              for key, label in names.items() if key in files]
    links.append(f'<a href="{base}{escape(clip.stem, quote=True)}.json">sidecar (JSON)</a>')
    return ["<h3>Downloads</h3>", "<p>" + " · ".join(links) + "</p>"]


def _section(clip, cues) -> list[str]:
    video_id = f"v-{clip.stem}"
    title = escape(clip.car.get("title") or clip.car["lesson"])
    intro = [f'<div class="intro"><h2 id="h-{clip.stem}">{title}</h2>']
    if clip.summary:
        intro.append(f'<p class="summary">{escape(clip.summary)}</p>')
    if clip.stale:
        intro.append(f'<p class="stale" role="note">Stale: {escape("; ".join(clip.stale))}.</p>')
    intro.append("</div>")
    side = (_chapters(clip, video_id) + _transcript(cues, video_id) + _parameters(clip)
            + _downloads(clip))
    return [f'<section id="{escape(clip.car["lesson"], quote=True)}" '
            f'aria-labelledby="h-{clip.stem}">', *intro,
            f'<div class="player">{video_element(clip.car, clip.base, video_id)}</div>',
            '<div class="side">', *side, "</div>", "</section>"]


def render_page(shown, transcripts: dict, missing) -> str:
    """The whole page for the ``shown`` clips (:class:`.site.ShownClip`), with each clip's
    caption cues in ``transcripts`` (by stem) and the lesson ids not rendered."""
    nav = " ".join(f'<a href="#{escape(c.car["lesson"], quote=True)}">'
                   f'{escape(c.car["lesson"])}</a>' for c in shown)
    body = []
    for clip in shown:
        body += _section(clip, transcripts.get(clip.stem, []))
    note = (f"<p>Not rendered in this folder: {escape(', '.join(missing))}.</p>"
            if missing else "")
    return "\n".join([
        "<!doctype html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>sgdanim lessons</title>", f"<style>{STYLE}</style>", "</head>", "<body>",
        "<header><h1>sgdanim lessons</h1>",
        f"<p>{len(shown)} animated lesson{'s' if len(shown) != 1 else ''} about SGD. Click a "
        "chapter or a line of a transcript to jump there.</p>", f"<nav>{nav}</nav></header>",
        "<main>", *body, "</main>", f"<footer>{note}<p>Made by <code>sgdanim site</code> from "
        "the clips <code>sgdanim render</code> wrote.</p></footer>",
        f"<script>{SCRIPT}</script>", "</body>", "</html>", ""])
