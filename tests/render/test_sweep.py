"""``sgdanim sweep``: every combination is checked before anything renders, and the page shows
the clips side by side with the values that make them. The sweep's render itself goes through
the executor ``render`` uses; tests/render/test_dask.py renders one on a cluster."""

from __future__ import annotations

import contextlib
import io
import json

import pytest

from sgdanim.cli import main
from sgdanim.render.site import ShownClip
from sgdanim.render.sweep_page import sweep_page


def sweep(out, *grid_and_more) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        rc = main(["sweep", "tiny", "--quality", "test", "--out", str(out), *grid_and_more])
    return rc, stdout.getvalue(), stderr.getvalue()


@pytest.mark.parametrize(("grid", "named"), [
    (["--grid", "lr=0.5,abc"], "'abc'"),               # not a number, in the 2nd combination
    (["--grid", "lr=0.5", "--grid", "steps=3,99"], "99"),  # out of range, in the last one
    (["--grid", "rate=0.5"], "'rate'"),                 # no such parameter
    (["--grid", "lr"], "'lr'"),                          # no values
    (["--grid", "lr=0.5,"], "'lr=0.5,'"),                # an empty value
    (["--grid", "lr=0.5", "--grid", "lr=0.6"], "lr"),    # one parameter twice
    (["--grid", "lr=0.5,0.50"], "lr=0.50"),              # two values, one clip
    (["--grid", "lr=0.5", "--set", "lr=0.6"], "lr"),     # in the grid and fixed
])
def test_bad_grid_exits_2_naming_the_value_with_nothing_written(tmp_path, tiny_lessons, grid,
                                                                named):
    rc, out, err = sweep(tmp_path / "sweep", *grid)
    assert (rc, out) == (2, "")
    assert err.count("\n") == 1 and named in err, err
    assert not (tmp_path / "sweep").exists()


def test_too_many_combinations(tmp_path, tiny_lessons):
    values = ",".join(str(round(0.01 * k, 2)) for k in range(1, 11))
    rc, _, err = sweep(tmp_path / "sweep", "--grid", f"lr={values}", "--grid", "steps=1,2,3,4,5,6,7")
    assert rc == 2 and "70 combinations" in err


def _car(lr: float, x_final: float) -> dict:
    return {"lesson": "tiny", "title": "Tiny", "quality": "test", "params": {"lr": lr},
            "files": {"mp4": "tiny-test.mp4", "json": "tiny-test.json"}, "fps": 10,
            "width": 256, "height": 144, "duration": 2.0, "parts": [],
            "numbers": {"x_final": x_final, "steps": 4}}


def test_page_shows_each_clip_under_its_values():
    shown = [({"lr": "0.5"}, ShownClip(_car(0.5, -0.3125), "lr=0.5/tiny/")),
             ({"lr": "1.5"}, ShownClip(_car(1.5, -0.3125 * 3), "lr=1.5/tiny/"))]
    page = sweep_page("Tiny", shown)
    assert page.count("<video") == 2
    assert page.index('src="lr=0.5/tiny/tiny-test.mp4"') < page.index('src="lr=1.5/tiny/tiny-test.mp4"')
    assert "lr = <code>0.5</code>" in page and "lr = <code>1.5</code>" in page
    assert "<td>x_final</td><td><code>-0.9375</code>" in page  # a number that differs is shown
    assert "<td>steps</td><td><code>4</code>" not in page.split("Numbers that differ")[-1].split(
        "<details>")[0]  # one that is the same everywhere is not (it is under the parameters)
    # the negative control: equal numbers leave no "differ" table at all
    same = sweep_page("Tiny", [(v, ShownClip(_car(0.5, -1.0), c.base)) for v, c in shown])
    assert "Numbers that differ" not in same


def test_sweep_json_names_are_paths_and_urls_safe():
    from sgdanim.render.sweep import folder_name

    name = folder_name({"data": "/etc/../x y.csv", "lr": "1e-3"})
    assert "/" not in name and " " not in name and json.dumps(name) == f'"{name}"'
