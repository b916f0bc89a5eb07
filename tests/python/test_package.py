"""The readysim Python package: load, run, overrides, validate errors, and agreement with the CLI."""
import os
import pathlib
import pickle
import subprocess
import threading

import h5py
import numpy as np
import pandas as pd
import pytest

import readysim  # a plain import: a readysim that fails to import fails the suite, it is never skipped

N = 50
SEED = 7
TWO_ENGINES = {"resources.stations.brigade.engines": 2}


@pytest.fixture(scope="module")
def scenario(source_dir):
    return source_dir / "scenarios" / "yunlianghu" / "scenario.yaml"


@pytest.fixture(scope="module")
def cli_file(run_cli, scenario, tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "cli.h5"
    run_cli("run", scenario, "-n", N, "--seed", SEED, "-o", path, "--quiet")
    return path


@pytest.fixture(scope="module")
def api_file(scenario, tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "api.h5"
    readysim.run(scenario, replications=N, seed=SEED, output=path)
    return path


@pytest.fixture(scope="module")
def base(scenario):
    return readysim.run(scenario, replications=N, seed=SEED)


def test_readysim_run_and_the_cli_write_identical_summaries(cli_file, api_file):
    with h5py.File(cli_file) as cli, h5py.File(api_file) as api:
        assert list(cli["summary"]) == list(api["summary"])
        for name, ds in cli["summary"].items():
            a, b = ds[()], api["summary"][name][()]
            if a.dtype.kind == "f":
                assert np.array_equal(a, b, equal_nan=True), name
            else:
                assert list(a) == list(b), name
        for table in ("incidents", "units", "replications"):
            for name, ds in cli[table].items():
                assert np.array_equal(ds[()], api[table][name][()]), f"{table}/{name}"


def test_units_and_descriptions_come_from_the_file(cli_file):
    res = readysim.load(cli_file)
    with h5py.File(cli_file) as f:
        for name, df in res.tables.items():
            for col, ds in f[name].items():
                text = ds.attrs.get("description")
                assert df.attrs["descriptions"].get(col) == text, f"{name}/{col}"
                assert df.attrs["units"].get(col) == ds.attrs.get("units"), f"{name}/{col}"
    assert res.incidents.attrs["descriptions"]["alarm"] == "call received"
    assert "replication" in res.stock.attrs["descriptions"]
    assert res.incidents.attrs["descriptions"]["response_time"].startswith("alarm to engine on scene")


def test_load_gives_one_dataframe_per_table_with_units(cli_file, base):
    res = readysim.load(cli_file)
    assert res.path == str(cli_file)
    assert list(res.tables) == ["incidents", "units", "cohorts", "evacuation", "shelters", "stock", "stock_levels",
                                "stock_orders", "staff_tasks", "staff_requests", "staff_pools", "staff_assignments",
                                "staff_roles", "levee_patches", "replications", "summary"]
    inc = res.incidents
    assert inc["alarm"].dtype == np.float64 and inc["replication"].dtype == np.int64
    assert inc["node"].map(type).eq(str).all()
    assert inc.attrs["units"]["alarm"] == "s" and inc.attrs["units"]["heat_release_at_engine_arrival"] == "kW"
    assert "node" not in inc.attrs["units"]
    # derived on loading, as /summary defines them
    assert np.array_equal(inc["response_time"], inc["engine_arrival"] - inc["alarm"])
    assert inc.attrs["units"]["response_time"] == "s"
    # the same values summed in another order (C++ in sequence, pandas pairwise): round-off only,
    # ≤ n·2⁻⁵³ ≈ 1e-13 relative for a few hundred fires, hence rel=1e-12
    assert res.summary.loc["fire.response_time", "mean"] == pytest.approx(inc["response_time"].mean(), rel=1e-12)
    # every summary column numeric; each metric's unit in attrs
    assert res.summary.attrs["units"]["fire.mutual_aid_share"] == "1"
    assert res.summary.attrs["units"]["fire.response_time"] == "s"
    assert all(pd.api.types.is_numeric_dtype(t) for t in res.summary.dtypes), res.summary.dtypes
    assert list(res.replications["replication"]) == list(range(N))
    assert res.meta["seed"] == SEED and res.meta["replications"] == N and res.meta["first_replication"] == 0
    assert res.meta["version"] == readysim.__version__
    assert "effective_scenario" not in res.meta and res.scenario_yaml.startswith("# effective scenario")
    assert res.scenario["district"]["name"] == "Yunlianghu"
    brigade = next(s for s in res.scenario["resources"]["stations"] if s["id"] == "brigade")
    assert brigade["engines"] == 1
    pd.testing.assert_frame_equal(res.incidents, base.incidents)
    with pytest.raises(AttributeError, match="no table 'study'"):
        res.study  # noqa: B018 (only size writes a study)


def test_load_of_a_missing_file_is_a_readysim_error(tmp_path):
    with pytest.raises(readysim.Error, match="cannot read results"):
        readysim.load(tmp_path / "missing.h5")


def test_run_without_output_writes_nothing(scenario, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = readysim.run(scenario, replications=3, seed=SEED)
    assert res.path is None and list(tmp_path.iterdir()) == []
    assert res.meta["replications"] == 3 and len(res.replications) == 3


def test_overrides_change_the_plan_and_keep_the_fires(scenario, base):
    alt = readysim.run(scenario, replications=N, seed=SEED, overrides=TWO_ENGINES)
    brigade = next(s for s in alt.scenario["resources"]["stations"] if s["id"] == "brigade")
    assert brigade["engines"] == 2
    assert sorted(alt.units["engine"].unique()) == ["brigade/1", "brigade/2"]
    # common random numbers: the same seed gives the same fires whatever the resources
    assert np.array_equal(alt.incidents["ignition"], base.incidents["ignition"])
    assert np.array_equal(alt.incidents["node"], base.incidents["node"])


def test_override_values_are_written_as_yaml(scenario):
    from readysim.runner import _overrides
    assert _overrides({"a": 2, "b": "90 s", "c": True, "d": 0.5, "e": {"dist": "lognormal", "median": "60 s"},
                       "f": np.arange(3, 4)[0]}) == [
        ("a", "2"), ("b", "90 s"), ("c", "true"), ("d", "0.5"), ("e", "{dist: lognormal, median: 60 s}"), ("f", "3")]
    turnout = {"dist": "lognormal", "median": "60 s", "p90": "2 min"}
    assert "valid" in readysim.validate(scenario, {"resources.stations.brigade.turnout": turnout})


def test_validate_returns_the_summary_line(scenario, run_cli):
    assert readysim.validate(scenario) + "\n" == run_cli("validate", scenario).stdout


@pytest.fixture
def bad_scenario(tmp_path):
    (tmp_path / "nodes.csv").write_text("id,x_m,y_m,kind\na,0,0,station\nb,1000,0,settlement\n")
    (tmp_path / "roads.csv").write_text("id,from,to,free_speed_kmh\nr1,a,b,40\n")
    path = tmp_path / "bad.yaml"
    path.write_text("district:\n"
                    "  name: Tiny\n"
                    "  roads: {nodes: nodes.csv, segments: roads.csv}\n"
                    "horizon: 12\n"
                    "resources:\n"
                    "  stations:\n"
                    "    - {id: brigade, kind: fire_brigade, node: a, engins: 1}\n")
    return path


def test_validate_errors_carry_file_line_and_column(bad_scenario, run_cli):
    with pytest.raises(readysim.ScenarioError) as info:
        readysim.validate(bad_scenario)
    e = info.value
    assert (e.file, e.line, e.column) == (str(bad_scenario), 4, 10)
    assert "unit" in e.message
    assert [(d.line, d.column) for d in e.diagnostics] == [(4, 10), (7, 50)]
    assert "did you mean 'engines'" in e.diagnostics[1].message
    cli = run_cli("validate", bad_scenario, check=False)
    assert cli.returncode == 2 and cli.stderr.startswith(str(e) + "\n")
    assert isinstance(e, readysim.Error) and isinstance(e, ValueError)
    again = pickle.loads(pickle.dumps(e))
    assert str(again) == str(e) and again.line == 4


def test_a_bad_override_is_a_scenario_error(scenario):
    with pytest.raises(readysim.ScenarioError, match="brigade_x"):
        readysim.validate(scenario, {"resources.stations.brigade_x.engines": 2})
    with pytest.raises(readysim.ScenarioError, match="engines"):
        readysim.run(scenario, replications=1, overrides={"resources.stations.brigade.engines": -1})


def test_usage_errors(scenario, tmp_path):
    with pytest.raises(readysim.UsageError):
        readysim.run(scenario, replications=0)
    with pytest.raises(readysim.UsageError, match="does not exist"):
        readysim.run(scenario, replications=1, output=tmp_path / "no" / "such" / "out.h5")
    with pytest.raises(readysim.UsageError, match="nowhere"):
        readysim.routes(scenario, "nowhere")
    # the CLI's bounds (scenarios/README.md, Bounds), before anything is allocated or forked
    with pytest.raises(readysim.UsageError, match="is more than 1000000"):
        readysim.run(scenario, replications=10**10)
    with pytest.raises(readysim.UsageError, match="worker processes"):
        readysim.run(scenario, replications=1, jobs=100000)
    with pytest.raises(readysim.UsageError, match="largest replication index"):
        readysim.run(scenario, replications=2, first_replication=2**63 - 2)
    with pytest.raises(readysim.UsageError, match="is more than 1000000"):
        readysim.compare_metrics(scenario, overrides_b={"resources.stations.brigade.engines": 2}, replications=10**8)


def test_progress_is_reported_and_its_errors_raised_after_the_run(scenario):
    calls = []
    readysim.run(scenario, replications=4, seed=SEED, jobs=2, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]

    def fail(done, total):
        raise KeyError("stop")
    with pytest.raises(KeyError, match="stop"):
        readysim.run(scenario, replications=4, seed=SEED, progress=fail)


def test_one_replication_reruns_bit_for_bit(scenario, base):
    one = readysim.run(scenario, replications=1, seed=SEED, first_replication=3, jobs=2)
    expected = base.incidents[base.incidents["replication"] == 3].reset_index(drop=True)
    pd.testing.assert_frame_equal(one.incidents, expected, check_exact=True)


def test_results_stand_for_their_effective_scenario(base):
    assert "327 road nodes" in readysim.validate(base)
    again = readysim.run(base, replications=N, seed=SEED)
    pd.testing.assert_frame_equal(again.summary, base.summary, check_exact=True)


def test_routes_from_the_brigade(scenario, run_cli):
    df = readysim.routes(scenario, "police_station")
    assert df.attrs["units"] == {"time_s": "s", "length_m": "m"}
    row = df.set_index("node").loc["police_station"]
    assert row["time_s"] == 0 and row["hops"] == 0
    cli = pd.read_csv(pd.io.common.StringIO(run_cli("routes", scenario, "--from", "police_station",
                                                    "--format", "csv").stdout), float_precision="round_trip")
    # %.17g round-trips a double (read back exactly): the CLI's times are the package's, bit for bit
    assert np.array_equal(cli["to"], df["node"]) and np.array_equal(cli["time_s"], df["time_s"])
    assert np.array_equal(cli["length_m"], df["length_m"]) and np.array_equal(cli["hops"], df["hops"])


def test_mean_ci_and_the_paired_comparison(scenario, base):
    ci = readysim.mean_ci([1.0, 2.0, 3.0, 4.0, np.nan])
    assert ci.mean == 2.5 and ci.n == 4
    # t(0.975, 3) = 3.182446305284263 (to the last digit); the C++ quantile is accurate to round-off
    assert ci.half_width == pytest.approx(3.182446305284263 * np.std([1, 2, 3, 4], ddof=1) / 2, rel=1e-12)
    same = readysim.compare(base, base)
    assert (same.per_replication["difference"] == 0).all() and same.ci.half_width == 0
    crew = readysim.run(scenario, replications=N, seed=SEED, overrides={"resources.staff.brigade_full_time.count": 7})
    c = readysim.compare(base, crew)
    d = c.per_replication["difference"]
    assert c.ci.n == len(d) == N and c.ci.mean == pytest.approx(d.mean(), rel=1e-12)
    assert c.ci.high < 0  # no call-back wait with seven full-time firefighters: faster, surely
    with pytest.raises(ValueError, match="same seed"):
        readysim.compare(base, readysim.run(scenario, replications=2, seed=SEED + 1))


def test_the_gil_is_released_while_the_engine_runs(scenario):
    # Without the release the main thread could not run between two progress reports at all.
    ticks, seen = [0], []
    worker = threading.Thread(target=lambda: readysim.run(scenario, replications=N, seed=SEED,
                                                          progress=lambda done, total: seen.append(ticks[0])))
    worker.start()
    while worker.is_alive():
        ticks[0] += 1
    worker.join()
    assert len(seen) == N and seen[-1] > seen[0]


def test_import_from_any_directory_with_the_installed_pth(tmp_path):
    site = subprocess.run(["/usr/bin/python3", "-c", "import site; print(*site.getsitepackages(), sep='\\n')"],
                          capture_output=True, text=True, check=True).stdout.split()
    pth = [pathlib.Path(d) / "readysim.pth" for d in site]
    assert any(p.exists() for p in pth), (
        f"no readysim.pth in {', '.join(site)}: `import readysim` works only inside the test suite; "
        "run scripts/setup.sh from the project root (it builds and installs the .pth pointing at build/python)")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run(["/usr/bin/python3", "-c", "import readysim; print(readysim.__version__)"],
                          cwd=tmp_path, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == readysim.__version__
