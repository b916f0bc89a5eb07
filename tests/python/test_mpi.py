"""readysim under mpirun (issue 22): the replications dealt to the ranks, the records gathered to
rank 0, the same bits as one process at -j 1; compare and size too; one exit code and one
message when a rank fails; no results file under its name when a rank is killed.

Skipped when mpirun is missing or this readysim was built without MPI (READYSIM_MPI=OFF), and
under the asan preset (Open MPI's own allocations are not ours to chase there).
"""
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import ASAN

h5py = pytest.importorskip("h5py")
np = pytest.importorskip("numpy")

FLOOD = "scenarios/yunlianghu/flood.yaml"
STOCK = "scenarios/validation/stock.yaml"
STOCK_STUDY = "scenarios/validation/stock_study.yaml"
SEED = "7"


def _built_with_mpi(binary: pathlib.Path) -> bool:
    try:
        out = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, check=False).stdout
    except OSError:
        return False
    return "libmpi" in out


@pytest.fixture(scope="module")
def mpirun(readysim_bin):
    if ASAN:
        pytest.skip("not under the asan preset")
    launcher = shutil.which("mpirun")
    if not launcher:
        pytest.skip("no mpirun (apt-get install openmpi-bin)")
    if not _built_with_mpi(readysim_bin):
        pytest.skip("readysim was built without MPI (READYSIM_MPI=OFF)")
    # As root (CI) Open MPI wants to be told; --oversubscribe: more ranks than cores; -q: no banners.
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1")

    def run(ranks: int, *args, check: bool = True, extra_env=None, **popen) -> subprocess.CompletedProcess:
        cmd = [launcher, "-q", "--oversubscribe", "-n", str(ranks), str(readysim_bin), *map(str, args)]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=dict(env, **(extra_env or {})), timeout=600,
                              check=False, **popen)
        if check and proc.returncode != 0:
            raise AssertionError(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr[-3000:]}")
        return proc

    run.launcher = launcher
    run.env = env
    return run


def datasets(path: pathlib.Path) -> dict:
    """Every dataset of the file (values, dtype, attributes) by its path."""
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                value = obj[()]
                attrs = {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in obj.attrs.items()}
                out[name] = (value, attrs)
        f.visititems(visit)
        out["/attrs"] = ({k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in f.attrs.items()}, {})
    return out


def assert_same_datasets(a: pathlib.Path, b: pathlib.Path) -> int:
    """Every dataset of `a` and `b` is the same, bit for bit (strings by value); returns how many."""
    da, db = datasets(a), datasets(b)
    assert sorted(da) == sorted(db)
    for name in da:
        (x, ax), (y, ay) = da[name], db[name]
        assert ax == ay, name
        if isinstance(x, np.ndarray):
            assert x.dtype == y.dtype and x.shape == y.shape, name
            if x.dtype.kind == "O":
                assert list(x.ravel()) == list(y.ravel()), name
            else:
                assert x.tobytes() == y.tobytes(), name  # bit for bit, NaNs included
        else:
            assert x == y, name
    return len(da)


@pytest.fixture(scope="module")
def flood_j1(run_cli, source_dir, tmp_path_factory):
    """The flood season, 200 replications, one process at -j 1: the reference."""
    path = tmp_path_factory.mktemp("mpi") / "j1.h5"
    proc = run_cli("run", source_dir / FLOOD, "-n", 200, "-j", 1, "-o", path, "--quiet")
    return path, proc.stdout


@pytest.mark.parametrize("ranks, jobs", [(2, 1), (3, 2)])
def test_run_on_ranks_writes_the_same_datasets_as_one_process(mpirun, source_dir, flood_j1, tmp_path, ranks, jobs):
    reference, stdout = flood_j1
    path = tmp_path / "f.h5"
    proc = mpirun(ranks, "run", source_dir / FLOOD, "-n", 200, "-j", jobs, "-o", path)
    assert assert_same_datasets(reference, path) > 100
    assert proc.stdout == stdout.replace(str(reference), str(path))  # printed once, by rank 0
    # the scenario's warnings once, not once per rank
    warnings = [line for line in proc.stderr.splitlines() if ": warning: " in line]
    assert warnings and len(warnings) == len(set(warnings))
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left beside it


