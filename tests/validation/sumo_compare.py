#!/usr/bin/env python3
"""readysim's evacuation traffic against SUMO 1.15 on the same roads and the same demand.

Runs the flood season (scenarios/yunlianghu/flood.yaml) once with readysim in two cases:

* spread: departures as the scenario draws them (warning channels, mobilisation), over hours;
* at_once: every household warned at the warning and leaving at once (no delays, everyone
  reached and complying).

For each case it takes readysim's car cohorts (settlement, shelter, households = cars,
departure), converts the district's roads (nodes.csv and roads.csv, named by the scenario's
district.roads) to a SUMO network with netconvert, routes the same cars from the same nodes to
the same shelters with duarouter (fastest free-flow paths, --junction-taz), simulates them in
SUMO (no driver noise: sigma 0 and speedDev 0, every driver at the limit; and SUMO's default
drivers: sigma 0.5, speed factors normc(1, 0.1, 0.2, 2)) and compares the
clearance times: last car safe minus first car leaving.

Usage (about 20-40 s):

    /usr/bin/python3 tests/validation/sumo_compare.py [--build-dir build] [--seed 20231026]
        [--scenario scenarios/yunlianghu/flood.yaml] [--keep DIR] [--json]
        [--check-ratio 1.20] [--fast]

Prints a table; with --json the last line is a JSON object. With --check-ratio R it exits 1
when, in either case without driver noise, SUMO clears more than R times later than readysim,
or readysim more than R times later than SUMO (ctest's sumo_compare runs --fast --check-ratio
1.20). --fast runs SUMO without driver noise only. Needs SUMO
(sumo, netconvert, duarouter; no SUMO_HOME or python tools needed) and readysim's Python package in
BUILD/python. Exit 77 (skipped) when SUMO is not installed.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# SUMO edge priorities by road class (netconvert decides who yields at a priority junction).
CLASS_PRIORITY = {"provincial": 5, "county": 4, "village": 3, "levee": 2, "canal": 2}
# The nodes CSV's control column as SUMO junction types.
SUMO_TYPE = {"priority": "priority", "stop": "allway_stop", "traffic_signals": "traffic_light",
             "roundabout": "priority"}

# Debian's sumo package ships no XML schemas (SUMO_HOME/data/xsd): do not validate against them.
NO_XSD = ["--xml-validation", "never"]

# Overrides that make everyone leave at the warning.
AT_ONCE = [
    "hazards.flood.warning.delay=0 s",
    "evacuation.mobilisation=0 s",
    "evacuation.warning.loudspeaker={reach: 1.0, delay: 0 s}",
    "evacuation.warning.phone={reach: 1.0, delay: 0 s}",
    "evacuation.compliance=1.0",
]


def run(cmd, **kw):
    res = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if res.returncode != 0:
        sys.stderr.write(f"{' '.join(map(str, cmd))} failed ({res.returncode}):\n{res.stdout}\n{res.stderr}\n")
        raise SystemExit(2)
    return res


def write_network(scenario: dict, scenario_dir: Path, work: Path) -> Path:
    """nodes.csv/roads.csv -> SUMO plain XML -> net.xml."""
    roads = scenario["district"]["roads"]
    nodes_csv = scenario_dir / roads["nodes"]
    roads_csv = scenario_dir / roads["segments"]
    default_control = scenario["district"].get("junction_control", "priority")
    nod = ET.Element("nodes")
    roundabouts = []
    with open(nodes_csv, newline="") as f:
        for row in csv.DictReader(f):
            control = (row.get("control") or "").strip() or default_control
            ET.SubElement(nod, "node", id=row["id"], x=row["x_m"], y=row["y_m"], type=SUMO_TYPE[control])
            if control == "roundabout":
                roundabouts.append(row["id"])
    edg = ET.Element("edges")
    with open(roads_csv, newline="") as f:
        for row in csv.DictReader(f):
            attrs = dict(numLanes=row.get("lanes") or "1", speed=f"{float(row['free_speed_kmh']) / 3.6:.4f}",
                         length=row["length_m"], priority=str(CLASS_PRIORITY.get(row.get("class", ""), 1)))
            ET.SubElement(edg, "edge", id=row["id"] + "_f", attrib={"from": row["from"], "to": row["to"], **attrs})
            if (row.get("oneway") or "0").strip() in ("0", "", "false", "no"):
                ET.SubElement(edg, "edge", id=row["id"] + "_b", attrib={"from": row["to"], "to": row["from"], **attrs})
    ET.ElementTree(nod).write(work / "net.nod.xml")
    ET.ElementTree(edg).write(work / "net.edg.xml")
    net = work / "net.net.xml"
    run(["netconvert", "--node-files", str(work / "net.nod.xml"), "--edge-files", str(work / "net.edg.xml"),
         "--output-file", str(net), "--offset.disable-normalization", "true", "--no-warnings", "true", *NO_XSD])
    return net


def cohorts(results_py: Path, h5: Path):
    sys.path.insert(0, str(results_py))
    import readysim  # noqa: E402  (the build's package)
    c = readysim.load(str(h5)).cohorts
    # Cars that left and reached a shelter (not those who stayed, were cut off or found none).
    car = c[(c["mode"] == "car") & (c["stranded"] == 0) & (c["shelter"] != "") & c["safe"].notna()
            & c["departed"].notna()]
    car = car[car["safe"] < float("inf")]
    return car


def readysim_case(exe: Path, scenario_path: Path, seed: int, overrides, work: Path, name: str) -> Path:
    h5 = work / f"{name}.h5"
    cmd = [str(exe), "run", str(scenario_path), "-n", "1", "--seed", str(seed), "-o", str(h5)]
    for o in overrides:
        cmd += ["--set", o]
    run(cmd)
    return h5


def sumo_case(net: Path, car, node_of_settlement: dict, node_of_shelter: dict, work: Path, name: str,
              sigma: float, seed: int) -> dict:
    t0 = float(car["departed"].min())
    trips = ET.Element("routes")
    # No driver noise: no dawdling (sigma 0) and every driver at the speed limit (speedDev 0).
    # Default drivers: SUMO's sigma 0.5 and speed factors normc(1, 0.1, 0.2, 2).
    noise = {} if sigma > 0 else {"speedDev": "0"}
    ET.SubElement(trips, "vType", id="car", sigma=str(sigma), **noise)
    rows = sorted(car.itertuples(index=False), key=lambda r: r.departed)
    k = 0
    for r in rows:
        for _ in range(int(r.households)):
            ET.SubElement(trips, "trip", id=f"v{k}", type="car", depart=f"{r.departed - t0:.2f}",
                          fromJunction=node_of_settlement[r.settlement], toJunction=node_of_shelter[r.shelter],
                          departLane="best", departSpeed="max")
            k += 1
    trips_file = work / f"{name}.trips.xml"
    ET.ElementTree(trips).write(trips_file)
    routes = work / f"{name}.rou.xml"
    run(["duarouter", "-n", str(net), "--route-files", str(trips_file), "-o", str(routes), "--junction-taz",
         "--no-warnings", "true", "--no-step-log", "true", *NO_XSD])
    tripinfo = work / f"{name}_s{sigma}.tripinfo.xml"
    res = run(["sumo", "-n", str(net), "-r", str(routes), "--tripinfo-output", str(tripinfo), "--seed", str(seed),
               "--no-step-log", "true", "--no-warnings", "true", "--time-to-teleport", "600",
               "--duration-log.statistics", "true", *NO_XSD, "--xml-validation.net", "never"])
    arrivals = [float(t.get("arrival")) for t in ET.parse(tripinfo).getroot().iter("tripinfo")]
    teleports = 0
    for line in res.stdout.splitlines():
        if line.strip().startswith("Teleports:"):
            teleports = int(line.split()[1])
    return {"vehicles": k, "arrived": len(arrivals), "clearance_s": max(arrivals), "teleports": teleports}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build-dir", default=str(ROOT / "build"))
    ap.add_argument("--scenario", default=str(ROOT / "scenarios/yunlianghu/flood.yaml"))
    ap.add_argument("--seed", type=int, default=20231026)
    ap.add_argument("--keep", help="keep the SUMO files in this directory")
    ap.add_argument("--json", action="store_true", help="print the results as JSON on the last line")
    ap.add_argument("--check-ratio", type=float, help="exit 1 when at_once (sigma 0) differs by more than this ratio")
    ap.add_argument("--readysim", help="readysim executable (default BUILD/bin/readysim)")
    ap.add_argument("--set", action="append", default=[], metavar="PATH=VALUE",
                    help="passed on to readysim run in both cases (repeatable)")
    ap.add_argument("--fast", action="store_true", help="SUMO without driver noise only (about half the time)")
    args = ap.parse_args()
    for tool in ("sumo", "netconvert", "duarouter"):
        if shutil.which(tool) is None:
            print(f"SKIPPED: {tool} is not installed (apt-get install sumo)")
            return 77
    import yaml

    build = Path(args.build_dir)
    exe = Path(args.readysim) if args.readysim else build / "bin/readysim"
    scenario_path = Path(args.scenario).resolve()
    scenario = yaml.safe_load(scenario_path.read_text())
    node_of_settlement = {s["id"]: s["node"] for s in scenario["district"]["settlements"]}
    node_of_shelter = {s["id"]: s["node"] for s in scenario["resources"]["shelters"]}
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="readysim_sumo_"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        net = write_network(scenario, scenario_path.parent, work)
        out = {}
        for name, overrides in (("spread", args.set), ("at_once", AT_ONCE + args.set)):
            h5 = readysim_case(exe, scenario_path, args.seed, overrides, work, name)
            car = cohorts(build / "python", h5)
            t0 = float(car["departed"].min())
            case = {"cars": int(car["households"].sum()), "cohorts": len(car),
                    "departures_s": float(car["departed"].max()) - t0,
                    "readysim_clearance_s": float(car["safe"].max()) - t0}
            for sigma in (0.0,) if args.fast else (0.0, 0.5):
                s = sumo_case(net, car, node_of_settlement, node_of_shelter, work, name, sigma, args.seed)
                case[f"sumo_sigma{sigma}"] = s
                case[f"gap_sigma{sigma}"] = s["clearance_s"] / case["readysim_clearance_s"] - 1.0
            out[name] = case
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    sigmas = ("0.0",) if args.fast else ("0.0", "0.5")
    print(f"{'case':<8} {'cars':>5} {'departures over':>15} {'readysim':>10} {'SUMO no noise':>13} {'gap':>7}"
          + ("" if args.fast else f" {'SUMO default':>12} {'gap':>7}"))
    for name, c in out.items():
        line = (f"{name:<8} {c['cars']:>5} {c['departures_s'] / 60:>11.1f} min {c['readysim_clearance_s'] / 60:>6.1f} min "
                f"{c['sumo_sigma0.0']['clearance_s'] / 60:>9.1f} min {100 * c['gap_sigma0.0']:>+6.1f}%")
        if not args.fast:
            line += f" {c['sumo_sigma0.5']['clearance_s'] / 60:>8.1f} min {100 * c['gap_sigma0.5']:>+6.1f}%"
        print(line)
    for name, c in out.items():
        for sigma in sigmas:
            s = c[f"sumo_sigma{sigma}"]
            if s["teleports"] or s["arrived"] != s["vehicles"]:
                print(f"note: {name} sigma {sigma}: {s['arrived']} of {s['vehicles']} arrived, {s['teleports']} teleports")
    if args.json:
        print(json.dumps(out))
    if args.check_ratio:
        failed = False
        for name, c in out.items():
            ratio = 1.0 + c["gap_sigma0.0"]
            if not (1.0 / args.check_ratio <= ratio <= args.check_ratio):
                print(f"FAILED: {name}, SUMO (no driver noise) / readysim clearance = {ratio:.3f}, outside "
                      f"[{1.0 / args.check_ratio:.3f}, {args.check_ratio:.3f}]")
                failed = True
        return 1 if failed else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
