"""One lane of a run on plain Python floats, one row at a time: what ``run`` and
``sgdanim trace`` use.

:func:`sgdanim.core.trajectory.sweep` steps many learning rates at once as numpy lanes. For a
single lane numpy's cost per call on four numbers is most of a step (about 50 µs), so
:class:`Steps` does the same operations, in the same order, on floats: the models'
``forward_floats``/``grad_floats`` and the optimizers' ``step_floats``. IEEE arithmetic gives
the same bits either way; ``tests/core/test_stepper.py`` holds the two paths together.

Each row is a list in the trace's column order (:func:`column_names`), epoch and step as ints.
Rows are made as they are asked for, so a trace of any length takes constant memory.

Examples
--------
>>> from sgdanim.core.trajectory import RunConfig
>>> steps = Steps(RunConfig(epochs=2))
>>> rows = list(steps)
>>> len(rows), rows[0][:8], steps.diverged_at
(58, [1, 1, 14.0, 58.0, 1.0, 1.0, 15.0, 1849.0], None)
"""

from __future__ import annotations

from math import isfinite

from . import models


def column_names(params, states) -> list[str]:
    """The trace's columns for a model's ``params`` and an optimizer's ``states``."""
    cols = ["epoch", "step", "x", "y", *params, "pred", "loss", *(f"grad_{p}" for p in params)]
    for state in states:
        cols += [f"{state}_{p}" for p in params]
    return cols + [f"new_{p}" for p in params] + ["lr"]


def _numeric_grad(forward, p, x, y, base: float, h: float) -> list[float]:
    """Forward differences, as :meth:`sgdanim.core.models.Model.grad_fd`."""
    out = []
    for i in range(len(p)):
        nudged = list(p)
        nudged[i] = nudged[i] + h
        d = forward(nudged, x) - y
        out.append((d * d - base) / h)
    return out


class Steps:
    """The rows of one run of ``config`` (a :class:`~sgdanim.core.trajectory.RunConfig`).

    Iterating takes the steps. It stops after the last one, or before the first step where
    anything stops being finite or the loss passes ``config.max_loss``: that step's number is
    then ``diverged_at``, as in :class:`~sgdanim.core.trajectory.Trajectory`.
    """

    def __init__(self, config):
        self.config = config
        self.model = models.get(config.model)
        self.optimizer = config.build_optimizer()
        self.columns = column_names(self.model.params, self.optimizer.state_names)
        self.total = config.epochs * len(config.data)
        self.diverged_at: int | None = None

    def __len__(self) -> int:
        """The number of steps, if none runs away."""
        return self.total

    def _start(self):
        init, names = self.config.init, self.model.params
        p = [float(init.get(k, 1.0)) for k in names]
        state = tuple([float(init.get(f"{s}_{k}", 0.0)) for k in names]
                      for s in self.optimizer.state_names)
        return p, state

    def __iter__(self):
        config, opt = self.config, self.optimizer
        forward, grad = self.model.forward_floats, self.model.grad_floats
        xs, ys = config.data.x.tolist(), config.data.y.tolist()
        p, state = self._start()
        lr, best, step = float(config.lr), None, 0
        annealer = None
        if config.anneal:
            from .optimizers import Annealer

            annealer, sqr = Annealer(), opt.state_names.index("sqr")
        numeric, h = config.grad == "numeric", config.fd_step
        max_loss, keep_last = config.max_loss, config.carry == "sheet"
        last = len(xs) - 1
        for epoch in range(1, config.epochs + 1):
            for i, (x, y) in enumerate(zip(xs, ys)):
                step += 1
                pred = forward(p, x)
                d = pred - y
                loss = d * d
                g = _numeric_grad(forward, p, x, y, loss, h) if numeric else grad(p, x, 2.0 * d)
                new_p, state = opt.step_floats(p, g, state, lr, step)
                row = [epoch, step, x, y, *p, pred, loss, *g]
                for values in state:
                    row += values
                row += new_p
                row.append(lr)
                # A finite sum means every number is finite; only a sum that overflowed
                # needs the number-by-number look.
                if not (loss <= max_loss
                        and (isfinite(sum(row)) or all(map(isfinite, row)))):
                    self.diverged_at = step
                    return
                yield row
                if not (keep_last and i == last):
                    p = new_p
                if annealer is not None and i == last:
                    lr, best = annealer.after_epoch_floats(lr, state[sqr], best)
