#!/usr/bin/env bash
# Apple's web service at scale: "which of my passes changed since my tag" against a store of
# PKPASS_BENCH_PASSES passes (default 1,000,000) with PKPASS_BENCH_REGISTRATIONS registrations
# (default 100,000: 20,000 devices with 5 passes each), on SQLite. The store is filled straight
# with sqlite3 after `pkpass-serve migrate`; then wrk asks for random devices and tags, for
# PKPASS_BENCH_SECONDS (default 10) s, with 1 and with 8 connections, PKPASS_BENCH_PAIRS times
# (default 3): latency p50 and p99 (the target is p99 <= 5 ms), and answers/s; medians and ranges.
# Usage: bench/webservice.sh
set -euo pipefail
cd "$(dirname "$0")/.."
passes="${PKPASS_BENCH_PASSES:-1000000}"
registrations="${PKPASS_BENCH_REGISTRATIONS:-100000}"
seconds="${PKPASS_BENCH_SECONDS:-10}"
pairs="${PKPASS_BENCH_PAIRS:-3}"
scripts/setup.sh build -DPKPASS_BUILD_BENCHMARKS=ON >/dev/null

work="$(mktemp -d "${PWD}/build/bench-webservice.XXXXXX")"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
serve=build/tools/pkpass-serve/pkpass-serve
build/tools/pkpass-build/pkpass-build dev-identity --out-dir "$work/id" >/dev/null
echo "{\"pass2u\": {\"1\": \"$PWD/fixtures/models/coffee.pass\"}}" >"$work/routes.json"
"$serve" migrate --store "sqlite:$work/store.db" >/dev/null
start="$(date +%s.%N)"
python3 bench/webservice_fill.py "$work/store.db" "$passes" "$registrations"
filled="$(date +%s.%N)"
echo "store: $passes passes, $registrations registrations, filled in $(awk -v a="$start" -v b="$filled" 'BEGIN { printf "%.1f", b - a }') s"

"$serve" run --store "sqlite:$work/store.db" --routes "$work/routes.json" --wwdr "$work/id/wwdr.pem" \
  --cert "$work/id/signer.pem" --key "$work/id/signer.key" --listen 127.0.0.1:0 \
  --rate 1000000 --burst 1000000 --push off >"$work/out" 2>"$work/access.log" &
server_pid=$!
for _ in $(seq 100); do grep -q listening "$work/out" 2>/dev/null && break; sleep 0.1; done
port="$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$work/out")"
export PKPASS_BENCH_DEVICES=$((registrations / 5)) PKPASS_BENCH_TAGS="$passes"
export PKPASS_BENCH_PASS_TYPE="$(openssl x509 -in "$work/id/signer.pem" -noout -subject -nameopt multiline |
  sed -n 's/^ *userId *= *//p')"
first="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v1/devices/dev-0/registrations/$PKPASS_BENCH_PASS_TYPE")"
[ "$first" = 200 ] || { echo "webservice.sh: the first list answered $first" >&2; exit 1; }

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }
: >"$work/runs"
for ((i = 1; i <= pairs; ++i)); do
  for c in 1 8; do
    r="$(PKPASS_BENCH_SEED="$i$c" wrk -t 1 -c "$c" -d "${seconds}s" -s bench/webservice_list.lua \
      "http://127.0.0.1:$port" | grep RESULT)"
    [ "$(echo "$r" | field errors)" = 0 ] || { echo "webservice.sh: errors: $r" >&2; exit 1; }
    echo "c$c $(echo "$r" | field rate) $(echo "$r" | field p50_us) $(echo "$r" | field p99_us)" >>"$work/runs"
  done
done
summary() {  # median (range) of column $2 of the runs with $1 connections
  awk -v c="c$1" '$1 == c { print $'"$2"' }' "$work/runs" | sort -n |
    awk '{ v[NR] = $1 } END { printf "%s (%s-%s)", v[int((NR + 1) / 2)], v[1], v[NR] }'
}
for c in 1 8; do
  echo "connections $c: answers/s $(summary "$c" 2), p50 us $(summary "$c" 3), p99 us $(summary "$c" 4)"
done
echo "server RSS $(awk '/^VmRSS/ { print $2 }' "/proc/$server_pid/status") kB"
