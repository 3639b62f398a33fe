#!/usr/bin/env bash
# Builds pkpass with its tests and runs them, then runs the same suite again built with
# AddressSanitizer and UndefinedBehaviorSanitizer, then every fuzz harness for a short budget
# (FUZZ_SECONDS, default 30 each; 0 skips them).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build -DPKPASS_BUILD_TESTS=ON -DPKPASS_BUILD_BENCHMARKS=ON
ctest --test-dir build --output-on-failure -j "$(nproc)" --timeout 300

scripts/setup.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DPKPASS_BUILD_TESTS=ON \
  -DPKPASS_BUILD_BENCHMARKS=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$(nproc)" --timeout 600

if [ "${FUZZ_SECONDS:-30}" -gt 0 ]; then
  bash fuzz/run.sh "${FUZZ_SECONDS:-30}"
fi
