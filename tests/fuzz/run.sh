#!/usr/bin/env bash
# Runs every libFuzzer target of a fuzz build for a bounded time, seeded with the committed
# corpus; new inputs go to a scratch corpus in the build directory. A finding stops the run
# with the target's non-zero status and leaves the input as BUILD/fuzz-artifacts/NAME/crash-*.
# Usage: tests/fuzz/run.sh [BUILD_DIR [SECONDS [NAME...]]]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build-fuzz}"
seconds="${2:-30}"
shift $(( $# > 2 ? 2 : $# ))
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
    for exe in "$build"/bin/fuzz_*; do
        names+=("$(basename "$exe" | sed 's/^fuzz_//')")
    done
fi
for name in "${names[@]}"; do
    scratch="$build/fuzz-corpus/$name"
    artifacts="$build/fuzz-artifacts/$name"
    mkdir -p "$scratch" "$artifacts"
    seeds=("$here/corpus/$name")
    [ -d "$here/regressions/$name" ] && seeds+=("$here/regressions/$name")
    echo "== fuzz_$name for ${seconds}s"
    log="$build/fuzz-artifacts/$name.log"
    status=0
    "$build/bin/fuzz_$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" "$scratch" "${seeds[@]}" \
        >"$log" 2>&1 || status=$?
    grep -E '^(stat::number_of_executed_units|stat::new_units_added|SUMMARY|==[0-9]+==ERROR)' \
        "$log" || true
    if [ "$status" -ne 0 ]; then
        echo "fuzz_$name: finding (status $status); inputs in $artifacts, log in $log" >&2
        tail -n 40 "$log" >&2
        exit "$status"
    fi
done
echo "fuzz-run: ${#names[@]} targets passed"
