"""The web tests' one render: the ``chapters`` example lesson (tests/example/chaptered.py)
in every format, through ``sgdanim render``, once per test process."""

from __future__ import annotations

import contextlib
import io

import pytest

import sgdanim.lessons
from sgdanim.cli import main
from tests.example.chaptered import LESSON as CHAPTERED

ALL_FORMATS = "mp4,webm,gif,png,html"


def render_chapters(out, *extra) -> tuple[int, str, str]:
    """``sgdanim render chapters`` at test quality into ``out``: (exit code, stdout, stderr)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sgdanim.lessons, "all_lessons", lambda: {"chapters": CHAPTERED})
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            rc = main(["render", "chapters", "--quality", "test", "--out", str(out), *extra])
    return rc, stdout.getvalue(), stderr.getvalue()


@pytest.fixture(scope="session")
def chapters_media(tmp_path_factory):
    """The output folder holding ``chapters/chapters-test.*``; tests must not change it."""
    out = tmp_path_factory.mktemp("web-media")
    rc, _, err = render_chapters(out, "--format", ALL_FORMATS)
    assert rc == 0, err
    return out
