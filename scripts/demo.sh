#!/usr/bin/env bash
# The main job on an embedded default: builds pkpass, makes a throwaway development identity,
# builds the sample pass from fixtures/models/coffee.pass with a customer's overrides, and
# verifies it with pkpass-build and with OpenSSL.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build -DPKPASS_BUILD_TESTS=OFF -DPKPASS_BUILD_BENCHMARKS=OFF

out="out/demo"
rm -rf "$out"
mkdir -p "$out"
tool=build/tools/pkpass-build/pkpass-build

# The development key is written encrypted under a passphrase that lives only in this script's
# environment: it is useless once the script ends.
PKPASS_DEMO_KEY_PASS="$(openssl rand -hex 24)"
export PKPASS_DEMO_KEY_PASS
"$tool" dev-identity --out-dir "$out/identity" --key-pass-env PKPASS_DEMO_KEY_PASS

"$tool" build --model fixtures/models/coffee.pass --model-serial \
  --overrides fixtures/cases/coffee-pass2u-create/overrides.json \
  --cert "$out/identity/signer.pem" --key "$out/identity/signer.key" \
  --key-pass-env PKPASS_DEMO_KEY_PASS --wwdr "$out/identity/wwdr.pem" \
  -o "$out/coffee.pkpass"

"$tool" verify "$out/coffee.pkpass" --trust-root "$out/identity/root.pem"

extract="$out/extracted"
unzip -q -o "$out/coffee.pkpass" -d "$extract"
openssl cms -verify -binary -inform DER -in "$extract/signature" -content "$extract/manifest.json" \
  -CAfile "$out/identity/root.pem" -purpose any -out /dev/null 2>&1 | sed 's/^/openssl: /'

echo
echo "The pass is at $(pwd)/$out/coffee.pkpass; it verifies against the development root"
echo "$(pwd)/$out/identity/root.pem (Wallet will not trust it: the identity is throwaway)."
