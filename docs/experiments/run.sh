#!/usr/bin/env bash
# Reruns the sweeps of docs/experiments.md and copies their tables and plots next to this script.
#
#   bash docs/experiments/run.sh [build-dir] [sweep-name…]      # default: build, every sweep
#   REPORT_ONLY=1 bash docs/experiments/run.sh …                 # retrain nothing: rebuild the
#                                                                # tables and plots from the runs
#
# Each sweep is one `dendrite-cli sweep` (1 training thread, `nice`); raw per-run CSVs stay in
# BUILD/experiments/<name>/runs/. Total about 30 CPU-minutes on one core of a 2-core machine.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-build}
shift || true
cli="$root/$build/bin/dendrite-cli"
out="$root/$build/experiments"
fmnist=/usr/share/datasets/fashion-mnist
rgb="$root/data/rgb-crops"   # bash scripts/setup.sh --rgb-data (resources/sample-data/rgb-crops is a 48-image sample)

F=(--input "$fmnist/train-images-idx3-ubyte.gz" --test "$fmnist/t10k-images-idx3-ubyte.gz" --epochs 2
   --validation-fraction 0 --eval-interval 250)
F30=("${F[@]}" --limit 30000)   # half the training images: the shorter sweeps
R=(--input "$rgb/train" --test "$rgb/test" --epochs 3 --validation-fraction 0 --eval-interval 50)
common=(--threads 1 --parallel 1 --seeds 1,2,3 --output "$out")
[[ -n ${REPORT_ONLY:-} ]] && common+=(--report-only)

dense_28='input 28x28x1 | dense 16x16x1 | dense 8x4x1 embedding | dense 16x16x1 | dense 28x28x1 linear'
deep_28='input 28x28x1 | dense 32x16x1 | dense 16x16x1 | dense 8x4x1 embedding | dense 16x16x1 | dense 32x16x1 | dense 28x28x1 linear'
mix_28='input 28x28x1 | local 14x14x8 k3 s2 | dense 8x4x1 embedding | dense 14x14x8 | up 28x28x1 k3 linear'
dense_32='input 32x32x3 | dense 16x16x1 | dense 8x4x1 embedding | dense 16x16x1 | dense 32x32x3 linear'
deep_32='input 32x32x3 | dense 32x16x1 | dense 16x16x1 | dense 8x4x1 embedding | dense 16x16x1 | dense 32x16x1 | dense 32x32x3 linear'
mix_32='input 32x32x3 | local 16x16x16 k3 s2 | dense 8x4x1 embedding | dense 16x16x16 | up 32x32x3 k3 linear'

sweep() {
  local name=$1
  shift
  echo "== $name" >&2
  local start=$SECONDS
  nice "$cli" sweep --name "$name" "${common[@]}" "$@" > /dev/null
  echo "== $name: $((SECONDS - start)) s wall" >&2
  mkdir -p "$here/$name"
  for f in summary.md report.md comparisons.md summary.csv loss-curves-loglog.png test-mse.png late-phase.png \
           final-mse.png loss-curves.png; do
    cp "$out/$name/$f" "$here/$name/"
  done
}

want() { [[ $# -eq 0 ]] || [[ " $* " == *" $name "* ]]; }
all=("$@")
for name in fmnist-leakage fmnist-bias fmnist-depth rgb-leakage rgb-bias rgb-depth; do
  want "${all[@]}" || continue
  case $name in
    fmnist-leakage) sweep $name "${F[@]}" --network dense-ae --sweep leakage=0.1,0.01,0.001,0 \
                      --sweep learning-rate=1e-3,3e-3,1e-2 ;;
    fmnist-bias) sweep $name "${F30[@]}" --network dense-ae --init he-uniform --sweep bias-init=0,0.01,0.1 \
                   --sweep leakage=0.01,0 ;;
    fmnist-depth) sweep $name "${F30[@]}" --sweep "network=$dense_28;$deep_28;$mix_28" --sweep learning-rate=1e-3,3e-3 ;;
    rgb-leakage) sweep $name "${R[@]}" --network rgb-ae --sweep leakage=0.1,0.01,0.001,0 \
                   --sweep learning-rate=1e-3,3e-3,1e-2 ;;
    rgb-bias) sweep $name "${R[@]}" --network rgb-ae --init he-uniform --sweep bias-init=0,0.01,0.1 \
                --sweep leakage=0.01,0 ;;
    rgb-depth) sweep $name "${R[@]}" --sweep "network=$dense_32;$deep_32;$mix_32" --sweep learning-rate=1e-3,3e-3 ;;
  esac
done
