#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang under ASan+UBSan, makes their seed corpora from the
# fixtures (and, for png, an image of every colour type and depth), and runs each for SECONDS
# (default 60), two at a time on a 2-core machine. The build is a fuzzing build: PNG checksums are
# not checked, so that mutations reach libpng's and zlib's decoding; the png corpus's statistics
# at the end show how far its inputs got.
# Usage: fuzz/run.sh [SECONDS] [FUZZER...]
#   (fuzzers: overrides import model png jpeg gif verify csv patch image_map bundle)
# Findings land in build-fuzz/findings/<fuzzer>/; a summary line per fuzzer ends the run, and the
# exit status is 1 when any fuzzer found something.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
fuzzers=("$@")
((${#fuzzers[@]})) || fuzzers=(overrides import model png jpeg gif verify csv patch image_map bundle)

for p in clang-14 libclang-rt-14-dev; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      clang-14 libclang-rt-14-dev >/dev/null
    break
  fi
done

out=build-fuzz
sanitize="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
sanitize+=" -fsanitize-ignorelist=$PWD/fuzz/ubsan_ignore.txt -DPKPASS_FUZZING"
scripts/setup.sh "$out" -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPKPASS_BUILD_TESTS=OFF -DPKPASS_BUILD_BENCHMARKS=OFF -DPKPASS_BUILD_FUZZERS=ON \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link $sanitize"
tool="$out/tools/pkpass-build/pkpass-build"

# Seed corpora, from the fixtures.
seeds="$out/seeds"
rm -rf "$seeds"
mkdir -p "$seeds"/{overrides,import,model,png,jpeg,gif,verify,csv,patch,image_map,bundle}
for f in fixtures/cases/*/overrides.json fixtures/cases/*/patch.json; do
  cp "$f" "$seeds/overrides/$(echo "$f" | tr / _)"
  # the vendor payloads (cases with a "from" file) seed the importers
  if [ -f "$(dirname "$f")/from" ]; then cp "$f" "$seeds/import/$(echo "$f" | tr / _)"; fi
done
cp fixtures/templates/*.json "$seeds/import/"
for d in fixtures/models/*.pass; do
  name="$(echo "$d" | tr / _)"
  cp "$d/pass.json" "$seeds/model/$name"
  if [ -f "$d/en.lproj/pass.strings" ]; then
    { cat "$d/pass.json"; printf '\0'; cat "$d/en.lproj/pass.strings"; } >"$seeds/model/$name.strings"
  fi
done
find fixtures -name '*.png' | while read -r f; do cp "$f" "$seeds/png/$(echo "$f" | tr / _)"; done
find fixtures -name '*.jpg' | while read -r f; do cp "$f" "$seeds/jpeg/$(echo "$f" | tr / _)"; done
"$out/fuzz/png_seeds" "$seeds/png" >/dev/null
"$out/fuzz/image_seeds" "$seeds/jpeg" "$seeds/gif"
identity="$out/identity"
rm -rf "$identity"
PKPASS_FUZZ_KEY_PASS="$(openssl rand -hex 24)"
export PKPASS_FUZZ_KEY_PASS
"$tool" dev-identity --out-dir "$identity" --key-pass-env PKPASS_FUZZ_KEY_PASS >/dev/null
sign=(--cert "$identity/signer.pem" --key "$identity/signer.key" --key-pass-env PKPASS_FUZZ_KEY_PASS
      --wwdr "$identity/wwdr.pem")
"$tool" build --model-serial --model fixtures/models/coffee.pass "${sign[@]}" -o "$seeds/verify/coffee.pkpass"
"$tool" build --model-serial --model fixtures/models/coffee.pass "${sign[@]}" --digest sha1 \
  -o "$seeds/verify/coffee-sha1.pkpass"
echo '{"serialNumber": "M-1"}' >"$out/member-overrides.json"
"$tool" build --model fixtures/models/member.pass "${sign[@]}" \
  --overrides "$out/member-overrides.json" -o "$seeds/verify/member.pkpass"
"$tool" bundle -o "$seeds/bundle/family.pkpasses" "$seeds/verify/coffee.pkpass" "$seeds/verify/member.pkpass"
cp "$seeds/verify/member.pkpass" "$seeds/bundle/"
export PKPASS_FUZZ_TRUST_ROOT="$PWD/$identity/root.pem"
# CSV records, patches (a stored document, NUL, a patch) and image maps, from the fixtures.
printf '\xEF\xBB\xBFserialNumber,fields.name,voided,locations.0.latitude,locations.0.longitude\r\n'\
'A-1,"Doe, ""Jane""",true,48.1,11.5\r\nA-2,"two\nlines",,,\rA-3,x\n' >"$seeds/csv/members.csv"
printf 'serialNumber,name,fields.name.label,barcode.message,userInfo.tier\nB-1,Ada,NAME,M-1,gold\n' >"$seeds/csv/paths.csv"
for d in fixtures/cases/*/; do
  if [ -f "$d/patch.json" ]; then
    { cat "$d/overrides.json"; printf '\0'; cat "$d/patch.json"; } >"$seeds/patch/$(basename "$d")"
  fi
  if [ -f "$d/image-map.json" ]; then cp "$d/image-map.json" "$seeds/image_map/$(basename "$d").json"; fi
done
printf '{"userInfo":{"a":1,"b":{"c":2}},"fields":[{"key":"name","value":"x"}]}\0{"userInfo":{"b":{"c":null}},"fields":[{"key":"name","label":"L"}]}' \
  >"$seeds/patch/merge"

run_one() {
  local name="$1" corpus="$out/corpus/$1" findings="$out/findings/$1"
  mkdir -p "$corpus" "$findings"
  local dict=()
  case "$name" in
    overrides|import|model|patch|image_map) dict=(-dict=fuzz/json.dict) ;;
    png) dict=(-dict=fuzz/png.dict) ;;
  esac
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "$out/fuzz/${name}_fuzzer" "$corpus" "$seeds/$name" "${dict[@]}" -max_total_time="$seconds" \
    -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -artifact_prefix="$findings/" \
    >"$out/$name.log" 2>&1 || true
}

pids=()
jobs="$(nproc)"
for name in "${fuzzers[@]}"; do
  while (( $(jobs -rp | wc -l) >= jobs )); do wait -n || true; done
  echo "fuzz: $name for ${seconds}s (log: $out/$name.log)"
  run_one "$name" &
  pids+=($!)
done
wait

status=0
for name in "${fuzzers[@]}"; do
  execs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out/$name.log" | grep -o '[0-9]*$' || echo '?')"
  cov="$(grep -o 'cov: [0-9]*' "$out/$name.log" | tail -1 | grep -o '[0-9]*' || echo '?')"
  found="$(find "$out/findings/$name" -type f | wc -l)"
  echo "$name: $execs executions, coverage $cov edges, $found finding(s) in $out/findings/$name"
  ((found == 0)) || status=1
done
if [[ " ${fuzzers[*]} " == *" png "* ]]; then
  "$out/fuzz/png_corpus_stats" "$seeds/png" "$out/corpus/png" || status=1
fi
exit "$status"
