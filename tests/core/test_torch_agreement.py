"""sgdanim's optimizers against torch.optim, step by step, in float64.

One torch step per row of the spreadsheet data, in the sheet's order, for three epochs; the
parameters after every step must agree within 1e-9 relative. What matches exactly:

- ``torch.optim.SGD(lr)``                              = sgdanim ``sgd``
- ``SGD(momentum=β, dampening=0)``                      = ``momentum --no-dampening``
- ``SGD(momentum=β, dampening=β)`` does NOT equal ``momentum`` (dampened) from zero: torch starts
  its buffer at the first gradient itself (no (1−β) on step 1) and dampens from step 2 on.
  It equals sgdanim's dampened momentum started at ``mom_<p> = g₁`` (the first row's gradient),
  and torch with its buffer seeded to zeros equals sgdanim's dampened momentum from zero.
- ``RMSprop(alpha=β, eps, centered=False, momentum=0)`` = ``rmsprop`` (eps added outside the √)
- ``Adam(betas=(β, β2), eps)``                          = ``adam --bias-correction``
"""

from __future__ import annotations

import numpy as np
import pytest

from sgdanim.core import data, models
from sgdanim.core.trajectory import RunConfig, run

torch = pytest.importorskip("torch")

EPOCHS = 3
RTOL, ATOL = 1e-9, 1e-12
START = {"a": 0.5, "b": -10.0, "c": 1.5, "d": 2.0}  # b < 0: relu2 is off for some rows


def start(model: str) -> dict[str, float]:
    return {k: START[k] for k in models.get(model).params}


def forward(model: str, p, x):
    if model == "linear":
        return p["b"] + p["a"] * x
    z = p["a"] * x + p["b"]
    hidden = torch.relu(z) if model == "relu2" else z
    return p["c"] * hidden + p["d"]


def torch_path(model, make_opt, init, seed_state=None, epochs=EPOCHS) -> np.ndarray:
    """Params after every step, (T, P) in sgdanim's order, from a per-sample torch loop."""
    ds = data.spreadsheet()
    names = models.get(model).params
    p = {k: torch.tensor(init[k], dtype=torch.float64, requires_grad=True) for k in names}
    opt = make_opt([p[k] for k in names])
    if seed_state:
        for k in names:
            opt.state[p[k]].update(seed_state(p[k]))
    out = []
    for _ in range(epochs):
        for x, y in zip(ds.x.tolist(), ds.y.tolist()):
            opt.zero_grad()
            loss = (forward(model, p, x) - y) ** 2
            loss.backward()
            opt.step()
            out.append([p[k].item() for k in names])
    return np.array(out)


def ours(model, optimizer, lr, init=None, **hyper):
    t = run(RunConfig(model=model, optimizer=optimizer, lr=lr, init=init or start(model),
                      epochs=EPOCHS, **hyper))
    assert t.diverged_at is None
    return t


CASES = [
    # model, sgdanim optimizer and hyperparameters, torch optimizer factory
    ("linear", "sgd", 1e-4, {}, lambda ps: torch.optim.SGD(ps, lr=1e-4)),
    ("relu2", "sgd", 1e-5, {}, lambda ps: torch.optim.SGD(ps, lr=1e-5)),
    ("relu2", "sgd", 1e-4, {}, lambda ps: torch.optim.SGD(ps, lr=1e-4)),  # the ReLU dies
    ("linear2", "sgd", 1e-5, {}, lambda ps: torch.optim.SGD(ps, lr=1e-5)),
    ("linear", "momentum", 1e-5, {"beta": 0.9, "dampening": False},
     lambda ps: torch.optim.SGD(ps, lr=1e-5, momentum=0.9, dampening=0, foreach=False)),
    ("relu2", "momentum", 1e-6, {"beta": 0.8, "dampening": False},
     lambda ps: torch.optim.SGD(ps, lr=1e-6, momentum=0.8, dampening=0, foreach=False)),
    ("linear", "rmsprop", 1e-2, {"beta": 0.9, "eps": 1e-8},
     lambda ps: torch.optim.RMSprop(ps, lr=1e-2, alpha=0.9, eps=1e-8, foreach=False)),
    ("relu2", "rmsprop", 1e-2, {"beta": 0.95, "eps": 1e-3},
     lambda ps: torch.optim.RMSprop(ps, lr=1e-2, alpha=0.95, eps=1e-3, foreach=False)),
    ("linear", "adam", 0.05, {"beta": 0.9, "beta2": 0.99, "eps": 1e-8, "bias_correction": True},
     lambda ps: torch.optim.Adam(ps, lr=0.05, betas=(0.9, 0.99), eps=1e-8, foreach=False)),
    ("relu2", "adam", 0.01, {"beta": 0.8, "beta2": 0.999, "eps": 1e-8, "bias_correction": True},
     lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.8, 0.999), eps=1e-8, foreach=False)),
]


