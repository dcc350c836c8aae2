"""``sgdanim trace``: one CSV row per step, the columns a user holds against the spreadsheet.

Columns: epoch, step, x, y; each parameter as used on the row; pred, loss; grad_<p>; the
optimizer state after the row's update (mom_<p>, then sqr_<p>); new_<p>; lr. Floats are
written with repr, so every digit survives. :func:`stream_csv` writes rows as the steps make
them, so a trace of any length takes constant memory; :func:`write_csv` writes a finished
:class:`~sgdanim.core.trajectory.Trajectory`, with the same bytes.

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

from typing import Callable, Iterable, TextIO

from .stepper import Steps, column_names
from .trajectory import RunConfig, Trajectory


def columns(traj: Trajectory) -> list[str]:
    return column_names(traj.param_names, traj.state)


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


# Rows written per call to out.write: few calls, little held.
CHUNK_ROWS = 4096


def write_rows(names: list[str], rows: Iterable[list], out: TextIO,
               progress: Callable[[int], None] | None = None) -> int:
    """Write the header and ``rows`` as they come; ``progress(rows written)`` after each chunk.
    Returns the number of rows written."""
    out.write(",".join(names) + "\n")
    lines, done = [], 0
    for row in rows:
        lines.append(",".join(map(repr, row)))
        if len(lines) == CHUNK_ROWS:
            out.write("\n".join(lines) + "\n")
            done += len(lines)
            lines.clear()
            if progress is not None:
                progress(done)
    if lines:
        out.write("\n".join(lines) + "\n")
    return done + len(lines)


def write_csv(traj: Trajectory, out: TextIO) -> None:
    write_rows(columns(traj), rows(traj), out)


def stream_csv(config: RunConfig, out: TextIO,
               progress: Callable[[int, int], None] | None = None) -> Steps:
    """Take ``config``'s steps and write each row as it is made, in constant memory; returns
    the finished :class:`~sgdanim.core.stepper.Steps` (its ``diverged_at``).
    ``progress(done, total)`` is called every :data:`CHUNK_ROWS` rows."""
    steps = Steps(config)
    report = None if progress is None else (lambda done: progress(done, len(steps)))
    write_rows(steps.columns, steps, out, report)
    return steps
