"""Estimates with confidence intervals, computed by readysim's own C++ estimators."""
from __future__ import annotations

from typing import Callable, NamedTuple, Union

import numpy as np
import pandas as pd

from . import _core
from .results import Results

__all__ = ["MeanCI", "mean_ci", "Comparison", "compare"]


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