@pytest.mark.parametrize("model,optimizer,lr,hyper,make_opt", CASES,
                         ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES])
def test_matches_torch_every_step(model, optimizer, lr, hyper, make_opt):
    t = ours(model, optimizer, lr, **hyper)
    np.testing.assert_allclose(t.new_params, torch_path(model, make_opt, start(model)),
                               rtol=RTOL, atol=ATOL)


def test_relu_cases_exercise_the_off_side():
    """The relu2 cases above must include rows where the ReLU is off (its derivative is 0)."""
    t = ours("relu2", "rmsprop", 1e-2, beta=0.95, eps=1e-3)
    z = t.param("a") * t.x + t.param("b")
    assert (z <= 0).any() and (z > 0).any()


def test_wrong_hyperparameter_is_caught():
    """Negative control: the comparison notices a different eps in Adam."""
    t = ours("linear", "adam", 0.05, beta=0.9, beta2=0.99, eps=1e-3, bias_correction=True)
    theirs = torch_path("linear", lambda ps: torch.optim.Adam(ps, lr=0.05, betas=(0.9, 0.99),
                                                               eps=1e-8, foreach=False),
                        start("linear"))
    assert not np.allclose(t.new_params, theirs, rtol=RTOL, atol=ATOL)


def test_spreadsheet_adam_is_not_torch_adam():
    """The sheet's Adam (no bias correction, eps 0) differs from torch's from the first step."""
    t = ours("linear", "adam", 0.05, beta=0.9, beta2=0.999)
    theirs = torch_path("linear", lambda ps: torch.optim.Adam(ps, lr=0.05, betas=(0.9, 0.999),
                                                               eps=0.0, foreach=False),
                        start("linear"), epochs=EPOCHS)
    assert not np.allclose(t.new_params[0], theirs[0], rtol=1e-3)


# torch's dampening, exactly


def _damped_torch(lr, beta):
    return lambda ps: torch.optim.SGD(ps, lr=lr, momentum=beta, dampening=beta, foreach=False)


@pytest.mark.parametrize("model,lr", [("linear", 1e-4), ("relu2", 1e-5)])
def test_torch_dampening_skips_the_first_step(model, lr):
    beta, init = 0.9, start(model)
    theirs = torch_path(model, _damped_torch(lr, beta), init)
    from_zero = ours(model, "momentum", lr, beta=beta)
    # Step 1 differs: torch's buffer is g₁, sgdanim's (1−β)·g₁.
    assert not np.allclose(from_zero.new_params[0], theirs[0], rtol=1e-6)
    # Starting sgdanim's momentum at g₁ makes its first update β·g₁ + (1−β)·g₁ = g₁ as well.
    g1 = models.get(model).grad(np.array([init[k] for k in models.get(model).params]),
                                data.spreadsheet().x[0], data.spreadsheet().y[0])
    seeded = dict(init, **{f"mom_{k}": float(v) for k, v in zip(models.get(model).params, g1)})
    np.testing.assert_allclose(ours(model, "momentum", lr, init=seeded, beta=beta).new_params,
                               theirs, rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("model,lr", [("linear", 1e-4), ("relu2", 1e-5)])
def test_torch_with_zero_buffer_is_sgdanim_dampened(model, lr):
    beta = 0.9
    theirs = torch_path(model, _damped_torch(lr, beta), start(model),
                        seed_state=lambda p: {"momentum_buffer": torch.zeros_like(p)})
    np.testing.assert_allclose(ours(model, "momentum", lr, beta=beta).new_params, theirs,
                               rtol=RTOL, atol=ATOL)
