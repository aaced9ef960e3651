#!/usr/bin/env bash
# Measure the shipped model (no refit) on data it has not seen, against the model's fidelity
# targets, one table per kind of data:
# - Cboe strategy indices: every methodology config against index levels (PUT: annual-return
#   tracking error at most 1.5 points; CNDR: at most 2.0 and monthly correlation at least
#   0.95);
# - real SPX chains: the 16-delta / 50-point condor mid, 14-100 days (median abs error at most
#   10%, over all and in each VIX regime);
# - a smile file: the seven smile points against the targets `calibrate smile` prints, and the
#   file's 16-delta / 50-point condor mids against the same 10%;
# - real VIX option chains: implied vols (median abs error at most 2 vol points).
# What the held-out years 2013-2025 and the held-out chains are for.
#
#   scripts/held-out.sh --data DIR [--years FROM-TO] [--keep DIR] [--levels FILE]...
#                       [--spx-chain FILE]... [--smile FILE]... [--vix-chain FILE]...
#
# --data       the daily history (e.g. ../shared/data, or a newer copy); it must cover the
#              years compared and the chains' quote dates (VIX chains: the VX settles too).
# --years      compare the indices over these calendar years only (`ringfence compare-index
#              --years`); absent: every month the run and the levels share.
# --keep       keep the runs, the comparisons' CSVs and charts and each command's output
#              there (default: a temporary directory, removed on exit).
# --levels     a file `ringfence compare-index --index-file` reads: month-end levels with a
#              column per index (../shared/cboe/cboe_strategy_indices_monthly_1989_2012.csv) or
#              Cboe's daily history file of one index (`DATE,PUT`). Each index (PUT, BXM, CNDR,
#              BFLY, PPUT, CLL, SPTR, VXTH) is compared with the first file that has its column;
#              an index no file has is listed as such and its config is not run.
# --spx-chain  an SPX chain in any layout `ringfence data import-chains` reads, held with
#              `ringfence calibrate condors --file`.
# --smile      a smile file in the columns of spx_smile_calibration_2005_2022.tsv, held with
#              `ringfence calibrate smile --evaluate-only --file`.
# --vix-chain  a Cboe DataShop VIX option chain, held with `ringfence calibrate vix-options
#              --evaluate-only --file`.
# At least one of --levels, --spx-chain, --smile and --vix-chain; each may be repeated.
#
# The binary: $RINGFENCE, else this checkout's target/release/ringfence (`cargo build
# --release`), else `ringfence` on PATH. Prints Markdown on standard output; exits 0 when
# every measurement ran (met or missed targets alike), 1 when one failed (its output is
# printed on standard error), 2 on bad arguments, before anything is printed.
set -euo pipefail

usage() {
    echo "usage: $0 --data DIR [--years FROM-TO] [--keep DIR] [--levels FILE]... [--spx-chain FILE]... [--smile FILE]... [--vix-chain FILE]..." >&2
    exit 2
}

