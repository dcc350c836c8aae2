"""``sgdanim trace`` against the saved values of graddesc.xlsm (fast.ai course-v3, Apache-2.0).

The fixtures under tests/fixtures were extracted by scripts/extract_fixtures.py; each file says
which sheet and cells it holds. Every row of one epoch must agree within 1e-9 relative, through
the Python functions, through ``cli.main`` and through the installed command.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sgdanim import cli
from sgdanim.core import data, optimizers, trace
from sgdanim.core.trajectory import RunConfig, run

FIXTURES = Path(__file__).parents[1] / "fixtures"
RTOL = 1e-9
OPTIMIZER = {"basic": "sgd", "momentum": "momentum", "rmsprop": "rmsprop", "adam": "adam",
             "adam_ann": "adam"}
SHEETS = ("basic", "momentum", "adam", "adam_ann")  # rmsprop differs on purpose, see Part 5
STATE_KEYS = ("mom_a", "mom_b", "sqr_a", "sqr_b")


def read_table(text: str) -> dict[str, np.ndarray]:
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    rows = list(csv.DictReader(lines))
    return {k: np.array([float(r[k]) for r in rows]) for k in rows[0]}


def sheet_rows(sheet: str) -> dict[str, np.ndarray]:
    return read_table((FIXTURES / f"graddesc_{sheet}.csv").read_text(encoding="utf-8"))


def sheet_cells(sheet: str) -> dict:
    return json.loads((FIXTURES / "graddesc_cells.json").read_text(encoding="utf-8"))[sheet]


def sheet_init(sheet: str) -> dict[str, float]:
    """The sheet's start (C1 = b, C2 = a) and row 3's running averages from the last epoch."""
    c = sheet_cells(sheet)
    return {k: c[k] for k in ("a", "b", *STATE_KEYS) if k in c}


def sheet_config(sheet: str, **over) -> RunConfig:
    c = sheet_cells(sheet)
    kwargs = dict(optimizer=OPTIMIZER[sheet], lr=c["lr"], beta=c.get("beta"),
                  beta2=c.get("beta2"), init=sheet_init(sheet))
    return RunConfig(**{**kwargs, **over})


def sheet_argv(sheet: str) -> list[str]:
    c = sheet_cells(sheet)
    argv = ["trace", "--optimizer", OPTIMIZER[sheet], "--lr", repr(c["lr"])]
    for key in ("beta", "beta2"):
        if key in c:
            argv += [f"--{key}", repr(c[key])]
    init = ",".join(f"{k}={v!r}" for k, v in sheet_init(sheet).items())
    return argv + ["--init", init]


def assert_matches_sheet(got: dict[str, np.ndarray], sheet: str) -> None:
    want = sheet_rows(sheet)
    assert got["step"].tolist() == list(range(1, 30))
    assert set(got["epoch"]) == {1.0}
    for col, values in want.items():
        if col.startswith("est_"):  # displayed by the sheet, not used by its update
            continue
        np.testing.assert_allclose(got[col], values, rtol=RTOL, atol=0,
                                   err_msg=f"{sheet} column {col}")
    # The adam sheets have no loss column: the trace's loss is the square of the sheet's error.
    np.testing.assert_allclose(got["loss"], (want["pred"] - want["y"]) ** 2, rtol=RTOL, atol=0)
    np.testing.assert_allclose(got["lr"], sheet_cells(sheet)["lr"], rtol=0, atol=0)


def trace_text(config: RunConfig) -> str:
    buf = io.StringIO()
    trace.write_csv(run(config), buf)
    return buf.getvalue()


# Part 1: the data and the fixture agree


def test_packaged_data_is_the_sheets_rows():
    ds = data.spreadsheet()
    for sheet in OPTIMIZER:
        rows = sheet_rows(sheet)
        assert rows["x"].tolist() == ds.x.tolist()
        assert rows["y"].tolist() == ds.y.tolist()
    assert np.array_equal(ds.y, 2 * ds.x + 30)


# Part 2: every row of one epoch, three ways


@pytest.mark.parametrize("sheet", SHEETS)
def test_trace_function_reproduces_sheet(sheet):
    assert_matches_sheet(read_table(trace_text(sheet_config(sheet))), sheet)


@pytest.mark.parametrize("sheet", SHEETS)
def test_cli_main_reproduces_sheet(sheet, capsys):
    assert cli.main(sheet_argv(sheet)) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert_matches_sheet(read_table(out), sheet)


@pytest.mark.parametrize("sheet", ["basic", "adam_ann"])
def test_installed_command_reproduces_sheet(sheet):
    exe = Path(sys.executable).with_name("sgdanim")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "sgdanim.cli"]
    done = subprocess.run(cmd + sheet_argv(sheet), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert_matches_sheet(read_table(done.stdout), sheet)


def test_wrong_hyperparameter_does_not_match():
    """Negative control: adam with the default beta2 (0.99) instead of the sheet's 0.9."""
    got = read_table(trace_text(sheet_config("adam", beta2=0.99)))
    with pytest.raises(AssertionError):
        assert_matches_sheet(got, "adam")


# Part 3: the basic sheet's finite-difference columns


