#!/usr/bin/env bash
# Builds pkpass with its tests and runs them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build -DPKPASS_BUILD_TESTS=ON -DPKPASS_BUILD_BENCHMARKS=ON
ctest --test-dir build --output-on-failure -j "$(nproc)" --timeout 300
