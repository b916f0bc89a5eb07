#!/usr/bin/python3
"""readysim benchmarks: ratios against a baseline measured in the same run.

    /usr/bin/python3 tests/bench/run_bench.py [--build-dir build] [--quick]

Runs the minimal SimGrid M/M/c program (readysim_bench_mmc_baseline) and readysim on
the same queue (scenarios/validation/mmc.yaml), and readysim on the default district
at -j 1 and -j 2. Prints figures and two ratios with their targets. Exits 0 when a
target is missed (this is a benchmark, not a test) but says MISSED; exits 1 only if
the baseline itself cannot run. See README.md.
"""

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MMC_SCENARIO = ROOT / "scenarios/validation/mmc.yaml"
DISTRICT_SCENARIO = ROOT / "scenarios/yunlianghu/scenario.yaml"
TARGET_VS_BASELINE = 0.7
TARGET_SCALING = 1.8

# The subset of sim/common/src/units.cpp that an M/M/c scenario uses.
YEAR = 365.25 * 86400
DURATION = {"s": 1, "sec": 1, "min": 60, "h": 3600, "hr": 3600, "d": 86400, "day": 86400, "days": 86400}
RATE = {"/s": 1, "/min": 1 / 60, "/h": 1 / 3600, "/d": 1 / 86400, "/yr": 1 / YEAR}
# Defaults of sim/src/scenario/fire_section.cpp, used when the scenario omits them.
LEVEL_RATE = {"red": 2 / YEAR, "orange": 1 / YEAR, "yellow": 0.5 / YEAR, "blue": 0.2 / YEAR}
DWELLING_RATE_PER_1000 = 0.5 / YEAR


def quantity(text, units):
    m = re.fullmatch(r"\s*([-+0-9.eE]+)\s*(\S+)\s*", str(text))
    if not m or m.group(2) not in units:
        raise ValueError(f"cannot read '{text}' (units: {', '.join(units)})")
    return float(m.group(1)) * units[m.group(2)]


def mmc_parameters(path):
    """(λ per s, c, μ per s) of an M/M/c scenario; ValueError if it is not one."""
    try:
        import yaml
    except ImportError:
        raise ValueError("reading the scenario needs PyYAML (Debian: python3-yaml)")
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    district = doc.get("district") or {}
    fire = (doc.get("hazards") or {}).get("fire") or {}
    level_rate = dict(LEVEL_RATE)
    for level, text in (fire.get("ignition_rates") or {}).items():
        level_rate[level] = quantity(text, RATE)
    occupancies = fire.get("occupancies") or {}

    # Every Poisson stream of fires with its occupancy; they must share one
    # exponential on-scene time for the superposition to be an M/M/c queue.
    streams = []
    for rp in district.get("risk_points") or []:
        rate = quantity(rp["ignition_rate"], RATE) if "ignition_rate" in rp else level_rate[rp["level"]]
        streams.append((rate, rp.get("occupancy", "industrial"), f"risk point {rp['id']}"))
    dwelling = fire.get("dwelling_fires_per_1000_residents")
    dwelling = DWELLING_RATE_PER_1000 if dwelling is None else quantity(dwelling, RATE)
    population = sum(s.get("population", 0) for s in district.get("settlements") or [])
    streams.append((dwelling * population / 1000, "dwelling", "dwellings"))

    lam, mean = 0.0, None
    for rate, occupancy, who in streams:
        if rate <= 0:
            continue
        on_scene = (occupancies.get(occupancy) or {}).get("on_scene") or {}
        if on_scene.get("dist") != "exponential":
            raise ValueError(f"{who}: on-scene time of '{occupancy}' is not exponential")
        m = quantity(on_scene["mean"], DURATION)
        if mean is not None and not math.isclose(m, mean):
            raise ValueError(f"{who}: on-scene means differ ({m} s vs {mean} s)")
        lam, mean = lam + rate, m
    c = sum(int(s.get("engines", 0)) for s in (doc.get("resources") or {}).get("stations") or [])
    if lam <= 0 or mean is None or c < 1:
        raise ValueError(f"no M/M/c queue found (λ={lam}/s, c={c}, on-scene mean={mean})")
    return lam, c, 1 / mean


