"""Bad command lines and bad paths (issue 21): every one exits 2 before any simulation, with a
plain message naming the option (or the file and line), the thing, and what to do. The bad
scenario files themselves are in tests/bad_scenarios/ (check_corpus.py)."""
import os
import pathlib
import shutil
import subprocess

import pytest


@pytest.fixture(scope="module")
def tiny(source_dir, tmp_path_factory) -> pathlib.Path:
    """A copy of the tiny scenario (with its CSV files) that the tests may change."""
    folder = tmp_path_factory.mktemp("tiny")
    for f in (source_dir / "tests/scenarios/tiny").iterdir():
        shutil.copy(f, folder / f.name)
    return folder / "scenario.yaml"


def usage_error(proc: subprocess.CompletedProcess) -> str:
    """The stderr of a run that must have stopped at once with exit 2 and printed nothing else."""
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    return proc.stderr


# ---- whole numbers: "not a whole number", the range in human digits ------------------------------

@pytest.mark.parametrize("command", ["run", "compare", "drill"])
@pytest.mark.parametrize("value,words", [
    ("abc", "'abc' is not a whole number; give one from 1 to 1,000,000"),
    ("1.5", "'1.5' is not a whole number; give one from 1 to 1,000,000"),
    ("0", "0 is out of range; give a whole number from 1 to 1,000,000"),
    ("-3", "out of range; give a whole number from 1 to 1,000,000"),
    ("9999999999", "9999999999 is out of range; give a whole number from 1 to 1,000,000"),
    ("99999999999999999999", "99999999999999999999 is out of range; give a whole number from 1 to 1,000,000"),
])
def test_replications_option(run_cli, tiny, command, value, words):
    extra = {"run": [], "compare": ["--set-b", "horizon=6 h"], "drill": ["--replication", "0", "-o", "never"]}
    err = usage_error(run_cli(command, tiny, *extra[command], "-n", value, check=False))
    assert "--replications" in err and words in err
    assert "179769313486231570814527423731704356798070567525844996598917476803157" not in err
    assert "vector" not in err and "bad_alloc" not in err


@pytest.mark.parametrize("command", ["run", "compare", "size"])
def test_seed_option(run_cli, tiny, source_dir, command):
    extra = {"run": [], "compare": ["--set-b", "horizon=6 h"],
             "size": ["--study", source_dir / "scenarios/validation/mmc_study.yaml"]}
    err = usage_error(run_cli(command, tiny, *extra[command], "--seed", "abc", check=False))
    assert "--seed" in err and "'abc' is not a whole number; give one from 0 to 9,223,372,036,854,775,807" in err
    err = usage_error(run_cli(command, tiny, *extra[command], "--seed", "9223372036854775808", check=False))
    assert "is out of range" in err


def test_jobs_and_max_replications(run_cli, tiny):
    err = usage_error(run_cli("run", tiny, "-j", "0", check=False))
    assert "--jobs" in err and "0 is out of range; give a whole number from 1 to 256" in err
    err = usage_error(run_cli("run", tiny, "--precision", "fire.response_time.p90=30s",
                              "--max-replications", "abc", check=False))
    assert "--max-replications" in err and "not a whole number" in err


def test_confidence_option(run_cli, tiny):
    err = usage_error(run_cli("compare", tiny, "--set-b", "horizon=6 h", "--confidence", "abc", check=False))
    assert "--confidence" in err and "'abc' is not a number; give one from 0.5 to 0.9999" in err
    err = usage_error(run_cli("compare", tiny, "--set-b", "horizon=6 h", "--confidence", "1e999", check=False))
    assert "1e999 is out of range" in err


def test_replications_in_bounds_still_run(run_cli, tiny):
    proc = run_cli("run", tiny, "-n", "+2", "--seed", "9223372036854775807", "--quiet")
    assert "2 replications" in proc.stdout or "replications" in proc.stdout


# ---- -o: checked before any simulation --------------------------------------------------------------

def test_output_is_a_directory(run_cli, tiny, tmp_path):
    err = usage_error(run_cli("run", tiny, "-o", tmp_path, check=False))
    assert f"-o {tmp_path}: that is a directory" in err


def test_output_is_a_device(run_cli, tiny):
    err = usage_error(run_cli("run", tiny, "-o", "/dev/null", check=False))
    assert "-o /dev/null: that is a device or pipe, not a file" in err


def test_output_folder_unwritable(run_cli, tiny):
    # /proc takes no new files, even for root: the check creates a file to know.
    err = usage_error(run_cli("run", tiny, "-o", "/proc/readysim.h5", check=False))
    assert "-o /proc/readysim.h5: cannot write in /proc" in err


