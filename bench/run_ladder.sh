#!/bin/bash
# run_ladder.sh — the optimization-ladder benchmark: every layer module and PyTorch, same run.
#
#   bench/run_ladder.sh [BUILD_DIR]        (default build; run from the repository root)
#   SECONDS_PER=0.5 REPEAT=5 bench/run_ladder.sh build
#
# Runs dendrite-machine-peak (FMA peak, bandwidths), `dendrite-cli bench` over W1, W2, W3 × every
# layer module × 1 and 2 threads at batch 32, and bench/torch_reference.py on the same workloads
# (best thread configuration per core count; also W2/W3 with gathered up layers), writes the CSVs
# to bench/results/, then the generated section of bench/RESULTS.md, bench/ladder.png and the
# roofline plot docs/roofline.png.
#
# On a machine shared with other work the runs use the FIFO real-time class when allowed (chrt -f
# 10; the kernel still leaves 5 % of each second to other tasks), so that a thread waiting at a
# barrier is not waiting for its partner to be scheduled again; both Dendrite and PyTorch run that
# way. Without the permission they run normally.
set -euo pipefail
BUILD=${1:-build}
STARTED="$(date -u '+%Y-%m-%d %H:%M UTC')"
SECONDS_PER=${SECONDS_PER:-0.5}
REPEAT=${REPEAT:-5}
OUT=bench/results
mkdir -p "$OUT"
PYTHON=/usr/bin/python3  # Debian's python3-torch and python3-matplotlib

PRIO=()
if chrt -f 10 true 2>/dev/null; then PRIO=(chrt -f 10); fi

CLI="$BUILD/bin/dendrite-cli"
PEAK="$BUILD/bin/dendrite-machine-peak"
for tool in "$CLI" "$PEAK"; do
  [ -x "$tool" ] || { echo "run_ladder.sh: $tool not built (cmake --build $BUILD)" >&2; exit 1; }
done

cmd_peak=("${PRIO[@]}" "$PEAK" --threads 1,2 --repeat 20)
cmd_bench=("${PRIO[@]}" "$CLI" bench --workload W1,W2,W3 --impl all --threads 1,2 --batch-size 32
           --seconds "$SECONDS_PER" --repeat "$REPEAT" --csv)
cmd_torch=("${PRIO[@]}" "$PYTHON" bench/torch_reference.py --workloads W1,W2,W3 --cores 1,2
           --seconds 1 --repeat 3 --csv)
cmd_gather=("${PRIO[@]}" "$PYTHON" bench/torch_reference.py --workloads W2,W3 --cores 1,2
            --seconds 1 --repeat 2 --up-layers gather --csv)

echo "== machine peak" >&2
"${cmd_peak[@]}" | tee "$OUT/peak.txt" >&2
echo "== dendrite-cli bench" >&2
"${cmd_bench[@]}" | tee "$OUT/ladder.csv" >&2
echo "== PyTorch" >&2
"${cmd_torch[@]}" | tee "$OUT/torch.csv" >&2
"${cmd_gather[@]}" | tee "$OUT/torch_gather.csv" >&2

machine="$(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(lscpu | sed -n 's/^L2 cache: *//p' | head -1) L2, \
$(lscpu | sed -n 's/^L3 cache: *//p' | head -1) L3, $(uname -r), g++ $(g++ -dumpfullversion), \
torch $($PYTHON -c 'import torch; print(torch.__version__)'), $(cmake -LA -N "$BUILD" 2>/dev/null | grep -q 'DENDRITE_PORTABLE:BOOL=ON' && echo portable build || echo -march=native build)"
commands="${cmd_peak[*]}
${cmd_bench[*]}
${cmd_torch[*]}
${cmd_gather[*]}"
"$PYTHON" bench/ladder_report.py --ladder "$OUT/ladder.csv" --torch "$OUT/torch.csv" \
  --torch-gather "$OUT/torch_gather.csv" --peak "$OUT/peak.txt" --command "$commands" --machine "$machine" \
  --results bench/RESULTS.md --plot bench/ladder.png --date "$STARTED"
mkdir -p docs
"$PYTHON" bench/roofline.py "$OUT/ladder.csv" "$OUT/peak.txt" docs/roofline.png
echo "wrote bench/RESULTS.md, bench/ladder.png and docs/roofline.png" >&2