root=$(cd "$(dirname "$0")/.." && pwd)
data=""
years=""
keep=""
levels=()
spx_chains=()
vix_chains=()
smiles=()
while [ $# -gt 0 ]; do
    case $1 in
        --data) [ $# -ge 2 ] || usage; data=$2; shift 2 ;;
        --years) [ $# -ge 2 ] || usage; years=$2; shift 2 ;;
        --keep) [ $# -ge 2 ] || usage; keep=$2; shift 2 ;;
        --levels) [ $# -ge 2 ] || usage; levels+=("$2"); shift 2 ;;
        --spx-chain) [ $# -ge 2 ] || usage; spx_chains+=("$2"); shift 2 ;;
        --vix-chain) [ $# -ge 2 ] || usage; vix_chains+=("$2"); shift 2 ;;
        --smile) [ $# -ge 2 ] || usage; smiles+=("$2"); shift 2 ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "error: unknown argument $1" >&2; usage ;;
    esac
done
[ -n "$data" ] || { echo "error: --data DIR is required (the daily history)" >&2; usage; }
[ -d "$data" ] || { echo "error: --data $data: no such directory" >&2; exit 2; }
if [ $((${#levels[@]} + ${#spx_chains[@]} + ${#vix_chains[@]} + ${#smiles[@]})) -eq 0 ]; then
    echo "error: nothing to measure: give --levels, --spx-chain, --vix-chain or --smile" >&2
    usage
fi
for f in ${levels[@]+"${levels[@]}"} ${spx_chains[@]+"${spx_chains[@]}"} \
    ${vix_chains[@]+"${vix_chains[@]}"} ${smiles[@]+"${smiles[@]}"}; do
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

# The first --levels file whose header (after the date column) names the index $1, any case;
# empty when none does.
levels_with() {
    local want f
    want=$(echo "$1" | tr '[:upper:]' '[:lower:]')
    for f in ${levels[@]+"${levels[@]}"}; do
        # The header's names after the first, lower case, without quotes, CR or a BOM.
        if head -n 1 "$f" | tr -d '\r"\357\273\277' | tr '[:upper:],' '[:lower:]\n' \
            | tail -n +2 | sed 's/^ *//; s/ *$//' | grep -x "$want" >/dev/null; then
            echo "$f"
            return
        fi
    done
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
if [ ${#levels[@]} -gt 0 ]; then
    while read -r index config layout; do
        plan+="$index $config $layout $(levels_with "$index")"$'\n'
    done <<<"$indices"
    if ! echo "$plan" | awk 'NF >= 4 { found = 1 } END { exit !found }'; then
        echo "error: no --levels file has a column named PUT, BXM, CNDR, BFLY, PPUT, CLL, SPTR or VXTH (any case, after the date column): ${levels[*]}" >&2
        exit 2
    fi
fi

if [ -n "$keep" ]; then
    mkdir -p "$keep"
    work=$(cd "$keep" && pwd)
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
failed=0

# `column` of the one-row CSV `file`.
csv_value() {
    awk -F, -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i } NR == 2 { print $c }' "$1"
}

# The rows of the first Markdown table in the file $1 whose header's first cell is $2, as
# `first|second|third|last` cells (trimmed).
table_rows() {
    awk -F'|' -v head="$2" '
        function trim(s) { gsub(/^ +| +$/, "", s); return s }
        !found && trim($2) == head { found = 1; getline; next }
        found && !/^\|/ { exit }
        found { print trim($2) "|" trim($3) "|" trim($4) "|" trim($(NF - 1)) }' "$1"
}

# The largest value that meets the target of the row labelled $2 of a table of kind $1 (spx,
# vix, smile; $3 the row's last cell); empty for a row without a target.
target_max() {
    case $1:$2 in
        spx:all | "spx:VIX < 15" | "spx:VIX 15-18" | "spx:VIX >= 18") echo 10 ;;
        vix:all) echo 2 ;;
        smile:*condor*) echo 10 ;;
        smile:*) sed -n 's/^<= \([0-9.]*\)%\{0,1\}$/\1/p' <<<"$3" ;;
    esac
}

# Print `table_rows` $2 of kind $1 as Markdown rows: label, n, value, target, verdict.
verdict_rows() {
    local kind=$1 label n value last max target verdict
    while IFS='|' read -r label n value last; do
        [ -n "$label" ] || continue
        max=$(target_max "$kind" "$label" "$last")
        target="-" verdict="-"
        if [ -n "$max" ]; then
            target="<= $max"
            verdict=$(awk -v v="${value%\%}" -v m="$max" 'BEGIN { print (v + 0 <= m + 0) ? "met" : "missed" }')
        fi
        echo "| $label | $n | $value | $target | $verdict |"
    done <<<"$2"
}

# Run `ringfence ARGS` ($6 on) into $work/$5.md and print its table whose first column is
# $3 as rows of kind $1 (`verdict_rows`) under the heading $2, the value column named $4; a
# failure is a "failed" row, its output on standard error.
calibrated() {
    local kind=$1 title=$2 head=$3 column=$4 out=$work/$5.md
    shift 5
    echo "## $title"
    echo
    echo "| $head | n | $column | target | verdict |"
    echo "|---|---:|---:|---|---|"
    if ! "$rf" "$@" </dev/null >"$out" 2>&1; then
        echo "error: ringfence $* failed:" >&2
        cat "$out" >&2
        echo "| failed | - | - | - | - |"
        failed=1
    else
        verdict_rows "$kind" "$(table_rows "$out" "$head")"
    fi
    echo
}

if [ ${#levels[@]} -gt 0 ]; then
    echo "## Cboe strategy indices${years:+, $years}"
    echo
    echo "| index | config | months | correlation | annual-return TE, pts | mean difference, %/yr | target | verdict |"
    echo "|---|---|---:|---:|---:|---:|---|---|"
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
        # The targets: annual-return TE at most te_max points; correlation at least corr_min.
        case $index in
            PUT) te_max=1.5 corr_min=-1 ;;
            CNDR) te_max=2.0 corr_min=0.95 ;;
            *) te_max="" corr_min="" ;;
        esac
        awk -v index_="$index" -v config="$config" -v months="$(csv_value "$s" months)" \
            -v corr="$(csv_value "$s" correlation)" -v te="$(csv_value "$s" annual_te)" \
            -v mean="$(csv_value "$s" mean_difference)" -v full="$(csv_value "$s" full_years)" \
            -v te_max="$te_max" -v corr_min="$corr_min" 'BEGIN {
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
    echo
fi

i=0
for chain in ${spx_chains[@]+"${spx_chains[@]}"}; do
    i=$((i + 1))
    calibrated spx "SPX condor mid (16-delta / 50-point, 14-100 days): $chain" group \
        "median abs err %" "spx-chain-$i" calibrate condors --file "$chain" --data "$data"
done
i=0
for file in ${smiles[@]+"${smiles[@]}"}; do
    i=$((i + 1))
    calibrated smile "SPX smile: $file" point "median abs err" "smile-$i" \
        calibrate smile --evaluate-only --file "$file" --data "$data"
done
i=0
for chain in ${vix_chains[@]+"${vix_chains[@]}"}; do
    i=$((i + 1))
    calibrated vix "VIX option implied vols: $chain" quotes "median abs err (vol pts)" \
        "vix-chain-$i" calibrate vix-options --evaluate-only --file "$chain" --data "$data"
done
exit $failed
