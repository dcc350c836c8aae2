"""Rendering on Dask (``--scheduler``): the movie, captions and sidecar are byte for byte those
of a one-machine render, on a local cluster, on a scheduler and worker started as programs,
and when a worker is killed in the middle of its part. Every test renders the example lesson
at test quality; the workers learn it from the preload ``tests/render/dask_lessons.py``."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import sgdanim.lessons
from sgdanim.cli import main
from tests.conftest import TINY_LESSONS

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.xdist_group("dask")  # one test process: two clusters at once is 4 renders

ROOT = Path(__file__).resolve().parents[2]
PRELOAD = "tests.render.dask_lessons"
PAUSE = 2  # seconds a program-started worker pauses in its part, to be killed there
PUBLISHED = ("tiny/tiny-test.mp4", "tiny/tiny-test.srt", "tiny/tiny-test.json",
             "tiny/tiny-test.chapters.vtt")


def render(out: Path, *extra) -> tuple[int, str, str]:
    """``sgdanim render tiny --quality test`` in this process: (exit code, stdout, stderr)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        rc = main(["render", "tiny", "--quality", "test", "--out", str(out), *extra])
    return rc, stdout.getvalue(), stderr.getvalue()


def assert_same_files(got: Path, want: Path) -> None:
    for name in PUBLISHED:
        assert (got / name).read_bytes() == (want / name).read_bytes(), name


def leftovers(out: Path) -> list[str]:
    """Temporary files or work folders left in the output folder."""
    tmp = [p for p in (out / ".cache" / "tmp").rglob("*") if p.is_dir() and p.parent.name == "tmp"
           and p.name[:1].isdigit()] if (out / ".cache" / "tmp").is_dir() else []
    return sorted(str(p) for p in [*tmp, *out.rglob(".*.tmp")])


@pytest.fixture(scope="module")
def one_machine(tmp_path_factory):
    """The reference: tiny rendered here, without Dask."""
    out = tmp_path_factory.mktemp("one-machine")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sgdanim.lessons, "all_lessons", lambda: TINY_LESSONS)
        rc, _, err = render(out)
    assert rc == 0, err
    return out


@pytest.fixture
def preloaded(tiny_lessons):
    """The example lessons here and in every Dask worker a local cluster starts."""
    import dask

    with dask.config.set({"distributed.worker.preload": [PRELOAD]}):
        yield


def test_local_cluster_is_byte_identical(tmp_path, preloaded, one_machine):
    rc, out, err = render(tmp_path, "--scheduler", "local:2")
    assert rc == 0, err
    assert "reusing axis, walk" in err  # this process drew nothing: it joined
    pids = {int(line.rpartition("pid ")[2].rstrip(")")) for line in err.splitlines()
            if ": drawn in " in line}
    assert len(pids) >= 1 and os.getpid() not in pids, err
    assert_same_files(tmp_path, one_machine)
    assert leftovers(tmp_path) == []
    # the negative control: one parameter changed gives other bytes, so the check can fail
    rc, _, err = render(tmp_path / "other", "--set", "lr=0.5")
    assert rc == 0, err
    assert ((tmp_path / "other" / PUBLISHED[0]).read_bytes()
            != (one_machine / PUBLISHED[0]).read_bytes())


def _wait_for(what: str, ready, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = ready()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"no {what} within {seconds} s")


@pytest.fixture(scope="module")
def dask_programs(tmp_path_factory):
    """``dask scheduler`` on loopback and one ``dask worker`` (2 processes, 1 thread each),
    started as programs; yields the scheduler's address; stopped by their own pids."""
    folder = tmp_path_factory.mktemp("dask")
    address_file = folder / "scheduler.json"
    dask_cli = str(Path(sys.executable).parent / "dask")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SGDANIM_TEST_PART_PAUSE": str(PAUSE)}
    common = dict(cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                  stderr=open(folder / "log.txt", "wb"))
    started = []
    try:
        started.append(subprocess.Popen(
            [dask_cli, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
             "--scheduler-file", str(address_file)], **common))
        address = _wait_for("scheduler address", lambda: address_file.is_file() and json.loads(
            address_file.read_text() or "{}").get("address"), 30)
        started.append(subprocess.Popen(
            [dask_cli, "worker", address, "--nworkers", "2", "--nthreads", "1",
             "--no-dashboard", "--memory-limit", "0", "--preload", PRELOAD], **common))
        with distributed.Client(address, timeout=10, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for proc in reversed(started):
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)


def test_scheduler_and_worker_programs(tmp_path, tiny_lessons, dask_programs, one_machine):
    rc, out, err = render(tmp_path, "--scheduler", dask_programs)
    assert rc == 0, err
    assert "2 parts to draw on 2 Dask worker(s)" in err
    assert_same_files(tmp_path, one_machine)


def _worker_drawing(out: Path, pids: set[int]) -> int | None:
    """The pid of a worker whose part's work folder exists (it is drawing), if any."""
    for folder in (out / ".cache" / "tmp").glob("host-*/tmp/*"):
        pid = int(folder.name.partition("-")[0])
        if pid in pids and (folder / "manim").is_dir():
            return pid
    return None


