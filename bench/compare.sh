#!/usr/bin/env bash
# Compares two builds of pkpass-build on the same batch, in pairs, each pair next to a fresh
# measurement of the floor (one RSA-2048 signature, `openssl speed`, plus writing one file of the
# pass's size, bench/floor_write), so that the machine's drift cancels: the real-size model of
# bench/make_model.py (~220 KB of images; its rich pass.json when PKPASS_BENCH_RICH=1), RECORDS
# records, `batch -j 1` into /dev/shm. Prints, for each build, CPU per pass (user + system) as a
# ratio to the floor: the median and the range of PAIRS pairs.
# Usage: [PKPASS_BENCH_RICH=1] bench/compare.sh BEFORE_TOOL AFTER_TOOL [PAIRS [RECORDS]]
set -euo pipefail
cd "$(dirname "$0")/.."
before="$1" after="$2" pairs="${3:-5}" records_count="${4:-3000}"
[ -x build/bench/floor_write ] || { echo "compare: build the benchmarks first (build/bench/floor_write)" >&2; exit 2; }
work="$(mktemp -d)" shm="$(mktemp -d /dev/shm/pkpass-compare.XXXXXX)"
trap 'rm -rf "$work" "$shm"' EXIT
"$after" dev-identity --out-dir "$work/id" >/dev/null
awk -v n="$records_count" 'BEGIN { for (i = 0; i < n; ++i)
  printf "{\"serialNumber\":\"B-%06d\",\"fields\":[{\"key\":\"name\",\"value\":\"Member %d\"}],\"barcode\":{\"message\":\"%010d\"}}\n", i, i, i }' \
  >"$work/records.ndjson"
rich=()
[ "${PKPASS_BENCH_RICH:-0}" = 1 ] && rich=(--rich)
python3 bench/make_model.py "${rich[@]}" "$work/real.pass" >/dev/null

# CPU µs per pass of a batch by tool $1.
cpu_per_pass() {
  rm -rf "$shm/out" && mkdir -p "$shm/out"
  local t
  t="$( { TIMEFORMAT='%U %S'; time "$1" batch -j 1 --model "$work/real.pass" --records "$work/records.ndjson" \
      --out-dir "$shm/out" --cert "$work/id/signer.pem" --key "$work/id/signer.key" \
      --wwdr "$work/id/wwdr.pem" --format json >/dev/null 2>&1; } 2>&1 )"
  echo "$t" | awk -v n="$records_count" '{ printf "%.1f\n", ($1 + $2) / n * 1e6 }'
}

# The floor in µs: one signature (the median of three runs of `openssl speed`) plus one file write
# of the pass's size.
floor() {
  local rate size write
  rate="$(for _ in 1 2 3; do openssl speed -seconds 2 rsa2048 2>/dev/null | awk '/^rsa 2048/ {print $6}'; done |
    sort -n | sed -n 2p)"
  size="$(find "$shm/out" -name '*.pkpass' -printf '%s\n' | head -1)"
  mkdir -p "$shm/floor"
  write="$(build/bench/floor_write "$shm/floor" "${size:-200000}" 2000 | awk '{print $1}')"
  rm -rf "$shm/floor"
  awk -v r="$rate" -v w="$write" 'BEGIN { printf "%.1f\n", 1e6 / r + w }'
}

# The median and range of the numbers on standard input.
summary() {
  sort -n | awk '{ v[NR] = $1 } END {
    printf "median %.2f x floor (range %.2f-%.2f)\n", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), v[1], v[NR] }'
}

cpu_per_pass "$after" >/dev/null  # warm the page cache and size the passes
for ((i = 1; i <= pairs; ++i)); do
  f="$(floor)"
  b="$(cpu_per_pass "$before")"
  a="$(cpu_per_pass "$after")"
  echo "$f $b $a" | awk '{ printf "pair: floor %.1f us, before %.1f us (%.2f), after %.1f us (%.2f)\n", $1, $2, $2 / $1, $3, $3 / $1 }'
  echo "$f $b" | awk '{ print $2 / $1 }' >>"$work/before"
  echo "$f $a" | awk '{ print $2 / $1 }' >>"$work/after"
  echo "$b" >>"$work/before-us"
  echo "$a" >>"$work/after-us"
done
echo "before: $(summary <"$work/before"); CPU per pass $(summary <"$work/before-us" | sed 's/ x floor/ us/g')"
echo "after:  $(summary <"$work/after"); CPU per pass $(summary <"$work/after-us" | sed 's/ x floor/ us/g')"
