#!/usr/bin/env bash
# The suite under AddressSanitizer + UndefinedBehaviorSanitizer (the asan preset, build-asan/, -O1),
# less the tests labelled asan_skip (tests/CMakeLists.txt: the notebooks, which compare figures with
# those of the optimised build; the report's chromium test and sumo_compare, which run programs not
# ours; the three [slow] C++ cases that rerun the README's flood figures and studies); then every
# fuzz target for 500 executions (the fuzz preset, clang, build-fuzz/; tests/fuzz/README.md).
# Run after scripts/setup.sh; .ci/run runs it after the README's test command. Measured from a
# fresh clone on the 2-core development machine: about 24 min in all (suite 11 min, fuzz build
# and runs 7 min, the ASan build the rest).
set -euo pipefail
cd "$(dirname "$0")/.."

cmake --preset asan
cmake --build --preset asan
# The sanitizers report into files (the asan test preset's log_path), so that the CLI's stderr,
# which the tests read, holds only what readysim prints; any report there fails this script.
logs=build-asan/sanitizer-logs
rm -rf "$logs" && mkdir -p "$logs"
status=0
ctest --preset asan -j2 -LE asan_skip || status=$?
reports=$(grep -l -E "ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:" "$logs"/* 2>/dev/null || true)
if [ -n "$reports" ]; then
  echo "sanitizers.sh: sanitizer reports in $logs:" >&2
  for f in $reports; do
    echo "--- $f" >&2
    head -60 "$f" >&2
  done
  status=1
fi
[ "$status" -eq 0 ] || exit "$status"

cmake --preset fuzz
cmake --build --preset fuzz
tests/fuzz/run_fuzz.sh build-fuzz 500
