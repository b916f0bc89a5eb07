"""Plots for analysts (matplotlib); every function draws on ``ax`` (or a new figure) and returns it.

From a run's results: fire response-time distributions against a target (``response_times``),
the timeline of one replication's fires (``timeline``), people safe over a flood against homes
flooded (``people_safe``, from ``cohorts``) and depot stock over time (``stock_levels``, from
``stock_levels``). From a sizing study (``readysim size -o``): cost against performance of
every evaluated candidate with the frontier and the recommendation (``sizing_frontier``).
"""
from __future__ import annotations

from typing import Mapping, Optional, Tuple, Union

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


def timeline(results: Results, replication: Optional[int] = None, ax=None):
    """The fires of one replication, one bar each, in minutes from its own ignition.

    ``replication`` defaults to the one with the most fires (the first of them); a flood
    season may have replications without any. A replication without fires is a ValueError
    that names some that have them.

    Each bar runs detection → call handling → queue (waiting for a free engine) → crew
    call-back → turnout and travel, to the engine (or mutual aid, hatched) on scene; a black
    tick marks the first unit of any kind. Labels give the fire, its node and the day and time
    of ignition (day 1 is the first day). Returns the Axes.
    """
    incidents = results.incidents
    if incidents.empty:
        raise ValueError("these results have no fires to draw")
    if replication is None:
        per_rep = incidents.groupby("replication").size()
        replication = int(per_rep.index[np.argmax(per_rep.to_numpy())])
    fires = incidents[incidents["replication"] == replication].sort_values("ignition")
    if fires.empty:
        with_fires = sorted(set(incidents["replication"]))
        some = ", ".join(map(str, with_fires[:10])) + (", …" if len(with_fires) > 10 else "")
        raise ValueError(f"replication {replication} has no fires in these results; replications with fires: "
                         f"{some} (or leave replication out for the one with the most fires)")
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


def _horizon_s(results: Results) -> Optional[float]:
    """The run's horizon in seconds, from the effective scenario ("48 h"), or None."""
    text = str(results.scenario.get("horizon", "")).split()
    if len(text) != 2 or text[1] not in _DURATION_UNITS:
        return None
    try:
        return float(text[0]) * _DURATION_UNITS[text[1]]
    except ValueError:
        return None


_DURATION_UNITS = {"d": 86400.0, "h": 3600.0, "min": 60.0, "s": 1.0}


