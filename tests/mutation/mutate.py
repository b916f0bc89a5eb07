#!/usr/bin/python3
"""Mutation check: do the tests catch a deliberate break of each documented rule?

Copies the project (as committed, or with --worktree as it is in the working tree) to a work
directory, builds it once, checks that every aimed test passes there, then applies each
mutation of tests/mutation/mutations.yaml in turn: rebuild, run the tests aimed at it, and, if
they all pass, the whole suite (ctest). A mutation that survives the whole suite is a survivor:
a rule no test holds. The source is restored after each mutation.

Not part of CI (it builds and tests once per mutation: about a minute each when the aimed
tests catch it, the whole suite's time when they do not). Usage, from anywhere:

    tests/mutation/mutate.py [--work DIR] [--only ID ...] [--no-confirm] [--worktree] [--report FILE]

Exit code: 0 when no mutation survives, 1 when some do, 2 for a bad list or a broken baseline.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import time

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
LIST = pathlib.Path(__file__).resolve().with_name("mutations.yaml")
TARGETS = ["readysim", "readysim_tests", "readysim_python"]
TEST_TIMEOUT_S = 1800


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def load_mutations(path: pathlib.Path) -> list[dict]:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(items, list):
        sys.exit(f"{path}: expected a list of mutations")
    seen = set()
    for k, m in enumerate(items):
        missing = {"id", "rule", "file", "find", "replace", "tests"} - set(m)
        if missing:
            sys.exit(f"{path}: entry {k + 1} ({m.get('id', '?')}) lacks {', '.join(sorted(missing))}")
        if m["id"] in seen:
            sys.exit(f"{path}: id {m['id']} appears twice")
        seen.add(m["id"])
    return items


def tree_files(worktree: bool) -> dict[str, bytes]:
    """The project's files: as committed (HEAD), or as they are in the working tree."""
    if not worktree:
        names = subprocess.run(["git", "ls-tree", "-r", "-z", "--name-only", "HEAD"], cwd=ROOT, check=True,
                               capture_output=True).stdout.decode().split("\0")
        return {n: subprocess.run(["git", "show", f"HEAD:{n}"], cwd=ROOT, check=True, capture_output=True).stdout
                for n in filter(None, names)}
    names = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           check=True, capture_output=True).stdout.decode().split("\0")
    return {n: (ROOT / n).read_bytes() for n in filter(None, names) if (ROOT / n).is_file()}


def copy_tree(work: pathlib.Path, worktree: bool) -> pathlib.Path:
    """The project's files into work/src, refreshed in place: unchanged files keep their timestamps
    (the build stays incremental), files the project no longer has are removed."""
    src = work / "src"
    files = tree_files(worktree)
    for rel, data in files.items():
        b = src / rel
        if b.is_file() and b.read_bytes() == data:
            continue
        b.parent.mkdir(parents=True, exist_ok=True)
        b.write_bytes(data)
    if src.is_dir():
        for path in src.rglob("*"):
            rel = path.relative_to(src).as_posix()
            if path.is_file() and not rel.startswith("build-mutation/") and rel not in files:
                path.unlink()
    # ../shared/data beside the copy, as beside the project (tests read real data from there).
    data = ROOT.parent / "shared" / "data"
    link = work / "shared" / "data"
    if data.is_dir() and not link.exists():
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(data)
    return src


def configure(src: pathlib.Path, build: pathlib.Path) -> None:
    if (build / "CMakeCache.txt").exists():
        return
    # Release without -Werror: a mutation that only draws a warning must still build and be tested.
    subprocess.run(["cmake", "-S", src, "-B", build, "-DCMAKE_BUILD_TYPE=Release", "-DREADYSIM_WERROR=OFF",
                    "-DPython_EXECUTABLE=/usr/bin/python3"], check=True, stdout=subprocess.DEVNULL)


def build_targets(build: pathlib.Path, jobs: int) -> tuple[bool, str]:
    proc = subprocess.run(["cmake", "--build", build, "-j", str(jobs), "--target", *TARGETS],
                          capture_output=True, text=True)
    return proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]


def test_command(spec: str, src: pathlib.Path, build: pathlib.Path) -> tuple[list[str], dict]:
    env = dict(os.environ, READYSIM_BIN=str(build / "bin" / "readysim"), READYSIM_SOURCE_DIR=str(src),
               READYSIM_SHARED_DATA_DIR=str(src.parent / "shared" / "data"))
    kind, _, arg = spec.partition(":")
    if kind == "catch":
        return [str(build / "bin" / "readysim_tests"), arg], env
    if kind == "ctest":
        return ["ctest", "--test-dir", str(build), "-j2", "-R", arg], env
    if kind == "pytest":
        return ["/usr/bin/python3", "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", str(src / arg)], env
    sys.exit(f"unknown test kind in '{spec}' (catch:, ctest: or pytest:)")


