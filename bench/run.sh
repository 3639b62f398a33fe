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
shm="$(mktemp -d /dev/shm/pkpass-bench.XXXXXX)"
trap 'rm -rf "$work" "$shm"' EXIT
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

# The floor: what one pass cannot cost less than, measured in this run beside each batch: one
# RSA-2048 signature (`openssl speed`) plus writing one file of the pass's size to the same folder
# (bench/floor_write: create, one write, close). A batch's CPU per pass (user + system of the whole
# process) is set against it on one core; on all cores, its passes per second against cores
# divided by the floor.
python3 bench/make_model.py "$work/real.pass" >/dev/null   # ~220 KB in seven PNGs

# Prints "CPU-µs-per-pass wall-seconds bytes-per-pass" for a batch of model $1 with -j $2 into $3.
batch_cost() {
  rm -rf "$3" && mkdir -p "$3"
  local t
  t="$( { TIMEFORMAT='%U %S %R'; time "$tool" batch -j "$2" --model "$1" --records "$work/records.ndjson" \
      --out-dir "$3" --cert "$work/id/signer.pem" --key "$work/id/signer.key" \
      --wwdr "$work/id/wwdr.pem" --format json >/dev/null 2>&1; } 2>&1 )"
  local bytes
  bytes="$(find "$3" -name '*.pkpass' -printf '%s\n' | awk '{ s += $1; n++ } END { printf "%d", s / n }')"
  echo "$t" | awk -v n="$records_count" -v b="$bytes" '{ printf "%.1f %.3f %d\n", ($1 + $2) / n * 1e6, $3, b }'
}

# One row per model and folder: -j 1 CPU per pass against the floor, -j cores passes/s against
# cores / floor. Each floor is measured right after its batch, in the batch's folder.
floor_rows() {
  local name="$1" model="$2" dir="$3" one all sign1 signN write
  one="$(batch_cost "$model" 1 "$dir/j1")"
  sign1="$(awk -v r="$(rsa_rate 1)" 'BEGIN { printf "%.1f", 1e6 / r }')"
  write="$(build/bench/floor_write "$dir/j1" "$(echo "$one" | cut -d' ' -f3)" "$records_count")"
  rm -rf "$dir/j1"
  all="$(batch_cost "$model" "$cores" "$dir/jN")"
  signN="$(awk -v r="$(rsa_rate "$cores")" -v c="$cores" 'BEGIN { printf "%.1f", c * 1e6 / r }')"
  rm -rf "$dir/jN"
  awk -v name="$name" -v one="$one" -v all="$all" -v s1="$sign1" -v sN="$signN" -v w="$write" \
      -v n="$records_count" -v c="$cores" 'BEGIN {
    split(one, o, " "); split(all, a, " "); split(w, wr, " ")
    floor1 = s1 + wr[1]; floorN = sN + wr[2]
    rate = n / a[2]; target = c * 1e6 / floorN
    printf "%-26s %7d %9.0f %9.0f %6.2f %10.0f %10.0f %6.2f\n", name, o[3] / 1024, o[1], floor1,
           o[1] / floor1, rate, target, rate / target }'
}

echo "== the floor: one RSA-2048 signature + writing one file of the pass's size, $records_count passes"
printf '%-26s %7s %9s %9s %6s %10s %10s %6s\n' "" "KB/pass" "-j1 CPU" "floor" "ratio" \
       "-j$cores /s" "$cores/floor" "ratio"
printf '%-26s %7s %9s %9s %6s %10s %10s %6s\n' "" "" "µs/pass" "µs/pass" "" "passes" "passes" ""
floor_rows "coffee (small), disk" fixtures/models/coffee.pass "$work"
floor_rows "coffee (small), /dev/shm" fixtures/models/coffee.pass "$shm"
floor_rows "real-size, disk" "$work/real.pass" "$work"
floor_rows "real-size, /dev/shm" "$work/real.pass" "$shm"
echo

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
