"""How the ``sgdanim`` command leaves (``sgdanim.cli.run``): by ``os._exit`` once ``main`` has
returned, skipping the interpreter's teardown, so it must flush what ``main`` printed first.

Real processes, with Python's output buffered as it is in a terminal-less run (this machine's
environment sets PYTHONUNBUFFERED, which would hide a lost buffer).
"""

from __future__ import annotations

import os
import subprocess
import sys

from sgdanim import cli

RUN = "from sgdanim import cli; cli.run()"
# the control: the same exit without the flush
UNFLUSHED = "import os, sys; from sgdanim import cli; os._exit(cli.main(sys.argv[1:]))"
BUFFERED = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def command(code: str, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *argv], capture_output=True,
                          env=BUFFERED, timeout=60)


def test_everything_main_printed_is_out_before_the_command_leaves(capsys):
    """``list`` prints more than Python's 8 KiB output buffer: all of it arrives, byte for byte
    as ``main`` prints it in this process. Without the flush the tail is lost (the control),
    so this test can fail."""
    assert cli.main(["list"]) == 0
    expected = capsys.readouterr().out.encode()
    assert len(expected) > 8192
    whole, unflushed = command(RUN, "list"), command(UNFLUSHED, "list")
    assert whole.returncode == 0 and whole.stdout == expected
    assert unflushed.returncode == 0 and 0 < len(unflushed.stdout) < len(expected)


def test_its_exit_status_is_mains():
    """Bad input still exits 2 with one line and nothing on stdout; a good command exits 0."""
    bad = command(RUN, "trace", "--lr", "-1")
    assert bad.returncode == 2 and bad.stdout == b""
    assert bad.stderr.decode().splitlines() == [
        "sgdanim: error: lr=-1.0 must be a finite number > 0"]
    assert command(RUN, "--help").returncode == 0


def test_under_a_profiler_it_exits_as_usual(tmp_path):
    """``python -m cProfile`` writes its profile as the interpreter ends: the command leaves
    the usual way under it, and the profile is there. The control leaves by ``os._exit``
    under the same profiler and writes none."""
    script = tmp_path / "leave_at_once.py"
    script.write_text("import os\nfrom sgdanim import cli\ncli.main(['list'])\nos._exit(0)\n")

    def profiled(out, *target):
        return subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), *target],
                              capture_output=True, env=BUFFERED, timeout=60)

    kept, lost = tmp_path / "kept.prof", tmp_path / "lost.prof"
    assert profiled(kept, "-m", "sgdanim.cli", "list").returncode == 0
    assert kept.stat().st_size > 0
    assert profiled(lost, str(script)).returncode == 0 and not lost.exists()   # control
