#!/usr/bin/env bash
# Measures pkpass against the floor of a pass, measured in the same run: one RSA-2048 signature
# (`openssl speed`) plus writing one file of the pass's size to the same folder (bench/floor_write:
# create, one write, close). Then the in-memory benchmarks beside `openssl speed`, pass-js when it
# can be loaded, the peak memory of a batch of a million records, and `openssl cms -verify` of
# every pass the batches wrote.
# Models: the sample coffee model, the real-size model of bench/make_model.py (its pass.json, ~220
# KB of PNGs) and the rich one (the same images, a 2.8 KB pass.json filling every field area).
# Usage: bench/run.sh [RECORDS]   (default 4000; the million-record batch is always a million)
# pass-js is measured when `${PKPASS_BENCH_NODE:-node}` can load @walletpass/pass-js (NODE_PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
records_count="${1:-4000}"
cores="$(nproc)"
scripts/setup.sh build -DPKPASS_BUILD_BENCHMARKS=ON >/dev/null

work="$(mktemp -d "${PWD}/build/bench-run.XXXXXX")"
shm="$(mktemp -d /dev/shm/pkpass-bench.XXXXXX)"
trap 'rm -rf "$work" "$shm"' EXIT
tool=build/tools/pkpass-build/pkpass-build
node="${PKPASS_BENCH_NODE:-node}"

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

"$tool" dev-identity --out-dir "$work/id" >/dev/null
awk -v n="$records_count" 'BEGIN { for (i = 0; i < n; ++i)
  printf "{\"serialNumber\":\"B-%06d\",\"fields\":[{\"key\":\"name\",\"value\":\"Member %d\"}],\"barcode\":{\"message\":\"%010d\"}}\n", i, i, i }' \
  >"$work/records.ndjson"
python3 bench/make_model.py "$work/real.pass" >/dev/null   # ~220 KB in seven PNGs
python3 bench/make_model.py --rich "$work/rich.pass" >/dev/null   # the same, a rich pass.json

# Prints "CPU-µs-per-pass wall-seconds bytes-per-pass" for a batch of model $1 with -j $2 into $3
# (CPU: user + system of the whole process, from `time`).
batch_cost() {
  rm -rf "$3" && mkdir -p "$3"
  local t bytes
  t="$( { TIMEFORMAT='%U %S %R'; time "$tool" batch -j "$2" --model "$1" --records "$work/records.ndjson" \
      --out-dir "$3" --cert "$work/id/signer.pem" --key "$work/id/signer.key" \
      --wwdr "$work/id/wwdr.pem" --format json >/dev/null 2>&1; } 2>&1 )"
  bytes="$(find "$3" -name '*.pkpass' -printf '%s\n' | awk '{ s += $1; n++ } END { printf "%d", s / n }')"
  echo "$t" | awk -v n="$records_count" -v b="$bytes" '{ printf "%.1f %.3f %d\n", ($1 + $2) / n * 1e6, $3, b }'
}

# Checks every pass in folder $1 with `openssl cms -verify` against the development root; prints
# how many verified. Python takes manifest.json and the signature out, one openssl per pass.
verified=0
verify_dir() {
  local out="$1.verify" n
  mkdir -p "$out"
  python3 - "$1" "$out" <<'EOF'
import os, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
for name in sorted(os.listdir(src)):
    if not name.endswith(".pkpass"):
        continue
    with zipfile.ZipFile(os.path.join(src, name)) as z:
        base = os.path.join(out, name[:-7])
        open(base + ".manifest", "wb").write(z.read("manifest.json"))
        open(base + ".signature", "wb").write(z.read("signature"))
EOF
  n="$(find "$out" -name '*.signature' | sed 's/\.signature$//' | xargs -P "$cores" -n 100 sh -c '
    for b; do
      openssl cms -verify -binary -inform DER -in "$b.signature" -content "$b.manifest" \
        -CAfile "$0/id/root.pem" -purpose any -out /dev/null 2>/dev/null && echo ok
    done' "$work" | wc -l)"
  rm -rf "$out" "$1"
  verified=$((verified + n))
}

