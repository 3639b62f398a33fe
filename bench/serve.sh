#!/usr/bin/env bash
# pkpass-serve under load from wrk on loopback, against the floor of a pass measured beside each
# run: one RSA-2048 signature (`openssl speed`) plus writing one file of the pass's size to the
# same folder (bench/floor_write). The model is the real-size one of bench/make_model.py (~220 KB
# of PNGs), the store SQLite in build/, the route Pass2U's create.
#
# Each pair (PKPASS_BENCH_PAIRS, default 3) measures the floor, then a fresh server:
#   creates    wrk, 4 connections a core, PKPASS_BENCH_SECONDS (default 10) s of POSTs with unique
#              serials: creates/s against cores / floor (the signature at `openssl speed -multi`),
#              and the server's CPU (user + system) per create against one floor
#   paced      the same at half that rate (each connection pausing): p99 latency against one floor
#   downloads  wrk GETs of one pass (cached): downloads/s, p50 and p99
#   idle       first, on the fresh server: 10,000 keep-alive connections held open after one
#              request each: the server's resident memory with them, and before
# and prints each ratio's median over the pairs with its range.
# Usage: bench/serve.sh   (PKPASS_BENCH_SERVE_FLAGS: more flags for pkpass-serve run)
set -euo pipefail
cd "$(dirname "$0")/.."
cores="$(nproc)"
pairs="${PKPASS_BENCH_PAIRS:-3}"
seconds="${PKPASS_BENCH_SECONDS:-10}"
scripts/setup.sh build -DPKPASS_BUILD_BENCHMARKS=ON >/dev/null
ulimit -n "$(ulimit -Hn)"   # 10,000 connections on each side
[ "$(ulimit -n)" -ge 11000 ] || { echo "serve.sh: needs 11,000 open files; the limit is $(ulimit -n)" >&2; exit 1; }

work="$(mktemp -d "${PWD}/build/bench-serve.XXXXXX")"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
tool=build/tools/pkpass-build/pkpass-build
serve=build/tools/pkpass-serve/pkpass-serve
tick="$(getconf CLK_TCK)"

"$tool" dev-identity --out-dir "$work/id" >/dev/null
python3 bench/make_model.py "$work/real.pass" >/dev/null
echo '{"pass2u": {"1": "real.pass"}}' >"$work/routes.json"

rsa_rate() {  # signatures per second, median of three `openssl speed` runs on $1 cores
  local multi=()
  [ "$1" -gt 1 ] && multi=(-multi "$1")
  for _ in 1 2 3; do
    openssl speed -seconds 3 "${multi[@]}" rsa2048 2>/dev/null | awk '/^rsa 2048/ {print $6}'
  done | sort -n | sed -n 2p
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }  # a RESULT line's value

start_server() {
  rm -f "$work/store.db"*
  key="$("$serve" keys add --store "sqlite:$work/store.db" --name bench)"
  "$serve" run --store "sqlite:$work/store.db" --routes "$work/routes.json" --wwdr "$work/id/wwdr.pem" \
    --cert "$work/id/signer.pem" --key "$work/id/signer.key" --listen 127.0.0.1:0 \
    --rate 1000000 --burst 1000000 --max-connections 15000 ${PKPASS_BENCH_SERVE_FLAGS:-} \
    >"$work/out" 2>"$work/access.log" &
  server_pid=$!
  for _ in $(seq 100); do grep -q listening "$work/out" 2>/dev/null && break; sleep 0.1; done
  port="$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$work/out")"
  url="http://127.0.0.1:$port"
  export PKPASS_BENCH_KEY="$key"
}
stop_server() {
  kill "$server_pid"
  wait "$server_pid" || true
  server_pid=""
}

