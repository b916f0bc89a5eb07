"""Estimates with confidence intervals, computed by readysim's own C++ estimators."""
from __future__ import annotations

from typing import Callable, NamedTuple, Optional, Union

import numpy as np
import pandas as pd

from . import _core
from .results import Results
from .runner import Overrides, ScenarioLike, _load

__all__ = ["MeanCI", "mean_ci", "Comparison", "compare", "compare_metrics"]


class MeanCI(NamedTuple):
    """A mean with its confidence interval (``low``/``high`` are ±inf with fewer than 2 values)."""

    mean: float
    low: float
    high: float
    half_width: float
    n: int


def mean_ci(values, confidence: float = 0.95) -> MeanCI:
    """Mean of independent values with Student's t interval (n − 1 degrees of freedom).

    NaNs are dropped. Values must be independent: use one value per replication, not per fire
    (fires of one replication share its engines and crews).
    """
    x = np.asarray(values, dtype=float)
    return MeanCI(*_core.mean_ci(x[~np.isnan(x)], confidence))


class Comparison(NamedTuple):
    """A paired comparison of two runs, replication by replication."""

    #: per replication: the statistic in ``base``, in ``alternative``, and ``difference`` (alt − base)
    per_replication: pd.DataFrame
    #: the mean difference with its t interval over replications
    ci: MeanCI


def compare(base: Results, alternative: Results, column: str = "response_time",
            statistic: Union[str, Callable] = "mean", table: str = "incidents",
            confidence: float = 0.95) -> Comparison:
    """Paired difference ``alternative − base`` of a per-replication statistic, with its CI.

    One statistic of one column of two runs' tables; ``compare_metrics`` runs two scenarios and
    compares every metric, as ``readysim compare`` does.

    Both runs must share the seed and replication indices: then replication i has the same
    fires in both (common random numbers), the noise of the difference is small, and a t
    interval over the per-replication differences is valid. ``statistic`` is any pandas
    aggregation of ``table[column]`` within a replication ("mean", "max", "median", a callable).
    Replications where the statistic is undefined in either run (no fires) drop out.
    """
    for key in ("seed", "first_replication", "replications"):
        if base.meta.get(key) != alternative.meta.get(key):
            raise ValueError(f"paired comparison needs the same {key} in both runs "
                             f"({base.meta.get(key)} vs {alternative.meta.get(key)}): run both with the same seed")

    def per_rep(r: Results) -> pd.Series:
        index = r.replications["replication"]
        return r.tables[table].groupby("replication")[column].agg(statistic).reindex(index.to_numpy())

    df = pd.DataFrame({"base": per_rep(base), "alternative": per_rep(alternative)}).dropna()
    df["difference"] = df["alternative"] - df["base"]
    df.index.name = "replication"
    unit = base.tables[table].attrs.get("units", {}).get(column)
    df.attrs["units"] = {c: unit for c in df} if unit else {}
    return Comparison(df, mean_ci(df["difference"], confidence))


def compare_metrics(a: ScenarioLike, b: Optional[ScenarioLike] = None, *, overrides_a: Overrides = None,
                    overrides_b: Overrides = None, replications: Optional[int] = None, seed: Optional[int] = None,
                    jobs: int = 1, confidence: float = 0.95) -> pd.DataFrame:
    """``readysim compare`` in process: runs A and B on the same replications (common random
    numbers) and gives every metric's paired difference of means (shares for flags), B − A.

    ``a`` and ``b`` are scenario paths or Results (their effective scenario); ``b`` defaults to
    ``a``, changed by ``overrides_b``. ``replications`` and ``seed`` default to A's (its ``run``
    section, or for Results the run's own). One row per metric with values (metrics without any,
    such as evacuation metrics without a flood, are left out), indexed by metric: ``a``, ``b``,
    ``difference``, its paired interval ``low``/``high`` and ``half_width``, the
    ``unpaired_half_width`` two independent runs would give, ``reps_factor`` = (unpaired /
    paired)², how many times more replications they would need, and ``replications``. Values
    are in SI units as in every table of the package (durations in s, where the CLI prints
    minutes); ``attrs["units"]`` maps each metric to its unit.
    """
    scenario_a = _load(a, overrides_a)
    scenario_b = _load(a if b is None else b, overrides_b)
    if isinstance(a, Results):
        replications = a.meta.get("replications") if replications is None else replications
        seed = a.meta.get("seed") if seed is None else seed
    replications = scenario_a.replications if replications is None else int(replications)
    seed = scenario_a.seed if seed is None else int(seed)
    columns = _core.compare_metrics(scenario_a, scenario_b, replications, seed, jobs, confidence)
    units = dict(zip(columns["metric"], columns.pop("unit")))
    df = pd.DataFrame(columns).set_index("metric")
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = (df["unpaired_half_width"] / df["half_width"]) ** 2
    df.insert(df.columns.get_loc("replications"), "reps_factor", factor.where(df["half_width"] > 0))
    df.attrs["units"] = units
    return df
