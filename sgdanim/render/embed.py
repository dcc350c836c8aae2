"""What a web page needs beside a clip: its WebVTT tracks and a paste-ready ``<video>``.

:func:`web_files` gives, from a clip's sidecar and its SRT, the text of each file ``render``
writes for the web: the captions as WebVTT, the chapters (its parts) as WebVTT, and with
``--format html`` the embed snippet. Their names come from the sidecar's ``files``, so the
sidecar and the folder always agree. Every path in a snippet is relative, so the folder can be
uploaded as it is.

Examples
--------
>>> car = {"lesson": "tiny", "title": "Tiny", "width": 256, "height": 144, "fps": 10,
...        "duration": 1.5, "files": {"mp4": "tiny-test.mp4", "png": "tiny-test.png",
...        "html": "tiny-test.html", "vtt": "tiny-test.vtt", "chapters": "tiny-test.chapters.vtt"},
...        "parts": [{"id": "walk", "title": "The walk", "first_frame": 0, "last_frame": 14}]}
>>> html = embed_snippet(car)
>>> 'poster="tiny-test.png"' in html, '<track kind="captions"' in html, "default" in html
(True, True, True)
"""

from __future__ import annotations

from html import escape

from .webvtt import chapters_vtt, srt_to_vtt

__all__ = ["VIDEO_TYPES", "aria_label", "embed_snippet", "video_element", "web_files"]

# Listed in this order: a browser plays the first source it can, and the webm is the smaller.
VIDEO_TYPES = {"webm": "video/webm", "mp4": "video/mp4"}


def _attr(text) -> str:
    return escape(str(text), quote=True)


def aria_label(car: dict) -> str:
    """What a screen reader says for the clip: its title, length and what it carries.

    >>> files = {"vtt": "t.vtt", "chapters": "t.chapters.vtt"}
    >>> aria_label({"title": "Tiny", "duration": 12.4, "files": files, "parts": [{}]})
    'Tiny: animated lesson, 12 s, captioned, 1 chapter'
    """
    words = [f"{car['duration']:.0f} s"]
    if "vtt" in car["files"]:
        words.append("captioned")
    count = len(car.get("parts") or [])
    if count and "chapters" in car["files"]:
        words.append(f"{count} chapter{'s' if count != 1 else ''}")
    return f"{car['title']}: animated lesson, {', '.join(words)}"


def video_element(car: dict, base: str = "", element_id: str | None = None) -> str:
    """The ``<video>`` for a clip; ``base`` is the relative folder of its files ("" when the
    page sits beside them). ``None`` if the clip has neither an mp4 nor a webm."""
    files = car["files"]
    sources = [f'  <source src="{_attr(base + files[fmt])}" type="{kind}">'
               for fmt, kind in VIDEO_TYPES.items() if fmt in files]
    if not sources:
        return None
    label = aria_label(car)
    head = [f'<video width="{car["width"]}" height="{car["height"]}"']
    if element_id:
        head.append(f'id="{_attr(element_id)}"')
    if "png" in files:
        head.append(f'poster="{_attr(base + files["png"])}"')
    head.append(f'preload="metadata" playsinline controls aria-label="{_attr(label)}">')
    lines = [" ".join(head), *sources]
    if "vtt" in files:
        lines.append(f'  <track kind="captions" src="{_attr(base + files["vtt"])}" srclang="en" '
                     f'label="English" default>')
    if "chapters" in files:
        lines.append(f'  <track kind="chapters" src="{_attr(base + files["chapters"])}" '
                     f'srclang="en" label="Chapters">')
    lines.append("  " + _fallback(car, base, label))
    lines.append("</video>")
    return "\n".join(lines)


def _fallback(car: dict, base: str, label: str) -> str:
    """Shown where no video plays: the GIF if one was made, else a link to a video."""
    files = car["files"]
    if "gif" in files:
        return (f'<img src="{_attr(base + files["gif"])}" width="{car["width"]}" '
                f'height="{car["height"]}" alt="{_attr(label)}">')
    video = files.get("mp4") or files.get("webm")
    return f'<a href="{_attr(base + video)}">{escape(car["title"])} (video)</a>'


def embed_snippet(car: dict) -> str:
    """The HTML fragment to paste into a page that sits beside the clip's files."""
    video = video_element(car)
    lines = [f"<!-- {escape(car['title'])}: made by sgdanim render. Upload this folder and "
             f"paste this element. -->", video]
    if "gif" in car["files"]:
        lines.append(f"<!-- Where a post allows no video, use the GIF alone: "
                     f"<img src=\"{_attr(car['files']['gif'])}\" alt=\"{_attr(aria_label(car))}\"> "
                     f"-->")
    return "\n".join(lines) + "\n"


def web_files(car: dict, srt_text: str | None) -> dict[str, str]:
    """File name -> text of every web file the sidecar ``car`` lists: the captions as WebVTT
    (from ``srt_text``), the chapters as WebVTT and the embed snippet."""
    files, out = car["files"], {}
    if "vtt" in files and srt_text is not None:
        out[files["vtt"]] = srt_to_vtt(srt_text)
    if "chapters" in files:
        out[files["chapters"]] = chapters_vtt(car["parts"], car["fps"])
    if "html" in files:
        out[files["html"]] = embed_snippet(car)
    return out
