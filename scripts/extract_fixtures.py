"""Copy the saved values of the reference workbooks into small test fixtures.

A dev tool, run by hand when the reference changes; the tests read only what it writes::

    .venv/bin/python scripts/extract_fixtures.py [REFERENCE_DIR]

REFERENCE_DIR defaults to ../shared/reference next to the repository. It writes, under
tests/fixtures/:

- ``graddesc_<sheet>.csv`` for the sheets basic, momentum, rmsprop, adam and adam_ann: rows 4..32
  (one epoch), with the sheet's columns renamed to ``sgdanim trace``'s names;
- ``graddesc_cells.json``: each sheet's single cells (start, lr, betas, row 3's running averages,
  the rmse cells);
- ``mom_bias.csv``: mom_bias.xlsx Sheet1, the EMA with and without bias correction.

Values are Excel's cached results (``data_only=True``), written with repr so no digit is lost.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "fixtures"
LICENSE = "Apache License 2.0"
GRADDESC = "graddesc.xlsm from fast.ai course-v3 (files/xl/graddesc.xlsm)"
MOM_BIAS = "mom_bias.xlsx from fast.ai course-v3 (files/xl/mom_bias.xlsx)"
FIRST_ROW, LAST_ROW = 4, 32

# trace column name -> sheet column letter. The sheets list b (intercept) before a (slope).
_COMMON = {"x": "A", "y": "B", "b": "C", "a": "D", "pred": "E", "grad_b": "F", "grad_a": "G",
           "new_b": "H", "new_a": "I"}
COLUMNS = {
    "basic": {"x": "A", "y": "B", "b": "C", "a": "D", "pred": "E", "loss": "F",
              "est_grad_b": "H", "est_grad_a": "J", "grad_b": "K", "grad_a": "L",
              "new_a": "M", "new_b": "N"},
    "momentum": {**_COMMON, "mom_b": "J", "mom_a": "K", "loss": "L"},
    "rmsprop": {**_COMMON, "sqr_b": "J", "sqr_a": "K"},
    "adam": {**_COMMON, "mom_b": "J", "mom_a": "K", "sqr_b": "L", "sqr_a": "M"},
    "adam_ann": {**_COMMON, "mom_b": "J", "mom_a": "K", "sqr_b": "L", "sqr_a": "M"},
}

# name -> cell (or "C38:C42" for a column of cells)
_STATE = {"mom_b": "J3", "mom_a": "K3", "sqr_b": "L3", "sqr_a": "M3"}
CELLS = {
    "basic": {"b": "C1", "a": "C2", "lr": "F1", "rmse": "F33", "pasted_rmse": "C38:C42"},
    "momentum": {"b": "C1", "a": "C2", "lr": "D2", "beta": "J1", "mom_b": "J3", "mom_a": "K3"},
    "rmsprop": {"b": "C1", "a": "C2", "lr": "D2", "beta": "J1", "sqr_b": "J3", "sqr_a": "K3"},
    "adam": {"b": "C1", "a": "C2", "lr": "D2", "beta": "J1", "beta2": "L1", **_STATE},
    "adam_ann": {"b": "C1", "a": "C2", "lr": "D2", "beta": "J1", "beta2": "L1", **_STATE,
                 "prev_grad2": "N3", "avg_grad2": "N33", "gradrat": "N34"},
}


def _cell(ws, ref):
    if ":" in ref:
        return [c[0].value for c in ws[ref]]
    return ws[ref].value


def _number(value, where):
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise SystemExit(f"{where}: expected a number, got {value!r}")
    return float(value)


def _write_csv(path: Path, comments: list[str], header: list[str], rows: list[list[float]]):
    lines = [f"# {c}" for c in comments] + [",".join(header)]
    lines += [",".join(repr(v) for v in row) for row in rows]
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)


def extract_graddesc(book: Path) -> dict:
    wb = openpyxl.load_workbook(book, data_only=True, keep_vba=False)
    cells = {"source": f"{GRADDESC}, {LICENSE}; cached values of the cells named below"}
    for sheet, cols in COLUMNS.items():
        ws = wb[sheet]
        rows = [[_number(ws[f"{col}{r}"].value, f"{sheet}!{col}{r}") for col in cols.values()]
                for r in range(FIRST_ROW, LAST_ROW + 1)]
        comments = [f"Source: {GRADDESC}, {LICENSE}.",
                    f"Sheet {sheet!r}, rows {FIRST_ROW}..{LAST_ROW}: Excel's saved values "
                    "(openpyxl data_only=True), extracted by scripts/extract_fixtures.py.",
                    "Columns: " + ", ".join(f"{name}={sheet}!{col} ({ws[f'{col}3'].value})"
                                            for name, col in cols.items())]
        _write_csv(OUT / f"graddesc_{sheet}.csv", comments, list(cols), rows)
        sheet_cells = {}
        for name, ref in CELLS[sheet].items():
            value = _cell(ws, ref)
            where = f"{sheet}!{ref}"
            sheet_cells[name] = ([_number(v, where) for v in value] if isinstance(value, list)
                                 else _number(value, where))
        sheet_cells["cells"] = CELLS[sheet]
        cells[sheet] = sheet_cells
    return cells


def extract_mom_bias(book: Path) -> None:
    ws = openpyxl.load_workbook(book, data_only=True)["Sheet1"]
    beta = _number(ws["E2"].value, "Sheet1!E2")
    rows = []
    r = 5
    while ws[f"C{r}"].value is not None:
        rows.append([_number(ws[f"{c}{r}"].value, f"Sheet1!{c}{r}") for c in "BCDEF"])
        r += 1
    comments = [f"Source: {MOM_BIAS}, {LICENSE}.",
                f"Sheet 'Sheet1', rows 5..{r - 1}: Excel's saved values, extracted by "
                "scripts/extract_fixtures.py.",
                f"beta={beta!r} (E2); the average starts from 0 (D4).",
                "Columns: t=B (batch #), value=C (val), ema=D (beta*previous + (1-beta)*val), "
                "correction=E (1-beta^t), corrected=F (exp mov avg = D/E)"]
    _write_csv(OUT / "mom_bias.csv", comments, ["t", "value", "ema", "correction", "corrected"],
               rows)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    ref = Path(argv[0]) if argv else ROOT.parent / "shared" / "reference"
    OUT.mkdir(parents=True, exist_ok=True)
    cells = extract_graddesc(ref / "graddesc.xlsm")
    tmp = OUT / "graddesc_cells.json.tmp"
    tmp.write_text(json.dumps(cells, indent=1) + "\n", encoding="utf-8")
    tmp.replace(OUT / "graddesc_cells.json")
    extract_mom_bias(ref / "mom_bias.xlsx")
    print(f"wrote fixtures to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
