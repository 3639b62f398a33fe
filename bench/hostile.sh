#!/usr/bin/env bash
# Measures pkpass against hostile inputs: for each, the time and peak memory of the command that
# meets it (`/usr/bin/time -f '%e s %M KB'`) and how it ends. The inputs are made by
# bench/hostile_inputs.py into a temp folder; the signed PNG archive is signed here with a fresh
# development identity, so that verify gets past the signature to the images.
# Usage: bench/hostile.sh [PKPASS_BUILD]   (default: build/tools/pkpass-build/pkpass-build)
set -euo pipefail
cd "$(dirname "$0")/.."
tool="${1:-build/tools/pkpass-build/pkpass-build}"
[ -x "$tool" ] || scripts/setup.sh build >/dev/null
command -v python3 >/dev/null || {
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  ${sudo:-} apt-get update -qq && ${sudo:-} apt-get install -y -qq --no-install-recommends python3 >/dev/null
}
[ -x /usr/bin/time ] || {
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  ${sudo:-} apt-get install -y -qq --no-install-recommends time >/dev/null
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 bench/hostile_inputs.py "$work" fixtures/models/coffee.pass
"$tool" dev-identity --out-dir "$work/id" >/dev/null
sign=(--cert "$work/id/signer.pem" --key "$work/id/signer.key" --wwdr "$work/id/wwdr.pem")

# The PNG archives again, each with a manifest of every file and a signature over it.
for name in png-bomb png-distinct; do
rm -rf "$work/signed" && mkdir "$work/signed"
(cd "$work/signed" && unzip -q "../$name.pkpass" && rm manifest.json signature)
python3 - "$work/signed" <<'PY'
import hashlib, json, os, sys
root = sys.argv[1]
files = {}
for folder, _, names in os.walk(root):
    for name in names:
        path = os.path.relpath(os.path.join(folder, name), root)
        files[path] = hashlib.sha1(open(os.path.join(folder, name), "rb").read()).hexdigest()
json.dump(files, open(os.path.join(root, "manifest.json"), "w"))
PY
openssl smime -sign -binary -noverify -outform DER -md sha256 -in "$work/signed/manifest.json" \
  -signer "$work/id/signer.pem" -inkey "$work/id/signer.key" -certfile "$work/id/wwdr.pem" \
  -out "$work/signed/signature"
(cd "$work/signed" && zip -q -r "../$name-signed.pkpass" .)
done

measure() {
  local what="$1"
  shift
  local out status
  out="$( { /usr/bin/time -f '%e s %M KB' "$@" >/dev/null 2>"$work/stderr"; } 2>&1 )" && status=0 || status=$?
  local last
  last="$( { grep -v '^Command exited' "$work/stderr" | grep -v ' s [0-9]* KB$' || true; } | tail -1 | cut -c1-110)"
  printf '%-36s %-22s exit %s  %s\n' "$what" "$(tail -1 "$work/stderr" | grep -o '[0-9.]* s [0-9]* KB' || echo "$out")" \
    "$status" "$last"
}

echo "input                                time, peak memory     how it ends"
measure "overrides, 100,000 userInfo keys" "$tool" validate --model fixtures/models/coffee.pass \
  --overrides "$work/overrides-userinfo.json"
measure "manifest, 1.84 million keys" "$tool" verify --no-trust-root "$work/manifest-keys.pkpass"
measure "476 large PNGs, unsigned" "$tool" verify --no-trust-root "$work/png-bomb.pkpass"
measure "476 identical large PNGs, signed" "$tool" verify --trust-root "$work/id/root.pem" \
  "$work/png-bomb-signed.pkpass"
measure "476 distinct large PNGs, signed" "$tool" verify --trust-root "$work/id/root.pem" \
  "$work/png-distinct-signed.pkpass"
measure "a 50 MB record line" "$tool" batch --model fixtures/models/member.pass \
  --records "$work/long-line.ndjson" --out-dir "$work/out" "${sign[@]}"
measure "records from /dev/zero" "$tool" batch --model fixtures/models/member.pass \
  --records /dev/zero --out-dir "$work/out" "${sign[@]}"
measure "model of 80 sparse 16 MiB files" "$tool" validate --model "$work/sparse.pass"
measure "1. 400 KB text in 1,000 languages" "$tool" convert --from passcreator --model fixtures/models/passcreator.pass \
  "$work/passcreator-translations.json"
measure "2. a 3 MB image in 200 languages" "$tool" validate --model fixtures/models/coffee.pass \
  --overrides "$work/localized-images.json" --image-map "$work/image-map.json"
measure "3. --bundle-by, 300 in a family" "$tool" batch --model fixtures/models/coffee.pass --records \
  "$work/bundle-family.ndjson" --bundle-by bundleId --out-dir "$work/bundles" "${sign[@]}"
measure "4. patch making 8,190 keys" "$tool" patch --overrides "$work/patch-base.json" "$work/patch-keys.json"
rm -rf "$work/out"
measure "5. 934 KB CSV, every cell an error" "$tool" batch --model fixtures/models/coffee.pass --records \
  "$work/errors.csv" --errors "$work/report.ndjson" --out-dir "$work/out" "${sign[@]}"
echo "   its report: $(stat -c %s "$work/report.ndjson" 2>/dev/null || echo none) bytes"
measure "5. the same with CR line ends" "$tool" batch --model fixtures/models/coffee.pass --records \
  "$work/errors-cr.csv" --errors "$work/report-cr.ndjson" --out-dir "$work/out" "${sign[@]}"
echo "   its report: $(stat -c %s "$work/report-cr.ndjson" 2>/dev/null || echo none) bytes"
measure "6. image map of 200,000 [" "$tool" validate --model fixtures/models/coffee.pass \
  --image-map "$work/image-map-deep.json"
