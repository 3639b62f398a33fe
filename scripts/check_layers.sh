#!/usr/bin/env bash
# Fails when an include in lib/ points up the pipeline. Each folder of lib/ has a layer; a file
# may include headers of its own folder and of folders of lower layers only. Public headers
# (pkpass/*.h, the declarations every layer implements a part of) and lib/internals.h (the one
# bridge to the public classes' hidden implementation) may be included from any folder; the
# files at lib/'s top (the driver) sit above every folder.
set -euo pipefail
cd "$(dirname "$0")/.."
declare -A layer=(
  [util]=0
  [schema]=1 [zip]=1
  [image]=2 [sign]=2 [output]=2
  [model]=3
  [overrides]=4
  [import]=5 [resolve]=5
  [validate]=6
  [emit]=7
  [verify]=8 [bundle]=8
  [batch]=9
)
status=0
for dir in lib/*/; do
  folder=$(basename "$dir")
  if [ -z "${layer[$folder]+set}" ]; then
    echo "lib/$folder has no layer in scripts/check_layers.sh" >&2
    status=1
    continue
  fi
  while IFS=: read -r file line target; do
    to=${target%%/*}
    if [ -z "${layer[$to]+set}" ]; then
      echo "$file:$line: includes $target, which is in no layer" >&2
      status=1
    elif [ "$to" != "$folder" ] && [ "${layer[$to]}" -ge "${layer[$folder]}" ]; then
      echo "$file:$line: $folder (layer ${layer[$folder]}) includes $target (layer ${layer[$to]})" >&2
      status=1
    fi
  done < <(grep -nHoE '^#include "[a-z_]+/[^"]+"' "$dir"* | sed -E 's/#include "([^"]+)"/\1/' | grep -v ':pkpass/' || true)
done
[ "$status" -eq 0 ] && echo "includes point down the pipeline"
exit "$status"
