#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each, from its seed corpus in
# tests/fuzz_corpus/<target>/, and prints one line per target:
#   <target> runs=<executions> seconds=<s> corpus=<inputs> crashes=<n>
# Usage: run_fuzzers.sh <build-fuzz dir> <seconds each> [target...]
# New inputs go to <build dir>/fuzz_work/<target>/ (never into the checked-in
# seeds); a crash, leak, UB report or timeout leaves its input in
# <build dir>/fuzz_artifacts/ and makes the script fail at the end.
set -u
build_dir=$1
seconds=$2
shift 2
source_dir=$(cd "$(dirname "$0")/.." && pwd)
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(transaction block genesis certificate net_message consensus frame handshake wallet invitation)
fi
# UBSan must abort so that libFuzzer records the input; leaks are findings.
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
failed=()
for target in "${targets[@]}"; do
  work="$build_dir/fuzz_work/$target"
  artifacts="$build_dir/fuzz_artifacts/$target/"
  log="$build_dir/fuzz_logs/$target.log"
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  # -timeout: one input taking 10 s is a finding (a hang); -rss_limit_mb
  # bounds memory so a decoder that allocates what an input declares fails.
  "$build_dir/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
    -print_final_stats=1 -artifact_prefix="$artifacts" \
    "$work" "$source_dir/tests/fuzz_corpus/$target" >"$log" 2>&1
  status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  corpus=$(find "$work" -type f | wc -l)
  crashes=$(find "$artifacts" -type f | wc -l)
  echo "$target runs=${runs:-0} seconds=$seconds corpus=$corpus crashes=$crashes exit=$status"
  if [ "$status" -ne 0 ] || [ "$crashes" -ne 0 ]; then
    failed+=("$target")
    tail -40 "$log"
  fi
done
if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzzing found problems in: ${failed[*]} (inputs under $build_dir/fuzz_artifacts/)" >&2
  exit 1
fi
