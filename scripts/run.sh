#!/usr/bin/env bash
# run.sh — the first of the two commands for a fresh Debian 12 machine: installs what is
# missing (setup.sh), builds (build.sh) and runs Dendrite on its input images.
#
#   bash scripts/run.sh
#
# Input: data/input next to the executable (build/bin/data/input) when it holds images, else
# the bundled sample in resources/sample-data/fashion-mnist. Until the desktop app exists this
# runs the command-line program and prints the data set's statistics (dendrite-cli info).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${DENDRITE_BUILD_DIR:-$ROOT/build}"
BIN="$BUILD/bin"

bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/build.sh"

input="$BIN/data/input"
if [[ -d $input ]] && [[ -n $(find "$input" -type f \( -iname '*.png' -o -iname '*.jpg' -o -iname '*.jpeg' \
      -o -iname '*.bmp' -o -iname '*.pgm' -o -iname '*.ppm' \) -print -quit) ]]; then
  echo "run.sh: using the images in $input"
else
  echo "run.sh: $input holds no images; using the bundled sample data"
  input="$ROOT/resources/sample-data/fashion-mnist"
fi

echo
"$BIN/dendrite-cli" info --input "$input"
if [[ $input == "$ROOT/resources/sample-data/fashion-mnist" ]]; then
  echo
  "$BIN/dendrite-cli" info --input "$ROOT/resources/sample-data/rgb-crops"
fi
