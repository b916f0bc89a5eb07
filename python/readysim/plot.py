"""Plots for analysts (matplotlib); every function draws on ``ax`` (or a new figure) and returns it.

What the results support today: fire response-time distributions against a target and the
timeline of one replication's fires. The share of people safe against homes flooded and the
stock levels over time need the ``evacuation`` and ``stock`` tables, which the flood and stock
models will write; the sizing frontier needs ``readysim size``. Those functions exist so that
notebooks can name them, and raise NotImplementedError until then.
"""
from __future__ import annotations

from typing import Mapping, Optional, Union

import numpy as np

from .results import Results

__all__ = ["response_times", "timeline", "people_safe", "stock_levels", "sizing_frontier"]


def _axes(ax):
    if ax is None:
        import matplotlib.pyplot as plt
        _, ax = plt.subplots(figsize=(7, 4))
    return ax


def response_times(results: Union[Results, Mapping[str, Results]], target_min: Optional[float] = None,
                   column: str = "response_time", ax=None):
    """The distribution (ECDF) of fire response times in minutes, against a target line.

    ``results`` is one Results or ``{label: Results}`` to overlay runs (a plan and its
    variant). ``column`` is an ``incidents`` duration: ``response_time`` (alarm to engine on
    scene), ``first_response_time`` (to the first unit of any kind), ``queue_wait``,
    ``crew_wait``. With ``target_min`` a dashed line marks the target and each label gives the
    share of fires reached within it. Returns the Axes.
    """
    ax = _axes(ax)
    runs = results if isinstance(results, Mapping) else {"": results}
    for label, r in runs.items():
        minutes = np.sort(r.incidents[column].to_numpy(dtype=float)) / 60.0
        if minutes.size == 0:
            continue
        share = np.arange(1, minutes.size + 1) / minutes.size
        if target_min is not None:
            within = f"{np.mean(minutes <= target_min):.0%} within {target_min:g} min"
            label = f"{label} ({within})" if label else within
        ax.step(minutes, share, where="post", label=label or None)
    if target_min is not None:
        ax.axvline(target_min, color="black", linestyle="--", linewidth=1, label=f"target {target_min:g} min")
    ax.set_xlabel(f"{column.replace('_', ' ')} [min]")
    ax.set_ylabel("share of fires")
    ax.set_ylim(0, 1.02)
    ax.grid(alpha=0.3)
    if ax.get_legend_handles_labels()[1]:
        ax.legend(loc="lower right")
    return ax


# Phases of a fire: (label, start column, end column, colour); "decision" and "crew_ready" are
# computed in timeline(). One bar per fire, the phases end to end.
_PHASES = (("detection", "ignition", "alarm", "0.75"),
           ("call handling", "alarm", "decision", "tab:blue"),
           ("queue (no engine free)", "decision", "dispatch", "tab:red"),
           ("crew call-back", "dispatch", "crew_ready", "tab:orange"),
           ("turnout + travel", "crew_ready", "engine_arrival", "tab:green"))


def timeline(results: Results, replication: int, ax=None):
    """The fires of one replication, one bar each, in minutes from its own ignition.

    Each bar runs detection → call handling → queue (waiting for a free engine) → crew
    call-back → turnout and travel, to the engine (or mutual aid, hatched) on scene; a black
    tick marks the first unit of any kind. Labels give the fire, its node and the day and time
    of ignition (day 1 is the first day). Returns the Axes.
    """
    fires = results.incidents[results.incidents["replication"] == replication].sort_values("ignition")
    if fires.empty:
        raise ValueError(f"replication {replication} has no fires in these results")
    ax = _axes(ax)
    t = fires.assign(decision=fires["dispatch"] - fires["queue_wait"],
                     crew_ready=fires["dispatch"] + fires["crew_wait"])
    rows = np.arange(len(t))
    for label, start, end, color in _PHASES:
        begin = (t[start] - t["ignition"]).to_numpy() / 60.0
        width = (t[end] - t[start]).to_numpy() / 60.0
        hatch = ["//" if aid and end == "engine_arrival" else "" for aid in t["engine"] == "mutual_aid"]
        ax.barh(rows, width, left=begin, color=color, label=label, hatch=hatch, edgecolor="white", height=0.7)
    ax.plot((t["first_arrival"] - t["ignition"]).to_numpy() / 60.0, rows, "|", color="black", markersize=12,
            label="first unit on scene")
    days = t["ignition"] / 86400.0
    ax.set_yticks(rows, [f"fire {f} · {n} · day {int(d) + 1} {int(d % 1 * 24):02d}:{int(d % 1 * 1440 % 60):02d}"
                         for f, n, d in zip(t["fire"], t["node"], days)])
    ax.invert_yaxis()
    ax.set_xlabel("minutes from ignition")
    ax.set_title(f"replication {replication}")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, fontsize="small")
    return ax


def people_safe(results: Results, ax=None):
    """The share of people safe over time against the share of homes flooded.

    Not yet: it needs the ``evacuation`` table that the flood model will write.
    """
    raise NotImplementedError("people_safe needs the evacuation table, which arrives with the flood model")


def stock_levels(results: Results, ax=None):
    """Depot stock levels over time.

    Not yet: it needs the ``stock`` table that the stock model will write.
    """
    raise NotImplementedError("stock_levels needs the stock table, which arrives with the stock model")


def sizing_frontier(study, ax=None):
    """The sizing frontier: cost against the chance of meeting the targets.

    Not yet: it needs the results of ``readysim size``.
    """
    raise NotImplementedError("sizing_frontier needs sizing studies, which arrive with readysim size")
