"""What a trace will not do, and what a user sees at the edges: caps on steps, lines and
rows (named in the refusal), data from stdin, progress on a terminal, Ctrl-C, and the one line
of a failure that is not the user's."""

from __future__ import annotations

import io
import os
import pty
import signal
import subprocess
import sys
import time

import pytest

from sgdanim import cli
from sgdanim.core import data
from tests.test_cli_trace import CMD, assert_one_line_refusal, sgdanim


def refusal(capsys, *argv, needle):
    code = cli.main(["trace", *argv])
    out, err = capsys.readouterr()
    assert_one_line_refusal(code, out, err, needle)
    return err


def test_a_huge_epoch_count_is_refused_up_front(capsys):
    err = refusal(capsys, "--epochs", "99999999999", needle="the most is 1,000,000,000")
    assert "2,899,999,999,971 steps" in err


def test_a_file_with_no_end_is_refused_at_the_line_cap(capsys):
    refusal(capsys, "--data", "/dev/zero", needle="longer than 4,096 characters")


def test_a_line_of_megabytes_is_refused(tmp_path, capsys):
    path = tmp_path / "wide.csv"
    path.write_text("x,y\n1,2\n3," + "4" * 3_000_000 + "\n")
    refusal(capsys, "--data", str(path), needle=f"{path}:3: line is longer than 4,096")


def test_the_line_cap_is_a_cap_not_a_guess(tmp_path, capsys):
    """Negative control: a line of exactly 4,096 characters is read."""
    path = tmp_path / "edge.csv"
    path.write_text("x,y\n1," + "0" * (data.MAX_LINE_CHARS - 3) + "2\n")
    assert cli.main(["trace", "--data", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("1,1,1.0,2.0,")


def test_too_many_lines_are_refused_at_the_cap(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(data, "MAX_LINES", 5)
    path = tmp_path / "long.csv"
    path.write_text("x,y\n" + "1,2\n" * 4)
    assert cli.main(["trace", "--data", str(path)]) == 0  # 5 lines: the cap itself is fine
    capsys.readouterr()
    path.write_text("x,y\n" + "1,2\n" * 5)
    refusal(capsys, "--data", str(path), needle="more than 5 lines")


def test_an_endless_pipe_is_refused_at_the_line_cap():
    """`yes` never ends; the trace stops reading at the cap (made small here) and says so."""
    script = ("import sys; from sgdanim.core import data; data.MAX_LINES = 1000; "
              "from sgdanim.cli import main; sys.exit(main(sys.argv[1:]))")
    yes = subprocess.Popen(["yes", "1,2"], stdout=subprocess.PIPE)
    done = subprocess.run([sys.executable, "-c", script, "trace", "--data", "-"],
                          stdin=yes.stdout, capture_output=True, text=True, timeout=60)
    yes.kill()
    yes.wait()
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == ("sgdanim: error: <stdin>:1: header must be 'x,y', got '1,2'\n")


def test_data_from_stdin(tmp_path):
    rows = b"x,y\r\n1,3\r\n2,5\r\n"
    piped = subprocess.run([*CMD, "trace", "--data", "-"], input=rows, capture_output=True,
                           timeout=60)
    path = tmp_path / "same.csv"
    path.write_bytes(rows)
    assert piped.returncode == 0 and piped.stderr == b""
    assert piped.stdout == sgdanim("trace", "--data", str(path)).stdout.encode()
    assert len(piped.stdout.splitlines()) == 3


def test_empty_stdin_is_bad_input(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(b""))))
    refusal(capsys, "--data", "-", needle="<stdin>' has no 'x,y' header")


@pytest.mark.parametrize("raw,xs", [
    (b'"x","y"\n"1","3"\n', [1.0]),                                  # quoted cells
    (b"\xff\xfe" + "x,y\n2,5\n".encode("utf-16-le"), [2.0]),          # UTF-16 with its mark
    (b"\xef\xbb\xbfx,y\r\n\r\n# note\r\n3,7\r\n", [3.0]),              # Excel: BOM, CRLF
    (b"x,y\r4,9\r", [4.0]),                                           # old Mac line ends
])
def test_csv_dialects_are_read(tmp_path, raw, xs):
    path = tmp_path / "d.csv"
    path.write_bytes(raw)
    assert data.read_csv(path).x.tolist() == xs


def test_latin1_is_refused_with_what_to_do(tmp_path, capsys):
    path = tmp_path / "latin.csv"
    path.write_bytes(b"x,y\n1,2\n# caf\xe9\n")
    refusal(capsys, "--data", str(path), needle="is not UTF-8 text")


def test_a_path_with_a_nul_byte_is_refused(capsys):
    """The fuzzer's find: ``data=\\x00`` reached open(), whose ValueError ("embedded null byte")
    left as exit 1; a path that names a missing file is the control, refused as before."""
    refusal(capsys, "--data", "a\x00b.csv", needle="it holds a NUL byte")
    refusal(capsys, "--data", "absent.csv", needle="does not exist")


def _ctrl_c_as_on_a_terminal():
    """SIGINT back to its default in the child, so Python installs its Ctrl-C handler there: a
    test run started in the background (``make test &``) hands its children SIGINT ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_says_interrupted_and_exits_130():
    proc = subprocess.Popen([*CMD, "trace", "--epochs", "1000000"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, preexec_fn=_ctrl_c_as_on_a_terminal)
    assert proc.stdout.readline().startswith(b"epoch,step,")
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err == b"sgdanim: interrupted\n"
    assert (out.endswith(b"\n") or out == b"")  # whole lines only: chunks end with one


def run_on_a_terminal(argv, seconds=60):
    """Run ``sgdanim`` with stderr on a pseudo-terminal; returns (exit code, what it showed)."""
    main_fd, term = pty.openpty()
    proc = subprocess.Popen([*CMD, *argv], stdout=subprocess.DEVNULL, stderr=term)
    os.close(term)
    shown = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            chunk = os.read(main_fd, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    os.close(main_fd)
    return proc.wait(timeout=seconds), shown.decode()


# 290,000 steps: 3-5 s of CSV here, well past the 0.5 s after which progress shows
LONG_TRACE = ["trace", "--epochs", "10000"]


def test_a_long_trace_shows_progress_on_a_terminal():
    code, shown = run_on_a_terminal(LONG_TRACE)
    assert code == 0
    assert "\rsgdanim: trace: step " in shown and " of 290,000 (" in shown
    assert shown.endswith("\r")  # and the line is wiped at the end


def test_no_progress_off_a_terminal_or_when_quick():
    """Negative controls: a pipe gets no progress; a quick trace on a terminal shows none."""
    done = subprocess.run([*CMD, *LONG_TRACE], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, timeout=120)
    assert done.returncode == 0 and done.stderr == b""
    assert run_on_a_terminal(["trace"]) == (0, "")


def test_a_failure_that_is_not_the_users_is_one_line_with_where(capsys, monkeypatch):
    from sgdanim.core import trace

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(trace, "write_rows", broken)
    assert cli.main(["trace"]) == 1
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("sgdanim: failed: OSError: [Errno 28] No space left on device (at ")
    assert "sgdanim/core/trace.py:" in err and "in stream_csv" in err
    with pytest.raises(OSError):
        cli.main(["trace", "--debug"])
