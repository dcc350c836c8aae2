"""The ``sgdanim trace`` contract: columns, defaults, full-precision floats, and bad input.

Bad input runs the real command in a subprocess: exit status 2, exactly one line on stderr
naming the bad value, no traceback, nothing on stdout.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sgdanim import cli
from sgdanim.core import models, trace
from sgdanim.core.data import read_csv
from sgdanim.core.trajectory import RunConfig, run

EXE = Path(sys.executable).with_name("sgdanim")
CMD = [str(EXE)] if EXE.exists() else [sys.executable, "-m", "sgdanim.cli"]


def sgdanim(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CMD, *argv], capture_output=True, text=True, timeout=60)


def trace_out(capsys, *argv: str) -> list[dict[str, str]]:
    assert cli.main(["trace", *argv]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return list(csv.DictReader(io.StringIO(out)))


def column(rows, name) -> np.ndarray:
    return np.array([float(r[name]) for r in rows])


# Part 1: columns and values


AB = ["a", "b"]
ABCD = ["a", "b", "c", "d"]


def expected_columns(params, states):
    cols = ["epoch", "step", "x", "y", *params, "pred", "loss", *(f"grad_{p}" for p in params)]
    for s in states:
        cols += [f"{s}_{p}" for p in params]
    return cols + [f"new_{p}" for p in params] + ["lr"]


@pytest.mark.parametrize("model,optimizer,params,states", [
    ("linear", "sgd", AB, []),
    ("linear", "momentum", AB, ["mom"]),
    ("linear", "rmsprop", AB, ["sqr"]),
    ("linear", "adam", AB, ["mom", "sqr"]),
    ("linear2", "momentum", ABCD, ["mom"]),
    ("relu2", "adam", ABCD, ["mom", "sqr"]),
])
def test_columns_in_contract_order(capsys, model, optimizer, params, states):
    assert cli.main(["trace", "--model", model, "--optimizer", optimizer, "--lr", "1e-6"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert header.split(",") == expected_columns(params, states)


def test_default_first_row_by_hand(capsys):
    """a = b = 1 on (14, 58): pred 15, loss 43² = 1849, de/db = −86, de/da = −1204, lr 1e-4."""
    rows = trace_out(capsys)
    assert len(rows) == 29
    assert list(rows[0].values()) == ["1", "1", "14.0", "58.0", "1.0", "1.0", "15.0", "1849.0",
                                      "-1204.0", "-86.0", "1.1204", "1.0086", "0.0001"]


@pytest.mark.parametrize("argv", [
    ["--optimizer", "momentum", "--beta", "0.9", "--init", "mom_a=3,mom_b=-2"],
    ["--optimizer", "adam", "--lr", "0.05", "--epochs", "2"],
    ["--model", "relu2", "--optimizer", "rmsprop", "--lr", "1e-3", "--init", "b=-20"],
])
def test_every_float_is_printed_in_full(capsys, argv):
    """Each cell is repr of the float the core computed: parsing it gives the same bits."""
    t = run(RunConfig(**_config_kwargs(argv)))
    buf = io.StringIO()
    trace.write_csv(t, buf)
    assert cli.main(["trace", *argv]) == 0
    out = capsys.readouterr().out
    assert out == buf.getvalue()
    rows = list(csv.DictReader(io.StringIO(out)))
    names = t.param_names
    assert column(rows, "loss").tolist() == t.loss.tolist()
    for i, p in enumerate(names):
        assert column(rows, p).tolist() == t.params[:, i].tolist()
        assert column(rows, f"new_{p}").tolist() == t.new_params[:, i].tolist()
        for s, values in t.state.items():
            assert column(rows, f"{s}_{p}").tolist() == values[:, i].tolist()
    for r in rows:
        for key, cell in r.items():
            if key not in ("epoch", "step"):
                assert repr(float(cell)) == cell


def _config_kwargs(argv):
    it, kw = iter(argv), {}
    for flag in it:
        key, value = flag[2:].replace("-", "_"), next(it)
        if key == "init":
            kw[key] = {k: float(v) for k, v in (item.split("=") for item in value.split(","))}
        elif key in ("model", "optimizer"):
            kw[key] = value
        else:
            kw[key] = int(value) if key == "epochs" else float(value)
    return kw


# Part 2: defaults and flags


@pytest.mark.parametrize("optimizer,explicit", [
    ("momentum", ["--beta", "0.9", "--dampening"]),
    ("rmsprop", ["--beta", "0.9", "--eps", "1e-8"]),
    ("adam", ["--beta", "0.9", "--beta2", "0.99", "--eps", "0", "--no-bias-correction"]),
])
def test_optimizer_defaults_are_the_sheets(capsys, optimizer, explicit):
    plain = trace_out(capsys, "--optimizer", optimizer)
    assert trace_out(capsys, "--optimizer", optimizer, *explicit) == plain
    # Negative control: another beta changes the numbers.
    assert trace_out(capsys, "--optimizer", optimizer, "--beta", "0.5") != plain


def test_dampening_flag(capsys):
    """Row 1 from zero state: dampened m = 0.1·g, undampened m = g."""
    g = [-1204.0, -86.0]
    damp = trace_out(capsys, "--optimizer", "momentum")[0]
    raw = trace_out(capsys, "--optimizer", "momentum", "--no-dampening")[0]
    assert [float(damp["mom_a"]), float(damp["mom_b"])] == pytest.approx([0.1 * v for v in g])
    assert [float(raw["mom_a"]), float(raw["mom_b"])] == g


def test_bias_corrected_adam_first_step_is_lr(capsys):
    """With bias correction and eps 0, Adam's first step moves each parameter by exactly lr.

    Without it the step is lr·(1−β)/√(1−β2): also lr at the default β2 0.99, so use 0.9."""
    argv = ("--optimizer", "adam", "--lr", "0.25", "--beta2", "0.9")
    rows = trace_out(capsys, *argv, "--bias-correction")
    assert float(rows[0]["new_a"]) == pytest.approx(1.25, rel=1e-12)
    assert float(rows[0]["new_b"]) == pytest.approx(1.25, rel=1e-12)
    plain = trace_out(capsys, *argv)
    assert float(plain[0]["new_a"]) == pytest.approx(1 + 0.25 * 0.1 / np.sqrt(0.1), rel=1e-12)


def test_init_sets_some_and_defaults_the_rest(capsys):
    rows = trace_out(capsys, "--model", "relu2", "--optimizer", "adam", "--lr", "1e-3",
                     "--init", "c=0.5,mom_d=2")
    first = rows[0]
    assert [float(first[p]) for p in ABCD] == [1.0, 1.0, 0.5, 1.0]
    g_d = float(first["grad_d"])
    assert float(first["mom_d"]) == pytest.approx(0.9 * 2 + 0.1 * g_d, rel=1e-12)
    assert float(first["mom_a"]) == pytest.approx(0.1 * float(first["grad_a"]), rel=1e-12)
    assert float(first["sqr_c"]) == pytest.approx(0.01 * float(first["grad_c"]) ** 2, rel=1e-12)


def test_epochs_carry_weights_and_state(capsys):
    rows = trace_out(capsys, "--optimizer", "momentum", "--epochs", "3")
    assert len(rows) == 87
    assert column(rows, "step").tolist() == list(range(1, 88))
    assert column(rows, "epoch").tolist() == [1] * 29 + [2] * 29 + [3] * 29
    for k in (28, 57):  # the last row of an epoch hands its results to the next row
        assert rows[k + 1]["a"] == rows[k]["new_a"] and rows[k + 1]["b"] == rows[k]["new_b"]
        m = float(rows[k]["mom_b"])
        assert float(rows[k + 1]["mom_b"]) == pytest.approx(0.9 * m + 0.1 * float(
            rows[k + 1]["grad_b"]), rel=1e-12)


def test_sheet_carry_repeats_last_rows_weights(capsys):
    rows = trace_out(capsys, "--epochs", "2", "--carry", "sheet")
    assert rows[29]["a"] == rows[28]["a"] and rows[29]["b"] == rows[28]["b"]
    assert rows[29]["a"] != rows[28]["new_a"]


def test_anneal_follows_the_macro_rule(capsys):
    """lr is constant within an epoch; after epoch k it is divided by 4 when
    g_k = √sqr_a + √sqr_b (end of epoch) exceeds twice the smallest earlier g."""
    rows = trace_out(capsys, "--optimizer", "adam", "--anneal", "--lr", "1", "--epochs", "8")
    lr, epoch = column(rows, "lr"), column(rows, "epoch")
    ends = [np.flatnonzero(epoch == e)[-1] for e in range(1, 9)]
    g = [np.sqrt(float(rows[k]["sqr_a"])) + np.sqrt(float(rows[k]["sqr_b"])) for k in ends]
    want = [1.0]
    for k in range(1, 8):
        cut = g[k - 1] > 2 * min(g[:k - 1]) if k > 1 else False
        want.append(want[-1] / 4 if cut else want[-1])
    for e in range(8):
        assert set(lr[epoch == e + 1]) == {want[e]}
    assert want[-1] < 1.0  # the rule did fire: this test is not vacuous


def test_numeric_grad_is_the_forward_difference_of_the_row(capsys):
    rows = trace_out(capsys, "--grad", "numeric", "--fd-step", "0.5", "--epochs", "1")
    m = models.get("linear")
    for r in rows[:5]:
        a, b, x, y = (float(r[k]) for k in ("a", "b", "x", "y"))
        base = (b + a * x - y) ** 2
        assert float(r["loss"]) == base
        assert float(r["grad_b"]) == ((b + 0.5 + a * x - y) ** 2 - base) / 0.5
        assert float(r["grad_a"]) == pytest.approx(
            float(m.grad_fd(np.array([a, b]), x, y, 0.5)[0]), rel=1e-15)


def test_data_file_and_synthetic(tmp_path, capsys):
    path = tmp_path / "mine.csv"
    path.write_text("# my points\nx,y\n1,3\n\n2,5.5\n", encoding="utf-8")
    rows = trace_out(capsys, "--data", str(path), "--epochs", "2")
    assert column(rows, "x").tolist() == [1, 2, 1, 2]
    assert column(rows, "y").tolist() == [3, 5.5, 3, 5.5]
    assert len(read_csv(path)) == 2
    syn = trace_out(capsys, "--data", "synthetic:seed=3,n=7,slope=-1,intercept=4")
    x, y = column(syn, "x"), column(syn, "y")
    assert len(syn) == 7 and np.array_equal(y, 4 - x) and x.min() >= 1 and x.max() <= 100
    assert trace_out(capsys, "--data", "synthetic:seed=3,n=7,slope=-1,intercept=4") == syn
    assert trace_out(capsys, "--data", "synthetic:seed=4,n=7,slope=-1,intercept=4") != syn


def test_excel_csv_export_is_read(tmp_path, capsys):
    """Excel's "CSV UTF-8" starts with a byte-order mark and ends lines with CRLF."""
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbfx,y\r\n1,3\r\n2,5\r\n")
    rows = trace_out(capsys, "--data", str(path))
    assert column(rows, "x").tolist() == [1, 2] and column(rows, "y").tolist() == [3, 5]


