#!/usr/bin/env bash
# Runs pkpass's benchmarks and a 4,000-record batch, each beside `openssl speed rsa2048` in the same
# run, and prints passes per second as a ratio of the machine's RSA-2048 signatures per second:
# one pass needs one RSA-2048 signature, so 1.0 is the limit. One core, then all cores.
# Usage: bench/run.sh [RECORDS]   (default 4000)
set -euo pipefail
cd "$(dirname "$0")/.."
records_count="${1:-4000}"
cores="$(nproc)"
scripts/setup.sh build -DPKPASS_BUILD_BENCHMARKS=ON >/dev/null

work="$(mktemp -d "${PWD}/build/bench-run.XXXXXX")"
trap 'rm -rf "$work"' EXIT
tool=build/tools/pkpass-build/pkpass-build

# RSA-2048 signatures per second: the median of three runs of `openssl speed`, 1 core or all.
rsa_rate() {
  local multi=()
  [ "$1" -gt 1 ] && multi=(-multi "$1")
  for _ in 1 2 3; do
    openssl speed -seconds 3 "${multi[@]}" rsa2048 2>/dev/null | awk '/^rsa 2048/ {print $6}'
  done | sort -n | sed -n 2p
}

# items_per_second of benchmark $2 (a regex) in binary $1, median of three repetitions.
bench_rate() {
  "$1" --benchmark_filter="$2" --benchmark_min_time=2 --benchmark_repetitions=3 \
       --benchmark_report_aggregates_only=true 2>/dev/null |
    awk '/_median/ { for (i = 1; i <= NF; ++i) if ($i ~ /^items_per_second=/) {
           v = substr($i, 18); m = 1
           if (v ~ /k\/s$/) m = 1000; if (v ~ /M\/s$/) m = 1000000
           sub(/[kM]?\/s$/, "", v); printf "%.0f\n", v * m } }'
}

# Passes per second of a batch of $records_count records with -j $1, written to disk.
batch_rate() {
  local out="$work/out-j$1"
  "$tool" batch -j "$1" --model fixtures/models/coffee.pass --records "$work/records.ndjson" \
    --out-dir "$out" --cert "$work/id/signer.pem" --key "$work/id/signer.key" \
    --wwdr "$work/id/wwdr.pem" --format json | sed -n 's/.*"passes":"\([0-9]*\)".*"seconds":"\([0-9.]*\)".*/\1 \2/p' |
    awk '{ printf "%.0f\n", $1 / $2 }'
}

"$tool" dev-identity --out-dir "$work/id" >/dev/null
awk -v n="$records_count" 'BEGIN { for (i = 0; i < n; ++i)
  printf "{\"serialNumber\":\"B-%06d\",\"fields\":[{\"key\":\"name\",\"value\":\"Member %d\"}],\"barcode\":{\"message\":\"%010d\"}}\n", i, i, i }' \
  >"$work/records.ndjson"

echo "== stages (bench/stages_bench)"
build/bench/stages_bench --benchmark_min_time=1 2>/dev/null | grep '^BM_'
echo

rsa1="$(rsa_rate 1)"
build1="$(bench_rate build/bench/build_bench 'BM_Build/coffee/threads/real_time/threads:1$')"
batch1="$(batch_rate 1)"
rsaN="$(rsa_rate "$cores")"
buildN="$(bench_rate build/bench/build_bench "BM_Build/coffee/threads/real_time/threads:${cores}\$")"
batchN="$(batch_rate "$cores")"

# Every pass of both batches, checked by `openssl cms -verify` against the development root.
verify_all() {
  local checked
  checked="$(find "$work"/out-j* -name '*.pkpass' | xargs -P "$cores" -n 50 sh -c '
    for f; do
      d="$(mktemp -d)"
      unzip -q "$f" manifest.json signature -d "$d" &&
        openssl cms -verify -binary -inform DER -in "$d/signature" -content "$d/manifest.json" \
          -CAfile "$0/id/root.pem" -purpose any -out /dev/null 2>/dev/null && echo ok
      rm -rf "$d"
    done' "$work" | wc -l)"
  echo "openssl cms -verify: $checked of $((2 * records_count)) passes verified"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '%-42s %10s %14s %7s\n' "" "passes/s" "RSA signs/s" "ratio"
printf '%-42s %10s %14s %7s\n' "BM_Build (1 thread)" "$build1" "$rsa1" "$(ratio "$build1" "$rsa1")"
printf '%-42s %10s %14s %7s\n' "batch -j 1, $records_count records to disk" "$batch1" "$rsa1" "$(ratio "$batch1" "$rsa1")"
printf '%-42s %10s %14s %7s\n' "BM_Build ($cores threads)" "$buildN" "$rsaN" "$(ratio "$buildN" "$rsaN")"
printf '%-42s %10s %14s %7s\n' "batch -j $cores, $records_count records to disk" "$batchN" "$rsaN" "$(ratio "$batchN" "$rsaN")"
echo
verify_all
echo
# Last: it deletes its files, and ext4 creates files slowly for minutes after mass deletes.
echo "== publishing one 67 KB file, kernel time included (bench/publish_bench; the batch's is way 3"
echo "   where the process may link by descriptor, as root can, else way 0)"
publish="$PWD/build/bench/publish_bench"
(cd "$work" && "$publish" 2>/dev/null | grep '^BM_')
