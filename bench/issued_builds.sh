#!/usr/bin/env bash
# 10,000 single builds one after another sharing one --issued journal, as a server without a
# database or a shell loop would run them: every 97th build gives the barcode message of the
# build 50 before it, under a model that keeps messages unique. Prints how many were refused
# (103 expected, every one barcode-duplicate), any refused wrongly or built wrongly, the time a
# build takes, and the journal's length. Usage: bench/issued_builds.sh [BUILDS]   (default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
builds="${1:-10000}"
[ -x build/tools/pkpass-build/pkpass-build ] || scripts/setup.sh build >/dev/null
tool="$PWD/build/tools/pkpass-build/pkpass-build"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r fixtures/models/coffee.pass "$work/unique.pass"
echo '{"barcodeValues": {"unique": true}}' >"$work/unique.pass/model.json"
"$tool" dev-identity --out-dir "$work/id" >/dev/null
cd "$work"
refused=0 wrong=0 expected=0
start=$(date +%s%N)
for i in $(seq 1 "$builds"); do
  m=$i
  if [ $((i % 97)) -eq 0 ]; then m=$((i - 50)); expected=$((expected + 1)); fi
  printf '{"serialNumber": "B-%d", "barcode": {"message": "M-%d"}}' "$i" "$m" >o.json
  if "$tool" build --model unique.pass --overrides o.json --issued issued.ndjson -o out.pkpass \
       --cert id/signer.pem --key id/signer.key --wwdr id/wwdr.pem >log 2>&1; then
    [ $((i % 97)) -ne 0 ] || wrong=$((wrong + 1))
  else
    refused=$((refused + 1))
    { [ $((i % 97)) -eq 0 ] && grep -q 'barcode-duplicate' log; } || wrong=$((wrong + 1))
  fi
done
end=$(date +%s%N)
echo "$builds builds: refused $refused (expected $expected), wrong $wrong," \
     "$(( (end - start) / builds / 1000 )) µs a build, journal $(wc -l <issued.ndjson) lines"