def test_compare_on_ranks_prints_what_one_process_prints(mpirun, run_cli, source_dir):
    args = ("compare", source_dir / FLOOD, "--set-b", "resources.stations.brigade.engines=2", "-n", 24,
            "--seed", SEED)
    one = run_cli(*args, "-j", 2)
    two = mpirun(2, *args)
    assert two.stdout == one.stdout and "fire.response_time" in one.stdout


def test_size_on_ranks_recommends_what_one_process_does(mpirun, run_cli, source_dir, tmp_path):
    args = ("size", source_dir / STOCK, "--study", source_dir / STOCK_STUDY, "--seed", SEED)
    one = run_cli(*args, "-o", tmp_path / "one.h5")
    two = mpirun(2, *args, "-o", tmp_path / "two.h5", "-j", 2)
    recommended = re.compile(r"^Recommended: .*$", re.M)
    assert recommended.search(one.stdout).group(0) == recommended.search(two.stdout).group(0)

    def without_wall_time(text: str, name: str) -> str:  # the search's wall time and the file name differ
        return re.sub(r", [0-9.]+ s$", "", text.replace(name, "OUT"), flags=re.M)

    assert without_wall_time(two.stdout, "two.h5") == without_wall_time(one.stdout, "one.h5")
    assert_same_datasets(tmp_path / "one.h5", tmp_path / "two.h5")
    # progress lines on rank 0 only: each once
    lines = [line for line in two.stderr.splitlines() if line.startswith("  screened")]
    assert lines and len(lines) == len(set(lines))


def test_run_to_precision_on_ranks_stops_where_one_process_does(mpirun, run_cli, source_dir, tmp_path):
    args = ("run", source_dir / FLOOD, "-n", 16, "--seed", SEED, "--precision", "evac.clearance_time.mean=20min",
            "--max-replications", 64)
    one = run_cli(*args, "-o", tmp_path / "one.h5")
    two = mpirun(2, *args, "-o", tmp_path / "two.h5")
    assert two.stdout.replace("two.h5", "one.h5") == one.stdout
    assert_same_datasets(tmp_path / "one.h5", tmp_path / "two.h5")


def test_a_failure_on_one_rank_stops_every_rank_with_its_message_and_code(mpirun, source_dir, tmp_path):
    # Replication 9 is in block 1, which rank 1 of 2 runs.
    out = tmp_path / "f.h5"
    proc = mpirun(2, "run", source_dir / FLOOD, "-n", 64, "-o", out, check=False,
                  extra_env={"READYSIM_INJECT_FAILURE": "9"})
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if line.startswith("readysim:")]
    assert errors == ["readysim: replication 9 failed on purpose (READYSIM_INJECT_FAILURE=9)"]
    assert list(tmp_path.iterdir()) == []  # nothing written, not even a temporary file
    # the same failure in a sizing study's batch
    study = mpirun(2, "size", source_dir / STOCK, "--study", source_dir / STOCK_STUDY, "--quiet", check=False,
                   extra_env={"READYSIM_INJECT_FAILURE": "9"})
    assert study.returncode == 1 and "replication 9 failed on purpose" in study.stderr


def test_bad_input_under_mpirun_is_said_once_with_exit_code_2(mpirun, source_dir, tmp_path):
    bad_option = mpirun(2, "run", source_dir / FLOOD, "-n", 0, check=False)
    assert bad_option.returncode == 2
    assert bad_option.stderr.count("--replications: 0 is out of range") == 1
    bad_folder = mpirun(2, "run", source_dir / FLOOD, "-n", 8, "-o", tmp_path / "no" / "f.h5", check=False)
    assert bad_folder.returncode == 2
    assert bad_folder.stderr.count("does not exist") == 1
    bad_set = mpirun(2, "compare", source_dir / FLOOD, "--set-b", "resources.stations.nowhere.engines=2", "-n", 4,
                     check=False)
    assert bad_set.returncode == 2 and bad_set.stderr.count("nothing was done") == 1