def test_runaway_lr_keeps_the_finite_rows(capsys):
    """Overflow is data: exit 0, the rows before the first bad step, all finite."""
    rows = trace_out(capsys, "--lr", "1e300")
    t = run(RunConfig(lr=1e300))
    assert t.diverged_at is not None and len(rows) == t.diverged_at - 1 >= 1
    assert all(np.isfinite(float(v)) for r in rows for v in r.values())


def test_closed_stdout_is_not_an_error():
    cmd = " ".join(CMD) + " trace --epochs 300 | head -n 1"  # ~600 kB, past any pipe buffer
    done = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.startswith("epoch,step,")
    assert "Traceback" not in done.stderr and "Error" not in done.stderr


# Part 3: bad input


@pytest.fixture(scope="module")
def bad_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("data") / "bad.csv"
    path.write_text("x,y\n1,2\n3,abc\n", encoding="utf-8")
    return path


BAD = [
    (["--lr", "-1"], "-1"),
    (["--lr", "0"], "lr"),
    (["--lr", "nan"], "nan"),
    (["--lr", "inf"], "inf"),
    (["--lr", "fast"], "fast"),
    (["--optimizer", "momentum", "--beta", "1"], "beta=1"),
    (["--optimizer", "momentum", "--beta", "-0.1"], "-0.1"),
    (["--optimizer", "adam", "--beta2", "1.5"], "beta2=1.5"),
    (["--optimizer", "adam", "--beta", "nan"], "nan"),
    (["--optimizer", "adam", "--eps", "-1"], "eps=-1"),
    (["--optimizer", "lion"], "lion"),
    (["--model", "cubic"], "cubic"),
    (["--init", "z=1"], "'z'"),
    (["--init", "mom_a=1"], "mom_a"),
    (["--init", "a=heavy"], "heavy"),
    (["--data", "/nonexistent/points.csv"], "/nonexistent/points.csv"),
    (["--data", "synthetic:seed=-1"], "seed=-1"),
    (["--data", "synthetic:slope=nan"], "slope=nan"),
    (["--epochs", "0"], "epochs=0"),
    (["--epochs", "-3"], "-3"),
    (["--epochs", "2.5"], "2.5"),
    (["--grad", "symbolic"], "symbolic"),
    (["--fd-step", "0", "--grad", "numeric"], "fd-step=0"),
    (["--frobnicate"], "--frobnicate"),
]


