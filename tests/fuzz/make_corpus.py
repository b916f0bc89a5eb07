#!/usr/bin/env python3
"""Seeds the fuzz corpora from the repository: every scenario and bad scenario (YAML), the road
and series CSVs of scenarios/, the study files, and the small OSM extracts in tests/fuzz/seeds.
Usage: make_corpus.py SOURCE_DIR CORPUS_DIR (one subfolder per target, made afresh)."""
import pathlib
import shutil
import sys


def main() -> int:
    src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    corpora = {name: out / name for name in ("scenario", "roads_csv", "flood_series", "study", "osm")}
    for d in corpora.values():
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)

    def seed(target: str, name: str, data: bytes) -> None:
        (corpora[target] / name.replace("/", "_")).write_bytes(data)

    def head(path: pathlib.Path, lines: int = 60) -> bytes:
        """The first lines of a file: the large road networks make slow seeds, their header and
        first rows are what the reader's paths depend on."""
        return b"".join(path.read_bytes().splitlines(keepends=True)[:lines])

    yamls = sorted(src.glob("scenarios/**/*.yaml")) + sorted(src.glob("tests/bad_scenarios/*.yaml"))
    for path in yamls:
        rel = str(path.relative_to(src))
        target = "study" if "study" in path.name else "scenario"
        seed(target, rel, path.read_bytes())
    for nodes in sorted(src.glob("scenarios/**/*nodes.csv")):
        roads = nodes.with_name(nodes.name.replace("nodes", "roads"))
        if roads.exists():
            seed("roads_csv", str(nodes.relative_to(src)), head(nodes) + b"\n%%\n" + head(roads))
    for csv in sorted(src.glob("scenarios/**/*.csv")):
        if "nodes" not in csv.name and "roads" not in csv.name:
            seed("flood_series", str(csv.relative_to(src)), head(csv, 200))
    for osm in sorted(src.glob("tests/fuzz/seeds/osm/*.osm")):
        seed("osm", osm.name, osm.read_bytes())
    for target, d in corpora.items():
        print(f"{target}: {len(list(d.iterdir()))} seeds")
    return 0 if all(any(d.iterdir()) for d in corpora.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
