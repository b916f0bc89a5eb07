"""Results as pandas DataFrames: from a results file (``load``) or from ``readysim.run``."""
from __future__ import annotations

import functools
import os
from typing import Any, Dict, Mapping, Optional, Tuple

import pandas as pd

from . import _core

__all__ = ["Results", "load"]

# Columns derived on loading (not stored in the file): name -> (minuend, subtrahend).
_DERIVED = {"incidents": {"response_time": ("engine_arrival", "alarm"),
                          "first_response_time": ("first_arrival", "alarm")}}


# Descriptions of the derived columns (the file's columns bring their own).
_DERIVED_DESCRIPTIONS = {"response_time": "alarm to engine on scene (engine_arrival - alarm)",
                         "first_response_time": "alarm to the first unit of any kind (first_arrival - alarm)"}


def _frame(name: str, columns: Mapping[str, Tuple[Any, str, str]]) -> pd.DataFrame:
    # Units and descriptions are the file's own attributes (written from the record descriptions).
    df = pd.DataFrame({col: values for col, (values, _, _) in columns.items()})
    units = {col: unit for col, (_, unit, _) in columns.items() if unit}
    descriptions = {col: text for col, (_, _, text) in columns.items() if text}
    for col, (a, b) in _DERIVED.get(name, {}).items():
        if a in df and b in df:
            df[col] = df[a] - df[b]
            units[col] = units.get(a, "")
            descriptions[col] = _DERIVED_DESCRIPTIONS[col]
    if name == "summary" and "metric" in df:
        # Rows are metrics, each in its own unit: the units go to attrs by metric, so that every
        # column left is numeric.
        df = df.set_index("metric")
        if "unit" in df:
            units = dict(zip(df.index, df.pop("unit")))
    df.attrs["units"] = units
    df.attrs["descriptions"] = descriptions
    return df


class Results:
    """The results of a run: one DataFrame per table, the effective scenario and provenance.

    Tables are attributes (``incidents``, ``units``, ``replications``, ``summary``, ``cohorts``,
    ``evacuation``, ``stock_levels``… for a run; ``study``, ``study_targets`` and
    ``study_variables`` for a sizing study written by ``readysim size -o``) and entries of
    ``tables``; a table the results do not have is an AttributeError that lists those they
    have. Times are seconds from the start of the replication; each DataFrame's
    ``attrs["units"]`` maps its dimensioned columns to their units (``{"alarm": "s"}``) and
    ``attrs["descriptions"]`` its described columns to what a value is (``{"alarm": "call
    received"}``), both read from the file (docs/results-schema.md lists them).
    ``incidents`` gains two derived columns, ``response_time`` (alarm to engine on scene) and
    ``first_response_time`` (alarm to the first unit of any kind), as ``/summary`` defines them.
    ``summary`` is indexed by metric (``results.summary.loc["fire.response_time", "p90"]``), every
    column numeric; its ``attrs["units"]`` maps each metric to its unit (``"s"``, ``"1"`` for
    shares, ``"people"``…), and its ``censored`` column counts the values cut at the horizon
    (lower bounds: the evacuation clearance times and ``evac.assisted_wait``).
    In ``cohorts``, ``evacuation`` and ``shelters`` a time that did not come within the horizon
    is NaN (``safe``, ``home_flooded``, …; ``cohorts.censored`` marks groups still waiting or on
    the way then), and ``people`` are whole; the fire tables keep ``inf`` for never.
    """

    def __init__(self, meta: Mapping[str, Any], tables: Mapping[str, Mapping[str, Tuple[Any, str]]],
                 path: Optional[str] = None):
        """Builds Results from ``_core``'s (meta, tables); use ``load`` or ``run`` instead."""
        #: the results file, or None for an in-process run that wrote none
        self.path = None if path is None else os.fspath(path)
        #: the effective scenario (every default filled in) as YAML text
        self.scenario_yaml: str = meta.get("effective_scenario", "")
        #: provenance: scenario_path, version, git_hash, seed, replications, first_replication
        self.meta: Dict[str, Any] = {k: v for k, v in meta.items() if k != "effective_scenario"}
        #: every table by name, in file order
        self.tables: Dict[str, pd.DataFrame] = {name: _frame(name, cols) for name, cols in tables.items()}

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(f"these results have no table {name!r} (they have {', '.join(tables)})")

    @property
    def incidents(self) -> pd.DataFrame:
        """One row per fire: times (s), the unit that came, waits, heat release."""
        return self.__getattr__("incidents")

    @property
    def units(self) -> pd.DataFrame:
        """One row per engine and replication: dispatches and busy time."""
        return self.__getattr__("units")

    @property
    def replications(self) -> pd.DataFrame:
        """One row per replication: fires and simulation events."""
        return self.__getattr__("replications")

    @property
    def summary(self) -> pd.DataFrame:
        """Per metric: mean with its 95 % CI, pooled quantiles, n (durations in s, shares in 1)."""
        return self.__getattr__("summary")

    @functools.cached_property
    def scenario(self) -> Dict[str, Any]:
        """The effective scenario as a dict (values with units stay strings: ``"90 s"``)."""
        import yaml
        return yaml.safe_load(self.scenario_yaml) or {}

    def __repr__(self) -> str:
        rows = ", ".join(f"{name} {len(df)}" for name, df in self.tables.items())
        where = f" from {self.path}" if self.path else ""
        return (f"<readysim.Results{where}: {self.meta.get('replications')} replications, "
                f"seed {self.meta.get('seed')}; rows: {rows}>")


def load(path: "str | os.PathLike[str]") -> Results:
    """Reads a results file written by ``readysim run -o``, ``readysim.run(output=…)`` or
    ``readysim size -o`` (a study: tables ``study``, ``study_targets``, ``study_variables``).

    Raises ``readysim.Error`` when the file cannot be read.
    """
    meta, tables = _core.read_results(os.fspath(path))
    return Results(meta, tables, path=path)
