"""Scenarios in process: validate, run and route, through the compiled core."""
from __future__ import annotations

import numbers
import os
import tempfile
from typing import Any, Callable, Iterable, List, Mapping, Optional, Tuple, Union

import pandas as pd

from . import _core
from .errors import UsageError
from .results import Results

__all__ = ["run", "validate", "routes"]

PathLike = Union[str, "os.PathLike[str]"]
ScenarioLike = Union[PathLike, Results]
Overrides = Optional[Union[Mapping[str, Any], Iterable[Tuple[str, Any]]]]


def _yaml_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Number):  # numpy scalars too, as sweeps over np.arange give
        return str(value)
    import yaml  # mappings and lists: one line of flow-style YAML
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**9).strip()


def _overrides(overrides: Overrides) -> List[Tuple[str, str]]:
    if not overrides:
        return []
    items = overrides.items() if isinstance(overrides, Mapping) else overrides
    return [(str(path), _yaml_text(value)) for path, value in items]


def _load(scenario: ScenarioLike, overrides: Overrides) -> "_core.Scenario":
    if not isinstance(scenario, Results):
        return _core.load_scenario(os.fspath(scenario), _overrides(overrides))
    # The effective scenario names the files it references by absolute path, so it loads from
    # anywhere on the machine that ran it.
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "effective_scenario.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(scenario.scenario_yaml)
        return _core.load_scenario(path, _overrides(overrides))


def validate(scenario: ScenarioLike, overrides: Overrides = None) -> str:
    """Checks a scenario (with ``overrides`` applied) and returns its one-line summary.

    ``scenario`` is a path, or Results, whose effective scenario is used (so a results file's
    run can be validated, re-run or routed on again; the files it references must still exist).
    ``overrides`` maps dotted paths to values, e.g. ``{"resources.stations.brigade.engines": 2,
    "resources.stations.brigade.turnout": "2 min"}``; list items are addressed by id. Numbers
    and booleans become YAML, strings are used as written, dicts and lists become flow YAML.
    Raises ``readysim.ScenarioError`` with every problem's file, line, column and message.
    """
    return _load(scenario, overrides).summary()


def run(scenario: ScenarioLike, replications: Optional[int] = None, seed: Optional[int] = None, jobs: int = 1,
        overrides: Overrides = None, output: Optional[PathLike] = None, *, first_replication: int = 0,
        progress: Optional[Callable[[int, int], None]] = None) -> Results:
    """Runs Monte Carlo replications in this process and returns their Results.

    ``scenario`` is a path or Results (as in ``validate``); ``replications`` and ``seed``
    default to the scenario's ``run`` section; ``jobs`` worker
    processes run them (the results do not depend on it). ``overrides`` is as in ``validate``.
    The same seed gives the same replications as ``readysim run``: change a team size with
    ``overrides`` and replication i keeps its fires (common random numbers), so compare runs
    replication by replication (``readysim.compare``). ``first_replication=k, replications=1``
    re-runs replication k alone, bit for bit. ``output`` also writes the HDF5 results file;
    ``progress(done, total)`` is called as replications arrive. The GIL is released while
    the engine runs. Raises ``ScenarioError`` for a bad scenario, ``UsageError`` for bad
    arguments, ``readysim.Error`` if a worker fails.
    """
    s = _load(scenario, overrides)
    replications = s.replications if replications is None else int(replications)
    seed = s.seed if seed is None else int(seed)
    if replications < 1 or seed < 0 or jobs < 1 or first_replication < 0:
        raise UsageError(f"run needs replications ≥ 1, seed ≥ 0, jobs ≥ 1 and first_replication ≥ 0 "
                         f"(got {replications}, {seed}, {jobs}, {first_replication})")
    if output is not None:
        output = os.fspath(output)
        directory = os.path.dirname(os.path.abspath(output))
        if not os.path.isdir(directory):  # as the CLI does: before minutes of simulation
            raise UsageError(f"output {output}: the directory {directory} does not exist")
    meta, tables = _core.run(s, replications, seed, jobs, first_replication, progress, output)
    return Results(meta, tables, path=output)


def routes(scenario: ScenarioLike, origin: str, overrides: Overrides = None) -> pd.DataFrame:
    """Free-flow shortest routes from road node ``origin`` to every node it reaches.

    Columns: ``node``, ``time_s`` (s), ``length_m`` (m), ``hops`` (segments), as
    ``readysim routes --format csv`` prints them. Raises ``UsageError`` for an unknown node.
    """
    df = pd.DataFrame(_core.travel_times(_load(scenario, overrides), origin))
    df.attrs["units"] = {"time_s": "s", "length_m": "m"}
    return df
