"""`readysim run` end to end: the results file a notebook will read, and bad input refused."""
import h5py
import numpy as np
import pytest

DISTRICT = "scenarios/yunlianghu/scenario.yaml"


@pytest.fixture(scope="module")
def results(run_cli, source_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "district.h5"
    proc = run_cli("run", source_dir / DISTRICT, "-n", "40", "--seed", "5", "-j", "2", "--quiet", "-o", out)
    return out, proc


def test_summary_table_on_stdout(results):
    _, proc = results
    lines = proc.stdout.splitlines()
    assert "40 replications, seed 5" in lines[0]
    for metric in ("fire.response_time", "fire.first_response_time", "fire.queue_wait",
                   "fire.flashover_before_arrival"):
        assert any(line.startswith(metric) for line in lines), metric
    assert proc.stderr == ""  # no progress bar when stderr is not a terminal


def test_results_file_layout(results):
    path, _ = results
    with h5py.File(path, "r") as f:
        assert {"meta", "incidents", "units", "replications", "summary"} <= set(f)
        lengths = {name: len(f["incidents"][name]) for name in f["incidents"]}
        assert len(set(lengths.values())) == 1 and next(iter(lengths.values())) > 0
        assert f["incidents/engine_arrival"].attrs["units"] == "s"
        assert f["incidents/heat_release_at_engine_arrival"].attrs["units"] == "kW"
        assert "units" not in f["incidents/replication"].attrs
        assert f["meta/seed"][()] == 5 and f["meta/replications"][()] == 40
        effective = f["meta/effective_scenario"].asstr()[()]
        assert "crew_per_engine: 4" in effective and "ignition_rates" in effective
        metrics = list(f["summary/metric"].asstr()[()])
        assert "fire.response_time" in metrics
        reps = f["replications/replication"][()]
        assert list(reps) == list(range(40))
        # An engine never arrives before the alarm, nor before it was dispatched.
        alarm = f["incidents/alarm"][()]
        dispatch = f["incidents/dispatch"][()]
        arrival = f["incidents/engine_arrival"][()]
        assert np.all(dispatch >= alarm) and np.all(arrival >= dispatch)


def test_same_seed_same_file_contents_at_any_job_count(run_cli, source_dir, tmp_path, results):
    path, _ = results
    again = tmp_path / "j1.h5"
    run_cli("run", source_dir / DISTRICT, "-n", "40", "--seed", "5", "-j", "1", "--quiet", "-o", again)
    with h5py.File(path, "r") as a, h5py.File(again, "r") as b:
        for name in a["incidents"]:
            assert np.array_equal(a["incidents"][name][()], b["incidents"][name][()]), name


def test_missing_output_directory_is_refused_before_running(run_cli, source_dir, tmp_path):
    proc = run_cli("run", source_dir / DISTRICT, "-n", "5", "-o", tmp_path / "no" / "such" / "out.h5", check=False)
    assert proc.returncode == 2
    assert "does not exist" in proc.stderr
    assert not (tmp_path / "no").exists()


def test_bad_scenario_writes_nothing(run_cli, source_dir, tmp_path):
    out = tmp_path / "bad.h5"
    bad = source_dir / "tests/bad_scenarios/05_missing_unit.yaml"
    proc = run_cli("run", bad, "-o", out, check=False)
    assert proc.returncode == 2
    assert "missing unit" in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_bad_override_is_refused(run_cli, source_dir):
    proc = run_cli("run", source_dir / DISTRICT, "-n", "2", "--set", "resources.stations.brigade.engines=-1",
                   check=False)
    assert proc.returncode == 2
    assert "--set resources.stations.brigade.engines=-1" in proc.stderr