# One row per model and folder, from PAIRS pairs (PKPASS_BENCH_PAIRS, default 3): each pair
# measures the floor right beside the batch it is compared with, so that the machine's drift
# (these VMs move by a fifth within minutes) falls on both. -j 1: CPU per pass against the floor
# (one signature, `openssl speed`, plus the CPU of one write, bench/floor_write, measured in the
# batch's folder just before and just after the batch and averaged). -j cores: passes per second
# against cores / floor (the signature at `openssl speed -multi`), and against -j 1's. Each
# ratio is the median of the pairs', with its range. Passes are verified and deleted at the end,
# since mass deletes slow ext4's file creation for minutes.
pairs="${PKPASS_BENCH_PAIRS:-3}"
median_range() {  # the median and the range of the numbers on standard input: "M LO HI"
  sort -g | awk '{ v[NR] = $1 } END { printf "%s %s %s\n", v[int((NR + 1) / 2)], v[1], v[NR] }'
}
floor_rows() {
  local name="$1" model="$2" dir="$3" size i one all sign1 signN before after
  size="$(batch_cost "$model" 1 "$dir/size" | cut -d' ' -f3)"   # also warms the page cache
  rm -rf "$dir/size"
  : >"$work/pairs"
  for ((i = 1; i <= pairs; ++i)); do
    mkdir -p "$dir/floor-before-$i" "$dir/floor-after-$i"
    sign1="$(awk -v r="$(rsa_rate 1)" 'BEGIN { printf "%.1f", 1e6 / r }')"
    before="$(build/bench/floor_write "$dir/floor-before-$i" "$size" "$records_count")"
    one="$(batch_cost "$model" 1 "$dir/j1-$i")"
    after="$(build/bench/floor_write "$dir/floor-after-$i" "$size" "$records_count")"
    signN="$(awk -v r="$(rsa_rate "$cores")" -v c="$cores" 'BEGIN { printf "%.1f", c * 1e6 / r }')"
    all="$(batch_cost "$model" "$cores" "$dir/jN-$i")"
    echo "$one $all $sign1 $signN $before $after" >>"$work/pairs"
    if [[ "$dir" == "$shm"/* ]]; then  # memory: checked and freed now, no ext4 to slow down
      rm -rf "$dir/floor-before-$i" "$dir/floor-after-$i"
      verify_dir "$dir/j1-$i"
      verify_dir "$dir/jN-$i"
    else
      outputs+=("$dir/j1-$i" "$dir/jN-$i")
    fi
  done
  # A pair's fields: -j1 CPU, wall, bytes; -jN CPU, wall, bytes; the signature at 1 and at N
  # cores; the write before (CPU, wall) and after. Per pair: -j1 CPU, floor, ratio; -jN passes
  # per second, cores / floor, ratio; -jN's rate over -j1's.
  awk -v n="$records_count" -v c="$cores" '{
    write = ($9 + $11) / 2; floor1 = $7 + write; floorN = $8 + write
    rate1 = n / $2; rate = n / $5; target = c * 1e6 / floorN
    print $1, floor1, $1 / floor1, rate, target, rate / target, rate / rate1 }' "$work/pairs" >"$work/pair-ratios"
  local col m=()
  for col in 1 2 3 4 5 6 7; do m+=("$(awk -v k="$col" '{ print $k }' "$work/pair-ratios" | median_range)"); done
  awk -v name="$name" -v kb="$((size / 1024))" -v a="${m[0]}" -v b="${m[1]}" -v r1="${m[2]}" -v c="${m[3]}" \
      -v d="${m[4]}" -v rN="${m[5]}" -v e="${m[6]}" 'BEGIN {
    split(a, A, " "); split(b, B, " "); split(r1, R1, " "); split(c, C, " "); split(d, D, " ")
    split(rN, RN, " "); split(e, E, " ")
    printf "%-26s %7d %9.0f %9.0f %5.2f (%.2f-%.2f) %8.0f %8.0f %5.2f (%.2f-%.2f) %6.2f\n", name, kb, A[1], B[1],
           R1[1], R1[2], R1[3], C[1], D[1], RN[1], RN[2], RN[3], E[1] }'
}

echo "== the floor: one RSA-2048 signature + writing one file of the pass's size, $records_count passes,"
echo "   the median (and range) of $pairs pairs, each batch beside its own floor"
printf '%-26s %7s %9s %9s %17s %8s %8s %17s %6s\n' "" "KB/pass" "-j1 CPU" "floor" "ratio" \
       "-j$cores /s" "$cores/floor" "ratio" "vs -j1"
printf '%-26s %7s %9s %9s %17s %8s %8s %17s %6s\n' "" "" "µs/pass" "µs/pass" "" "passes" "passes" "" ""
outputs=()
floor_rows "coffee (small), disk" fixtures/models/coffee.pass "$work/coffee"
floor_rows "coffee (small), /dev/shm" fixtures/models/coffee.pass "$shm/coffee"
floor_rows "real-size, disk" "$work/real.pass" "$work/real"
floor_rows "real-size, /dev/shm" "$work/real.pass" "$shm/real"
floor_rows "real-size rich, disk" "$work/rich.pass" "$work/rich"
floor_rows "real-size rich, /dev/shm" "$work/rich.pass" "$shm/rich"
for d in "${outputs[@]}"; do verify_dir "$d"; done
echo "openssl cms -verify: $verified of $((12 * pairs * records_count)) passes verified"
echo

echo "== in memory: passes per second against RSA-2048 signatures per second (1.0 is the limit)"
rsa1="$(rsa_rate 1)"
build1="$(bench_rate build/bench/build_bench 'BM_Build/coffee/threads/real_time/threads:1$')"
rsaN="$(rsa_rate "$cores")"
buildN="$(bench_rate build/bench/build_bench "BM_Build/coffee/threads/real_time/threads:${cores}\$")"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '%-26s %10s %14s %7s\n' "" "passes/s" "RSA signs/s" "ratio"
printf '%-26s %10s %14s %7s\n' "BM_Build (1 thread)" "$build1" "$rsa1" "$(ratio "$build1" "$rsa1")"
printf '%-26s %10s %14s %7s\n' "BM_Build ($cores threads)" "$buildN" "$rsaN" "$(ratio "$buildN" "$rsaN")"
echo

echo "== stages (bench/stages_bench)"
build/bench/stages_bench --benchmark_min_time=1 2>/dev/null | grep '^BM_'
echo

# pass-js, when installed: the same records and real-size model, to disk, one pass after the
# other (as `-j 1`), against pkpass's -j 1 and the floor measured beside it.
echo "== @walletpass/pass-js, same records, real-size model, to disk"
if "$node" -e 'require("@walletpass/pass-js")' >/dev/null 2>&1; then
  passjs_records=1000
  head -n "$passjs_records" "$work/records.ndjson" >"$work/passjs.ndjson"
  mkdir -p "$work/passjs"
  t="$( { TIMEFORMAT='%U %S %R'; time "$node" bench/passjs_batch.js "$work/real.pass" "$work/passjs.ndjson" \
      "$work/passjs" "$work/id/signer.pem" "$work/id/signer.key" >/dev/null; } 2>&1 )"
  ours="$(batch_cost "$work/real.pass" 1 "$work/ours")"
  sign1="$(awk -v r="$(rsa_rate 1)" 'BEGIN { printf "%.1f", 1e6 / r }')"
  echo "$t" | awk -v n="$passjs_records" -v ours="$ours" -v s="$sign1" -v v="$("$node" -e 'const p = require("path");
      console.log(require(p.join(p.dirname(require.resolve("@walletpass/pass-js")), "..", "package.json")).version)' \
      2>/dev/null || echo '?')" '{
    cpu = ($1 + $2) / n * 1e6; split(ours, o, " ")
    printf "pass-js %s: %.0f µs CPU a pass (%.1f × one signature of %.0f µs); pkpass -j 1: %.0f µs, %.1f × less\n",
           v, cpu, cpu / s, s, o[1], cpu / o[1] }'
  rm -rf "$work/passjs" "$work/ours"
else
  echo "skipped: $node cannot load @walletpass/pass-js (install it and set NODE_PATH to measure it)"
fi
echo

echo "== memory: a batch of 1,000,000 records (bench/million_batch: member.pass, one generated"
echo "   barcode value a record, every pass built and signed, then dropped instead of stored)"
build/bench/million_batch fixtures/models/member.pass 1000000 "$cores"
echo

# Last: it deletes its files, and ext4 creates files slowly for minutes after mass deletes.
echo "== publishing one file of the real-size pass's size, kernel time included (bench/publish_bench;"
echo "   the batch's is way 3 where the process may link by descriptor, as root can, else way 0)"
size="$(python3 -c 'import os, sys; print(sum(os.path.getsize(os.path.join(sys.argv[1], f)) for f in os.listdir(sys.argv[1])))' "$work/real.pass")"
build/bench/publish_bench "$work" "$size"
build/bench/publish_bench "$shm" "$size"
