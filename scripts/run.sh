#!/usr/bin/env bash
# run.sh — the first of the two commands for a fresh Debian 12 machine: installs what is
# missing (setup.sh), builds (build.sh) and runs Dendrite on its input images.
#
#   bash scripts/run.sh            # the desktop app when a display is present, else the CLI demo
#   bash scripts/run.sh --cli      # the CLI demo even with a display
#
# Input: data/input next to the executable (build/bin/data/input) when it holds images, else
# the bundled sample in resources/sample-data/fashion-mnist.
#
# With a display ($DISPLAY or $WAYLAND_DISPLAY) it opens the desktop app on that input. Without
# one it runs the command-line demo: the data set's statistics, a few full passes of training
# the dense-ae autoencoder, and reconstructions of a few images, written to build/bin/data/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${DENDRITE_BUILD_DIR:-$ROOT/build}"
BIN="$BUILD/bin"
mode=auto
[[ ${1:-} == --cli ]] && mode=cli

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

if [[ $mode == auto ]] && [[ -n ${DISPLAY:-}${WAYLAND_DISPLAY:-} ]] && [[ -x $BIN/dendrite ]]; then
  echo "run.sh: opening the desktop app (bash scripts/run.sh --cli for the command-line demo)"
  exec "$BIN/dendrite" --input "$input"
fi

echo "run.sh: no display; running the command-line demo"
echo
"$BIN/dendrite-cli" info --input "$input"
echo
models="$BIN/data/models" output="$BIN/data/output"
"$BIN/dendrite-cli" train --network dense-ae --input "$input" --epochs 8 --batch-size 16 \
  --model "$models/demo.dendrite" --output "$output"
echo
"$BIN/dendrite-cli" eval --model "$models/demo.dendrite" --input "$input"
mapfile -t some < <(find "$input" -type f -iname '*.png' | sort | head -n 3)
"$BIN/dendrite-cli" reconstruct --model "$models/demo.dendrite" --side-by-side --output "$output" "${some[@]}"
echo
echo "run.sh: model in $models/demo.dendrite; loss.csv, reconstructions.png and the"
echo "        reconstructions of ${#some[@]} images (input | output) in $output"