def assert_one_line_refusal(code, out, err, needle):
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in err
    assert needle in err


@pytest.mark.parametrize("argv,needle", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_exits_2_with_one_line(capsys, argv, needle):
    code = cli.main(["trace", *argv])
    out, err = capsys.readouterr()
    assert_one_line_refusal(code, out, err, needle)


@pytest.mark.parametrize("argv,needle", [
    (["--lr", "nan"], "nan"),
    (["--optimizer", "adam", "--beta2", "1.5"], "beta2=1.5"),
    (["--data", "/nonexistent/points.csv"], "/nonexistent/points.csv"),
    (["--frobnicate"], "--frobnicate"),
])
def test_bad_input_in_a_real_process(argv, needle):
    done = sgdanim("trace", *argv)
    assert_one_line_refusal(done.returncode, done.stdout, done.stderr, needle)


def test_non_numeric_cell_names_its_line(bad_csv):
    done = sgdanim("trace", "--data", str(bad_csv))
    assert_one_line_refusal(done.returncode, done.stdout, done.stderr, f"{bad_csv}:3:")
    assert "'abc'" in done.stderr


def test_good_input_control():
    """The same command with good values succeeds, so the failures above are about the values."""
    done = sgdanim("trace", "--optimizer", "adam", "--beta2", "0.5", "--init", "a=2",
                   "--epochs", "2", "--lr", "0.01")
    assert done.returncode == 0 and done.stderr == ""
    assert len(done.stdout.splitlines()) == 59
