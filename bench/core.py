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


# One lane over long data: run() on plain floats against the numpy lanes it replaced (sweep of
# one lr, which is what run() was), and sgdanim trace end to end, in the same run.
STEP_CASES = (("linear", "sgd", 1e-5), ("linear", "momentum", 1e-5), ("relu2", "adam", 1e-6))
LONG_ROWS = 100_000


def time_steps(repeats: int = 3) -> list[dict]:
    """µs per step of ``run`` and of a one-lane ``sweep`` on LONG_ROWS rows, best of
    ``repeats`` taken in turns, so load on the machine falls on both alike."""
    from sgdanim.core.data import synthetic
    from sgdanim.core.trajectory import run

    rows = synthetic(seed=0, n=LONG_ROWS, noise=3.0)
    out = []
    for model, optimizer, lr in STEP_CASES:
        config = RunConfig(model=model, optimizer=optimizer, lr=lr, data=rows)
        floats = lanes = float("inf")
        for _ in range(repeats):
            start = time.perf_counter()
            run(config)
            middle = time.perf_counter()
            sweep(config, [lr]).lane(0)
            floats, lanes = min(floats, middle - start), min(lanes, time.perf_counter() - middle)
        out.append({"model": model, "optimizer": optimizer, "steps": LONG_ROWS,
                    "floats_us_per_step": floats / LONG_ROWS * 1e6,
                    "lanes_us_per_step": lanes / LONG_ROWS * 1e6, "speedup": lanes / floats})
    return out


def time_trace(repeats: int = 3) -> dict:
    """``sgdanim trace`` of a LONG_ROWS-row CSV in this process, against the same CSV written
    from the numpy lanes (what trace did before it streamed); both must give the same bytes."""
    import contextlib
    import io
    import tempfile

    from sgdanim.cli import main
    from sgdanim.core.data import read_csv, synthetic
    from sgdanim.core.trace import write_csv

    rows = synthetic(seed=0, n=LONG_ROWS, noise=3.0)
    with tempfile.TemporaryDirectory() as tmp:
        path = f"{tmp}/long.csv"
        with open(path, "w") as fh:
            fh.write("x,y\n" + "".join(f"{x!r},{y!r}\n"
                                        for x, y in zip(rows.x.tolist(), rows.y.tolist())))
        streamed = lanes = float("inf")
        for _ in range(repeats):
            now, before = io.StringIO(), io.StringIO()
            start = time.perf_counter()
            with contextlib.redirect_stdout(now):
                assert main(["trace", "--data", path, "--lr", "1e-5"]) == 0
            middle = time.perf_counter()
            config = RunConfig(lr=1e-5, data=read_csv(path))
            write_csv(sweep(config, [config.lr]).lane(0), before)
            streamed = min(streamed, middle - start)
            lanes = min(lanes, time.perf_counter() - middle)
            assert now.getvalue() == before.getvalue()
    return {"rows": LONG_ROWS, "seconds": streamed, "lanes_seconds": lanes,
            "speedup": lanes / streamed}
