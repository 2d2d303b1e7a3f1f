#!/bin/bash
# thread_scaling.sh — how the fastest layer modules and PyTorch scale from 1 to many threads.
#
#   bench/thread_scaling.sh BUILD_DIR OUT_DIR [THREADS] [MODULES]
#       THREADS default 1,2,4,8,16; MODULES default layer_o5,layer_o6
#
# Made for a machine with more cores than the 2 of the development machines (issue #4 asks for
# 1, 2, 4, 8 and 16 threads once on a 16-core machine; bench/RESULTS.md "Thread scaling to 16
# cores" holds that run). Writes to OUT_DIR:
#   machine.txt          lscpu, nproc, kernel, date
#   peak.txt             dendrite-machine-peak at every thread count (FMA peak, read bandwidths)
#   scaling.csv          `dendrite-cli bench --csv` over W1, W2, W3 × MODULES × THREADS, batch 32
#   scaling_pinned.csv   the same with DENDRITE_PIN_THREADS=1 (member t on the t-th CPU)
#   torch.csv            bench/torch_reference.py's child measurement per workload and thread count
#   torch_pinned.csv     the same with OMP_PROC_BIND=close OMP_PLACES=cores
# PyTorch: intra-op (OMP/MKL) threads = the count, OpenBLAS 1 (two pools oversubscribe). The CLI
# may come from a portable build (-DDENDRITE_PORTABLE=ON): its kernels still pick AVX-512 / AVX2
# at run time (target_clones), so it runs on a machine of another CPU family; LD_LIBRARY_PATH
# must then name where libmetis and libstb are if that machine lacks them.
set -uo pipefail
BUILD=${1:?build dir}
OUT=${2:?output dir}
THREADS=${3:-1,2,4,8,16}
MODULES=${4:-layer_o5,layer_o6}
PYTHON=${PYTHON:-python3}
mkdir -p "$OUT"
PRIO=()
if chrt -f 10 true 2>/dev/null; then PRIO=(chrt -f 10); fi

{ lscpu; echo "nproc: $(nproc)"; echo "kernel: $(uname -r)"; date -u; } > "$OUT/machine.txt"
echo "== peak" >&2
"${PRIO[@]}" "$BUILD/bin/dendrite-machine-peak" --threads "$THREADS" --repeat 5 | tee "$OUT/peak.txt" >&2
for pin in 0 1; do
  name=scaling; [ "$pin" = 1 ] && name=scaling_pinned
  echo "== dendrite-cli bench, DENDRITE_PIN_THREADS=$pin" >&2
  DENDRITE_PIN_THREADS=$pin "${PRIO[@]}" "$BUILD/bin/dendrite-cli" bench --workload W1,W2,W3 --impl "$MODULES" \
    --threads "$THREADS" --batch-size 32 --seconds 0.3 --repeat 3 --csv | tee "$OUT/$name.csv" >&2
done
for pin in 0 1; do
  name=torch; BIND=(); [ "$pin" = 1 ] && { name=torch_pinned; BIND=(OMP_PROC_BIND=close OMP_PLACES=cores); }
  echo "== PyTorch ($name)" >&2
  echo "workload,threads,json" > "$OUT/$name.csv"
  for workload in W1 W2 W3; do
    for n in ${THREADS//,/ }; do
      line=$(env "${BIND[@]}" OMP_NUM_THREADS="$n" MKL_NUM_THREADS="$n" OPENBLAS_NUM_THREADS=1 "${PRIO[@]}" "$PYTHON" \
             bench/torch_reference.py --child "$workload" --torch-threads "$n" --seconds 0.4 --repeat 2 | tail -1)
      echo "$workload,$n,$line" | tee -a "$OUT/$name.csv" >&2
    done
  done
done
