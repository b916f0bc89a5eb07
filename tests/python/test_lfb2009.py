"""London Fire Brigade 2009 (issue 18): the scenario, the fit and the held-out comparison in
scenarios/validation/lfb2009 are what its scripts give and what its README says.

- build.py, rerun into a scratch folder, gives the committed fit.json (the travel model's
  parameters, fitted on January to June only), nodes.csv and scenario.yaml.
- compare.py on the held-out half (July to December, the scenario's 20 replications and seed)
  gives a simulated median and P90 within their recorded 95 % interval of results_test.json's,
  and the observed figures are the log's (median 297 s, P90 474 s on that half).
- README.md's results table is the one compare.py --readme writes from the results files.
"""
import importlib.util
import json
import os
import subprocess
import sys

import pytest

FOLDER = "scenarios/validation/lfb2009"


def _load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def lfb_dir(source_dir, shared_data_dir):
    if not (shared_data_dir / "incidents_lfb_2009_spatsurv" / "lfb_dwelling_fires_2009.csv").exists():
        pytest.fail(f"the LFB 2009 log is not in {shared_data_dir}")
    return source_dir / FOLDER


def _env(readysim_bin, shared_data_dir):
    return dict(os.environ, READYSIM_BIN=str(readysim_bin), READYSIM_SHARED_DATA_DIR=str(shared_data_dir))


def test_build_gives_the_committed_scenario_and_fit(lfb_dir, readysim_bin, shared_data_dir, tmp_path):
    subprocess.run([sys.executable, lfb_dir / "build.py", "--out", tmp_path], check=True, capture_output=True,
                   env=_env(readysim_bin, shared_data_dir))
    got = json.loads((tmp_path / "fit.json").read_text())
    want = json.loads((lfb_dir / "fit.json").read_text())
    assert got.keys() == want.keys()
    for key, value in want.items():
        assert got[key] == pytest.approx(value, rel=1e-3), key
    # The figures the README quotes.
    assert (want["stations"], want["pumps"], want["two_pump_stations"]) == (112, 169, 58)
    assert (want["acceleration_m_s2"], want["cruise_speed_kmh"]) == (0.4798, 48.16)
    assert (want["turnout_median_s"], want["turnout_p90_s"]) == (154.6, 280.6)
    readme = (lfb_dir / "README.md").read_text()
    assert "a = 0.4798 m/s², v_c = 48.16 km/h, U median 154.6 s, P90 280.6 s" in readme
    assert (tmp_path / "nodes.csv").read_text() == (lfb_dir / "nodes.csv").read_text()
    # The scenario names the log relative to where it is written; everything else is the same.
    strip = lambda text: [l for l in text.splitlines() if not l.strip().startswith("file: ")]  # noqa: E731
    for name in ("scenario.yaml", "background.yaml"):
        assert strip((tmp_path / name).read_text()) == strip((lfb_dir / name).read_text()), name


def test_held_out_half_agrees_with_the_recorded_comparison(lfb_dir, readysim_bin, shared_data_dir, tmp_path):
    subprocess.run([sys.executable, lfb_dir / "compare.py", "--out", tmp_path, "-j", "2"], check=True,
                   capture_output=True, env=_env(readysim_bin, shared_data_dir))
    got = json.loads((tmp_path / "results_test.json").read_text())
    want = json.loads((lfb_dir / "results_test.json").read_text())
    # Observed: the log itself (the 296 s / 471 s are the whole year's).
    assert got["fires"] == 3328
    assert (got["observed"]["median"], got["observed"]["p90"]) == (297.0, 474.0)
    assert got["observed"] == want["observed"]
    # Simulated: within the recorded run's 95 % interval of the recorded value.
    for stat in ("median", "p90"):
        recorded, ci = want["simulated"][stat], want["simulated"][f"{stat}_ci95"]
        assert abs(got["simulated"][stat] - recorded) <= ci, (stat, got["simulated"][stat], recorded, ci)
    assert got["simulated"]["replications"] == 20
    assert got["goal_met"] == want["goal_met"]


def test_readme_table_is_the_results_files(lfb_dir):
    compare = _load(lfb_dir / "compare.py", "lfb_compare")
    test = json.loads((lfb_dir / "results_test.json").read_text())
    train = json.loads((lfb_dir / "results_train.json").read_text())
    assert compare.readme_block(test, train) in (lfb_dir / "README.md").read_text()
