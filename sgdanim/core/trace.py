"""``sgdanim trace``: one CSV row per step, the columns a user holds against the spreadsheet.

Columns: epoch, step, x, y; each parameter as used on the row; pred, loss; grad_<p>; the
optimizer state after the row's update (mom_<p>, then sqr_<p>); new_<p>; lr. Floats are
written with repr, so every digit survives.

Examples
--------
>>> import io
>>> from sgdanim.core.trajectory import RunConfig, run
>>> buf = io.StringIO()
>>> write_csv(run(RunConfig()), buf)
>>> buf.getvalue().splitlines()[0]
'epoch,step,x,y,a,b,pred,loss,grad_a,grad_b,new_a,new_b,lr'
>>> buf.getvalue().splitlines()[1]
'1,1,14.0,58.0,1.0,1.0,15.0,1849.0,-1204.0,-86.0,1.1204,1.0086,0.0001'
"""

from __future__ import annotations

from typing import TextIO

from .trajectory import Trajectory


def columns(traj: Trajectory) -> list[str]:
    names = traj.param_names
    cols = ["epoch", "step", "x", "y", *names, "pred", "loss", *(f"grad_{p}" for p in names)]
    for state in traj.state:
        cols += [f"{state}_{p}" for p in names]
    return cols + [f"new_{p}" for p in names] + ["lr"]


def rows(traj: Trajectory):
    """Yield each step's values in :func:`columns` order (ints for epoch and step)."""
    for k in range(len(traj)):
        row = [int(traj.epoch[k]), int(traj.step[k]), float(traj.x[k]), float(traj.y[k])]
        row += traj.params[k].tolist() + [float(traj.pred[k]), float(traj.loss[k])]
        row += traj.grads[k].tolist()
        for values in traj.state.values():
            row += values[k].tolist()
        row += traj.new_params[k].tolist() + [float(traj.lr[k])]
        yield row


def write_csv(traj: Trajectory, out: TextIO) -> None:
    out.write(",".join(columns(traj)) + "\n")
    for row in rows(traj):
        out.write(",".join(repr(v) for v in row) + "\n")
