#!/usr/bin/env bash
# quality_bar.sh — issue 3's quality bar: dense-ae, Adam 1e-3, batch 32, all 60,000 Fashion-MNIST
# training images (no validation split); test-set MSE after 1 and 3 epochs per seed, for Dendrite
# and (with --torch) PyTorch in the same run.
#   bash bench/quality_bar.sh [--impl NAME] [--init he-uniform|torch-default] [--seeds "1 2 3"] [--torch]
set -euo pipefail
cd "$(dirname "$0")/.."
CLI=${CLI:-build/bin/dendrite-cli}
FM=/usr/share/datasets/fashion-mnist
IMPL="" INIT=torch-default SEEDS="1 2 3" TORCH=0 THREADS=2
while [ $# -gt 0 ]; do
  case "$1" in
    --impl) IMPL=$2; shift 2 ;;
    --init) INIT=$2; shift 2 ;;
    --seeds) SEEDS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --torch) TORCH=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for seed in $SEEDS; do
  common=(--network dense-ae --input "$FM/train-images-idx3-ubyte.gz" --validation-fraction 0
          --optimizer adam --learning-rate 1e-3 --batch-size 32 --init "$INIT" --seed "$seed"
          --threads "$THREADS" --model "$work/m$seed.dendrite" --output "$work" --quiet)
  [ -n "$IMPL" ] && common+=(--impl "$IMPL")
  "$CLI" train "${common[@]}" --epochs 1 >"$work/train1.txt"
  mse1=$("$CLI" eval --model "$work/m$seed.dendrite" --input "$FM/t10k-images-idx3-ubyte.gz" 2>/dev/null | sed -n 's/^mse=//p')
  echo "dendrite init=$INIT seed=$seed epoch=1 test_mse=$mse1 $(cat "$work/train1.txt")"
  "$CLI" train "${common[@]}" --resume --epochs 2 >"$work/train3.txt"
  mse3=$("$CLI" eval --model "$work/m$seed.dendrite" --input "$FM/t10k-images-idx3-ubyte.gz" 2>/dev/null | sed -n 's/^mse=//p')
  echo "dendrite init=$INIT seed=$seed epoch=3 test_mse=$mse3 $(cat "$work/train3.txt")"
done
if [ "$TORCH" = 1 ]; then
  /usr/bin/python3 bench/torch_quality.py --seeds $SEEDS --threads "$THREADS" | sed 's/^/torch /'
fi
