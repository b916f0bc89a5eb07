"""Plots for analysts (matplotlib); every function draws on ``ax`` (or a new figure) and returns it.

From a run's results: fire response-time distributions against a target (``response_times``),
the timeline of one replication (``timeline``: its fires, or for a flood its communities'
evacuation and its fires), people safe over a flood against homes flooded (``people_safe``, from
``cohorts``), staff busy over time per role (``staff_busy``, from ``staff_assignments``) and depot
stock over time (``stock_levels``, from ``stock_levels``). From a sizing
study (``readysim size -o``): cost against performance of every evaluated candidate with the
frontier and the recommendation (``sizing_frontier``).

Times: fire durations in minutes, as ``readysim run`` prints them; a flood and stock levels,
which run over days, in hours (from the warning, from the start). Every function takes
``lang="en"`` or ``"zh"`` for its labels, titles and legends (default: the CLI's, from
READYSIM_LANG or the locale); the wording is the CLI's catalogue, and Chinese is drawn in Noto
Sans CJK SC (Debian's fonts-noto-cjk). Metric, column, node and level names stay as in the file.
"""
from __future__ import annotations

from typing import Mapping, Optional, Tuple, Union

import numpy as np

from . import _text
from ._text import fonts as _fonts, language as _language, text as _t
from .results import Results

__all__ = ["response_times", "timeline", "people_safe", "staff_busy", "stock_levels", "sizing_frontier"]


def _axes(ax):
    if ax is None:
        import matplotlib.pyplot as plt
        _, ax = plt.subplots(figsize=(7, 4))
    return ax


def _localised(draw):
    """Runs ``draw(..., lang=checked)`` with the fonts of its language (CJK for zh)."""
    import functools

    @functools.wraps(draw)
    def wrapper(*args, lang: Optional[str] = None, **kwargs):
        lang = _language(lang)
        with _fonts(lang):
            ax = draw(*args, lang=lang, **kwargs)
            _text.use_fonts(ax, lang)
            return ax
    return wrapper


@_localised
def response_times(results: Union[Results, Mapping[str, Results]], target_min: Optional[float] = None,
                   column: str = "response_time", ax=None, *, lang: Optional[str] = None):
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
            within = _t(lang, "plot.within_target", share=f"{np.mean(minutes <= target_min):.0%}",
                        target=f"{target_min:g}")
            label = f"{label} ({within})" if label else within
        ax.step(minutes, share, where="post", label=label or None)
    if target_min is not None:
        ax.axvline(target_min, color="black", linestyle="--", linewidth=1,
                   label=_t(lang, "plot.target", target=f"{target_min:g}"))
    name = _text._catalogue(lang).get(f"plot.columns.{column}", column.replace("_", " "))
    ax.set_xlabel(f"{name} [{_text.unit(lang, 'min')}]")
    ax.set_ylabel(_t(lang, "plot.share_of_fires"))
    ax.set_ylim(0, 1.02)
    ax.grid(alpha=0.3)
    if ax.get_legend_handles_labels()[1]:
        ax.legend(loc="lower right")
    return ax


# Phases of a fire: (catalogue key, start column, end column, colour); "decision" and
# "crew_ready" are computed in timeline(). One bar per fire, the phases end to end.
_PHASES = (("detection", "ignition", "alarm", "0.75"),
           ("call_handling", "alarm", "decision", "tab:blue"),
           ("queue", "decision", "dispatch", "tab:red"),
           ("crew_callback", "dispatch", "crew_ready", "tab:orange"),
           ("travel", "crew_ready", "engine_arrival", "tab:green"))


def _clock(lang: str, seconds: float) -> Tuple[int, str]:
    """(day, "hh:mm") of a time in seconds from the start; day 1 is the first day."""
    minutes = int(np.floor(seconds / 60.0))
    return minutes // 1440 + 1, f"{minutes % 1440 // 60:02d}:{minutes % 60:02d}"


def _flooded(results: Results) -> np.ndarray:
    """The replications with a flood warning, in order."""
    reps = results.replications
    if "warning" not in reps:
        return np.array([], dtype=int)
    return reps.loc[np.isfinite(reps["warning"].to_numpy(float)), "replication"].to_numpy()


