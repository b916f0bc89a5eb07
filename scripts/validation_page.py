#!/usr/bin/env python3
"""Writes docs/validation.md from the tests' own output (issue 18, point 4).

Reads tests/validation/checks.yaml (each check: its reference value and source, the test that
keeps it, and which of the test's output shows readysim's value), runs the Catch2 tests it names
(`readysim_tests NAME -s -r xml`: their INFO lines and expanded assertions) and the pytest files
it names, reads the LFB comparison's results file, and writes the page. Nothing on the page is
typed by hand except the references and sources in checks.yaml.

Usage: validation_page.py [--build DIR] [--out FILE] [--checks FILE] [--check]
  --check  write nothing; exit 1 when the page would differ from the one in the repository
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CHECKS = ROOT / "tests" / "validation" / "checks.yaml"
PAGE = ROOT / "docs" / "validation.md"


def catch2_output(tests: Path, names: list[str]) -> dict:
    """Per test case: passed, INFO lines, and (original, expanded) of each assertion, in order."""
    out = {}
    # Catch2 v2 test specs are comma-separated; a name with a comma is given alone.
    groups, plain = [], []
    for n in names:
        (groups.append([n]) if "," in n else plain.append(n))
    if plain:
        groups.append(plain)
    for group in groups:
        spec = ",".join(f'"{n}"' if "," not in n else n.replace(",", "\\,") for n in group)
        proc = subprocess.run([str(tests), spec, "-s", "-r", "xml"], capture_output=True, text=True)
        root = ET.fromstring(proc.stdout)
        for tc in root.iter("TestCase"):
            infos, exprs = [], []
            for node in tc.iter():
                if node.tag == "Info":
                    text = " ".join(node.text.split())
                    if text not in infos:
                        infos.append(text)
                elif node.tag == "Expression":
                    exprs.append((" ".join(node.find("Original").text.split()),
                                  " ".join(node.find("Expanded").text.split())))
            out[tc.get("name")] = {"passed": tc.find("OverallResult").get("success") == "true", "info": infos,
                                   "expr": exprs, "line": tc.get("line")}
    return out


def pytest_passed(path: str, env: dict) -> bool:
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(ROOT / path)],
                          capture_output=True, text=True, env=env)
    return proc.returncode == 0


def lfb_value(path: str) -> str:
    r = json.loads((ROOT / path).read_text())
    s = r["simulated"]
    return (f"median {s['median']:.0f} s ± {s['median_ci95']:.0f} ({100 * r['median_error']:+.1f} %), "
            f"P90 {s['p90']:.0f} s ± {s['p90_ci95']:.0f} ({100 * r['p90_error']:+.1f} %); goal "
            f"{'met' if r['goal_met'] else 'missed'}")


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def page(build: Path, checks_file: Path = CHECKS) -> str:
    checks = yaml.safe_load(checks_file.read_text())
    names = [c["test"] for c in checks if "test" in c]
    out = catch2_output(build / "bin" / "readysim_tests", names)
    env = dict(os.environ, READYSIM_BIN=str(build / "bin" / "readysim"), READYSIM_SOURCE_DIR=str(ROOT))
    env.setdefault("READYSIM_SHARED_DATA_DIR", str(ROOT.parent / "shared" / "data"))
    rows = []
    for c in checks:
        show = c.get("show", {})
        values, passed, where = [], False, ""
        if "test" in c:
            res = out.get(c["test"])
            if res is None:
                values, passed = ["(the test was not found)"], False
            else:
                passed = res["passed"]
                for prefix in show.get("info", []):
                    values += [i for i in res["info"] if i.startswith(prefix)][:1]
                for prefix in show.get("expr", []):
                    values += [f"`{e}`" for o, e in res["expr"] if o.startswith(prefix)][:1]
                where = f"`{c['file']}` “{c['test']}”"
        else:
            passed = pytest_passed(c["pytest"], env)
            where = f"`{c['pytest']}`"
            if "lfb" in show:
                values.append(lfb_value(show["lfb"]))
            if "pytest" in show:
                values.append(show["pytest"])
        rows.append(f"| {cell(c['check'])} ({c['kind']}) | {cell(c['reference'])} | {cell(c['source'])} | "
                    f"{cell('; '.join(values))} | {cell(c['ci'])} | {where} | {'passes' if passed else '**fails**'} |")
    failing = sum("**fails**" in r for r in rows)
    head = [
        "# Validation: what readysim is checked against",
        "",
        "<!-- Written by scripts/validation_page.py from the tests' output and tests/validation/checks.yaml;",
        "     do not edit. Regenerate: /usr/bin/python3 scripts/validation_page.py -->",
        "",
        "Every check of readysim against an analytic result, a hand computation or real data: the",
        "reference value and where it comes from, readysim's value as the test that keeps it printed",
        "it (its INFO line or the expansion of its assertion), the interval the comparison allows,",
        "and the test. The references and sources are written in `tests/validation/checks.yaml`;",
        "everything in the readysim column is the tests' own output, regenerated by",
        "`scripts/validation_page.py` (`--check` says whether this page is current).",
        "",
        "The real-data check against the London Fire Brigade's 2009 log is described in",
        "[scenarios/validation/lfb2009/README.md](../scenarios/validation/lfb2009/README.md): the",
        "travel model fitted on January to June, compared on July to December.",
        "",
        f"{len(rows)} checks, {len(rows) - failing} passing.",
        "",
        "| check | reference | source | readysim (from the test's output) | interval | test | result |",
        "|---|---|---|---|---|---|---|",
    ]
    return "\n".join(head + rows) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", type=Path, default=ROOT / "build")
    ap.add_argument("--out", type=Path, default=PAGE)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--checks", type=Path, default=CHECKS, help="the list of checks (default tests/validation/checks.yaml)")
    args = ap.parse_args()
    text = page(args.build, args.checks)
    if args.check:
        current = args.out.read_text() if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is not current; regenerate with scripts/validation_page.py", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
