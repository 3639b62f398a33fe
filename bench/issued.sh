#!/usr/bin/env bash
# Measures what --issued costs a batch: CPU (user + system) and wall time per pass of a -j 1 batch
# of the real-size model (~220 KB, barcode messages kept unique) with the journal, against the
# mean of the same batch without it run just before and just after (the VM drifts), three times,
# each beside the floor measured in the same run (one RSA-2048 signature from `openssl speed`,
# plus writing one file of the pass's size with bench/floor_write). Prints each run's difference
# as a ratio to the floor, then the median and the range.
# Usage: bench/issued.sh [RECORDS]   (default 2000)
set -euo pipefail
cd "$(dirname "$0")/.."
records_count="${1:-2000}"
scripts/setup.sh build -DPKPASS_BUILD_BENCHMARKS=ON >/dev/null
work="$(mktemp -d "${PWD}/build/bench-issued.XXXXXX")"
trap 'rm -rf "$work"' EXIT
tool=build/tools/pkpass-build/pkpass-build

"$tool" dev-identity --out-dir "$work/id" >/dev/null
python3 bench/make_model.py "$work/real.pass" >/dev/null
echo '{"barcodeValues": {"unique": true}}' >"$work/real.pass/model.json"
awk -v n="$records_count" 'BEGIN { for (i = 0; i < n; ++i)
  printf "{\"serialNumber\":\"B-%06d\",\"barcode\":{\"message\":\"%010d\"}}\n", i, i }' >"$work/records.ndjson"

# Prints "CPU-µs-per-pass wall-µs-per-pass" for a -j 1 batch with extra flags $1.
batch_cost() {
  rm -rf "$work/out" "$work/issued.ndjson" && mkdir -p "$work/out"
  local t
  t="$( { TIMEFORMAT='%U %S %R'; time "$tool" batch -j 1 --model "$work/real.pass" --records "$work/records.ndjson" \
      --out-dir "$work/out" --cert "$work/id/signer.pem" --key "$work/id/signer.key" \
      --wwdr "$work/id/wwdr.pem" $1 >/dev/null 2>&1; } 2>&1 )"
  echo "$t" | awk -v n="$records_count" '{ printf "%.1f %.1f\n", ($1 + $2) / n * 1e6, $3 / n * 1e6 }'
}

echo "run  floor-µs  cpu-µs plain  cpu-µs issued  wall-µs plain  wall-µs issued  cpu ratio  wall ratio"
ratios=()
for run in 1 2 3; do
  sign="$(openssl speed -seconds 3 rsa2048 2>/dev/null | awk '/^rsa 2048/ { printf "%.1f", 1e6 / $6 }')"
  plain="$(batch_cost "")"
  size="$(find "$work/out" -name '*.pkpass' -printf '%s\n' | awk 'NR == 1')"
  mkdir -p "$work/floor" && write="$(build/bench/floor_write "$work/floor" "$size" 500 | awk '{ print $1 }')"
  rm -rf "$work/floor"
  issued="$(batch_cost "--issued $work/issued.ndjson")"
  after="$(batch_cost "")"
  line="$(echo "$run $sign $write $plain $issued $after" | awk '{ floor = $2 + $3
    cpu = ($4 + $8) / 2; wall = ($5 + $9) / 2
    printf "%3d %9.0f %13.0f %14.0f %14.0f %15.0f %10.3f %11.3f\n", $1, floor, cpu, $6, wall, $7,
           ($6 - cpu) / floor, ($7 - wall) / floor }')"
  echo "$line"
  ratios+=("$(echo "$line" | awk '{ print $7 }')")
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END {
  printf "journal CPU per pass / floor: median %.3f, range %.3f to %.3f\n", v[2], v[1], v[3] }'