def test_fd_estimates_match_basic_sheet(tmp_path, capsys):
    """Each row's "est de/db" and "est de/da" at that row's weights, through the CLI.

    The sheet steps with the analytic derivative and only shows the estimates, so each row is
    traced on its own: a one-row data file and --init with the row's a and b.
    """
    rows = sheet_rows("basic")
    got_a, got_b = [], []
    for k in range(len(rows["x"])):
        path = tmp_path / f"row{k}.csv"
        path.write_text(f"x,y\n{rows['x'][k]},{rows['y'][k]}\n", encoding="utf-8")
        argv = ["trace", "--grad", "numeric", "--fd-step", "0.01", "--data", str(path),
                "--init", f"a={float(rows['a'][k])!r},b={float(rows['b'][k])!r}"]
        assert cli.main(argv) == 0
        out = read_table(capsys.readouterr().out)
        got_a.append(out["grad_a"][0])
        got_b.append(out["grad_b"][0])
    np.testing.assert_allclose(got_a, rows["est_grad_a"], rtol=RTOL, atol=0)
    np.testing.assert_allclose(got_b, rows["est_grad_b"], rtol=RTOL, atol=0)
    # A forward difference of a square overshoots the derivative by h·x² (a) and h (b).
    np.testing.assert_allclose(rows["est_grad_b"] - rows["grad_b"], 0.01, rtol=1e-6)
    np.testing.assert_allclose(rows["est_grad_a"] - rows["grad_a"], 0.01 * rows["x"] ** 2,
                               rtol=1e-6)


def test_numeric_epoch_starts_on_the_sheet_then_leaves_it():
    rows = sheet_rows("basic")
    t = run(sheet_config("basic", grad="numeric", fd_step=0.01))
    assert t.grad("a")[0] == pytest.approx(rows["est_grad_a"][0], rel=RTOL)
    assert t.grad("b")[0] == pytest.approx(rows["est_grad_b"][0], rel=RTOL)
    # Stepping with the estimate is not what the sheet does: its weights drift apart.
    assert abs(t.param("a")[-1] - rows["a"][-1]) > 1e-3


# Part 4: the macro's epochs


def test_pasted_rmse_column_is_epochs_2_to_6_with_sheet_carry():
    """basic!C38:C42 holds √(Σ row loss) of epochs 2..6 from a = b = 1. The macro starts each
    epoch from the weights used on the last row (C32/D32), not from the new ones."""
    c = sheet_cells("basic")
    t = run(RunConfig(lr=c["lr"], epochs=6, carry="sheet"))
    err = t.epoch_sheet_error()
    np.testing.assert_allclose(err[1:], c["pasted_rmse"], rtol=RTOL, atol=0)
    assert err[-1] == pytest.approx(c["rmse"], rel=RTOL)  # F33, the epoch on the sheet now
    sixth = t.params[t.epoch == 6][0]
    assert sixth.tolist() == pytest.approx([c["a"], c["b"]], rel=RTOL)
    updated = run(RunConfig(lr=c["lr"], epochs=6)).epoch_sheet_error()
    assert not np.allclose(updated[1:], c["pasted_rmse"], rtol=1e-6, atol=0)


def test_pasted_rmse_through_cli(capsys):
    assert cli.main(["trace", "--epochs", "6", "--carry", "sheet"]) == 0
    out = read_table(capsys.readouterr().out)
    err = [np.sqrt(out["loss"][out["epoch"] == e].sum()) for e in range(2, 7)]
    np.testing.assert_allclose(err, sheet_cells("basic")["pasted_rmse"], rtol=RTOL, atol=0)


def test_momentum_row3_is_last_epoch_from_reset():
    """The momentum sheet was saved right after its reset macro: a = b = 1, and row 3 holds the
    momentum that one epoch from a = b = 1 and zero momentum ends with."""
    c = sheet_cells("momentum")
    assert (c["a"], c["b"]) == (1.0, 1.0)
    t = run(RunConfig(optimizer="momentum", lr=c["lr"], beta=c["beta"]))
    assert t.state["mom"][-1].tolist() == pytest.approx([c["mom_a"], c["mom_b"]], rel=RTOL)


def test_adam_ann_gradient_scale_cells():
    """adam_ann!N33 = √(L33) + √(M33), the g the annealing rule compares; N34 = N33 / N3."""
    c = sheet_cells("adam_ann")
    g = np.sqrt(c["sqr_a"]) + np.sqrt(c["sqr_b"])
    assert g == pytest.approx(c["avg_grad2"], rel=RTOL)
    assert c["gradrat"] == pytest.approx(c["avg_grad2"] / c["prev_grad2"], rel=RTOL)


# Part 5: where sgdanim deliberately differs from a sheet


def test_rmsprop_sheet_divides_by_previous_rows_mean_square():
    """The rmsprop sheet steps with √ of the PREVIOUS row's mean square (H4 = C4 − F4·lr/√J3)
    and no eps. sgdanim follows torch.optim.RMSprop (the current row's, plus eps), so it is
    checked against torch in test_torch_agreement.py, not against these rows."""
    rows, c = sheet_rows("rmsprop"), sheet_cells("rmsprop")
    opt = optimizers.build("rmsprop", beta=c["beta"])
    p_sheet = np.array([rows["a"], rows["b"]])          # (P, T): weights each row used
    g_sheet = np.array([rows["grad_a"], rows["grad_b"]])
    state = optimizers.RMSPropState(np.array([c["sqr_a"], c["sqr_b"]]))
    v_prev = np.empty_like(g_sheet)
    for k in range(g_sheet.shape[1]):
        v_prev[:, k] = state.sqr
        new, state = opt.step(p_sheet[:, k], g_sheet[:, k], state, c["lr"], k + 1)
        # Same running mean square as the sheet's J and K columns...
        np.testing.assert_allclose(state.sqr, [rows["sqr_a"][k], rows["sqr_b"][k]],
                                   rtol=RTOL, atol=0)
        # ...but a different step from the same weights and gradient.
        assert np.all(np.abs(new - [rows["new_a"][k], rows["new_b"][k]]) > 1e-9)
    sheet_rule = p_sheet - c["lr"] * g_sheet / np.sqrt(v_prev)
    np.testing.assert_allclose(sheet_rule, [rows["new_a"], rows["new_b"]], rtol=1e-12, atol=0)
