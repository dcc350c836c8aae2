"""`sgdanim watch` on the tiny lesson: a render at start, another after each edit of the config
file (the test edits it and waits, with a bound, for the fresh path), a bad edit reported and
watched on, and Ctrl-C (SIGINT) exiting 0 with nothing half-written, even mid-render."""

from __future__ import annotations

import argparse
import json
import queue
import signal
import subprocess
import sys
import threading
import time
import weakref

import pytest

from tests.framekit import decode

pytestmark = pytest.mark.frames
SCRIPT = ("import faulthandler, signal, sys; faulthandler.register(signal.SIGUSR1); "
          "from tests.conftest import register_tiny; register_tiny(); "
          "from sgdanim.cli import main; sys.exit(main(sys.argv[1:]))")
WAIT = 120  # seconds any one step may take on a busy machine


class Watch:
    """A running ``sgdanim watch``, its stdout and stderr read line by line."""

    def __init__(self, out, config):
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SCRIPT, "watch", "tiny", "--quality", "test", "--split", "1",
             "--config", str(config), "--out", str(out), "--poll", "0.1"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines = {"stdout": queue.Queue(), "stderr": queue.Queue()}
        for name in self.lines:
            threading.Thread(target=self._read, args=(name,), daemon=True).start()

    def _read(self, name):
        for line in getattr(self.proc, name):
            self.lines[name].put(line.rstrip("\n"))

    def wait_for(self, name: str, text: str) -> str:
        """The next line on ``name`` holding ``text`` (earlier lines there are passed over)."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                line = self.lines[name].get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            if text in line:
                return line
        raise AssertionError(f"no {text!r} on {name} within {WAIT} s")

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:  # where it hangs, in the failure's message
            self.proc.send_signal(signal.SIGUSR1)
            time.sleep(2)
            said = [self.lines["stderr"].get() for _ in range(self.lines["stderr"].qsize())]
            raise AssertionError("still running after Ctrl-C:\n" + "\n".join(said[-60:]))
        finally:
            self.proc.kill()


def save(config, text: str) -> None:
    """Write the config as an editor saves it: a new file renamed over the old."""
    tmp = config.with_name(config.name + ".new")
    tmp.write_text(text)
    tmp.replace(config)


def lr_of(out) -> float:
    return json.loads((out / "tiny" / "tiny-test.json").read_text())["params"]["lr"]


def leftovers(out) -> list:
    temporary = [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    return temporary + list((out / ".cache" / "tmp").glob("*"))


def test_watch_renders_each_edit_and_stops_cleanly(tmp_path):
    config, out = tmp_path / "tiny.toml", tmp_path / "media"
    config.write_text("[tiny]\nlr = 0.3\n")
    watch = Watch(out, config)
    try:
        first = watch.wait_for("stdout", "tiny-test.mp4")
        watch.wait_for("stderr", "watching")
        assert lr_of(out) == 0.3
        save(config, "[tiny]\nlr = 0.5\n")
        assert watch.wait_for("stdout", "tiny-test.mp4") == first
        watch.wait_for("stderr", "watching")
        assert lr_of(out) == 0.5  # the negative control of the first render's check
        save(config, "[tiny]\nlr = 2\n")
        assert "lr=2" in watch.wait_for("stderr", "sgdanim: watch:")
        watch.wait_for("stderr", "watching")
        save(config, "[tiny]\nlr = 0.7\nseconds = 30\n")
        watch.wait_for("stderr", "rendering")
        time.sleep(0.5)  # into the render
    finally:
        rc = watch.stop()
    assert rc == 0
    assert leftovers(out) == []
    assert lr_of(out) in (0.5, 0.7)
    frames, _ = decode(out / "tiny" / "tiny-test.mp4")  # whichever it is, it is whole
    assert len(frames) == json.loads((out / "tiny" / "tiny-test.json").read_text())["frames"]


def _drop_a_ctrl_c() -> None:
    """Ctrl-C while Python runs a weakref callback: its KeyboardInterrupt is printed, then
    dropped (what left CI's watch running)."""
    class Thing:
        pass

    thing = Thing()
    ref = weakref.ref(thing, lambda _: signal.raise_signal(signal.SIGINT))
    del thing
    assert ref() is None


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_dropped_ctrl_c_still_stops_the_wait(tmp_path):
    from sgdanim.lessons import get
    from sgdanim.render import watch as w

    config = tmp_path / "tiny.toml"
    config.write_text("[tiny]\nlr = 0.3\n")
    args, lesson = argparse.Namespace(config=str(config), poll=0.01), get("stepping")
    seen = w.snapshot(w._watched(args, lesson))
    with w.ctrl_c_remembered() as pressed:
        _drop_a_ctrl_c()  # no exception reaches here
        assert pressed == [signal.SIGINT]
        with pytest.raises(KeyboardInterrupt):
            w._wait_for_change(args, lesson, seen, pressed)
    # The negative control: the same dropped Ctrl-C, unremembered, leaves the wait waiting
    # (it returns here only because the file changed).
    _drop_a_ctrl_c()
    save(config, "[tiny]\nlr = 0.4\n")
    w._wait_for_change(args, lesson, seen, [])


def test_the_wait_reads_a_same_sized_edit_and_not_a_touch(tmp_path, monkeypatch):
    """An edit to a value of the same width ("0.3" to "0.4") is caught from the stamps; a
    save that leaves the bytes as they were is read and waited past (control: the wait
    returns once the bytes change). Each wait is bounded."""
    from sgdanim.lessons import get
    from sgdanim.render import watch as w

    config = tmp_path / "tiny.toml"
    config.write_text("[tiny]\nlr = 0.3\n")
    args, lesson = argparse.Namespace(config=str(config), poll=0.01), get("stepping")
    seen = w.snapshot(w._watched(args, lesson))
    read, reads = w.snapshot, []
    monkeypatch.setattr(w, "snapshot", lambda paths: reads.append(1) or read(paths))
    done = threading.Event()
    threading.Thread(target=lambda: (w._wait_for_change(args, lesson, seen, []), done.set()),
                     daemon=True).start()
    time.sleep(0.1)
    before = len(reads)
    save(config, "[tiny]\nlr = 0.3\n")     # the same bytes, in a new file
    assert not done.wait(0.5)              # still waiting...
    assert len(reads) > before             # ...having read them
    save(config, "[tiny]\nlr = 0.4\n")     # the same size, other bytes
    assert done.wait(5)


def test_a_stopped_watch_removes_its_own_work_folders_only(tmp_path):
    """On the way out of a watch stopped mid-render, this process's work folders under the
    cache go, even one a late write left (an empty manim/texts, seen once in CI); another
    live process's stays (the control: a concurrent render of the same folder)."""
    import os

    from sgdanim.render.watch import _remove_own_workdirs
    tmp = tmp_path / ".cache" / "tmp"
    mine, theirs = tmp / f"{os.getpid()}-0a0b", tmp / f"{os.getppid()}-0c0d"
    (mine / "manim" / "texts").mkdir(parents=True)
    (theirs / "manim").mkdir(parents=True)
    _remove_own_workdirs(tmp_path)
    assert not mine.exists() and theirs.is_dir()
    _remove_own_workdirs(tmp_path / "never-rendered")      # no cache there: nothing to do
