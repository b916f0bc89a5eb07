"""Ctrl-C, SIGTERM and kill -9 during `run`, `compare`, `size` and `drill` (issue 21).

A stop asked by SIGINT or SIGTERM stops the simulation's processes, removes the temporary file
and says "interrupted after N of M replications; nothing written", exit 128 + the signal. A
signal the shell made the job ignore stays ignored by every process of the run. A results file
is only ever complete or absent under its final name, and a temporary file left by kill -9 is
removed by the next run. Each run gets a process group of its own, as a shell job does, so that
"Ctrl-C" is SIGINT to the whole group.
"""
import os
import pathlib
import random
import re
import signal
import subprocess
import time

import h5py
import pytest

DISTRICT = "scenarios/yunlianghu/scenario.yaml"
INTERRUPTED = re.compile(r"^readysim: interrupted after (\d+) of (\d+) replications; nothing written$", re.M)


def _children(pid: int) -> list[int]:
    out = []
    for entry in pathlib.Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        if int(fields[1]) == pid:  # ppid
            out.append(int(entry.name))
    return out


def _group_members(pgid: int) -> list[int]:
    out = []
    for entry in pathlib.Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            out.append(int(entry.name))
    return out


def _start(readysim_bin, *args, ignore_sigint=False):
    def prepare():
        if ignore_sigint:  # what a shell does to a script's background job
            signal.signal(signal.SIGINT, signal.SIG_IGN)
    return subprocess.Popen([str(readysim_bin), *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True, preexec_fn=prepare)


def _wait_for_workers(proc, timeout=60.0):
    """Waits until the run's coordinator has forked its workers (the simulation is under way)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        for child in _children(proc.pid):
            if _children(child):
                return
        if proc.poll() is not None:
            raise AssertionError(f"the run ended before its workers started: {proc.communicate()}")
        time.sleep(0.02)
    raise AssertionError("the workers never started")


def _wait_for_handlers(proc, timeout=60.0):
    """Waits until readysim catches SIGTERM (its command began; before that, while the dynamic
    loader maps its libraries, any signal ends it by the default action, as for every program)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end and proc.poll() is None:
        try:
            status = pathlib.Path(f"/proc/{proc.pid}/status").read_text()
        except OSError:
            return
        caught = int(re.search(r"^SigCgt:\s*([0-9a-f]+)$", status, re.M).group(1), 16)
        if caught & (1 << (signal.SIGTERM - 1)):
            return
        time.sleep(0.005)


def _finish(proc, timeout=60):
    out, err = proc.communicate(timeout=timeout)
    # The run's processes are gone with it: none of its group is left behind.
    end = time.monotonic() + 10
    while _group_members(proc.pid) and time.monotonic() < end:
        time.sleep(0.05)
    assert _group_members(proc.pid) == [], "processes of the run outlived it"
    return proc.returncode, out, err


def _no_temporaries(folder: pathlib.Path):
    assert [p.name for p in folder.iterdir() if ".tmp-" in p.name] == []


@pytest.fixture(scope="module")
def district(source_dir):
    return source_dir / DISTRICT


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_run_stopped_by_the_group_signal(readysim_bin, district, tmp_path, sig, code):
    out = tmp_path / "out.h5"
    proc = _start(readysim_bin, "run", district, "-n", "4000", "-j", "2", "-o", out)
    _wait_for_workers(proc)
    time.sleep(0.5)
    os.killpg(proc.pid, sig)
    rc, stdout, stderr = _finish(proc)
    assert rc == code, stderr
    m = INTERRUPTED.search(stderr)
    assert m, stderr
    assert int(m.group(2)) == 4000 and int(m.group(1)) < 4000
    assert "workers stopped" not in stderr and "signal" not in stderr
    assert stdout == ""
    assert not out.exists()
    _no_temporaries(tmp_path)


def test_sigterm_to_the_parent_alone_stops_its_workers(readysim_bin, district, tmp_path):
    out = tmp_path / "out.h5"
    proc = _start(readysim_bin, "run", district, "-n", "4000", "-j", "2", "-o", out)
    _wait_for_workers(proc)
    os.kill(proc.pid, signal.SIGTERM)
    rc, _, stderr = _finish(proc)
    assert rc == 143 and INTERRUPTED.search(stderr), stderr
    assert not out.exists()
    _no_temporaries(tmp_path)


def test_sigint_inherited_ignored_stays_ignored_by_every_process(readysim_bin, district, tmp_path, clean_stderr):
    out = tmp_path / "out.h5"
    proc = _start(readysim_bin, "run", district, "-n", "300", "-j", "2", "--quiet", "-o", out, ignore_sigint=True)
    _wait_for_workers(proc)
    for _ in range(3):
        os.killpg(proc.pid, signal.SIGINT)
        time.sleep(0.1)
    rc, stdout, stderr = _finish(proc, timeout=300)
    assert rc == 0, stderr
    assert clean_stderr(stderr) == ""
    assert "300 replications" in stdout
    with h5py.File(out, "r") as f:
        assert f["meta/replications"][()] == 300


def test_sigterm_when_sigint_is_ignored_says_interrupted(readysim_bin, district, tmp_path):
    out = tmp_path / "out.h5"
    proc = _start(readysim_bin, "run", district, "-n", "4000", "-j", "2", "-o", out, ignore_sigint=True)
    _wait_for_workers(proc)
    os.killpg(proc.pid, signal.SIGINT)  # ignored
    time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGTERM)
    rc, _, stderr = _finish(proc)
    assert rc == 143, stderr
    assert INTERRUPTED.search(stderr), stderr
    assert "workers stopped" not in stderr
    assert not out.exists()
    _no_temporaries(tmp_path)


