"""``sgdanim site`` without a browser: what it writes, what it says about missing and stale
lessons, and bad input (exit 2, one line, nothing written). The browser checks are in
test_site_browser.py."""

from __future__ import annotations

import csv
import json
import shutil

import pytest

import sgdanim.lessons
from sgdanim.cli import main
from tests.conftest import TINY_LESSONS
from tests.example.chaptered import LESSON as CHAPTERED

pytestmark = pytest.mark.frames
LESSONS = {"chapters": CHAPTERED, **TINY_LESSONS}


@pytest.fixture
def lessons(monkeypatch):
    monkeypatch.setattr(sgdanim.lessons, "all_lessons", lambda: LESSONS)


@pytest.fixture
def media(chapters_media, tmp_path):
    shutil.copytree(chapters_media / "chapters", tmp_path / "chapters")
    return tmp_path


def site(capfd, folder):
    rc = main(["site", "--out", str(folder)])
    out, err = capfd.readouterr()
    return rc, out.splitlines(), err.splitlines()


def test_site_writes_the_page_and_the_numbers_and_names_missing_lessons(media, lessons, capfd):
    rc, out, err = site(capfd, media)
    assert rc == 0, err
    assert out == [str(media / "chapters" / "chapters-test.numbers.csv"), str(media / "index.html")]
    assert err == [f"sgdanim: site: missing: tiny, tiny-two (sgdanim render tiny tiny-two "
                   f"--out {media})"]
    rows = list(csv.reader((media / "chapters" / "chapters-test.numbers.csv").open()))
    assert rows == [["name", "value"], ["caption_starts.red[0]", "0.0"],
                    ["caption_starts.red[1]", "1.5"], ["caption_starts.blue[0]", "3.0"],
                    ["caption_starts.blue[1]", "4.5"]]
    page = (media / "index.html").read_text()
    assert 'src="chapters/chapters-test.webm"' in page and "Stale" not in page
    assert 'data-t="3.000"' in page and "The blue part" in page and "Then blue." in page
    assert "http" not in page.replace("http-equiv", "")  # nothing fetched from elsewhere
    assert not [p for p in media.rglob(".*.tmp")]


@pytest.mark.parametrize("spoil, reason", [
    ("params", "source, params or tools changed"),
    ("file", "chapters-test.gif is gone"),
])
def test_a_stale_clip_is_said_in_one_line_and_marked(media, lessons, capfd, spoil, reason):
    car_path = media / "chapters" / "chapters-test.json"
    if spoil == "params":
        car = json.loads(car_path.read_text())
        car["params"]["seconds"] = 2.0  # not what this clip was rendered with (1.5)
        car_path.write_text(json.dumps(car))
    else:
        (media / "chapters" / "chapters-test.gif").unlink()
    rc, out, err = site(capfd, media)
    assert rc == 0 and len(err) == 1
    assert "stale: chapters-test (" in err[0] and reason in err[0] and "missing: tiny" in err[0]
    assert "Stale:" in (media / "index.html").read_text()


@pytest.mark.parametrize("make", ["nothing", "empty", "no-video", "not-a-sidecar"])
def test_a_folder_with_no_renders_is_bad_input(tmp_path, lessons, capfd, media, make):
    folder = tmp_path / "target"
    if make != "nothing":
        folder.mkdir()
    if make == "no-video":  # a sidecar whose clip has only a gif
        (folder / "chapters").mkdir()
        car = json.loads((media / "chapters" / "chapters-test.json").read_text())
        car["files"] = {"gif": "chapters-test.gif"}
        (folder / "chapters" / "chapters-test.json").write_text(json.dumps(car))
    if make == "not-a-sidecar":
        (folder / "chapters").mkdir()
        (folder / "chapters" / "chapters-test.json").write_text("[1, 2]")
    before = sorted(folder.rglob("*")) if folder.exists() else None
    rc, out, err = site(capfd, folder)
    assert rc == 2 and out == [] and len(err) == 1
    assert str(folder) in err[0] and err[0].startswith("sgdanim: error: --out ")
    assert (sorted(folder.rglob("*")) if folder.exists() else None) == before
