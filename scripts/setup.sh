#!/usr/bin/env bash
# Installs what pkpass needs from Debian 12's packages (only the missing ones), then configures
# and builds it. Usage: scripts/setup.sh BUILD_DIR [CMAKE_ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake g++ make pkg-config openssl zip unzip
          libssl-dev libzip-dev zlib1g-dev rapidjson-dev libstb-dev libpng-dev libicu-dev
          libhowardhinnant-date-dev tzdata libcsv-dev
          libgtest-dev libgmock-dev libbenchmark-dev
          libboost-dev libsqlite3-dev libpq-dev postgresql-15 libqrencode-dev
          chromium zbar-tools wrk libcurl4-openssl-dev python3-h2)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

build_dir="${1:-build}"
shift || true
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