def test_compare_size_and_drill_stop_on_ctrl_c(readysim_bin, district, source_dir, tmp_path):
    cases = {
        "compare": ["compare", district, "--set-b", "resources.stations.brigade.engines=3", "-n", "4000", "-j", "2",
                    "-o", tmp_path / "cmp.h5"],
        # The district's study runs for minutes (the stock study's runs are over too soon to catch).
        "size": ["size", district, "--study", source_dir / "scenarios/yunlianghu/study.yaml", "-j", "2", "--quiet",
                 "-o", tmp_path / "size.h5"],
        "drill": ["drill", district, "-n", "4000", "-j", "2", "--select", "fire.response_time:p90", "-o",
                  tmp_path / "drill"],
    }
    for name, args in cases.items():
        proc = _start(readysim_bin, *args)
        _wait_for_workers(proc)
        os.killpg(proc.pid, signal.SIGINT)
        rc, _, stderr = _finish(proc)
        assert rc == 130, f"{name}: {stderr}"
        assert INTERRUPTED.search(stderr), f"{name}: {stderr}"
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_killed_runs_temporary_file_is_removed_by_the_next_run(readysim_bin, run_cli, district, tmp_path):
    out = tmp_path / "out.h5"
    # A process that is gone: its number names the leftover, as kill -9 during the write leaves it.
    gone = subprocess.Popen(["true"])
    gone.wait()
    stale = tmp_path / f"out.h5.tmp-{gone.pid}"
    stale.write_bytes(b"\x89HDF\r\n\x1a\n half a file")
    other = tmp_path / "other.h5.tmp-1"  # another file's temporary: not ours to touch
    other.write_bytes(b"x")
    # Never mistaken for results.
    proc = run_cli("report", stale, "-o", tmp_path / "r.html", check=False)
    assert proc.returncode != 0 and "temporary file of a run" in proc.stderr, proc.stderr
    run_cli("run", district, "-n", "3", "--quiet", "-o", out)
    assert not stale.exists() and other.exists()
    with h5py.File(out, "r") as f:
        assert f["meta/replications"][()] == 3


def test_a_live_runs_temporary_file_is_left_alone(readysim_bin, run_cli, district, tmp_path):
    # This test's own process is alive and older than the file: the file may be being written.
    live = tmp_path / f"out.h5.tmp-{os.getpid()}"
    live.write_bytes(b"being written")
    run_cli("run", district, "-n", "2", "--quiet", "-o", tmp_path / "out.h5")
    assert live.exists()


def test_results_file_is_complete_or_absent_whenever_the_run_is_killed(readysim_bin, run_cli, district, tmp_path):
    """Kills runs at moments spread over the whole command (loading, simulating, the last write
    and its fsync, after the rename), with SIGKILL, SIGINT and SIGTERM: under the final name there
    is never anything but a complete file, and the next run leaves no temporary file."""
    args = ["run", district, "-n", "120", "-j", "2", "--quiet", "--seed", "3"]
    t0 = time.monotonic()
    run_cli(*args, "-o", tmp_path / "whole.h5")
    whole_s = time.monotonic() - t0
    with h5py.File(tmp_path / "whole.h5", "r") as f:
        expected_tables = set(f)
    rng = random.Random(21)
    seen = {"absent": 0, "complete": 0}
    signals = [signal.SIGKILL, signal.SIGINT, signal.SIGTERM]
    for trial in range(18):
        folder = tmp_path / f"t{trial}"
        folder.mkdir()
        out = folder / "out.h5"
        sig = signals[trial % 3]
        delay = whole_s * rng.uniform(0.0, 1.1)
        proc = _start(readysim_bin, *args, "-o", out)
        _wait_for_handlers(proc)
        time.sleep(delay)
        if proc.poll() is None:
            os.killpg(proc.pid, sig)
        rc, _, stderr = _finish(proc)
        if rc != 0:
            expected = {signal.SIGKILL: -9, signal.SIGINT: 130, signal.SIGTERM: 143}[sig]
            assert rc == expected, f"trial {trial}: {sig!r} after {delay:.2f} s gave {rc}: {stderr}"
        if out.exists():
            seen["complete"] += 1
            with h5py.File(out, "r") as f:  # complete: every table, and the meta written last
                assert set(f) == expected_tables
                assert f["meta/replications"][()] == 120
        else:
            seen["absent"] += 1
            assert rc != 0
            if sig != signal.SIGKILL:
                _no_temporaries(folder)
        # The next run into the same place cleans up whatever a SIGKILL left.
        run_cli("run", district, "-n", "2", "--quiet", "-o", out)
        _no_temporaries(folder)
    assert seen["absent"] > 0 and seen["complete"] > 0, seen
