#!/usr/bin/env python3
"""Runs `readysim validate` on every bad scenario in this folder.

Each file states what must be reported in `# expect: <fragment>` comment lines. A case
passes when the command exits 2, prints nothing on stdout, every line on stderr but the
final count has the form `file:line[:col]: error: ...`, and every expected fragment
appears on stderr. Usage: check_corpus.py READYSIM_BINARY CORPUS_DIR
"""
import pathlib
import re
import subprocess
import sys

DIAGNOSTIC = re.compile(r"^[^:\s][^:]*:\d+(:\d+)?: error: .+|^[^:\s][^:]*: error: .+")


def check(binary: str, case: pathlib.Path) -> list[str]:
    # Some cases hold bytes that are not UTF-8 on purpose: their `# expect:` lines are ASCII.
    text = case.read_bytes().decode("utf-8", errors="replace")
    expects = [m.group(1).strip() for m in re.finditer(r"^# expect: (.+)$", text, re.M)]
    if not expects:
        return [f"{case.name}: no '# expect:' line"]
    proc = subprocess.run([binary, "validate", str(case)], capture_output=True, text=True, errors="replace",
                          timeout=60)
    problems = []
    if proc.returncode != 2:
        problems.append(f"{case.name}: exit code {proc.returncode}, expected 2")
    if proc.stdout:
        problems.append(f"{case.name}: wrote to stdout: {proc.stdout[:200]!r}")
    lines = proc.stderr.strip().splitlines()
    if not lines or not lines[-1].startswith("readysim: "):
        problems.append(f"{case.name}: no closing error count on stderr")
    for line in lines[:-1]:
        if not DIAGNOSTIC.match(line):
            problems.append(f"{case.name}: not a file:line:col diagnostic: {line!r}")
    for fragment in expects:
        if fragment not in proc.stderr:
            problems.append(f"{case.name}: expected {fragment!r} in:\n{proc.stderr}")
    return problems


def main() -> int:
    binary, folder = sys.argv[1], pathlib.Path(sys.argv[2])
    cases = sorted(folder.glob("*.yaml"))
    problems = [p for case in cases for p in check(binary, case)]
    for p in problems:
        print(p)
    print(f"{len(cases)} bad scenarios, {len(problems)} problems")
    return 1 if problems or len(cases) < 25 else 0


if __name__ == "__main__":
    sys.exit(main())
