"""Headless Chromium for the web tests (and the gallery screenshot in docs/): Debian's
``chromium`` driven by Selenium through Debian's ``/usr/bin/chromedriver``.

Why Selenium and the system driver: the driver comes from the same Debian source package as
the browser, so their versions always match, and nothing is downloaded at test time (Selenium
Manager is bypassed by naming the driver; playwright would want its own browser build, or a
CDP-compatible one, and node). ``chromium --headless --dump-dom`` cannot seek a video and wait
for it, which the tests must do.
"""

from __future__ import annotations

import base64
import io
import shutil
import time
from pathlib import Path

import numpy as np

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = ("--headless=new", "--no-sandbox",  # --no-sandbox: the tests may run as root
         "--disable-gpu", "--mute-audio", "--window-size=1280,900", "--hide-scrollbars",
         "--disable-background-media-suspend")
FILE_ACCESS = "--allow-file-access-from-files"  # lets a file:// page load its <track> files


def missing() -> str | None:
    """Why no browser can start here (``make setup`` installs both), or None."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if shutil.which(path) is None:
            return f"{path} is not installed (make setup installs chromium and chromium-driver)"
    return None


def start(file_access: bool = True, size=(1280, 900)):
    """A headless Chromium under Selenium; quit it when done."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + ((FILE_ACCESS,) if file_access else ()):
        options.add_argument(flag)
    options.add_argument(f"--window-size={size[0]},{size[1]}")
    return webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))


def wait_for(driver, script: str, timeout: float = 20.0, *args):
    """Run ``script`` until it returns something true; returns that value."""
    deadline = time.monotonic() + timeout
    while True:
        value = driver.execute_script(script, *args)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for: {script}")
        time.sleep(0.05)


# Seek a video and wait until the frame at that time is the one presented: 'seeked', then
# the next presented frame (requestVideoFrameCallback) or 300 ms if none comes.
SEEK = """
const [video, t, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
video.pause();
video.addEventListener("seeked", () => {
  let finished = false;
  const finish = () => { if (!finished) { finished = true; done(video.currentTime); } };
  if (video.requestVideoFrameCallback) video.requestVideoFrameCallback(finish);
  setTimeout(finish, 300);
}, {once: true});
video.currentTime = t;
"""

# The video's current frame, drawn into a canvas at its own size and read back as a PNG.
FRAME = """
const video = arguments[0];
const canvas = document.createElement("canvas");
canvas.width = video.videoWidth; canvas.height = video.videoHeight;
canvas.getContext("2d").drawImage(video, 0, 0);
return canvas.toDataURL("image/png");
"""


def seek(driver, video, t: float) -> float:
    """Seek ``video`` (a WebElement) to ``t`` seconds; returns its currentTime after."""
    return driver.execute_async_script(SEEK, video, t)


def shown_frame(driver, video) -> np.ndarray:
    """The RGB pixels of the frame ``video`` shows now, read back from a canvas."""
    from PIL import Image

    url = driver.execute_script(FRAME, video)
    data = base64.b64decode(url.partition(",")[2])
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def nearest_frame(picture: np.ndarray, frames) -> int:
    """The index of the decoded frame most like ``picture`` (mean absolute difference)."""
    errors = [np.abs(picture.astype(int) - f.astype(int)).mean() for f in frames]
    return int(np.argmin(errors))


def file_url(path) -> str:
    return Path(path).resolve().as_uri()
