#!/usr/bin/env bash
# The long fuzz run (issue 21): every fuzz target for 10^7 executions (RUNS to change it), as
# CI's short run does for 500. Not a test: it takes hours to days on two cores (about 10^7 x
# 1-20 ms per target). Build first: cmake --preset fuzz && cmake --build --preset fuzz.
# Usage: tests/bench/fuzz_long.sh [BUILD_DIR (build-fuzz)] [TARGET...]; findings land in
# BUILD_DIR/fuzz-artifacts (see tests/fuzz/run_fuzz.sh).
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build-fuzz}
shift $(( $# < 1 ? $# : 1 ))
exec "$src/tests/fuzz/run_fuzz.sh" "$build" "${RUNS:-10000000}" "$@"
