#!/usr/bin/env bash
# Write an SPX dividend-yield file ([data] spx_div_yield) from month-end levels of the S&P 500
# total-return index (SPTR) and the price index (SPX).
#
#   scripts/div-yield-from-cboe.sh INPUT.csv OUTPUT.csv
#
# INPUT: comma-separated, a header naming a date column (`month_end` or `date`, any case)
# and the columns `SPTR` and `SPX` (any case, any order), one row per month-end in ascending
# order, e.g. ../shared/cboe/cboe_strategy_indices_monthly_1989_2012.csv.
# OUTPUT: `DATE,DIV_YIELD`, one row per month-end from the 12th month on: the sum of the last
# 12 months' dividend returns, (SPTR_t / SPTR_t-1) / (SPX_t / SPX_t-1) - 1, in percent (the
# trailing year's dividends over price), dated the month-end it is known on.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 INPUT.csv OUTPUT.csv" >&2
    exit 2
fi
input=$1
output=$2
[ -f "$input" ] || { echo "error: $input: no such file" >&2; exit 1; }

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
awk -F, -v file="$input" '
NR == 1 {
    for (i = 1; i <= NF; i++) {
        h = tolower($i); gsub(/[" \r]/, "", h)
        if (h == "month_end" || h == "date") dc = i
        if (h == "sptr") tc = i
        if (h == "spx") pc = i
    }
    if (!dc || !tc || !pc) {
        printf "error: %s line 1: the header needs a date column (month_end or date), SPTR and SPX; found: %s\n", file, $0 > "/dev/stderr"
        exit 1
    }
    print "DATE,DIV_YIELD"
    next
}
{
    d = $dc; t = $tc + 0; p = $pc + 0
    if (t <= 0 || p <= 0) {
        printf "error: %s line %d: SPTR and SPX must be positive levels (got %s, %s)\n", file, NR, $tc, $pc > "/dev/stderr"
        exit 1
    }
    if (n_rows++ > 0) {
        r[++n] = (t / pt) / (p / pp) - 1
        if (n >= 12) {
            s = 0
            for (j = n - 11; j <= n; j++) s += r[j]
            printf "%s,%.4f\n", d, 100 * s
        }
    }
    pt = t; pp = p
}
' "$input" > "$tmp"
mv "$tmp" "$output"
trap - EXIT
echo "$output: $(($(wc -l < "$output") - 1)) month-end yields"
