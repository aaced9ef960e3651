#!/usr/bin/env bash
# Bounded cargo-fuzz pass over every target in fuzz/ (nightly only).
#
#   scripts/fuzz.sh                      # every target, FUZZ_SECONDS (default 60) each
#   FUZZ_SECONDS=300 scripts/fuzz.sh     # longer
#   scripts/fuzz.sh parse_bytes          # one target
#   FUZZ_CONFIG=1 scripts/fuzz.sh        # also the config target (builds polars: slow, heavy)
#
# Seeds: fuzz/seeds/<target>/ (committed: the test fixtures and 5-line excerpts), plus, when
# the real data set is present ($RINGFENCE_SHARED_DATA, else ../shared/data), the first 50
# lines of each real file, written to the working corpus fuzz/corpus/<target>/ (ignored by
# git; it grows from run to run). A crash, hang (> FUZZ_TIMEOUT s per input) or memory blow-up
# (> FUZZ_RSS_MB) fails the script; the input is left in fuzz/artifacts/<target>/. Keep it:
# copy it into crates/data/tests/regressions/<target>/ so plain `cargo test` replays it
# (see the README there), then fix the bug.
#
# Prints, per target, the executions and seconds, and exits non-zero on any finding.
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
FUZZ_TIMEOUT="${FUZZ_TIMEOUT:-10}"
FUZZ_RSS_MB="${FUZZ_RSS_MB:-2048}"
FUZZ_MAX_LEN="${FUZZ_MAX_LEN:-16384}"
FUZZ_CONFIG="${FUZZ_CONFIG:-0}"

if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "fuzz.sh: the nightly toolchain is not installed (rustup toolchain install nightly)" >&2
    exit 1
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "fuzz.sh: installing cargo-fuzz" >&2
    cargo install cargo-fuzz --locked
fi

cd fuzz
if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo +nightly fuzz list)
fi
features=()
if [ "$FUZZ_CONFIG" = 1 ]; then
    features=(--features config)
else
    mapfile -t targets < <(printf '%s\n' "${targets[@]}" | grep -vx config || true)
fi

# Real-data seeds (never committed): the first 50 lines of each file.
shared="${RINGFENCE_SHARED_DATA:-$(cd ../.. && pwd)/shared/data}"
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t"
done
if [ -d "$shared" ]; then
    while IFS= read -r -d '' f; do
        name="real50_$(basename "$f")"
        for t in parse_bytes detect; do
            if [ -d "corpus/$t" ]; then head -n 50 "$f" >"corpus/$t/$name"; fi
        done
    done < <(find "$shared" -maxdepth 3 -type f \( -name '*.csv' -o -name '*.tsv' \) -print0 | sort -z | head -z -n 40)
fi

cargo +nightly fuzz build "${features[@]}"

status=0
summary=()
for t in "${targets[@]}"; do
    log="$(mktemp)"
    echo "=== fuzz $t for ${FUZZ_SECONDS}s" >&2
    seeds=()
    if [ -d "seeds/$t" ]; then seeds=("seeds/$t"); fi
    if cargo +nightly fuzz run "${features[@]}" "$t" "corpus/$t" "${seeds[@]}" -- \
        -max_total_time="$FUZZ_SECONDS" -timeout="$FUZZ_TIMEOUT" -rss_limit_mb="$FUZZ_RSS_MB" \
        -max_len="$FUZZ_MAX_LEN" -print_final_stats=1 >"$log" 2>&1; then
        result="ok"
    else
        result="FAILED (see fuzz/artifacts/$t/)"
        status=1
        tail -n 40 "$log" >&2
    fi
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
    secs="$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)"
    summary+=("$(printf '%-12s %10s executions in %4ss  %s' "$t" "${runs:-?}" "${secs:-?}" "$result")")
    rm -f "$log"
done

echo
echo "fuzz summary (FUZZ_SECONDS=$FUZZ_SECONDS per target):"
printf '  %s\n' "${summary[@]}"
exit "$status"
