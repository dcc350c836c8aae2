"""The lock per cache key (sgdanim/render/lock.py): a second holder waits and says so, a
killed holder leaves nothing to clear, and two real renders of one clip render it once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sgdanim.render.lock import hold

ROOT = Path(__file__).resolve().parents[2]
HOLDER = ("import sys, time; from pathlib import Path; from sgdanim.render.lock import hold\n"
          "with hold(Path(sys.argv[1]), 'k', 'tiny-test'):\n"
          "    print('held', flush=True); time.sleep(float(sys.argv[2]))\n"
          "    Path(sys.argv[1], 'released').write_text(repr(time.time()))\n")


def start_holder(folder: Path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(folder), str(seconds)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "held\n"
    return proc


def test_a_second_render_waits_for_the_first_and_says_so(tmp_path, capfd):
    proc = start_holder(tmp_path, 1.0)
    with hold(tmp_path, "k", "tiny-test") as waited:
        got_it = time.time()
    proc.wait()
    err = capfd.readouterr().err
    assert waited
    assert err == f"sgdanim: waiting for another render of tiny-test (pid {proc.pid})\n"
    assert got_it >= float((tmp_path / "released").read_text())


def test_no_one_holding_means_no_wait(tmp_path, capfd):
    """Negative control of the test above: the same call alone neither waits nor speaks."""
    with hold(tmp_path, "k", "tiny-test") as waited:
        pass
    assert not waited and capfd.readouterr().err == ""
    assert list(tmp_path.iterdir()) == []


def test_a_killed_holder_leaves_no_lock(tmp_path, capfd):
    proc = start_holder(tmp_path, 60.0)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert (tmp_path / "k.lock").read_text() == f"{proc.pid}\n"  # its file is still there
    started = time.monotonic()
    with hold(tmp_path, "k", "tiny-test") as waited:
        assert (tmp_path / "k.lock").read_text() == f"{os.getpid()}\n"
    assert not waited and time.monotonic() - started < 1.0
    assert not (tmp_path / "k.lock").exists()


def test_a_waiter_goes_on_when_the_holder_is_killed(tmp_path, capfd):
    proc = start_holder(tmp_path, 60.0)
    got = []
    waiter = threading.Thread(target=lambda: got.append(hold(tmp_path, "k", "x").__enter__()))
    waiter.start()
    time.sleep(0.3)
    assert got == []  # still waiting
    os.kill(proc.pid, signal.SIGKILL)
    waiter.join(timeout=5)
    assert got == [True]


def test_holders_of_one_key_never_overlap(tmp_path):
    """Four threads take the lock 25 times each; no two are ever inside at once, although
    each removes the file as it leaves (the inode check keeps a late waiter out)."""
    inside, seen = [], []

    def work():
        for _ in range(25):
            with hold(tmp_path, "k", "x"):
                inside.append(1)
                seen.append(len(inside))
                time.sleep(0.0005)
                inside.pop()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(seen) == 100 and max(seen) == 1


@pytest.mark.frames
def test_two_renders_of_one_clip_render_it_once(tmp_path):
    out = tmp_path / "media"
    script = ("import sys; from tests.conftest import register_tiny; register_tiny(); "
              "from sgdanim.cli import main; sys.exit(main(sys.argv[1:]))")
    args = ["render", "tiny", "--quality", "test", "--set", "seconds=6", "--out", str(out)]
    procs = [subprocess.Popen([sys.executable, "-c", script, *args], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    results = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    errs = sorted((err for _, err in results), key=lambda e: "waiting" in e)
    assert "tiny-test: rendered in" in errs[0] and "waiting" not in errs[0]
    assert "sgdanim: waiting for another render of tiny-test (pid" in errs[1]
    assert "tiny-test: cached" in errs[1] and "rendered in" not in errs[1]
    assert results[0][0] == results[1][0]  # both list the same files


def test_a_stop_during_publishing_waits_for_the_last_file():
    """Ctrl-C while a clip's files are renamed into place lands after the last one: the steps
    in the block all run, then the KeyboardInterrupt comes. Negative control: the same steps
    outside the block stop at the signal."""
    import signal

    # Python's own Ctrl-C handler, as a terminal's process has it: a test run started in the
    # background (``make test &``) inherits SIGINT ignored, and the signal would never land.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        _stop_during_publishing()
    finally:
        signal.signal(signal.SIGINT, previous)


def _stop_during_publishing():
    import os
    import signal

    from sgdanim.render.lock import interrupts_held

    def publish(steps):
        steps.append("mp4")
        os.kill(os.getpid(), signal.SIGINT)
        steps.append("json")

    held = []
    with pytest.raises(KeyboardInterrupt):
        with interrupts_held():
            publish(held)
    assert held == ["mp4", "json"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler

    unheld = []
    with pytest.raises(KeyboardInterrupt):
        publish(unheld)
    assert unheld == ["mp4"]


def test_a_waiter_that_comes_before_the_holders_pid_still_names_it(tmp_path):
    """The holder writes its pid just after it takes the lock; a second render that tries in
    between read an empty file and said "waiting for another render of tiny-test" without
    the pid (CI saw it). It now waits a moment for the pid. Control: with no patience, the
    empty file gives no pid."""
    import os
    import threading

    from sgdanim.render.lock import _holder

    path = tmp_path / "key.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    try:
        assert _holder(fd, patience=0) == ""
        threading.Timer(0.1, lambda: path.write_text("4242\n")).start()
        assert _holder(fd) == " (pid 4242)"
    finally:
        os.close(fd)