def _some(values) -> str:
    values = list(values)
    return ", ".join(map(str, values[:10])) + (", …" if len(values) > 10 else "")


@_localised
def timeline(results: Results, replication: Optional[int] = None, ax=None, *, lang: Optional[str] = None):
    """One replication as a timeline: its fires, or for a flood its communities and its fires.

    Without a flood, one bar per fire in minutes from its own ignition: detection → call
    handling → queue (waiting for a free engine) → crew call-back → turnout and travel, to the
    engine (or mutual aid, hatched) on scene; a black tick marks the first unit of any kind.
    Labels give the fire, its node and the day and time of ignition (day 1 is the first day).
    ``replication`` defaults to the one with the most fires (the first of them).

    With a flood (results whose replications have a ``warning``), in hours from that
    replication's warning: a row per community from the ``evacuation`` table (its first group
    warned → its last group left, then → its last group safe; a triangle where its first home
    flooded), then a row per fire (ignition → engine on scene), with the breach and the warning
    as vertical lines. ``replication`` defaults to the flooded one with the most fires (the first
    of them). A flood replication without its warning (no flood in it) is drawn as fires.

    A replication not in the results, or with neither a flood nor a fire, is a ValueError that
    names some that can be drawn. Returns the Axes.
    """
    incidents = results.incidents
    reps = results.replications
    flooded = _flooded(results)
    fires_per_rep = incidents.groupby("replication").size()
    if replication is None:
        if flooded.size:
            counts = fires_per_rep.reindex(flooded, fill_value=0).to_numpy()
            replication = int(flooded[np.argmax(counts)])
        elif not incidents.empty:
            replication = int(fires_per_rep.index[np.argmax(fires_per_rep.to_numpy())])
        else:
            raise ValueError("these results have neither a flood nor a fire to draw")
    if replication in set(flooded.tolist()):
        return _flood_timeline(results, int(replication), ax, lang)
    fires = incidents[incidents["replication"] == replication].sort_values("ignition")
    if fires.empty:
        drawable = sorted(set(flooded.tolist()) | set(fires_per_rep.index.tolist()))
        where = ("is not in these results" if replication not in set(reps["replication"])
                 else "has neither a flood nor a fire")
        raise ValueError(f"replication {replication} {where}; replications with a flood or a fire: "
                         f"{_some(drawable) or 'none'} (or leave replication out)")
    ax = _axes(ax)
    t = fires.assign(decision=fires["dispatch"] - fires["queue_wait"],
                     crew_ready=fires["dispatch"] + fires["crew_wait"])
    rows = np.arange(len(t))
    for key, start, end, color in _PHASES:
        begin = (t[start] - t["ignition"]).to_numpy() / 60.0
        width = (t[end] - t[start]).to_numpy() / 60.0
        hatch = ["//" if aid and end == "engine_arrival" else "" for aid in t["engine"] == "mutual_aid"]
        ax.barh(rows, width, left=begin, color=color, label=_t(lang, f"plot.phases.{key}"), hatch=hatch,
                edgecolor="white", height=0.7)
    ax.plot((t["first_arrival"] - t["ignition"]).to_numpy() / 60.0, rows, "|", color="black", markersize=12,
            label=_t(lang, "plot.phases.first_unit"))
    labels = []
    for f, n, ignition in zip(t["fire"], t["node"], t["ignition"]):
        day, time = _clock(lang, ignition)
        labels.append(_t(lang, "plot.fire_row", fire=f, node=n, day=day, time=time))
    ax.set_yticks(rows, labels)
    ax.invert_yaxis()
    ax.set_xlabel(_t(lang, "plot.minutes_from_ignition"))
    ax.set_title(_t(lang, "plot.replication", replication=replication))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, fontsize="small")
    return ax


