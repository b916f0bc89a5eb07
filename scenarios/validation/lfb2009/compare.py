#!/usr/bin/env python3
"""Runs the London scenario (build.py's) through readysim and compares it with what happened.

For the held-out half (July to December 2009; --half train for January to June, in sample)
it replays the log with `readysim run`, reads the results file, matches each simulated fire to
its row of the log (call time and position) and reports, observed against simulated:
first-pump attendance median, P90 and P95 (simulated: the pooled value over the replications,
with a 95 % interval from the spread of the per-replication values, Student t), the share of
fires whose first pump came from the station ground's own station, second-pump attendance, and
the same figures split by whether the observed first pump was the station ground's own. Writes
results_<half>.json, and with --plot the distributions side by side (attendance_<half>.png).

Usage: compare.py [--half test|train] [-n N] [-j J] [--plot] [--out DIR] [--readysim BIN]
       compare.py --readme   (README.md's table from the two results files)
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lfb  # noqa: E402

# Student t 97.5 % quantiles by degrees of freedom (for the replication intervals).
T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228,
        14: 2.145, 19: 2.093, 24: 2.064, 29: 2.045, 39: 2.023, 49: 2.010, 99: 1.984}
HALVES = {"test": ("2009-07-01", "184 d"), "train": ("2009-01-01", "181 d")}
GOAL = 0.10  # median and P90 within 10 % on the test half


def t975(df: int) -> float:
    keys = sorted(T975)
    return T975[max(k for k in keys if k <= df)] if df >= 1 else float("nan")


def readysim_bin(given: str | None) -> str:
    if given:
        return given
    if os.environ.get("READYSIM_BIN"):
        return os.environ["READYSIM_BIN"]
    return str(lfb.HERE.parents[2] / "build" / "bin" / "readysim")


def run(args, half: str, out_h5: Path) -> None:
    start, horizon = HALVES[half]
    log = (lfb.data_dir() / lfb.FIRES_CSV).resolve()
    cmd = [readysim_bin(args.readysim), "run", str(args.scenario_dir / args.scenario), "-n", str(args.replications),
           "-j", str(args.jobs), "-o", str(out_h5), "--quiet",
           "--set", f"hazards.fire.incident_log.file={log}",
           "--set", f"hazards.fire.incident_log.start={start}", "--set", f"horizon={horizon}"]
    for override in args.set or []:
        cmd += ["--set", override]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def figures(values: np.ndarray) -> dict:
    return {"median": float(np.quantile(values, 0.5)), "p90": float(np.quantile(values, 0.9)),
            "p95": float(np.quantile(values, 0.95)), "n": int(len(values))}


def interval(per_rep: list[float]) -> float:
    r = len(per_rep)
    return t975(r - 1) * float(np.std(per_rep, ddof=1)) / math.sqrt(r) if r > 1 else float("nan")


def compare(args, half: str) -> dict:
    start, _ = HALVES[half]
    end = "2009-07-01" if half == "train" else "2010-01-01"
    fires = [f for f in lfb.read_fires() if start <= f.date < end]
    nodes = {}
    with open(args.scenario_dir / "nodes.csv", newline="") as f:
        for r in csv.DictReader(f):
            nodes[r["id"]] = (float(r["x_m"]), float(r["y_m"]))
    t0 = np.datetime64(start + "T00:00:00")
    row_of = {}
    for i, f in enumerate(fires):
        call = int((np.datetime64(f"{f.date}T{f.time}") - t0) / np.timedelta64(1, "s"))
        row_of[(call, f.x, f.y)] = i
    with tempfile.TemporaryDirectory() as tmp:
        h5 = Path(tmp) / "out.h5"
        run(args, half, h5)
        with h5py.File(h5) as r:
            inc = r["incidents"]
            alarm = inc["alarm"][:]
            arrival = inc["engine_arrival"][:]
            rep = inc["replication"][:]
            node = [n.decode() for n in inc["node"][:]]
            engine = [e.decode() for e in inc["engine"][:]]
            # The log's fires are the dwelling ones; other calls (random ignitions kept beside the
            # log as background work) only keep pumps busy.
            logged = np.array([o == b"dwelling" for o in inc["occupancy"][:]])
    alarm, arrival, rep = alarm[logged], arrival[logged], rep[logged]
    node = [n for n, k in zip(node, logged) if k]
    engine = [e for e, k in zip(engine, logged) if k]
    row = np.empty(len(alarm), dtype=int)
    for k in range(len(alarm)):
        x, y = nodes[node[k]]
        row[k] = row_of[(int(round(alarm[k])), x, y)]
    sim = arrival - alarm
    sim_station = np.array([e.split("/")[0] for e in engine])
    ground = np.array([lfb.station_id(f.ground) for f in fires])
    obs = np.array([f.first_s for f in fires])
    obs_own = np.array([f.first_from == f.ground for f in fires])
    sim_own = sim_station == ground[row]
    reps = sorted(set(rep.tolist()))
    per_rep = {q: [float(np.quantile(sim[rep == i], q)) for i in reps] for q in (0.5, 0.9, 0.95)}
    per_rep_own = [float(np.mean(sim_own[rep == i])) for i in reps]
    second = np.array([f.second_s for f in fires if f.second_s is not None])
    simulated = figures(sim)
    simulated.update({"median_ci95": interval(per_rep[0.5]), "p90_ci95": interval(per_rep[0.9]),
                      "p95_ci95": interval(per_rep[0.95]), "own_station_share": float(np.mean(sim_own)),
                      "own_station_share_ci95": interval(per_rep_own), "replications": len(reps)})
    observed = figures(obs)
    observed.update({"own_station_share": float(np.mean(obs_own)),
                     "second_pump_share": float(len(second) / len(fires)),
                     "second_pump_median": float(np.median(second)), "second_pump_p90": float(np.quantile(second, 0.9))})
    split = {}
    for name, mask in (("first_pump_own_station", obs_own), ("first_pump_other_station", ~obs_own)):
        split[name] = {"fires": int(mask.sum()), "observed_median": float(np.median(obs[mask])),
                       "observed_p90": float(np.quantile(obs[mask], 0.9)),
                       "simulated_median": float(np.median(sim[mask[row]])),
                       "simulated_p90": float(np.quantile(sim[mask[row]], 0.9))}
    out = {"half": half, "start": start, "end": end, "fires": len(fires), "observed": observed,
           "simulated": simulated, "by_observed_first_pump": split,
           "median_error": simulated["median"] / observed["median"] - 1,
           "p90_error": simulated["p90"] / observed["p90"] - 1}
    out["goal_met"] = abs(out["median_error"]) <= GOAL and abs(out["p90_error"]) <= GOAL
    if args.plot:
        plot(obs, sim, out, args.out / f"attendance_{half}.png")
    return out


def plot(obs: np.ndarray, sim: np.ndarray, res: dict, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    bins = np.arange(0, 1260, 30)
    ax1.hist(obs, bins=bins, density=True, alpha=0.6, label=f"observed (LFB, {res['fires']} fires)")
    ax1.hist(sim, bins=bins, density=True, histtype="step", linewidth=1.8,
             label=f"readysim ({res['simulated']['replications']} replications)")
    ax1.set_xlabel("first-pump attendance, s")
    ax1.set_ylabel("density")
    ax1.legend()
    for values, name in ((obs, "observed"), (sim, "readysim")):
        v = np.sort(values)
        ax2.plot(v, np.arange(1, len(v) + 1) / len(v), label=name)
    for q, style in ((0.5, ":"), (0.9, "--")):
        ax2.axhline(q, color="grey", linestyle=style, linewidth=0.8)
    ax2.set_xlim(0, 1200)
    ax2.set_xlabel("first-pump attendance, s")
    ax2.set_ylabel("share of fires arrived")
    ax2.legend()
    fig.suptitle(f"London Fire Brigade 2009, {res['start']} to {res['end']} (excl.): dwelling fires, first pump")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


BEGIN = ("<!-- results: written by compare.py --readme from results_test.json, results_train.json and "
         "sensitivity_train.json; do not edit -->")
END = "<!-- results end -->"


def folder_sensitivity() -> dict | None:
    path = lfb.HERE / "sensitivity_train.json"
    return json.loads(path.read_text()) if path.exists() else None


def readme_block(test: dict, train: dict) -> str:
    """The README's results table, from the two halves' results files."""
    def pct(x):
        return f"{100 * x:+.1f} %"

    def row(name, obs, sim, ci=None, err=None, fmt="{:.0f} s"):
        s = fmt.format(sim) + (f" ± {fmt.format(ci)}" if ci is not None else "")
        return f"| {name} | {fmt.format(obs)} | {s} | {pct(err) if err is not None else ''} |"

    lines = [BEGIN, ""]
    for res, title in ((test, "Held-out half, July to December (never used in the fit)"),
                       (train, "Training half, January to June (in sample, for comparison)")):
        o, m = res["observed"], res["simulated"]
        lines += [f"**{title}**: {res['fires']} fires, {m['replications']} replications "
                  "(± is the 95 % interval over replications).", "",
                  "| first pump | observed | readysim | error |", "|---|---|---|---|",
                  row("median", o["median"], m["median"], m["median_ci95"], res["median_error"]),
                  row("P90", o["p90"], m["p90"], m["p90_ci95"], res["p90_error"]),
                  row("P95", o["p95"], m["p95"], m["p95_ci95"], m["p95"] / o["p95"] - 1),
                  row("from the station ground's own station", o["own_station_share"], m["own_station_share"],
                      m["own_station_share_ci95"], None, "{:.3f}"),
                  f"| second pump attended | {o['second_pump_share']:.3f} (median {o['second_pump_median']:.0f} s, "
                  f"P90 {o['second_pump_p90']:.0f} s) | not modelled (one engine per call) | |", ""]
        split = res["by_observed_first_pump"]
        lines += ["| fires whose observed first pump came from | fires | observed median / P90 | readysim median / P90 |",
                  "|---|---|---|---|"]
        for key, name in (("first_pump_own_station", "the station ground's own station"),
                          ("first_pump_other_station", "another station")):
            x = split[key]
            lines.append(f"| {name} | {x['fires']} | {x['observed_median']:.0f} / {x['observed_p90']:.0f} s | "
                         f"{x['simulated_median']:.0f} / {x['simulated_p90']:.0f} s |")
        lines.append("")
    sens = folder_sensitivity()
    if sens:
        lines += [f"**Other calls keeping pumps busy** (`sensitivity.py`, training half only, "
                  f"{sens['places']} places, 10 replications each):", "",
                  "| other calls a day | median | P90 | own-station share | median of fires LFB served from another station |",
                  "|---|---|---|---|---|"]
        for r in sens["rows"]:
            lines.append(f"| {r['calls_per_day']:.0f} | {r['median']:.0f} s | {r['p90']:.0f} s | "
                         f"{r['own_station_share']:.3f} | {r['other_station_fires_median']:.0f} s |")
        o = sens["rows"][0]["observed"]
        lines += [f"| observed (LFB) | {o['median']:.0f} s | {o['p90']:.0f} s | {o['own_station_share']:.3f} | "
                  f"{o['other_station_fires_median']:.0f} s |", ""]
    goal = "met" if test["goal_met"] else "missed"
    lines += [f"Goal (median and P90 within 10 % on the held-out half): **{goal}** — median "
              f"{pct(test['median_error'])}, P90 {pct(test['p90_error'])}.", "", END]
    return "\n".join(lines)


def update_readme(folder: Path) -> None:
    test = json.loads((folder / "results_test.json").read_text())
    train = json.loads((folder / "results_train.json").read_text())
    readme = folder / "README.md"
    text = readme.read_text()
    a, b = text.index(BEGIN), text.index(END) + len(END)
    readme.write_text(text[:a] + readme_block(test, train) + text[b:])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--half", choices=sorted(HALVES), default="test")
    ap.add_argument("-n", "--replications", type=int, default=20)
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--plot", action="store_true")
    ap.add_argument("--scenario-dir", type=Path, default=lfb.HERE)
    ap.add_argument("--scenario", default="scenario.yaml", help="the scenario file in --scenario-dir")
    ap.add_argument("--out", type=Path, default=lfb.HERE)
    ap.add_argument("--readysim", default=None)
    ap.add_argument("--set", action="append", help="a scenario override for readysim run (repeatable)")
    ap.add_argument("--readme", action="store_true",
                    help="only rewrite README.md's results table from results_test.json and results_train.json")
    args = ap.parse_args()
    if args.readme:
        update_readme(args.out)
        return 0
    if not (lfb.data_dir() / lfb.FIRES_CSV).exists():
        print(f"compare.py: {lfb.data_dir() / lfb.FIRES_CSV} not found; set READYSIM_SHARED_DATA_DIR",
              file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    res = compare(args, args.half)
    (args.out / f"results_{args.half}.json").write_text(json.dumps(res, indent=2) + "\n")
    print(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
