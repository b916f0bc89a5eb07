#!/usr/bin/env python3
"""Other work keeping pumps busy: does it explain the miss? (training half only)

Runs background.yaml (build.py) on January to June with other calls at a growing rate and
writes sensitivity_train.json: for each rate, calls a day and the simulated first-pump median,
P90, own-station share and the fires whose observed first pump came from another station.
Never run on the held-out half. Usage: sensitivity.py [-n N] [-j J]
"""
import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
RATES_PER_PLACE_YR = [0, 30, 60, 120]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", "--replications", type=int, default=10)
    ap.add_argument("-j", "--jobs", type=int, default=2)
    args = ap.parse_args()
    places = (HERE / "background.yaml").read_text().count("occupancy: other_call}")
    rows = []
    for rate in RATES_PER_PLACE_YR:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, HERE / "compare.py", "--half", "train", "--scenario", "background.yaml",
                            "-n", str(args.replications), "-j", str(args.jobs), "--out", tmp,
                            "--set", f"hazards.fire.ignition_rates.blue={rate} /yr"], check=True, capture_output=True)
            r = json.loads((Path(tmp) / "results_train.json").read_text())
        other = r["by_observed_first_pump"]["first_pump_other_station"]
        rows.append({"rate_per_place_yr": rate, "calls_per_day": round(rate * places / 365.25, 1),
                     "median": r["simulated"]["median"], "p90": r["simulated"]["p90"],
                     "own_station_share": r["simulated"]["own_station_share"],
                     "other_station_fires_median": other["simulated_median"],
                     "observed": {"median": r["observed"]["median"], "p90": r["observed"]["p90"],
                                  "own_station_share": r["observed"]["own_station_share"],
                                  "other_station_fires_median": other["observed_median"]}})
    (HERE / "sensitivity_train.json").write_text(json.dumps({"places": places, "rows": rows}, indent=2) + "\n")
    print(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