def _flood_timeline(results: Results, replication: int, ax, lang: str):
    reps = results.replications.set_index("replication")
    warning = float(reps.loc[replication, "warning"])
    breach = float(reps.loc[replication, "breach"]) if "breach" in reps else np.inf
    evac = results.tables.get("evacuation")
    evac = evac[evac["replication"] == replication] if evac is not None else None
    fires = results.incidents[results.incidents["replication"] == replication].sort_values("ignition")
    ax = _axes(ax)
    hours = lambda seconds: (np.asarray(seconds, dtype=float) - warning) / 3600.0  # noqa: E731
    labels = []
    row = 0
    legend_done = set()

    def once(key):
        if key in legend_done:
            return None
        legend_done.add(key)
        return _t(lang, key)

    if evac is not None:
        for _, c in evac.iterrows():
            warned, left, safe, flooded = hours([c["first_warned"], c["last_departure"], c["last_arrival"],
                                                 c["inundation"]])
            if np.isfinite(warned) and np.isfinite(left):
                ax.barh(row, left - warned, left=warned, color="tab:orange", height=0.6,
                        label=once("plot.flood_evacuating"))
            if np.isfinite(left) and np.isfinite(safe):
                ax.barh(row, safe - left, left=left, color="tab:green", height=0.6,
                        label=once("plot.flood_travelling"))
            if np.isfinite(flooded):
                ax.plot(flooded, row, "v", color="tab:blue", markersize=9, label=once("plot.flood_inundation"))
            labels.append(_t(lang, "plot.community_row", community=c["community"], people=f"{c['population']:.0f}"))
            row += 1
    for _, f in fires.iterrows():
        start, end = hours([f["ignition"], f["engine_arrival"]])
        end = end if np.isfinite(end) else start
        # a fire lasts minutes on an axis of hours: a star at its ignition, its bar behind
        ax.barh(row, end - start, left=start, color="tab:red", height=0.6)
        ax.plot(start, row, "*", color="tab:red", markersize=12, label=once("plot.flood_fire"))
        day, time = _clock(lang, f["ignition"])
        labels.append(_t(lang, "plot.fire_row", fire=f["fire"], node=f["node"], day=day, time=time))
        row += 1
    ax.axvline(0.0, color="black", linestyle="--", linewidth=1, label=_t(lang, "plot.flood_warning"))
    if np.isfinite(breach):
        ax.axvline(float(hours(breach)), color="tab:blue", linestyle=":", linewidth=1.5,
                   label=_t(lang, "plot.flood_breach"))
    ax.set_yticks(np.arange(row), labels)
    ax.invert_yaxis()
    ax.set_xlabel(_t(lang, "plot.hours_from_warning"))
    day, time = _clock(lang, warning)
    ax.set_title(_t(lang, "plot.flood_title", replication=replication, day=day, time=time))
    ax.grid(alpha=0.3, axis="x")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, fontsize="small")
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