def test_output_checked_before_simulating(readysim_bin, tiny, tmp_path):
    # A run of a million replications would take hours; the bad -o stops it at once.
    for command, extra in [("run", []), ("compare", ["--set-b", "horizon=6 h"])]:
        proc = subprocess.run([str(readysim_bin), command, str(tiny), *extra,
                               "-n", "1000000", "-o", str(tmp_path)],
                              capture_output=True, text=True, timeout=30)
        assert proc.returncode == 2 and "that is a directory" in proc.stderr


# ---- scenario paths that are not files ------------------------------------------------------------

@pytest.mark.parametrize("path,words", [
    (".", "is a directory, not a file; give the scenario file inside it"),
    ("/dev/null", "is a device (such as /dev/stdin, /dev/null or /dev/zero), not a file"),
    ("/nonexistent/s.yaml", "does not exist"),
])
@pytest.mark.parametrize("command", ["validate", "run", "audit"])
def test_scenario_path_not_a_file(run_cli, command, path, words):
    err = usage_error(run_cli(command, path, check=False))
    assert f"{path}: error: cannot open scenario file '{path}': it {words}" in err


def test_scenario_from_a_pipe(readysim_bin, tiny):
    # /dev/stdin fed by a pipe: a pipe, not "no such file".
    proc = subprocess.run([str(readysim_bin), "run", "/dev/stdin"], input=tiny.read_text(),
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 2 and proc.stdout == ""
    assert "cannot open scenario file '/dev/stdin': it is a pipe" in proc.stderr


def test_scenario_from_a_fifo(readysim_bin, tmp_path):
    fifo = tmp_path / "scenario.yaml"
    os.mkfifo(fifo)
    proc = subprocess.run([str(readysim_bin), "validate", str(fifo)], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 2 and "it is a pipe" in proc.stderr


def test_unreadable_scenario(readysim_bin, tiny, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    locked = tmp_path / "locked.yaml"
    locked.write_text(tiny.read_text())
    locked.chmod(0)
    proc = subprocess.run([str(readysim_bin), "validate", str(locked)], capture_output=True, text=True)
    assert proc.returncode == 2 and "permission denied" in proc.stderr


# ---- --set values: the same checks as the file ----------------------------------------------------

@pytest.mark.parametrize("override,words", [
    ("horizon=1e308 d", "more than the largest duration readysim takes, 3650 d"),
    ("horizon=1e12 d", "more than the largest duration readysim takes, 3650 d"),
    ("horizon=~", "'horizon' has no value"),
    ("district.name=\"a\\0b\"", "a NUL character (U+0000)"),
    ("district.name=" + "[" * 5000 + "]" * 5000, "nesting too deep"),
    ("run.replications=99999999999", "'replications' must be at most 1,000,000"),
])
def test_override_bounds(run_cli, tiny, override, words):
    err = usage_error(run_cli("run", tiny, "--set", override, check=False))
    assert "--set" in err and words in err


# ---- study files ----------------------------------------------------------------------------------

def test_study_file_checks(run_cli, source_dir, tmp_path):
    scenario = source_dir / "scenarios/validation/mmc.yaml"
    study = (source_dir / "scenarios/validation/mmc_study.yaml").read_bytes()
    cases = {
        "not_utf8.yaml": (study.replace(b"cost_unit: engines", b"cost_unit: engines\xff"), "a byte 0xFF that is not UTF-8"),
        "nul.yaml": (study.replace(b"cost_unit: engines", b"cost_unit: eng\x00ines"), "a NUL character"),
        "deep.yaml": (study + b"extra: " + b"[" * 20000 + b"]" * 20000 + b"\n", "nesting too deep"),
        "seed.yaml": (study + b"seed: 99999999999999999999\n", "'seed' is 99999999999999999999, far beyond"),
        "caps.yaml": (study.replace(b"max_replications: 640", b"max_replications: 5000000"),
                      "'max_replications' must be at most 1,000,000"),
    }
    for name, (text, words) in cases.items():
        path = tmp_path / name
        path.write_bytes(text)
        err = usage_error(run_cli("size", scenario, "--study", path, check=False))
        assert f"{path}:" in err and words in err, name
    err = usage_error(run_cli("size", scenario, "--study", tmp_path, check=False))
    assert "cannot open study file" in err and "is a directory" in err


# ---- report and import: the same kinds of paths ---------------------------------------------------

def test_report_input_not_a_file(run_cli, tmp_path):
    err = usage_error(run_cli("report", tmp_path, "-o", tmp_path / "r.html", check=False))
    assert f"report {tmp_path}: it is a directory, not a file" in err
    err = usage_error(run_cli("report", "/dev/null", "-o", tmp_path / "r.html", check=False))
    assert "report /dev/null: it is a device" in err


def test_import_input_not_a_file(run_cli, tmp_path):
    err = usage_error(run_cli("import", "osm", tmp_path, "-o", tmp_path / "out", check=False))
    assert f"import osm {tmp_path}: it is a directory, not a file" in err
