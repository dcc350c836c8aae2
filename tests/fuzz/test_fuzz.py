"""Property-based fuzzing of everything a user types, run in this process through
``sgdanim.cli.main``: ``trace`` flags and CSV files; ``render``'s ``--set`` values of every
parameter of every lesson, ``--config`` TOML files and ``--from`` sidecars.

The property: exit 0 with valid output, or exit 2 with exactly one line on stderr and nothing
written. Never a traceback, never exit 1 for a user's mistake.

``render`` is run up to the render itself: planning, the lesson's numbers, the cache key and
the output folder are real; ``jobs._make_here`` (manim) is replaced by one that renders nothing,
so an exit 0 means every check a render makes before drawing passed. ``make soak`` renders.

``make test`` runs :data:`EXAMPLES` examples per test; ``make fuzz`` sets
``SGDANIM_FUZZ_EXAMPLES`` (default there 2000).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sgdanim import cli
from sgdanim.lessons import all_lessons
from sgdanim.render import jobs
from sgdanim.render.plan import QUALITIES
from tests.fuzz import inputs

EXAMPLES = int(os.environ.get("SGDANIM_FUZZ_EXAMPLES", "40"))
fuzz = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
LESSONS = all_lessons()
GOOD_CSV = "x,y\n1,3\n2,5\n4,9\n"


def snapshot(root: Path) -> dict:
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*"))}


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


def assert_exit_0_or_one_line_2(code: int, out: str, err: str) -> None:
    assert code in (0, 2), f"exit {code} for a user's input: {err!r}"
    assert "Traceback" not in err, err
    if code == 2:
        assert out == "", out
        assert err.count("\n") == 1 and err.startswith("sgdanim: error: "), err


@contextlib.contextmanager
def folder():
    with tempfile.TemporaryDirectory(prefix="sgdanim-fuzz-") as tmp:
        root = Path(tmp)
        (root / "good.csv").write_text(GOOD_CSV)
        yield root


# ---- trace ----------------------------------------------------------------------------------

def _flag(name: str, values: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(values.map(lambda v: f"--{name}={v}"), max_size=1)


trace_flags = st.tuples(
    _flag("lr", inputs.number_text()),
    _flag("epochs", st.integers(-2, 4).map(str) | st.sampled_from(["99999999999", "1e3", "x"])),
    _flag("model", st.sampled_from(["linear", "linear2", "relu2", "cubic", ""])),
    _flag("optimizer", st.sampled_from(["sgd", "momentum", "rmsprop", "adam", "lion"])),
    _flag("beta", inputs.number_text()), _flag("beta2", inputs.number_text()),
    _flag("eps", inputs.number_text()), _flag("fd-step", inputs.number_text()),
    _flag("grad", st.sampled_from(["analytic", "numeric", "exact"])),
    _flag("carry", st.sampled_from(["updated", "sheet", "none"])),
    _flag("init", st.lists(st.sampled_from(["a", "b", "c", "mom_a", "sqr_b", "z", ""])
                           .flatmap(lambda k: inputs.number_text().map(lambda v: f"{k}={v}")),
                           max_size=3).map(",".join)),
    st.lists(st.sampled_from(["--anneal", "--dampening", "--no-bias-correction"]), max_size=2),
).map(lambda groups: [flag for group in groups for flag in group])


def check_trace_output(out: str) -> None:
    rows = list(csv.reader(io.StringIO(out)))
    assert rows and rows[0][:4] == ["epoch", "step", "x", "y"] and rows[0][-1] == "lr"
    for row in rows[1:]:
        assert len(row) == len(rows[0])
        assert all(float(cell) == float(cell) for cell in row)  # numbers, none NaN


@fuzz
@given(flags=trace_flags, data=inputs.csv_bytes(), from_file=st.booleans())
def test_trace_flags_and_csv_files(flags, data, from_file):
    with folder() as root:
        (root / "data.csv").write_bytes(data)
        argv = ["trace", *flags] + (["--data", str(root / "data.csv")] if from_file else [])
        before = snapshot(root)
        code, out, err = run_cli(argv)
        assert_exit_0_or_one_line_2(code, out, err)
        if code == 0:
            assert err == ""
            check_trace_output(out)
        assert snapshot(root) == before


# ---- render: --set, --config, --from ---------------------------------------------------------

def no_render(work, todo):
    """Stands in for jobs._make_here: everything before drawing has run; draw nothing."""
    yield from ()


def run_render(root: Path, argv: list[str]) -> None:
    before = snapshot(root)
    with mock.patch.object(jobs, "_make_here", no_render):
        code, out, err = run_cli(["render", *argv, "--quality", "test",
                                  "--out", str(root / "out")])
    assert_exit_0_or_one_line_2(code, out, err)
    if code == 2:
        assert snapshot(root) == before  # nothing written, no output folder made
    else:
        assert (root / "out").is_dir()


@st.composite
def sets(draw, csv_path: str):
    lesson = LESSONS[draw(st.sampled_from(list(LESSONS)))]
    items = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.integers(0, 9)) == 0:
            items.append(draw(st.text(max_size=12)))
            continue
        param = draw(st.sampled_from(lesson.params))
        value = draw(inputs.value_text(param, inputs.data_specs(csv_path)))
        items.append(f"{param.name}={value}")
    return lesson.id, items


@fuzz
@given(st.data())
def test_render_set_values_of_every_parameter(data):
    with folder() as root:
        lesson, items = data.draw(sets(str(root / "good.csv")))
        run_render(root, [lesson, *(a for item in items for a in ("--set", item))])


@fuzz
@given(text=inputs.toml_text(LESSONS), lesson=st.sampled_from(list(LESSONS)),
       encoding=st.sampled_from(["utf-8", "utf-8", "utf-16", "latin-1"]))
def test_render_toml_configs(text, lesson, encoding):
    with folder() as root:
        (root / "c.toml").write_bytes(text.encode(encoding, errors="replace"))
        run_render(root, [lesson, "--config", str(root / "c.toml")])


@fuzz
@given(car=inputs.sidecar_bytes(LESSONS, QUALITIES), extra=st.lists(st.text(max_size=8).map(
    lambda t: f"lr={t}"), max_size=1))
def test_render_from_sidecars(car, extra):
    with folder() as root:
        (root / "clip.json").write_bytes(car)
        run_render(root, ["--from", str(root / "clip.json"),
                          *(a for item in extra for a in ("--set", item))])


def test_a_line_break_in_a_toml_table_name_stays_one_line():
    """Found by the fuzzer: a table named "\\n" was echoed raw, so the refusal took 2 lines."""
    with folder() as root:
        (root / "c.toml").write_text('["\\n"]\n')
        run_render(root, ["stepping", "--config", str(root / "c.toml")])


def test_the_property_can_fail():
    """Negative control: a failure that is not a refusal breaks the property."""
    with pytest.raises(AssertionError, match="exit 1"):
        assert_exit_0_or_one_line_2(1, "", "sgdanim: failed: MemoryError\n")
    with pytest.raises(AssertionError):
        assert_exit_0_or_one_line_2(2, "", "sgdanim: error: a\nTraceback\n")
    with pytest.raises(AssertionError):
        check_trace_output("epoch,step,x,y,lr\n1,1,nan,2,3\n")