def _steps(times: np.ndarray, amounts: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Sum of ``amounts`` whose time is at or before each grid point (a cumulative step count)."""
    order = np.argsort(times, kind="stable")
    cumulative = np.concatenate([[0.0], np.cumsum(amounts[order])])
    return cumulative[np.searchsorted(times[order], grid, side="right")]


def people_safe(results: Results, band: Tuple[float, float] = (0.1, 0.9), ax=None):
    """People safe in a shelter over time, against people whose homes have flooded.

    Time runs in hours from each replication's flood warning (``replications.warning``), so
    that replications whose breach came at different hours line up. From the ``cohorts`` table:
    at each time, a replication's people safe are those of its cohorts with ``safe`` at or
    before it, and its people flooded those with ``home_flooded`` at or before it. Draws the
    median over replications of people safe (a step line), the ``band`` quantiles of it
    (default 10 %–90 %, shaded) and the median of people whose homes have flooded (dashed).
    Quantiles are numpy's default (linear, type 7). Replications without a warning (no
    flood) are left out; results without any raise ValueError. Returns the Axes.
    """
    cohorts = results.tables.get("cohorts")
    reps = results.replications
    warning = reps.set_index("replication")["warning"] if "warning" in reps else None
    if cohorts is None or cohorts.empty or warning is None or not np.isfinite(warning).any():
        raise ValueError("people_safe needs a flood: these results have no evacuation cohorts "
                         "(run a scenario with a flood section, e.g. scenarios/yunlianghu/flood.yaml)")
    warning = warning[np.isfinite(warning)]
    cohorts = cohorts[cohorts["replication"].isin(warning.index)]
    relative = {}
    for rep, w in warning.items():
        c = cohorts[cohorts["replication"] == rep]
        relative[rep] = (c["safe"].to_numpy(float) - w, c["home_flooded"].to_numpy(float) - w,
                         c["people"].to_numpy(float))
    finite = [t[np.isfinite(t)] for safe, flooded, _ in relative.values() for t in (safe, flooded)]
    grid = np.unique(np.concatenate([[0.0], *finite]))
    safe = np.array([_steps(s, p, grid) for s, _, p in relative.values()])
    flooded = np.array([_steps(f, p, grid) for _, f, p in relative.values()])
    hours = grid / 3600.0
    low, median, high = np.quantile(safe, [band[0], 0.5, band[1]], axis=0)
    ax = _axes(ax)
    ax.fill_between(hours, low, high, step="post", alpha=0.3, color="tab:green",
                    label=f"people safe, {band[0]:.0%}–{band[1]:.0%} of replications")
    ax.step(hours, median, where="post", color="tab:green", label="people safe (median)")
    ax.step(hours, np.median(flooded, axis=0), where="post", color="tab:blue", linestyle="--",
            label="people whose homes flooded (median)")
    ax.set_xlabel("hours from the warning")
    ax.set_ylabel("people")
    ax.set_title(f"{len(relative)} replications")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize="small")
    return ax


def stock_levels(results: Results, replication: Optional[int] = None, depot=None, item=None,
                 band: Tuple[float, float] = (0.1, 0.9), ax=None):
    """Stock on hand over time, one line per depot and item, in hours from the start.

    From ``stock_levels`` (a step series per replication, depot and item: from ``time`` on the
    level is ``level``), extended to the horizon. With ``replication`` the lines are that
    replication's series exactly; without, each line is the median over replications at every
    time any of them changes, with the ``band`` quantiles (numpy's linear quantiles) shaded.
    ``depot`` and ``item`` (a name or a list of names) select series. Levels are in each item's
    unit (``stock.unit``), given in the labels. Returns the Axes.
    """
    levels = results.tables.get("stock_levels")
    if levels is None or levels.empty:
        raise ValueError("stock_levels needs depots: these results have no stock levels "
                         "(a scenario with resources.depots writes them)")
    for column, wanted in (("depot", depot), ("item", item)):
        if wanted is not None:
            names = [wanted] if isinstance(wanted, str) else list(wanted)
            unknown = sorted(set(names) - set(levels[column]))
            if unknown:
                raise ValueError(f"no stock levels for {column} {', '.join(unknown)} "
                                 f"(there are: {', '.join(sorted(set(levels[column])))})")
            levels = levels[levels[column].isin(names)]
    if replication is not None:
        if replication not in set(levels["replication"]):
            raise ValueError(f"replication {replication} is not in these results")
        levels = levels[levels["replication"] == replication]
    stock = results.tables.get("stock")
    units = {} if stock is None else {(d, i): u for d, i, u in zip(stock["depot"], stock["item"], stock["unit"])}
    horizon = _horizon_s(results)
    ax = _axes(ax)
    for (d, i), series in levels.groupby(["depot", "item"], sort=False):
        label = f"{d} · {i}" + (f" [{units[(d, i)]}]" if units.get((d, i)) else "")
        per_rep = [(g["time"].to_numpy(float), g["level"].to_numpy(float)) for _, g in series.groupby("replication")]
        grid = np.unique(np.concatenate([t for t, _ in per_rep]))
        if horizon is not None and horizon > grid[-1]:
            grid = np.append(grid, horizon)
        # the level at each grid time: the last change at or before it
        values = np.array([lv[np.searchsorted(t, grid, side="right") - 1] for t, lv in per_rep])
        hours = grid / 3600.0
        if replication is None:
            low, median, high = np.quantile(values, [band[0], 0.5, band[1]], axis=0)
            (line,) = ax.step(hours, median, where="post", label=label)
            ax.fill_between(hours, low, high, step="post", alpha=0.2, color=line.get_color())
        else:
            ax.step(hours, values[0], where="post", label=label)
    ax.set_xlabel("hours from the start")
    ax.set_ylabel("stock on hand")
    ax.set_title(f"replication {replication}" if replication is not None
                 else f"median of {levels['replication'].nunique()} replications, "
                      f"{band[0]:.0%}–{band[1]:.0%} shaded")
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(loc="best", fontsize="small")
    return ax


_VERDICT_STYLE = {"met": ("tab:green", "o"), "missed": ("tab:red", "x"), "undecided": ("tab:orange", "^"),
                  "screened": ("0.6", ".")}


def sizing_frontier(study: Results, target: Optional[str] = None, ax=None):
    """A sizing study's evaluated candidates: cost against performance, the frontier and the pick.

    ``study`` is ``readysim.load`` of a ``readysim size -o`` file (its ``study`` and
    ``study_targets`` tables). Performance is the worst target gap in % (``worst_gap``:
    (estimate − bound) / bound, ≤ 0 meets every point estimate), or with ``target`` (a name in
    ``study_targets.target``, e.g. ``fire.response_time.p90``) that target's estimate with its
    interval as error bars, durations in minutes, and its bound as a dashed line. Candidates are
    marked by verdict (met, missed, undecided, or screened: few replications, not decided);
    the cost–performance frontier is a line and the recommendation a star. Returns the Axes.
    """
    tables = study.tables
    if "study" not in tables or "study_targets" not in tables:
        raise ValueError("sizing_frontier needs the results of readysim size -o FILE "
                         f"(tables study and study_targets; these have {', '.join(tables)})")
    cand, targets = tables["study"], tables["study_targets"]
    if target is None:
        y = cand["worst_gap"].to_numpy(float) * 100
        low = high = None
        ylabel = "worst target gap [%] (≤ 0 meets every target)"
        bound = 0.0
    else:
        if target not in set(targets["target"]):
            raise ValueError(f"no target {target!r} in this study (its targets: {', '.join(targets['target'])})")
        row = targets.set_index("target").loc[target]
        scale = 1 / 60 if row["unit"] == "s" else 1.0
        y = cand[target].to_numpy(float) * scale
        low = cand[target + ".low"].to_numpy(float) * scale
        high = cand[target + ".high"].to_numpy(float) * scale
        unit = "min" if row["unit"] == "s" else ("" if row["unit"] == "1" else row["unit"])
        ylabel = target + (f" [{unit}]" if unit else "")
        bound = float(row["bound"]) * scale
    cost = cand["cost"].to_numpy(float)
    verdict = np.where((cand["decided"] == 0) & (cand["verdict"] == "undecided"), "screened", cand["verdict"])
    ax = _axes(ax)
    if low is not None:
        ax.errorbar(cost, y, yerr=[y - low, high - y], fmt="none", ecolor="0.7", elinewidth=1, zorder=1)
    for name, (color, marker) in _VERDICT_STYLE.items():
        pick = verdict == name
        if pick.any():
            ax.scatter(cost[pick], y[pick], color=color, marker=marker, label=f"{name} ({pick.sum()})", zorder=2)
    front = np.flatnonzero(cand["frontier"].to_numpy() == 1)
    front = front[np.argsort(cost[front], kind="stable")]
    ax.plot(cost[front], y[front], "-", color="black", linewidth=1, label="cost–performance frontier", zorder=3)
    ax.axhline(bound, color="black", linestyle="--", linewidth=1, label="bound" if target else "gap 0", zorder=0)
    chosen = np.flatnonzero(cand["recommended"].to_numpy() == 1)
    if chosen.size:
        ax.plot(cost[chosen], y[chosen], "*", color="gold", markeredgecolor="black", markersize=16,
                label=f"recommended: {study.meta.get('recommendation', '')}", zorder=4)
    cost_unit = study.meta.get("cost_unit", "")
    ax.set_xlabel(f"cost [{cost_unit}]" if cost_unit else "cost")
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    ax.legend(loc="best", fontsize="small")
    return ax