def erlang_c(lam, c, mu):
    """(P(wait), mean wait) of M/M/c."""
    a = lam / mu
    if a >= c:
        return 1.0, math.inf
    term, head = 1.0, 0.0
    for k in range(c):
        head += term
        term *= a / (k + 1)  # ends as a^c / c!
    tail = term * c / (c - a)
    p_wait = tail / (head + tail)
    return p_wait, p_wait / (c * mu - lam)


def last_json_line(text):
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            return json.loads(line)
    raise ValueError("no JSON line in output")


def run_baseline(exe, lam, c, mu, customers, seed):
    cmd = [str(exe), "--servers", str(c), "--arrival-rate", repr(lam), "--service-rate", repr(mu),
           "--customers", str(customers), "--seed", str(seed)]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.strip()[-500:]}")
    return last_json_line(p.stdout)


def run_readysim(exe, scenario, n, jobs, seed, tmp, mu=1.0):
    """The timing JSON of one `readysim run`, plus the run phase and queue waits if readable."""
    out = Path(tmp) / f"bench-{jobs}-{n}.h5"
    cmd = [str(exe), "run", str(scenario), "-n", str(n), "-j", str(jobs), "--seed", str(seed),
           "--quiet", "--timing", "-o", str(out)]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"exit {p.returncode}: {p.stderr.strip()[-500:]}")
    t = last_json_line(p.stderr)
    # The run phase is what the baseline's e.run() and -j stand for: everything but
    # building the world once and writing the file once.
    t["run_s"] = t["wall_s"] - t.get("setup_s", 0) - t.get("write_s", 0)
    t["waits"] = queue_waits(out, mu)
    out.unlink(missing_ok=True)
    return t


def queue_waits(h5, mu):
    try:
        import h5py
        import numpy as np
        with h5py.File(h5, "r") as f:
            w = np.asarray(f["incidents/queue_wait"][()], dtype=float)
        # Waits below 1e-6/μ are clock rounding (differences of large aligned times leave
        # residues up to ~1 ms), not queueing: w > 0 would overstate P(wait).
        return float(w.mean()), float((w > 1e-6 / mu).mean())
    except Exception:  # optional: the timing figures do not depend on it
        return None


