"""The core's lr sweep against the plain torch.optim loop a user would otherwise write."""

from __future__ import annotations

import time

import numpy as np

from sgdanim.core.trajectory import RunConfig, sweep

N_LRS, EPOCHS = 1000, 100


def _lrs(n: int) -> np.ndarray:
    # Spans stable and runaway rates, so divergence handling is part of what is timed.
    return np.geomspace(1e-6, 1e-3, n)


def time_sweep(repeats: int = 3) -> dict:
    config = RunConfig(epochs=EPOCHS)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        result = sweep(config, _lrs(N_LRS))
        best = min(best, time.perf_counter() - start)
    diverged = sum(d is not None for d in result.diverged_at)
    return {"lrs": N_LRS, "epochs": EPOCHS, "steps": EPOCHS * 29, "seconds": best,
            "diverged_lanes": diverged}


def time_torch_loop(sample: int = 8) -> dict | None:
    """Per-lr torch.optim.SGD loops over the rows; timed on ``sample`` lrs and scaled to all."""
    try:
        import torch
    except ImportError:
        return None
    from sgdanim.core.data import spreadsheet

    ds = spreadsheet()
    xs = torch.tensor(ds.x, dtype=torch.float64)
    ys = torch.tensor(ds.y, dtype=torch.float64)
    lrs = _lrs(N_LRS)[:: N_LRS // sample][:sample]
    torch.set_num_threads(1)
    start = time.perf_counter()
    for lr in lrs:
        a = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
        b = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
        opt = torch.optim.SGD([a, b], lr=float(lr))
        for _ in range(EPOCHS):
            for i in range(len(ds)):
                opt.zero_grad()
                loss = (b + a * xs[i] - ys[i]) ** 2
                loss.backward()
                opt.step()
    elapsed = time.perf_counter() - start
    return {"lrs_timed": len(lrs), "seconds_timed": elapsed,
            "seconds": elapsed * N_LRS / len(lrs), "extrapolated": True,
            "torch": torch.__version__}
