#!/usr/bin/env bash
# run_fuzzers.sh — runs each libFuzzer target for a time box and records what it did.
#
#   nice -n 19 bash fuzz/run_fuzzers.sh SECONDS [TARGET...]     # default: every target
#
# Needs the fuzz build (see fuzz/CMakeLists.txt): build-fuzz/fuzz/fuzz_<target>, or set
# DENDRITE_FUZZ_BUILD to another build folder. For each target it fuzzes from the committed seeds
# (fuzz/corpus/<target>/, read-only) plus a working corpus that persists between runs
# (BUILD/fuzz-work/<target>/, so long boxes add up), with the limits below, and then:
#   - appends one line to BUILD/fuzz-runs/summary.tsv:
#       date target seconds executions execs_per_s edges features corpus_inputs peak_rss_mb result
#     (seconds: how long it really ran — less than the box when it stopped at a finding)
#     (edges = libFuzzer's "cov", the instrumented edges reached; features = "ft")
#   - keeps the full log as BUILD/fuzz-runs/<target>-<date>.log
#   - saves any crashing input as BUILD/fuzz-findings/<target>/crash-<sha1> (also leak-, oom-,
#     timeout-); fix the bug, then copy the input into fuzz/corpus/<target>/ so CTest replays it.
# Prints the per-target totals over every recorded run at the end. Exits 1 when a target found
# something.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${DENDRITE_FUZZ_BUILD:-$ROOT/build-fuzz}"
ALL_TARGETS=(model_file model_file_nocrc config network_spec image idx)

if [[ $# -lt 1 || ! $1 =~ ^[0-9]+$ ]]; then
  sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
seconds=$1
shift
targets=("$@")
((${#targets[@]})) || targets=("${ALL_TARGETS[@]}")

# Seed folders per target (model_file_nocrc also starts from the real model files).
seed_dirs() {
  case $1 in
    model_file_nocrc) echo "$ROOT/fuzz/corpus/model_file $ROOT/fuzz/corpus/model_file_nocrc" ;;
    *) echo "$ROOT/fuzz/corpus/$1" ;;
  esac
}

# Longest input libFuzzer may build: config lines and specs are short texts; files get more room.
max_len() {
  case $1 in
    config) echo 1024 ;;
    network_spec) echo 512 ;;
    *) echo 16384 ;;
  esac
}

mkdir -p "$BUILD/fuzz-runs"
summary="$BUILD/fuzz-runs/summary.tsv"
[[ -f $summary ]] || printf 'date\ttarget\tseconds\texecutions\texecs_per_s\tedges\tfeatures\tcorpus_inputs\tpeak_rss_mb\tresult\n' > "$summary"

status=0
for target in "${targets[@]}"; do
  binary="$BUILD/fuzz/fuzz_$target"
  if [[ ! -x $binary ]]; then
    echo "run_fuzzers.sh: no $binary (build the fuzz build's 'fuzzers' target first)" >&2
    status=1
    continue
  fi
  work="$BUILD/fuzz-work/$target"
  findings="$BUILD/fuzz-findings/$target"
  mkdir -p "$work" "$findings"
  stamp="$(date -u +%Y%m%dT%H%M%SZ)"
  log="$BUILD/fuzz-runs/$target-$stamp.log"
  echo "=== fuzzing $target for $seconds s (log: $log)"
  # shellcheck disable=SC2046  # seed folders are split on purpose
  # -timeout=300: at nice 19 on a shared, loaded machine a fuzzer can get no CPU for a minute (its
  # timeout is wall-clock time); a real hang still shows, it only takes longer.
  started=$SECONDS
  "$binary" -max_total_time="$seconds" -print_final_stats=1 -timeout=300 -rss_limit_mb=2048 \
    -max_len="$(max_len "$target")" -artifact_prefix="$findings/" "$work" $(seed_dirs "$target") > "$log" 2>&1
  rc=$?
  elapsed=$((SECONDS - started))
  executions=$(awk '/stat::number_of_executed_units/ {print $NF}' "$log" | tail -1)
  rss=$(awk '/stat::peak_rss_mb/ {print $NF}' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | grep -E ' cov: ' | tail -1)
  edges=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<< "$last")
  features=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<< "$last")
  inputs=$(sed -nE 's/.* corp: ([0-9]+).*/\1/p' <<< "$last")
  result=clean
  if grep -q 'libFuzzer: run interrupted' "$log"; then
    result=interrupted  # Ctrl-C or SIGINT: the figures up to then still count
  elif ((rc != 0)); then
    result="FOUND: $(grep -m1 -E 'ERROR: (AddressSanitizer|UndefinedBehaviorSanitizer|LeakSanitizer|libFuzzer)|runtime error|property failed' "$log" | cut -c1-120)"
    status=1
  fi
  rate=0
  [[ -n $executions && $elapsed -gt 0 ]] && rate=$((executions / elapsed))
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$stamp" "$target" "$elapsed" "${executions:-0}" \
    "$rate" "${edges:-?}" "${features:-?}" "${inputs:-?}" "${rss:-?}" "$result" >> "$summary"
  echo "    executions ${executions:-0}, edges ${edges:-?}, features ${features:-?}, corpus ${inputs:-?}: $result"
done

echo "=== totals over every recorded run ($summary)"
awk -F'\t' 'NR > 1 {
    runs[$2] += 1; secs[$2] += $3; execs[$2] += $4; edges[$2] = $6; ft[$2] = $7
    if ($10 ~ /^FOUND/) found[$2] += 1
  }
  END {
    printf "%-18s %5s %8s %14s %8s %9s %s\n", "target", "runs", "seconds", "executions", "edges", "features", "findings"
    for (t in runs) printf "%-18s %5d %8d %14d %8s %9s %d\n", t, runs[t], secs[t], execs[t], edges[t], ft[t], found[t]
  }' "$summary" | sort
exit $status
