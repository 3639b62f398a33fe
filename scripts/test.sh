#!/usr/bin/env bash
# Builds pkpass with its tests and runs them; runs the same suite built with AddressSanitizer and
# UndefinedBehaviorSanitizer; builds the library shared and without the tool and runs its tests;
# builds a consumer project against each installed build, with find_package and with pkg-config,
# and against a minimal build without the optional dependencies;
# then runs every fuzz harness for a short budget (FUZZ_SECONDS, default 30 each; 0 skips them).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build -DPKPASS_BUILD_TESTS=ON -DPKPASS_BUILD_BENCHMARKS=ON
ctest --test-dir build --output-on-failure -j "$(nproc)" --timeout 300

scripts/setup.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DPKPASS_BUILD_TESTS=ON \
  -DPKPASS_BUILD_BENCHMARKS=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$(nproc)" --timeout 600

scripts/setup.sh build-shared -DBUILD_SHARED_LIBS=ON -DPKPASS_BUILD_TOOLS=OFF \
  -DPKPASS_BUILD_TESTS=ON -DPKPASS_BUILD_BENCHMARKS=OFF
ctest --test-dir build-shared --output-on-failure -j "$(nproc)" --timeout 300

bash scripts/consumer_test.sh build
bash scripts/consumer_test.sh build-shared

# The minimal library: no CSV, time zone database or ICU; it links libcrypto, libzip, zlib and
# libpng only, and the consumer builds against it.
scripts/setup.sh build-minimal -DBUILD_SHARED_LIBS=ON -DPKPASS_WITH_CSV=OFF -DPKPASS_WITH_TZDB=OFF \
  -DPKPASS_WITH_ICU=OFF -DPKPASS_BUILD_TOOLS=OFF -DPKPASS_BUILD_SERVE=OFF -DPKPASS_BUILD_TESTS=OFF \
  -DPKPASS_BUILD_BENCHMARKS=OFF
if ldd build-minimal/lib/libpkpass.so | grep -E 'libicu|libdate-tz|libcsv'; then
  echo "test: the minimal library links a dependency it was built without" >&2
  exit 1
fi
bash scripts/consumer_test.sh build-minimal

if [ "${FUZZ_SECONDS:-30}" -gt 0 ]; then
  bash fuzz/run.sh "${FUZZ_SECONDS:-30}"
fi
