#!/usr/bin/env python3
"""Builds the London Fire Brigade 2009 scenario from the shared CSVs and fits its parameters on
January to June only.

Writes, beside this script (or into --out):
  nodes.csv     the stations at their sites and every distinct fire position (BNG metres)
  roads.csv     one placeholder road (the importer wants one): engines travel by Kolesar's curve
                from positions (hazards.fire.travel), not on roads
  scenario.yaml the London scenario, replaying July to December of the log (the held-out half)
  fit.json      the fitted parameters and what they were fitted on
  background.yaml  scenario.yaml with other calls keeping pumps busy (sensitivity.py)

The fit (training half only, 2009-01-01 to 2009-06-30): each fire's first-pump attendance T
against the straight-line distance d from the station that sent that pump, modelled as
T = U + K(d), where K is Kolesar's curve (Kolesar, Walker & Hausner 1975, Operations Research
23(4): t = 2 sqrt(d/a) for d < 2 d_c, else v_c/a + d/v_c, d_c = v_c^2 / 2a) with acceleration a
and cruising speed v_c, and U (call to wheels rolling: call handling and turnout) is lognormal
with a median and a 90th percentile. The four are chosen to match the quantiles 10, 25, 50, 75
and 90 % of T within ten bins of d (deciles), by Nelder-Mead on a fixed set of normal draws (so
the fit is deterministic). The held-out half is never read here.

Usage: build.py [--out DIR] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lfb  # noqa: E402

Z90 = 1.2815515655446004  # standard normal 90th percentile
QUANTILES = np.array([0.10, 0.25, 0.50, 0.75, 0.90])
DRAWS = 20                # normal draws per training fire
FIT_SEED = 2009
ON_SCENE = "{dist: lognormal, median: 45 min, p90: 90 min}"


def kolesar(d: np.ndarray, a: float, v: float) -> np.ndarray:
    dc = v * v / (2 * a)
    return np.where(d < 2 * dc, 2 * np.sqrt(d / a), v / a + d / v)


def training_set(fires, stations):
    site = {lfb.station_key(s.name): (s.x, s.y) for s in stations}
    d, t = [], []
    for f in fires:
        if f.date >= lfb.TEST_START:
            continue
        sx, sy = site[f.first_from]
        d.append(lfb.distance(sx, sy, f.x, f.y))
        t.append(f.first_s)
    return np.array(d), np.array(t)


def fit(d: np.ndarray, t: np.ndarray) -> dict:
    edges = np.quantile(d, np.linspace(0, 1, 11))
    bins = np.clip(np.searchsorted(edges, d, side="right") - 1, 0, 9)
    observed = np.array([np.quantile(t[bins == b], QUANTILES) for b in range(10)])
    z = np.random.default_rng(FIT_SEED).standard_normal((len(d), DRAWS))

    def simulated(p):
        a, v, m, s = np.exp(p)
        return (m * np.exp(s * z)) + kolesar(d, a, v)[:, None]

    def loss(p):
        sim = simulated(p)
        return sum(float(np.sum((np.quantile(sim[bins == b], QUANTILES) - observed[b]) ** 2)) for b in range(10))

    start = np.log([0.5, 10.0, 90.0, 0.5])
    res = minimize(loss, start, method="Nelder-Mead", options={"xatol": 1e-4, "fatol": 1e-3, "maxiter": 4000})
    a, v, m, s = np.exp(res.x)
    return {
        "acceleration_m_s2": round(float(a), 4),
        "cruise_speed_kmh": round(float(v) * 3.6, 2),
        "turnout_median_s": round(float(m), 1),
        "turnout_p90_s": round(float(m * math.exp(s * Z90)), 1),
        "rms_quantile_error_s": round(math.sqrt(res.fun / observed.size), 1),
        "training_fires": int(len(d)),
        "distance_deciles_m": [round(float(e)) for e in edges],
    }


def write_nodes(out: Path, fires, stations) -> int:
    positions = sorted({(f.x, f.y) for f in fires})
    with open(out / "nodes.csv", "w") as f:
        f.write("id,x_m,y_m,kind\n")
        for s in stations:
            f.write(f"st_{s.id},{s.x:.0f},{s.y:.0f},station\n")
        for i, (x, y) in enumerate(positions):
            f.write(f"p{i},{x:.0f},{y:.0f},settlement\n")
    # The road importer wants at least one road; engines never use it (they travel by position).
    a, b = stations[0], stations[1]
    with open(out / "roads.csv", "w") as f:
        f.write("id,from,to,length_m,free_speed_kmh,capacity_veh_h,lanes,oneway,class\n")
        f.write(f"placeholder,st_{a.id},st_{b.id},{lfb.distance(a.x, a.y, b.x, b.y):.0f},30,1800,1,0,placeholder\n")
    return len(positions)


def write_scenario(out: Path, stations, params: dict, log_path: str) -> None:
    turnout = f"{{dist: lognormal, median: {params['turnout_median_s']} s, p90: {params['turnout_p90_s']} s}}"
    lines = [
        "# London Fire Brigade 2009, July to December (the held-out half), replayed against 112 stations",
        "# and 169 pumps with engine travel from positions (Kolesar's curve). Written by build.py from the",
        "# shared CSVs; the parameters were fitted on January to June only (fit.json, README.md).",
        "# Contains public sector information licensed under the Open Government Licence v3.0",
        "# (London Fire Brigade, London Datastore).",
        "district:",
        "  name: London (LFB 2009)",
        "  roads: {nodes: nodes.csv, segments: roads.csv}",
        "  snap_distance: 1 m",
        "horizon: 184 d",
        "resources:",
        "  stations:",
    ]
    for s in stations:
        lines.append(f"    - {{id: {s.id}, name: {s.name}, kind: fire_brigade, node: st_{s.id}, engines: {s.pumps}, "
                     f"turnout: {turnout}}}")
    lines.append("  staff:")
    for s in stations:
        if s.pumps:
            lines.append(f"    - {{id: {s.id}_watch, role: firefighter, count: {4 * s.pumps}, station: {s.id}}}")
    lines += [
        "hazards:",
        "  fire:",
        "    # The log's call time is the alarm; call handling is part of the fitted turnout.",
        "    detection_delay: 0 s",
        "    call_processing: 0 s",
        "    occupancies:",
        f"      dwelling: {{on_scene: {ON_SCENE}}}",
        "    incident_log:",
        f"      file: {log_path}",
        "      columns: {id: IncidentNumber, date: DateOfCall, time: TimeOfCall, x_m: Easting_m, y_m: Northing_m}",
        f"      start: {lfb.TEST_START}",
        "    travel:",
        f"      model: kolesar",
        f"      acceleration_m_s2: {params['acceleration_m_s2']}",
        f"      cruise_speed: {params['cruise_speed_kmh']} km/h",
        "run: {replications: 20, seed: 2009}",
        "",
    ]
    (out / "scenario.yaml").write_text("\n".join(lines))


BACKGROUND_EVERY = 5  # an "other call" place at every 5th distinct fire position


def write_background(out: Path, fires, positions: int) -> None:
    """background.yaml: scenario.yaml plus other calls that keep pumps busy (a sensitivity test).

    LFB's pumps also go to fires elsewhere, special services and false alarms, which the log does
    not hold. Here they are random calls (`random_ignitions: true` beside the log) at every
    BACKGROUND_EVERY-th fire position, by the hour-of-day profile of January to June's fires,
    each keeping a pump 15 min at the median (P90 45 min; an assumption); their rate is
    hazards.fire.ignition_rates.blue per place, 0 here: sensitivity.py varies it."""
    hours = [0] * 24
    for f in fires:
        if f.date < lfb.TEST_START:
            hours[int(f.time[:2])] += 1
    text = (out / "scenario.yaml").read_text()
    places = "".join(f"    - {{id: other_p{i}, node: p{i}, level: blue, occupancy: other_call}}\n"
                     for i in range(0, positions, BACKGROUND_EVERY))
    text = text.replace("  snap_distance: 1 m\n", "  snap_distance: 1 m\n  risk_points:\n" + places)
    text = text.replace("    occupancies:\n", f"    hourly_profile: {hours}\n"
                        "    ignition_rates: {red: 0 /yr, orange: 0 /yr, yellow: 0 /yr, blue: 0 /yr}\n"
                        "    occupancies:\n"
                        "      other_call: {on_scene: {dist: lognormal, median: 15 min, p90: 45 min}}\n")
    text = text.replace(f"      start: {lfb.TEST_START}\n", f"      start: {lfb.TEST_START}\n      random_ignitions: true\n")
    text = text.replace("# London Fire Brigade 2009, July", "# Sensitivity variant (build.py's write_background): other calls beside the log.\n"
                        "# London Fire Brigade 2009, July", 1)
    (out / "background.yaml").write_text(text)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=lfb.HERE)
    ap.add_argument("--data", type=Path, default=None, help="the incidents_lfb_2009_spatsurv folder")
    args = ap.parse_args()
    folder = args.data or lfb.data_dir()
    if not (folder / lfb.FIRES_CSV).exists():
        print(f"build.py: {folder / lfb.FIRES_CSV} not found; set READYSIM_SHARED_DATA_DIR or --data", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    fires = lfb.read_fires(folder)
    stations = lfb.read_stations(fires, folder)
    d, t = training_set(fires, stations)
    params = fit(d, t)
    params["stations"] = len(stations)
    params["pumps"] = sum(s.pumps for s in stations)
    params["two_pump_stations"] = sum(s.pumps == 2 for s in stations)
    params["positions"] = write_nodes(args.out, fires, stations)
    log = Path(os.path.relpath(folder / lfb.FIRES_CSV, args.out.resolve()))
    write_scenario(args.out, stations, params, log.as_posix())
    write_background(args.out, fires, params["positions"])
    (args.out / "fit.json").write_text(json.dumps(params, indent=2) + "\n")
    print(json.dumps(params, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
