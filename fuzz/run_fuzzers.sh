#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each, from its seed corpus in
# tests/fuzz_corpus/<target>/, and prints one line per target:
#   <target> runs=<executions> seconds=<s> corpus=<inputs> crashes=<n> exit=<status>
# Usage: run_fuzzers.sh <build-fuzz dir> <seconds each> [target...]
# FUZZ_PARALLEL (default 1) targets run at once, one core each.
# New inputs go to <build dir>/fuzz_work/<target>/ (never into the checked-in
# seeds); a crash, leak, UB report, timeout or memory blow-up leaves its input
# in <build dir>/fuzz_artifacts/<target>/ and makes the script fail at the end.
set -u
build_dir=$1
seconds=$2
shift 2
source_dir=$(cd "$(dirname "$0")/.." && pwd)
parallel=${FUZZ_PARALLEL:-1}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(transaction block genesis certificate net_message consensus frame handshake wallet invitation state_proof)
fi
# UBSan must abort so that libFuzzer records the input; leaks are findings.
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
mkdir -p "$build_dir/fuzz_logs"
rm -f "$build_dir"/fuzz_logs/*.failed

run_one() {
  local target=$1
  local work="$build_dir/fuzz_work/$target"
  local artifacts="$build_dir/fuzz_artifacts/$target/"
  local log="$build_dir/fuzz_logs/$target.log"
  mkdir -p "$work" "$artifacts"
  # -timeout: one input taking 10 s is a finding (a hang); -rss_limit_mb
  # bounds memory so a decoder that allocates what an input declares fails.
  "$build_dir/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
    -print_final_stats=1 -artifact_prefix="$artifacts" \
    "$work" "$source_dir/tests/fuzz_corpus/$target" >"$log" 2>&1
  local status=$?
  local runs corpus crashes
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  corpus=$(find "$work" -type f | wc -l)
  crashes=$(find "$artifacts" -type f | wc -l)
  echo "$target runs=${runs:-0} seconds=$seconds corpus=$corpus crashes=$crashes exit=$status"
  if [ "$status" -ne 0 ] || [ "$crashes" -ne 0 ]; then
    touch "$build_dir/fuzz_logs/$target.failed"
    tail -40 "$log"
  fi
}

for target in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do wait -n; done
  run_one "$target" &
done
wait

failed=$(cd "$build_dir/fuzz_logs" && ls -- *.failed 2>/dev/null | sed 's/\.failed$//' | tr '\n' ' ')
if [ -n "$failed" ]; then
  echo "fuzzing found problems in: $failed(inputs under $build_dir/fuzz_artifacts/)" >&2
  exit 1
fi