def _cumulative(times: np.ndarray, amounts: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """(sorted times, running sum of ``amounts`` in that order, from 0): a cumulative step count."""
    order = np.argsort(times, kind="stable")
    return times[order], np.concatenate([[0.0], np.cumsum(amounts[order])])


def _at(curve: Tuple[np.ndarray, np.ndarray], grid: np.ndarray) -> np.ndarray:
    """The sum of the amounts whose time is at or before each grid point."""
    times, cumulative = curve
    return cumulative[np.searchsorted(times, grid, side="right")]


#: people_safe evaluates its curves at the times any replication changes, at most this many.
_PEOPLE_SAFE_POINTS = 2000


@_localised
def people_safe(results: Results, band: Tuple[float, float] = (0.1, 0.9), ax=None, *, lang: Optional[str] = None):
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
    if grid.size > _PEOPLE_SAFE_POINTS:
        # A figure cannot show more: evaluate the curves on evenly spaced times up to the last
        # change (one step every 1/2000 of the span), so a stored figure stays small.
        grid = np.linspace(0.0, grid[-1], _PEOPLE_SAFE_POINTS)
    # Each replication's cumulative people, sorted once; the grid (every time any replication
    # changes) taken in chunks, so that memory stays replications × chunk, not replications ×
    # every cohort of every replication.
    curves = [(_cumulative(s, p), _cumulative(f, p)) for s, f, p in relative.values()]
    chunk = max(1, 2_000_000 // len(curves))
    low, median, high, flooded_median = (np.empty(grid.size) for _ in range(4))
    for start in range(0, grid.size, chunk):
        part = slice(start, start + chunk)
        safe = np.array([_at(s, grid[part]) for s, _ in curves])
        low[part], median[part], high[part] = np.quantile(safe, [band[0], 0.5, band[1]], axis=0)
        flooded_median[part] = np.median([_at(f, grid[part]) for _, f in curves], axis=0)
    hours = grid / 3600.0
    ax = _axes(ax)
    ax.fill_between(hours, low, high, step="post", alpha=0.3, color="tab:green",
                    label=_t(lang, "plot.people_safe_band", low=f"{band[0]:.0%}", high=f"{band[1]:.0%}"))
    ax.step(hours, median, where="post", color="tab:green", label=_t(lang, "plot.people_safe_median"))
    ax.step(hours, flooded_median, where="post", color="tab:blue", linestyle="--",
            label=_t(lang, "plot.homes_flooded_median"))
    ax.set_xlabel(_t(lang, "plot.hours_from_warning"))
    ax.set_ylabel(_t(lang, "plot.people"))
    ax.set_title(_t(lang, "plot.replications", n=len(relative)))
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize="small")
    return ax


@_localised
def stock_levels(results: Results, replication: Optional[int] = None, depot=None, item=None,
                 band: Tuple[float, float] = (0.1, 0.9), ax=None, *, lang: Optional[str] = None):
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
    ax.set_xlabel(_t(lang, "plot.hours_from_start"))
    ax.set_ylabel(_t(lang, "plot.stock_on_hand"))
    ax.set_title(_t(lang, "plot.replication", replication=replication) if replication is not None
                 else _t(lang, "plot.stock_median", n=levels["replication"].nunique(), low=f"{band[0]:.0%}",
                         high=f"{band[1]:.0%}"))
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(loc="best", fontsize="small")
    return ax


#: staff_busy evaluates its curves at the times any replication changes, at most this many.
_STAFF_BUSY_POINTS = 5000


@_localised
def staff_busy(results: Results, role=None, band: Tuple[float, float] = (0.1, 0.9), ax=None, *,
               lang: Optional[str] = None):
    """People busy over time, per staff role, in hours from the start.

    From ``staff_assignments`` (people of a pool taken for a task at ``taken`` and given back at
    ``released``; inf: still busy when the replication ended, drawn to the horizon): at each
    time, a replication's people of a role busy are those of its assignments taken at or before
    it and not yet released. Draws per role the median over replications (every replication of
    the run counts, with none busy when the role was not taken) as a step line and the ``band``
    quantiles (default 10 %–90 %, numpy's linear quantiles) shaded, against the role's head
    count (``staff_pools.count``) in the legend. The curves are exact at every time any
    replication changes, up to 5000 such times; beyond, on 5000 evenly spaced times (which can
    step over spells shorter than their spacing; the report's chart takes the most busy within
    each interval instead). ``role``: a name or a list of names. Returns the Axes.
    """
    table = results.tables.get("staff_assignments")
    if table is None or table.empty:
        raise ValueError("staff_busy needs staff: these results have no staff assignments "
                         "(a scenario with resources.staff whose tasks asked for people writes them)")
    if role is not None:
        names = [role] if isinstance(role, str) else list(role)
        unknown = sorted(set(names) - set(table["role"]))
        if unknown:
            raise ValueError(f"no staff assignments for role {', '.join(unknown)} "
                             f"(there are: {', '.join(sorted(set(table['role'])))})")
        table = table[table["role"].isin(names)]
    replications = np.unique(np.concatenate([results.replications["replication"].to_numpy(),
                                             table["replication"].to_numpy()]))
    horizon = _horizon_s(results)
    released = table["released"].to_numpy(float)
    finite = np.concatenate([table["taken"].to_numpy(float), released[np.isfinite(released)]])
    end = max(float(finite.max()), horizon or 0.0)
    grid = np.unique(np.concatenate([[0.0], finite, [end]]))
    if grid.size > _STAFF_BUSY_POINTS:
        grid = np.linspace(0.0, end, _STAFF_BUSY_POINTS)
    pools = results.tables.get("staff_pools")
    head_count = {}
    if pools is not None and not pools.empty:
        first = pools[pools["replication"] == pools["replication"].iloc[0]]
        head_count = first.groupby("role")["count"].sum().to_dict()
    hours = grid / 3600.0
    ax = _axes(ax)
    for name, rows in table.groupby("role", sort=False):
        by_rep = dict(tuple(rows.groupby("replication")))
        busy = np.zeros((len(replications), grid.size))
        for k, rep in enumerate(replications):
            if rep not in by_rep:
                continue
            g = by_rep[rep]
            people = g["people"].to_numpy(float)
            until = g["released"].to_numpy(float)
            until = np.where(np.isfinite(until), until, end)
            # busy on [taken, released): taken at or before t, not yet given back at t
            busy[k] = _at(_cumulative(g["taken"].to_numpy(float), people), grid) - \
                _at(_cumulative(until, people), grid)
        low, median, high = np.quantile(busy, [band[0], 0.5, band[1]], axis=0)
        label = name if name not in head_count else _t(lang, "plot.staff_role", role=name,
                                                           people=int(head_count[name]))
        (line,) = ax.step(hours, median, where="post", label=label)
        ax.fill_between(hours, low, high, step="post", alpha=0.2, color=line.get_color())
    ax.set_xlabel(_t(lang, "plot.hours_from_start"))
    ax.set_ylabel(_t(lang, "plot.people_busy"))
    ax.set_title(_t(lang, "plot.stock_median", n=len(replications), low=f"{band[0]:.0%}", high=f"{band[1]:.0%}"))
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(loc="best", fontsize="small")
    return ax


_VERDICT_STYLE = {"met": ("tab:green", "o"), "missed": ("tab:red", "x"), "undecided": ("tab:orange", "^"),
                  "screened": ("0.6", ".")}


@_localised
def sizing_frontier(study: Results, target: Optional[str] = None, ax=None, *, lang: Optional[str] = None):
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
        ylabel = _t(lang, "plot.worst_gap")
        bound = 0.0
    else:
        if target not in set(targets["target"]):
            raise ValueError(f"no target {target!r} in this study (its targets: {', '.join(targets['target'])})")
        row = targets.set_index("target").loc[target]
        scale = 1 / 60 if row["unit"] == "s" else 1.0
        y = cand[target].to_numpy(float) * scale
        low = cand[target + ".low"].to_numpy(float) * scale
        high = cand[target + ".high"].to_numpy(float) * scale
        unit = _text.unit(lang, "min") if row["unit"] == "s" else ("" if row["unit"] == "1" else row["unit"])
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
            ax.scatter(cost[pick], y[pick], color=color, marker=marker,
                       label=f"{_t(lang, 'verdicts.' + name)} ({pick.sum()})", zorder=2)
    front = np.flatnonzero(cand["frontier"].to_numpy() == 1)
    front = front[np.argsort(cost[front], kind="stable")]
    ax.plot(cost[front], y[front], "-", color="black", linewidth=1, label=_t(lang, "plot.frontier"), zorder=3)
    ax.axhline(bound, color="black", linestyle="--", linewidth=1,
               label=_t(lang, "plot.bound" if target else "plot.gap_zero"), zorder=0)
    chosen = np.flatnonzero(cand["recommended"].to_numpy() == 1)
    if chosen.size:
        ax.plot(cost[chosen], y[chosen], "*", color="gold", markeredgecolor="black", markersize=16,
                label=_t(lang, "plot.recommended", levels=study.meta.get("recommendation", "")), zorder=4)
    cost_unit = study.meta.get("cost_unit", "")
    ax.set_xlabel(_t(lang, "plot.cost") + (f" [{cost_unit}]" if cost_unit else ""))
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    ax.legend(loc="best", fontsize="small")
    return ax