: >"$work/pairs"
for ((i = 1; i <= pairs; ++i)); do
  start_server
  # First, on the fresh server: 10,000 idle keep-alive connections.
  rss_before="$(rss_kb "$server_pid")"
  coproc idle { python3 bench/idle_connections.py "$port" 10000 120; }
  read -r opened <&"${idle[0]}"
  rss_idle="$(rss_kb "$server_pid")"
  echo >&"${idle[1]}"
  wait "$idle_PID" || true
  # The pass's size, from one create and its download.
  id="$(curl -s -X POST -H "x-api-key: $key" -H 'Content-Type: application/json' \
    -d '{"serialNumber": "size"}' "$url/v2/models/1/passes" | sed 's/.*"passId":"\([^"]*\)".*/\1/')"
  size="$(curl -s -H "x-api-key: $key" "$url/v2/models/1/passes/$id" | wc -c)"
  mkdir -p "$work/floor-$i"
  sign1="$(awk -v r="$(rsa_rate 1)" 'BEGIN { printf "%.1f", 1e6 / r }')"
  signN="$(awk -v r="$(rsa_rate "$cores")" -v c="$cores" 'BEGIN { printf "%.1f", c * 1e6 / r }')"
  write="$(build/bench/floor_write "$work/floor-$i" "$size" 500 | cut -d' ' -f2)"
  rm -rf "$work/floor-$i"

  before="$(cpu_ticks "$server_pid")"
  created="$(PKPASS_BENCH_RUN="s$i" wrk -t "$cores" -c "$((4 * cores))" -d "${seconds}s" \
    -s bench/serve_create.lua "$url/v2/models/1/passes" | grep RESULT)"
  after="$(cpu_ticks "$server_pid")"
  rate="$(echo "$created" | field rate)"
  requests="$(echo "$created" | field requests)"
  [ "$(echo "$created" | field errors)" = 0 ] || { echo "serve.sh: creates failed: $created" >&2; exit 1; }
  cpu_us="$(awk -v t="$((after - before))" -v k="$tick" -v n="$requests" 'BEGIN { printf "%.1f", t / k / n * 1e6 }')"

  # Half the saturation rate: 4 connections, each pausing between its requests.
  delay="$(awk -v r="$rate" 'BEGIN { printf "%d", 4 * 1000 / (r / 2) }')"
  paced="$(PKPASS_BENCH_RUN="p$i" PKPASS_BENCH_DELAY_MS="$delay" wrk -t 2 -c 4 -d "${seconds}s" \
    -s bench/serve_create.lua "$url/v2/models/1/passes" | grep RESULT)"

  downloads="$(wrk -t "$cores" -c "$((4 * cores))" -d "${seconds}s" -s bench/serve_get.lua \
    "$url/v2/models/1/passes/$id" | grep RESULT)"

  stop_server

  echo "$sign1 $signN $write $size $rate $cpu_us $(echo "$paced" | field rate) $(echo "$paced" | field p99_us)" \
       "$(echo "$downloads" | field rate) $(echo "$downloads" | field p50_us) $(echo "$downloads" | field p99_us)" \
       "$rss_before $rss_idle" >>"$work/pairs"
  echo "pair $i: floor $sign1 + $write µs; creates $created; paced $paced; downloads $downloads;" \
       "idle: $opened, RSS $rss_before -> $rss_idle KB" >&2
done

median_range() { sort -g | awk '{ v[NR] = $1 } END { printf "%s (%s-%s)", v[int((NR + 1) / 2)], v[1], v[NR] }'; }
column() { awk "{ print $1 }" "$work/pairs" | median_range; }
echo "pkpass-serve, $cores cores, $pairs pairs of ${seconds} s runs; median (range) over the pairs"
echo "  floor (1 signature + 1 write of $(awk '{ print $4 }' "$work/pairs" | head -1) bytes): $(column '$1 + $3') µs"
echo "  creates/s:                         $(column '$5')"
echo "  creates/s ÷ (cores ÷ floor):       $(column "sprintf(\"%.2f\", \$5 / ($cores * 1e6 / (\$2 + \$3)))")   target ≥ 0.80"
echo "  server CPU per create ÷ floor:     $(column 'sprintf("%.2f", $6 / ($1 + $3))')   ($(column '$6') µs)"
echo "  paced at half: creates/s           $(column '$7')"
echo "  paced p99 latency ÷ floor:         $(column 'sprintf("%.2f", $8 / ($1 + $3))')   target ≤ 3   ($(column '$8') µs)"
echo "  cached downloads/s:                $(column '$9')"
echo "  cached downloads p50 / p99 µs:     $(column '$10') / $(column '$11')"
echo "  RSS idle server / with 10,000 idle keep-alive connections: $(column '$12 / 1024') / $(column '$13 / 1024') MB   target ≤ 200"
