"""The forum thread's run: what overshoot's thread, relu-sandwich's race and momentum's rows
share at their defaults (lr 1e-4, every weight 1, the spreadsheet's rows, finite differences),
so a lesson says "the same run" or "these same rows" of another only where a learner's
settings keep them (at lr 1e-3 relu-sandwich said its race was overshoot's thread run).
``tests/lessons/test_thread_run.py`` checks that each lesson's defaults are these.

>>> differs(lr=1e-3, init=(1.0, 1.0, 1.0, 1.0), data="spreadsheet", grad="numeric")
('lr',)
>>> differs(lr=1e-4, init=(1.0,), data="spreadsheet", grad="analytic")
('grad',)
"""

from __future__ import annotations

LR = 1e-4               # the thread's learning rate (the basic sheet's)
INIT = 1.0              # every weight's start
DATA = "spreadsheet"    # the spreadsheet's 29 rows
GRAD = "numeric"        # finite differences, as the thread and the sheet


def differs(lr: float, init, data: str, grad: str) -> tuple[str, ...]:
    """The settings, of lr, init, data and grad (in that order), that are not the thread's;
    ``init`` is every weight's start, one value or one per weight."""
    same = {"lr": lr == LR, "init": set(init) == {INIT}, "data": data == DATA, "grad": grad == GRAD}
    return tuple(name for name, kept in same.items() if not kept)