def test_worker_killed_mid_part(tmp_path, tiny_lessons, dask_programs, one_machine):
    with distributed.Client(dask_programs, timeout=10, set_as_default=False) as client:
        pids = set(client.run(os.getpid).values())
    result = {}
    thread = threading.Thread(target=lambda: result.update(zip(
        ("rc", "out", "err"), render(tmp_path, "--scheduler", dask_programs))))
    thread.start()
    try:
        victim = _wait_for("worker drawing a part", lambda: _worker_drawing(tmp_path, pids), 60)
        time.sleep(0.5)  # inside the part (it pauses PAUSE s at its start)
        os.kill(victim, signal.SIGKILL)
    finally:
        thread.join(timeout=120)
    assert not thread.is_alive()
    assert result["rc"] == 0, result["err"]
    drawn_by = {int(line.rpartition("pid ")[2].rstrip(")")) for line in result["err"].splitlines()
                if ": drawn in " in line}
    assert victim not in drawn_by and len(drawn_by) >= 1, result["err"]
    assert_same_files(tmp_path, one_machine)
    # Only the killed worker's own work folder is left, in the cache's tmp; the next task on
    # this host sweeps it (its owner is dead), and nothing half-written is anywhere else.
    left = leftovers(tmp_path)
    assert all(Path(p).name.startswith(f"{victim}-") for p in left), left
    from sgdanim.render.distributed import _host_workdir

    _wait_for("the killed worker reaped", lambda: not Path(f"/proc/{victim}").exists(), 10)
    fresh = _host_workdir(tmp_path)
    assert leftovers(tmp_path) == [str(fresh)]


def test_unreachable_scheduler_is_bad_input(tmp_path, tiny_lessons, monkeypatch):
    from sgdanim.render import distributed as executor

    monkeypatch.setattr(executor, "CONNECT_SECONDS", 2)
    started = time.monotonic()
    rc, out, err = render(tmp_path / "never", "--scheduler", "tcp://127.0.0.1:1")
    assert (rc, out) == (2, "")
    assert err.count("\n") == 1 and "tcp://127.0.0.1:1" in err and "no Dask scheduler" in err
    assert time.monotonic() - started < 10
    assert not (tmp_path / "never").exists()


@pytest.mark.parametrize("value", ["local:0", "local:x", "127.0.0.1:8786", "http://h:1"])
def test_bad_scheduler_values(tmp_path, tiny_lessons, value):
    rc, out, err = render(tmp_path / "never", "--scheduler", value)
    assert (rc, out) == (2, "") and err.count("\n") == 1 and repr(value) in err
    assert not (tmp_path / "never").exists()


def test_environment_names_the_scheduler(tmp_path, tiny_lessons, monkeypatch):
    monkeypatch.setenv("SGDANIM_SCHEDULER", "local:zero")
    rc, _, err = render(tmp_path / "never")
    assert rc == 2 and "'local:zero'" in err


def test_dask_is_imported_only_with_a_scheduler(one_machine):
    """A cached render and --help in a fresh interpreter leave dask unimported."""
    code = ("import sys, contextlib, io\n"
            "from tests.conftest import register_tiny\n"
            "register_tiny()\n"
            "from sgdanim.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    rc = main(['render', 'tiny', '--quality', 'test', '--out', {str(one_machine)!r},"
            "])\n"
            "    try:\n"
            "        main(['render', '--help'])\n"
            "    except SystemExit:\n"
            "        pass\n"
            "print(rc, sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.strip() == "0 []", done.stderr


def test_sweep_on_the_cluster(tmp_path, tiny_lessons, dask_programs, one_machine):
    """A sweep goes through the same executor: its default-lr clip is the one-machine clip,
    byte for byte, and its other clip differs (the negative control)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        rc = main(["sweep", "tiny", "--quality", "test", "--out", str(tmp_path),
                   "--grid", "lr=0.3,0.5", "--scheduler", dask_programs])
    assert rc == 0, stderr.getvalue()
    assert "3 parts to draw" in stderr.getvalue()  # the axis, which lr leaves alone, once
    assert_same_files(tmp_path / "lr=0.3", one_machine)
    assert ((tmp_path / "lr=0.5" / PUBLISHED[0]).read_bytes()
            != (one_machine / PUBLISHED[0]).read_bytes())
    page = (tmp_path / "index.html").read_text()
    assert stdout.getvalue().splitlines()[-1] == str(tmp_path / "index.html")
    assert 'src="lr=0.3/tiny/tiny-test.mp4"' in page and 'src="lr=0.5/tiny/tiny-test.mp4"' in page


def test_the_api_takes_a_scheduler(tmp_path, tiny_lessons, monkeypatch):
    import sgdanim
    from sgdanim.render import distributed as executor

    monkeypatch.setattr(executor, "CONNECT_SECONDS", 1)
    with pytest.raises(sgdanim.UsageError, match="'tcp://127.0.0.1:1': no Dask scheduler"):
        sgdanim.render("tiny", quality="test", out=tmp_path / "never",
                       scheduler="tcp://127.0.0.1:1")
    assert not (tmp_path / "never").exists()