def verdict(value, target):
    return "ok" if value >= target else "MISSED"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build-dir", default="build", help="CMake build directory (default: build)")
    ap.add_argument("--quick", action="store_true", help="smaller runs, one repeat")
    ap.add_argument("--repeats", type=int, help="runs of each measurement; the best counts (default 3, quick 1)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    bindir = Path(args.build_dir)
    if not bindir.is_absolute():
        bindir = (ROOT / bindir) if not bindir.exists() else bindir.resolve()
    bindir = bindir / "bin"
    baseline_exe, readysim_exe = bindir / "readysim_bench_mmc_baseline", bindir / "readysim"
    load, cores = os.getloadavg()[0], os.cpu_count() or 1  # before our own runs add to it
    repeats = args.repeats or (1 if args.quick else 3)
    customers = 20_000 if args.quick else 200_000
    district_n = 100 if args.quick else 1000
    if not baseline_exe.exists():
        sys.exit(f"error: {baseline_exe} not built "
                 f"(cmake --build {args.build_dir} --target readysim_bench_mmc_baseline)")
    have_readysim = readysim_exe.exists()
    notes, missed = [], []

    try:
        lam, c, mu = mmc_parameters(MMC_SCENARIO)
        source = MMC_SCENARIO.relative_to(ROOT)
    except (OSError, ValueError, KeyError, TypeError) as e:
        lam, c, mu = 2.4, 3, 1.0  # the reference queue, per hour: units do not matter
        source = "reference queue"
        notes.append(f"{MMC_SCENARIO.relative_to(ROOT)}: {e}; baseline only")
        have_mmc = False
    else:
        have_mmc = True
    p_wait, wq = erlang_c(lam, c, mu)

    print(f"M/M/c from {source}: c={c}, λ={lam:.6g}/s, μ={mu:.6g}/s, a=λ/μ={lam / mu:.4g}; "
          f"waits in units of 1/μ; {repeats} repeat(s), the best counts")
    row = "  {:<34} {:>9} {:>9} {:>13} {:>10} {:>8}"
    print(row.format("", "customers", "run s", "customers/s", "mean wait", "P(wait)"))
    print(row.format("Erlang C", "", "", "", f"{wq * mu:.4f}", f"{p_wait:.4f}"))

    best_base = best_rs = 0.0
    with tempfile.TemporaryDirectory(prefix="readysim-bench-") as tmp:
        n_reps = None
        if have_mmc and have_readysim:
            try:  # size the run so that it simulates about `customers` fires
                probe = run_readysim(readysim_exe, MMC_SCENARIO, 5, 1, args.seed, tmp)
                n_reps = max(1, math.ceil(customers / max(probe["fires"] / 5, 1e-9)))
            except Exception as e:
                notes.append(f"readysim on {MMC_SCENARIO.relative_to(ROOT)}: {e}")
        elif have_mmc:
            notes.append(f"{readysim_exe} not built: readysim rows skipped")
        for i in range(repeats):
            seed = args.seed + i
            n_customers = customers
            if n_reps:
                try:
                    t = run_readysim(readysim_exe, MMC_SCENARIO, n_reps, 1, seed, tmp, mu)
                    n_customers = t["fires"]
                    rate = t["fires"] / t["run_s"]
                    best_rs = max(best_rs, rate)
                    w = t["waits"]
                    print(row.format(f"readysim -j1, {n_reps} replications", t["fires"], f"{t['run_s']:.3f}",
                                     f"{rate:,.0f}", f"{w[0] * mu:.4f}" if w else "-", f"{w[1]:.4f}" if w else "-"))
                except Exception as e:
                    notes.append(f"readysim on {MMC_SCENARIO.relative_to(ROOT)}: {e}")
                    n_reps = None
            try:
                b = run_baseline(baseline_exe, lam, c, mu, n_customers, seed)
            except RuntimeError as e:
                print(f"error: baseline failed: {e}", file=sys.stderr)
                return 1
            best_base = max(best_base, b["customers_per_s"])
            print(row.format("baseline (SimGrid, e.run only)", b["customers"], f"{b['wall_s']:.3f}",
                             f"{b['customers_per_s']:,.0f}", f"{b['mean_wait'] * mu:.4f}", f"{b['p_wait']:.4f}"))

        best_j = {1: 0.0, 2: 0.0}
        if have_readysim and DISTRICT_SCENARIO.exists():
            print(f"\nDefault district ({DISTRICT_SCENARIO.relative_to(ROOT)}), {district_n} replications")
            drow = "  {:<12} {:>9} {:>9} {:>9} {:>16} {:>16}"
            print(drow.format("", "fires", "wall s", "run s", "replications/s", "(end to end)"))
            try:
                for i in range(repeats):
                    for jobs in (1, 2):
                        t = run_readysim(readysim_exe, DISTRICT_SCENARIO, district_n, jobs, args.seed + i, tmp)
                        rate = t["replications"] / t["run_s"]
                        best_j[jobs] = max(best_j[jobs], rate)
                        print(drow.format(f"readysim -j{jobs}", t["fires"], f"{t['wall_s']:.3f}", f"{t['run_s']:.3f}",
                                          f"{rate:,.1f}", f"{t['replications'] / t['wall_s']:,.1f}"))
                        split = {k: v for k, v in t.items() if k.endswith("_s") and k not in ("wall_s", "run_s")}
                        print("      split: " + ", ".join(f"{k} {v:.3f}" for k, v in split.items()))
            except Exception as e:
                notes.append(f"readysim on the default district: {e}")

    print("\nRatios (run phase = wall_s − setup_s − write_s; baseline = e.run() only)")
    rrow = "  {:<44} {:>7} {:>8}   {}"
    print(rrow.format("", "value", "target", ""))
    results = [("readysim ÷ baseline, customers/s (M/M/c)", best_rs, best_base, TARGET_VS_BASELINE),
               ("readysim -j2 ÷ -j1, replications/s", best_j[2], best_j[1], TARGET_SCALING)]
    for label, num, den, target in results:
        if num > 0 and den > 0:
            v = verdict(num / den, target)
            print(rrow.format(label, f"{num / den:.2f}", f"≥ {target}", v))
            if v == "MISSED":
                missed.append(f"{label}: {num / den:.2f} < {target}")
        else:
            print(rrow.format(label, "-", f"≥ {target}", "not measured"))
    if load > 0.5:
        notes.append(f"load average {load:.1f} on {cores} cores: other work shares the CPUs, so -j 2 cannot "
                     "scale and absolute rates are low; rerun on an idle machine before trusting the ratios")
    for n in notes:
        print(f"note: {n}")
    for m in missed:
        print(f"MISSED: {m}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
