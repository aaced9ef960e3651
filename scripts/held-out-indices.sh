#!/usr/bin/env bash
# Measure every Cboe methodology config against index levels over chosen years, one line an
# index, with the model's fidelity targets where there are any (PUT: annual-return tracking
# error at most 1.5 points; CNDR: at most 2.0 and monthly correlation at least 0.95). The
# shipped model, no refit: what the held-out years 2013-2025 are for.
#
#   scripts/held-out-indices.sh --data DIR [--years FROM-TO] [--keep DIR] LEVELS.csv [LEVELS.csv ...]
#
# --data   the daily history the configs run on (e.g. ../shared/data, or a newer copy); it must
#          cover the years compared.
# --years  compare over these calendar years only (`ringfence compare-index --years`); absent:
#          every month the run and the levels share.
# --keep   keep the run directories and the comparisons' CSVs and charts there (default: a
#          temporary directory, removed on exit).
# LEVELS   files `ringfence compare-index --index-file` reads: month-end levels with a column
#          per index (../shared/cboe/cboe_strategy_indices_monthly_1989_2012.csv) or Cboe's
#          daily history files of one index each (`DATE,PUT`). Each index (PUT, BXM, CNDR,
#          BFLY, PPUT, CLL, SPTR, VXTH) is compared with the first file that has its column;
#          an index no file has is listed as such and its config is not run.
#
# The binary: $RINGFENCE, else this checkout's target/release/ringfence (`cargo build
# --release`), else `ringfence` on PATH. Prints a Markdown table on standard output; exits 0
# when every comparison ran (met or missed targets alike), 1 when a run or comparison failed
# (its log is printed on standard error), 2 on bad arguments.
set -euo pipefail

usage() {
    echo "usage: $0 --data DIR [--years FROM-TO] [--keep DIR] LEVELS.csv [LEVELS.csv ...]" >&2
    exit 2
}

root=$(cd "$(dirname "$0")/.." && pwd)
data=""
years=""
keep=""
levels=()
while [ $# -gt 0 ]; do
    case $1 in
        --data) [ $# -ge 2 ] || usage; data=$2; shift 2 ;;
        --years) [ $# -ge 2 ] || usage; years=$2; shift 2 ;;
        --keep) [ $# -ge 2 ] || usage; keep=$2; shift 2 ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "error: unknown option $1" >&2; usage ;;
        *) levels+=("$1"); shift ;;
    esac
