"""The forum thread's run (sgdanim/lessons/thread_run.py) is each sharing lesson's defaults:
overshoot's thread, relu-sandwich's race and momentum's rows. A lesson tells another's run as
its own only on these settings, so a default moved in one lesson alone must fail here."""

from sgdanim.lessons import get
from sgdanim.lessons.thread_run import DATA, differs


def test_each_lessons_defaults_are_the_threads():
    shoot, relu = get("overshoot").defaults(), get("relu-sandwich").defaults()
    assert differs(shoot.lr_thread, shoot.init, shoot.data, shoot.grad) == ()
    assert differs(relu.lr, relu.init, relu.data, relu.grad) == ()
    momentum = get("momentum").defaults()     # its runs start from the sheet's a = b = 1
    assert momentum.data == DATA and differs(momentum.lr, (1.0,), momentum.data,
                                             momentum.grad) == ()


def test_a_setting_moved_is_named():
    """Control: each setting moved alone is the one named, in the order lr, init, data, grad."""
    relu = get("relu-sandwich")
    for sets, named in ((["lr=1e-3"], ("lr",)), (["init=1,1,1,2"], ("init",)),
                        (["data=synthetic"], ("data",)), (["grad=analytic"], ("grad",)),
                        (["grad=analytic", "lr=2e-4"], ("lr", "grad"))):
        p = relu.resolve(sets=sets)
        assert differs(p.lr, p.init, p.data, p.grad) == named
