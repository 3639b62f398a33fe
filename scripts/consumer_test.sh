#!/usr/bin/env bash
# Installs the build in BUILD_DIR into a temporary prefix and builds tests/install/main.cc
# against it twice, as users do: with CMake's find_package(pkpass), and with
# `pkg-config --cflags --libs pkpass`; runs both. Usage: scripts/consumer_test.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
build="$1"
prefix="$(mktemp -d)"
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
libdir="$(dirname "$(find "$prefix" -name 'libpkpass.*' | head -1)")"

cmake -S tests/install -B "$prefix/consumer-cmake" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$prefix/consumer-cmake" >/dev/null
echo "find_package: $(LD_LIBRARY_PATH="$libdir" "$prefix/consumer-cmake/consumer")"

pc="$(dirname "$(find "$prefix" -name pkpass.pc | head -1)")"
# shellcheck disable=SC2046 # the flags are words
g++ tests/install/main.cc -o "$prefix/consumer-pc" $(PKG_CONFIG_PATH="$pc" pkg-config --cflags --libs pkpass)
echo "pkg-config:   $(LD_LIBRARY_PATH="$libdir" "$prefix/consumer-pc")"