done
[ -n "$data" ] || { echo "error: --data DIR is required (the daily history)" >&2; usage; }
[ -d "$data" ] || { echo "error: --data $data: no such directory" >&2; exit 2; }
[ ${#levels[@]} -gt 0 ] || { echo "error: no LEVELS file given" >&2; usage; }
for f in "${levels[@]}"; do
    [ -f "$f" ] || { echo "error: $f: no such file" >&2; exit 2; }
done
if [ -n "$years" ] && ! [[ $years =~ ^[0-9]{4}-[0-9]{4}$ ]]; then
    echo "error: --years $years: expected FROM-TO, e.g. 2013-2025" >&2
    exit 2
fi

if [ -n "${RINGFENCE:-}" ]; then
    rf=$RINGFENCE
elif [ -x "$root/target/release/ringfence" ]; then
    rf=$root/target/release/ringfence
else
    rf=$(command -v ringfence || echo "$root/target/release/ringfence")
fi
[ -x "$rf" ] || { echo "error: no ringfence binary at $rf: run \`cargo build --release\` or set RINGFENCE" >&2; exit 2; }

if [ -n "$keep" ]; then
    mkdir -p "$keep"
    work=$(cd "$keep" && pwd)
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi

# The first LEVELS file whose header (after the date column) names `index`, any case; empty
# when none does.
levels_with() {
    local want f
    want=$(echo "$1" | tr '[:upper:]' '[:lower:]')
    for f in "${levels[@]}"; do
        # The header's names after the first, lower case, without quotes, CR or a BOM.
        if head -n 1 "$f" | tr -d '\r"\357\273\277' | tr '[:upper:],' '[:lower:]\n' \
            | tail -n +2 | sed 's/^ *//; s/ *$//' | grep -x "$want" >/dev/null; then
            echo "$f"
            return
        fi
    done
}

# `column` of the one-row CSV `file`.
csv_value() {
    awk -F, -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i } NR == 2 { print $c }' "$1"
}

# index, config, the layout its comparison reads.
indices="PUT cboe-put unhedged
BXM cboe-bxm unhedged
CNDR cboe-cndr unhedged
BFLY cboe-bfly unhedged
PPUT cboe-pput unhedged
CLL cboe-cll commingled
SPTR cboe-sptr unhedged
VXTH cboe-vxth commingled"

# Which file each index is compared with, settled before anything is printed.
plan=""
while read -r index config layout; do
    plan+="$index $config $layout $(levels_with "$index")"$'\n'
done <<<"$indices"
if ! echo "$plan" | awk 'NF >= 4 { found = 1 } END { exit !found }'; then
    echo "error: no LEVELS file has a column named PUT, BXM, CNDR, BFLY, PPUT, CLL, SPTR or VXTH (any case, after the date column): ${levels[*]}" >&2
    exit 2
fi

echo "| index | config | months | correlation | annual-return TE, pts | mean difference, %/yr | target | verdict |"
echo "|---|---|---:|---:|---:|---:|---|---|"
failed=0
while read -r index config layout file; do
    [ -n "$index" ] || continue
    if [ -z "$file" ]; then
        echo "| $index | $config | - | - | - | - | - | no levels |"
        continue
    fi
    lower=$(echo "$index" | tr '[:upper:]' '[:lower:]')
    run=$work/$config
    log=$work/$config.log
    rm -rf "$run"
    cmp_args=(compare-index "$run" --index-file "$file" --index "$index" --scenario "s000000_$layout" --out "$run/compare")
    [ -z "$years" ] || cmp_args+=(--years "$years")
    if ! "$rf" run "$root/configs/$config.toml" --data "$data" --out "$run" --no-report --quiet </dev/null >"$log" 2>&1 \
        || ! "$rf" "${cmp_args[@]}" </dev/null >>"$log" 2>&1; then
        echo "error: $index ($config) failed:" >&2
        cat "$log" >&2
        echo "| $index | $config | - | - | - | - | - | failed |"
        failed=1
        continue
    fi
    s=$run/compare/${lower}_summary.csv
    months=$(csv_value "$s" months)
    corr=$(csv_value "$s" correlation)
    te=$(csv_value "$s" annual_te)
    mean=$(csv_value "$s" mean_difference)
    full=$(csv_value "$s" full_years)
    # The targets: annual-return TE at most te_max points; correlation at least corr_min.
    case $index in
        PUT) te_max=1.5 corr_min=-1 ;;
        CNDR) te_max=2.0 corr_min=0.95 ;;
        *) te_max="" corr_min="" ;;
    esac
    awk -v index_="$index" -v config="$config" -v months="$months" -v corr="$corr" -v te="$te" \
        -v mean="$mean" -v full="$full" -v te_max="$te_max" -v corr_min="$corr_min" 'BEGIN {
        te_cell = (full > 0) ? sprintf("%.2f (%d years)", te * 100, full) : "- (no full year)"
        target = "-"
        verdict = "-"
        if (te_max != "") {
            target = "TE <= " te_max (corr_min > -1 ? ", correlation >= " corr_min : "")
            if (full == 0) verdict = "no full year"
            else verdict = (te * 100 <= te_max && corr >= corr_min) ? "met" : "missed"
        }
        printf "| %s | %s | %d | %.3f | %s | %+.2f | %s | %s |\n", index_, config, months, corr, te_cell, mean * 100, target, verdict
    }'
done <<<"$plan"
exit $failed
