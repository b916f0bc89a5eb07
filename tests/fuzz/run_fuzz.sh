#!/usr/bin/env bash
# Runs every fuzz target of a `fuzz` preset build for a fixed number of executions each, on the
# corpus seeded from the repository (make_corpus.py), new inputs kept in a scratch folder. A
# crash, a sanitizer report, a leak, an exception other than readysim's own errors or an input
# slower than 30 s fails the run; libFuzzer writes the input as BUILD/fuzz-artifacts/<target>-*.
# Usage: tests/fuzz/run_fuzz.sh [BUILD_DIR (build-fuzz)] [RUNS (500)] [TARGET...]
# CI runs it with the defaults (500 executions each); tests/bench/fuzz_long.sh runs it for 10^7.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$src/build-fuzz}" && pwd)
runs=${2:-500}
shift $(( $# < 2 ? $# : 2 ))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scenario roads_csv flood_series study osm)

/usr/bin/python3 "$src/tests/fuzz/make_corpus.py" "$src" "$build/corpus" >/dev/null
mkdir -p "$build/fuzz-artifacts"
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=()
for t in "${targets[@]}"; do
  work=$(mktemp -d)
  start=$(date +%s)
  if "$build/bin/fuzz_$t" -runs="$runs" -timeout=30 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 \
       -artifact_prefix="$build/fuzz-artifacts/$t-" "$work" "$build/corpus/$t" > "$build/fuzz-artifacts/$t.log" 2>&1; then
    echo "fuzz_$t: $runs runs, $(( $(date +%s) - start )) s, $(grep -c . <(ls "$work")) new inputs"
  else
    echo "fuzz_$t: FAILED (log: $build/fuzz-artifacts/$t.log)"
    grep -E 'ERROR|SUMMARY|Test unit written|uncaught|deadly' "$build/fuzz-artifacts/$t.log" | head -5
    failed+=("$t")
  fi
  rm -rf "$work"
done
[ ${#failed[@]} -eq 0 ] || { echo "fuzz targets that failed: ${failed[*]}"; exit 1; }
