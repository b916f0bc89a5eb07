"""The analysts' notebooks (python/notebooks) execute headless, show what they claim, and are
stored executed with the outputs they give today.

Each runs as python/notebooks/execute.py runs it (Debian's python3 kernel, the package of this
build tree, fewer replications than a person would use); a cell appended here prints its key
results as JSON. The stored outputs must be what the notebook prints now (figures compared by
their text, not their pixels): after a change to the model or the package, run
`/usr/bin/python3 python/notebooks/execute.py` and commit the notebooks it rewrote.
"""
import copy
import importlib.util
import json
import math

import nbformat
import numpy as np
import pytest

import readysim  # a plain import: a broken package fails the suite, it is never skipped

# Key results each notebook prints as JSON from a cell appended here.
CHECKS = {
    "planner.ipynb": """{
        "engine_only": list(engine_only.ci[:3]), "full": list(full.ci), "variants": list(table.index),
        "second_dispatches": int(second.units.query("engine == 'brigade/2'")["dispatches"].sum()),
        "with_fires": int((plan.replications["fires"] > 0).sum()), "reps": REPLICATIONS}""",
    "analyst.ipynb": """{
        "slowest": slowest["response"].tolist(), "causes": cause.value_counts().to_dict(),
        "called_back": explain["called_back"].to_dict(), "fires": len(inc)}""",
    "drill_designer.ipynb": """{
        "replication": drill_replication, "worst": worst.tolist(), "by_replication": worst.index.tolist(),
        "same": bool(same), "events": events["from alarm [min]"].tolist(), "fires": len(fires),
        "pick": drill_pick, "injects": len(msel)}""",
    "flood_staff.ipynb": """{
        "tasks": tasks.to_dict(), "unmet_diff": list(unmet_diff), "safe_diff": list(safe_diff),
        "plan_unmet": float(shelter_unmet_h(plan).mean()), "reps": REPLICATIONS}""",
}


@pytest.fixture(scope="module")
def notebooks(source_dir):
    """python/notebooks/execute.py, the script that stores the notebooks executed."""
    spec = importlib.util.spec_from_file_location("execute_notebooks", source_dir / "python" / "notebooks" / "execute.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert set(CHECKS) == set(module.NOTEBOOKS)
    return module


@pytest.fixture(scope="module")
def results_file(notebooks, tmp_path_factory):
    return notebooks.make_results(tmp_path_factory.mktemp("analyst"))


REPLICATIONS = 100


@pytest.fixture(scope="module")
def executed(notebooks, results_file):
    """{notebook: (checks, number of figures, stored outputs, fresh outputs) or the exception it raised}."""
    assert notebooks.REPLICATIONS == REPLICATIONS
    out = {}
    for name, checks in CHECKS.items():
        stored = nbformat.read(notebooks.HERE / name, as_version=4)
        nb = copy.deepcopy(stored)
        nb.cells.append(nbformat.v4.new_code_cell(f"import json\nprint(json.dumps({checks}))"))
        try:
            notebooks.execute(nb, results_file)
        except Exception as e:  # reported by that notebook's test
            out[name] = e
            continue
        outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
        figures = sum(notebooks.FIGURE in o.get("data", {}) for o in outputs)
        out[name] = (json.loads(nb.cells[-1].outputs[-1].text), figures,
                     notebooks.outputs(stored), notebooks.outputs(nb, len(stored.cells)))
    return out


@pytest.fixture
def execute(executed):
    def get(name):
        if isinstance(executed[name], BaseException):
            raise executed[name]
        return executed[name][:2]
    return get


@pytest.mark.parametrize("name", list(CHECKS))
def test_stored_outputs_are_current(executed, name):
    if isinstance(executed[name], BaseException):
        raise executed[name]
    _, _, stored, fresh = executed[name]
    assert len(stored) == len(fresh)
    assert any(stored), f"{name} is stored without outputs; run python/notebooks/execute.py"
    for k, (was, now) in enumerate(zip(stored, fresh)):
        assert was == now, (f"{name}: code cell {k} prints something else today; run "
                            f"/usr/bin/python3 python/notebooks/execute.py and commit the notebooks")


def test_planner(execute):
    got, figures = execute("planner.ipynb")
    assert got["reps"] == REPLICATIONS
    # a second engine without a second crew of four never leaves: the same fires, the same times
    assert got["engine_only"] == [0, 0, 0] and got["second_dispatches"] == 0
    mean, low, high, half, n = got["full"]
    assert low < mean < high < 0 and math.isclose(high - low, 2 * half, rel_tol=1e-12)
    # deterministic at the fixed seed: the pairs are the replications with a fire (a mean response
    # time in both runs: the same fires in both, common random numbers), not "about 90 %"
    assert n == got["with_fires"] and 0 < n <= REPLICATIONS
    assert got["variants"][-1] == "2 engines, 8 firefighters"
    assert figures == 1


def test_analyst(execute, results_file):
    got, figures = execute("analyst.ipynb")
    inc = readysim.load(results_file).incidents
    assert got["fires"] == len(inc)
    # the same doubles, the same division, and JSON round-trips floats exactly: equal, not close
    assert got["slowest"] == list(np.sort(inc["response_time"])[::-1][:10] / 60)
    assert max(got["causes"], key=got["causes"].get) == "crew call-back"
    assert got["called_back"]["slowest 5 %"] > 10 * got["called_back"]["the rest"]
    assert figures == 2  # its own figure and the package's plot


def test_drill_designer(execute):
    got, figures = execute("drill_designer.ipynb")
    worst = got["worst"]
    assert worst == sorted(worst) and len(worst) <= REPLICATIONS
    rank = math.ceil(0.9 * len(worst))
    assert got["by_replication"][rank - 1] == got["replication"]
    assert got["same"] is True
    events = got["events"]
    assert events == sorted(events) and events[0] < 0 and events[1] == 0  # ignition, then the alarm
    assert got["fires"] >= 1 and figures == 2
    # readysim drill --select fire.response_time:p90 picks the order statistic the notebook computed
    assert got["pick"] == got["replication"] and got["injects"] >= 3


def test_flood_staff(execute):
    got, figures = execute("flood_staff.ipynb")
    assert got["reps"] == REPLICATIONS
    tasks = got["tasks"]
    # every flood asks for door-to-door teams (5 communities), a levee crew and shelter staff
    assert tasks["requests"]["door_to_door"] == 5 and tasks["requests"]["levee_patrol"] == 1
    assert tasks["peak_demand"]["levee_patrol"] == 20
    # the shelters are the task left waiting in the plan as set up
    assert got["plan_unmet"] > 1 and tasks["unmet [h]"]["shelter_management"] == round(got["plan_unmet"], 2)
    # holding team members back shortens the shelters' wait and costs warning speed: both intervals
    # exclude zero, on the side the notebook's conclusion states
    mean, low, high, half, n = got["unmet_diff"]
    assert low < mean < high < 0 and n == REPLICATIONS
    mean, low, high, half, n = got["safe_diff"]
    assert low < mean < high < 0
    assert figures == 2  # its own figure and the package's plot
