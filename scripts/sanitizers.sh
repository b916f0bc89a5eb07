#!/usr/bin/env bash
# The suite under AddressSanitizer + UndefinedBehaviorSanitizer (the asan preset, build-asan/, -O0),
# less the tests labelled asan_skip (tests/CMakeLists.txt: the notebooks, which compare figures with
# those of the optimised build, and the report's chromium test); then every fuzz target for 500
# executions (the fuzz preset, clang, build-fuzz/; tests/fuzz/README.md). Run after scripts/setup.sh.
# Not yet in .ci/run: its time on CI's 2 cores is not measured (the build alone takes ~20 min here).
set -euo pipefail
cd "$(dirname "$0")/.."

cmake --preset asan
cmake --build --preset asan
ctest --preset asan -j2 -LE asan_skip

cmake --preset fuzz
cmake --build --preset fuzz
tests/fuzz/run_fuzz.sh build-fuzz 500
