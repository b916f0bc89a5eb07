#!/usr/bin/python3
"""readysim benchmark: the share of a run's wall time spent writing its results file.

    /usr/bin/python3 tests/bench/write_share.py [--build-dir build] [--quick] [--compare OTHER_READYSIM]

Runs `readysim run scenarios/yunlianghu/scenario.yaml -n N -j 2 --timing -o FILE` and
reports write_s ÷ wall_s from readysim's own timing line: a ratio of two times measured in
the same run, so other load on the machine moves it far less than it moves either time.
Target (issue 15): under 10 %. With --compare, another readysim binary (say a copy of an
older build) runs interleaved with this one on the same seeds, for a before/after. Exits 0
when the target is missed (this is a benchmark, not a test) but says MISSED; exits 1 only
if readysim cannot run. See README.md.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from run_bench import last_json_line  # beside this file: the timing line readysim prints

ROOT = Path(__file__).resolve().parents[2]
DISTRICT_SCENARIO = ROOT / "scenarios/yunlianghu/scenario.yaml"
TARGET_SHARE = 0.10
JOBS = 2


def run_readysim(exe, n, seed, tmp):
    """The timing JSON of one `readysim run` of the default district at -j 2."""
    out = Path(tmp) / f"write-{n}-{seed}.h5"
    cmd = [str(exe), "run", str(DISTRICT_SCENARIO), "-n", str(n), "-j", str(JOBS), "--seed", str(seed),
           "--quiet", "--timing", "-o", str(out)]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.strip()[-500:]}")
    t = last_json_line(p.stderr)
    t["share"] = t["write_s"] / t["wall_s"]
    t["mb"] = out.stat().st_size / 1e6
    out.unlink(missing_ok=True)
    return t


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build-dir", default="build", help="CMake build directory (default: build)")
    ap.add_argument("--quick", action="store_true", help="one size (500 replications), one repeat")
    ap.add_argument("--repeats", type=int, help="runs of each measurement; the best share counts (default 3)")
    ap.add_argument("--sizes", type=int, nargs="+", help="replications per run (default 2000 4000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--compare", help="another readysim binary to measure the same way, interleaved")
    args = ap.parse_args()
    bindir = Path(args.build_dir)
    if not bindir.is_absolute():
        bindir = (ROOT / bindir) if not bindir.exists() else bindir.resolve()
    exe = bindir / "bin" / "readysim"
    if not exe.exists():
        sys.exit(f"error: {exe} not built (cmake --build {args.build_dir} --target readysim)")
    load, cores = os.getloadavg()[0], os.cpu_count() or 1  # before our own runs add to it
    repeats = args.repeats or (1 if args.quick else 3)
    sizes = args.sizes or ([500] if args.quick else [2000, 4000])
    binaries = [("this build", exe)] + ([("--compare", Path(args.compare))] if args.compare else [])

    print(f"Default district ({DISTRICT_SCENARIO.relative_to(ROOT)}) at -j {JOBS}; "
          f"{repeats} repeat(s), the run with the smallest write share counts")
    row = "  {:<12} {:>6} {:>9} {:>9} {:>10} {:>8} {:>8}"
    print(row.format("", "n", "wall s", "write s", "write/wall", "MB", "target"))
    missed = []
    with tempfile.TemporaryDirectory(prefix="readysim-bench-") as tmp:
        for n in sizes:
            best = {}
            for i in range(repeats):
                for name, binary in binaries:  # interleaved: the same load falls on both
                    try:
                        t = run_readysim(binary, n, args.seed + i, tmp)
                    except Exception as e:
                        if binary == exe:
                            sys.exit(f"error: readysim: {e}")
                        print(f"  {name}: {e}")
                        continue
                    if name not in best or t["share"] < best[name]["share"]:
                        best[name] = t
            for name, _ in binaries:
                if name not in best:
                    continue
                t = best[name]
                ok = t["share"] < TARGET_SHARE
                verdict = ("ok" if ok else "MISSED") if name == "this build" else ""
                print(row.format(name, n, f"{t['wall_s']:.3f}", f"{t['write_s']:.3f}", f"{t['share']:.1%}",
                                 f"{t['mb']:.1f}", verdict))
                if name == "this build" and not ok:
                    missed.append(f"write_s/wall_s {t['share']:.1%} at n={n} -j {JOBS} (target < {TARGET_SHARE:.0%})")
    if load > 0.5:
        print(f"note: load average {load:.2f} on {cores} cores before the runs: "
              "-j 2 competes with that work, which inflates wall_s and write_s alike")
    for m in missed:
        print(f"MISSED: {m}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
