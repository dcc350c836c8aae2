"""Screenshot the gallery that ``sgdanim site`` wrote, with the browser the tests use
(tests/browser.py): each video seeked to a moment with a caption up, then one PNG.

    python scripts/gallery_screenshot.py media docs/gallery.png
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import browser  # noqa: E402


def main(media: str, png: str, at: float = 0.5, height: int = 1000) -> None:
    chrome = browser.start(size=(1280, height))
    try:
        chrome.get(browser.file_url(Path(media) / "index.html"))
        browser.wait_for(chrome, "return [...document.querySelectorAll('video')]"
                                 ".every(v => v.readyState >= 2)")
        for video in chrome.find_elements("css selector", "video"):
            duration = chrome.execute_script("return arguments[0].duration", video)
            browser.seek(chrome, video, duration * at)
        chrome.execute_script("document.querySelectorAll('ol.transcript').forEach(ol => {"
                              "const now = ol.querySelector('a.now');"
                              "if (now) ol.scrollTop = now.offsetTop - ol.offsetTop; })")
        chrome.save_screenshot(png)
    finally:
        chrome.quit()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