def _rank_pids(launcher_pid: int) -> dict:
    """The ranks mpirun started, by rank, read from their environment."""
    out = {}
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(launcher_pid)], capture_output=True, text=True,
                              check=False).stdout.split()
    for pid in map(int, children):
        try:
            env = pathlib.Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        except OSError:
            continue
        for entry in env:
            if entry.startswith(b"OMPI_COMM_WORLD_RANK="):
                out[int(entry.split(b"=")[1])] = pid
    return out


def _gone_within(pid: int, seconds: float) -> bool:
    """True once process `pid` has ended (gone, or a zombie: it runs no code), waiting up to `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            state = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state in ("Z", "X"):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.2)


def _start_and_wait_for_ranks(mpirun, readysim_bin, args, ranks=2):
    cmd = [mpirun.launcher, "-q", "--oversubscribe", "-n", str(ranks), str(readysim_bin), *map(str, args)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=mpirun.env)
    deadline = time.monotonic() + 60
    pids = {}
    while time.monotonic() < deadline and len(pids) < ranks:
        time.sleep(0.2)
        pids = _rank_pids(proc.pid)
    assert len(pids) == ranks, "the ranks did not start"
    time.sleep(3)  # part way: the platform is built and replications are running
    return proc, pids


def test_a_rank_killed_part_way_leaves_no_results_file(mpirun, readysim_bin, source_dir, tmp_path):
    out = tmp_path / "f.h5"
    proc, pids = _start_and_wait_for_ranks(mpirun, readysim_bin, ["run", source_dir / FLOOD, "-n", 2000, "-o", out,
                                                                  "--quiet"])
    os.kill(pids[1], signal.SIGKILL)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode != 0
    assert not out.exists()
    # Rank 0 is stopped by mpirun: SIGTERM, on which it removes its temporary file, then SIGKILL if it
    # has not gone in time (on a busy machine it may not have). What can be left is only a stale
    # temporary of a dead process, never a result, and the next run to the same file removes it.
    # mpirun may return while rank 0 is still going (it is being killed, or it is a zombie nobody has reaped yet).
    for pid in pids.values():
        assert _gone_within(pid, 60), f"rank pid {pid} is still running a minute after mpirun returned"
    assert not out.exists()
    left = [p.name for p in tmp_path.iterdir()]
    assert all(name.startswith("f.h5.tmp-") for name in left), left
    for name in left:
        pid = int(name.rsplit("-", 1)[1])
        assert _gone_within(pid, 0), f"{name}: its process is still running"
    again = subprocess.run([str(readysim_bin), "run", str(source_dir / FLOOD), "-n", "1", "-o", str(out), "--quiet"],
                           capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["f.h5"]


def test_ctrl_c_under_mpirun_ends_every_rank_without_a_file(mpirun, readysim_bin, source_dir, tmp_path):
    out = tmp_path / "f.h5"
    proc, pids = _start_and_wait_for_ranks(mpirun, readysim_bin, ["run", source_dir / FLOOD, "-n", 2000, "-o", out,
                                                                  "--quiet"])
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode != 0
    assert "nothing written" in stderr
    assert [p.name for p in tmp_path.iterdir()] == []
    for pid in pids.values():  # every rank is gone
        assert _gone_within(pid, 60), f"rank pid {pid} is still running a minute after mpirun returned"


def test_without_mpirun_nothing_starts_mpi(run_cli, readysim_bin, source_dir):
    # No launcher in the environment: MPI is never initialised (Open MPI's singleton start costs
    # ~0.7 s here; tests/bench/mpi_scaling.py measures readysim's start), and the Python module
    # does not even load it.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OMPI_", "PMIX_", "PMI_"))}
    helped = subprocess.run([str(readysim_bin), "--help"], capture_output=True, text=True, env=env, check=True)
    assert "run" in helped.stdout and helped.stderr == ""
    code = ("import readysim, readysim._core, sys; "
            "maps = open('/proc/self/maps').read(); sys.exit(1 if 'libmpi' in maps else 0)")
    import readysim._core  # the build this suite tests (conftest), as the installed .pth would give it

    env["PYTHONPATH"] = str(pathlib.Path(readysim._core.__file__).resolve().parents[1])
    assert subprocess.run([sys.executable, "-c", code], env=env, check=False).returncode == 0