def passes(cmd: list[str], env: dict, cwd: pathlib.Path) -> bool:
    try:
        return subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              timeout=TEST_TIMEOUT_S).returncode == 0
    except subprocess.TimeoutExpired:
        return False  # a mutation that makes a test hang is caught (by the timeout)


def whole_suite(build: pathlib.Path) -> list[str]:
    return ["ctest", "--test-dir", str(build), "-j2", "--timeout", str(TEST_TIMEOUT_S)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", type=pathlib.Path, default=pathlib.Path("/tmp/readysim-mutation"),
                    help="work directory (the copy and its build; kept between runs so rebuilds are incremental)")
    ap.add_argument("--only", nargs="+", metavar="ID", help="only these mutations")
    ap.add_argument("--no-confirm", action="store_true",
                    help="call a mutation a survivor when its aimed tests pass, without running the whole suite")
    ap.add_argument("--worktree", action="store_true",
                    help="test the working tree as it is (default: the committed tree, HEAD)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--report", type=pathlib.Path, help="also write the report (Markdown) here")
    args = ap.parse_args()

    mutations = load_mutations(LIST)
    if args.only:
        unknown = set(args.only) - {m["id"] for m in mutations}
        if unknown:
            print(f"unknown mutation id(s): {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        mutations = [m for m in mutations if m["id"] in args.only]

    args.work.mkdir(parents=True, exist_ok=True)
    log(f"copying the {'working' if args.worktree else 'committed'} tree to {args.work / 'src'}")
    src = copy_tree(args.work, args.worktree)
    build = src / "build-mutation"
    configure(src, build)
    log("building the unmutated copy")
    ok, out = build_targets(build, args.jobs)
    if not ok:
        print(out, file=sys.stderr)
        print("the unmutated copy does not build", file=sys.stderr)
        return 2

    # Stale entries (the text moved) and the baseline: every aimed test must pass unmutated.
    rows = []
    specs = []
    for m in mutations:
        text = (src / m["file"]).read_text(encoding="utf-8") if (src / m["file"]).is_file() else ""
        count = text.count(m["find"])
        if count != 1:
            rows.append((m, "stale", f"the text occurs {count} times in {m['file']}"))
            continue
        specs.extend(s for s in m["tests"] if s not in specs)
    for spec in specs:
        cmd, env = test_command(spec, src, build)
        if not passes(cmd, env, src):
            print(f"baseline: '{spec}' fails on the unmutated copy; fix that first", file=sys.stderr)
            return 2
    log(f"baseline passes its {len(specs)} aimed test sets; {len(mutations)} mutations to try")

    for m in mutations:
        if any(r[0] is m for r in rows):
            continue
        path = src / m["file"]
        original = path.read_text(encoding="utf-8")
        started = time.monotonic()
        try:
            path.write_text(original.replace(m["find"], m["replace"]), encoding="utf-8")
            ok, out = build_targets(build, args.jobs)
            if not ok:
                verdict, how = "killed", "does not compile"
            else:
                caught = None
                for spec in m["tests"]:
                    cmd, env = test_command(spec, src, build)
                    if not passes(cmd, env, src):
                        caught = spec
                        break
                if caught:
                    verdict, how = "killed", f"by {caught}"
                elif args.no_confirm:
                    verdict, how = "survived", "the aimed tests pass (whole suite not tried)"
                else:
                    log(f"{m['id']}: the aimed tests pass; trying the whole suite")
                    if passes(whole_suite(build), os.environ.copy(), src):
                        verdict, how = "survived", "the whole suite passes"
                    else:
                        verdict, how = "killed", "by the whole suite (not by the aimed tests)"
        finally:
            path.write_text(original, encoding="utf-8")
        rows.append((m, verdict, how))
        log(f"{m['id']}: {verdict} ({how}) in {time.monotonic() - started:.0f} s")
    # Leave the copy built unmutated for the next run.
    build_targets(build, args.jobs)

    order = {m["id"]: k for k, m in enumerate(load_mutations(LIST))}
    rows.sort(key=lambda r: order[r[0]["id"]])
    lines = ["| mutation | rule | verdict | how |", "| --- | --- | --- | --- |"]
    lines += [f"| `{m['id']}` | {m['rule']} | {v} | {h} |" for m, v, h in rows]
    survivors = [m["id"] for m, v, _ in rows if v == "survived"]
    stale = [m["id"] for m, v, _ in rows if v == "stale"]
    lines.append("")
    lines.append(f"{sum(v == 'killed' for _, v, _ in rows)} killed, {len(survivors)} survived"
                 f"{' (' + ', '.join(survivors) + ')' if survivors else ''}, {len(stale)} stale"
                 f"{' (' + ', '.join(stale) + ')' if stale else ''}")
    report = "\n".join(lines) + "\n"
    print(report)
    if args.report:
        args.report.write_text(report, encoding="utf-8")
    if stale:
        return 2
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
