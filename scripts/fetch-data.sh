#!/usr/bin/env bash
# Download the real daily series from their publishers into data/real/ (gitignored).
#
#   scripts/fetch-data.sh [OUT_DIR]        (default: data/real)
#
# Then run with:   ringfence data check --data data/real
#                  ringfence run configs/default.toml --data data/real
#
# Sources: Cboe index history files (VIX, VIX9D, VIX3M, VIX6M, VVIX, SKEW), FRED DTB3,
# Stooq ^SPX daily, Cboe CFE VX futures per-contract files (legacy archive 2004-2014 and the
# current per-expiry files). Each source that cannot be reached is reported with a clear
# message; the script exits 1 if any required source (SPX, VIX, DTB3) failed.
set -uo pipefail

OUT="${1:-data/real}"
mkdir -p "$OUT/vix_futures/cfe" || { echo "error: cannot create $OUT" >&2; exit 1; }
UA="ringfence-fetch/1.0"
failed_required=0

summary() { # file -> rows, first and last date
    local f="$1"
    local rows first last
    rows=$(($(grep -c . "$f") - 1))
    first=$(sed -n 2p "$f" | cut -d, -f1)
    last=$(tail -n 1 "$f" | cut -d, -f1)
    printf '  %-40s %7d rows  %s .. %s\n' "$(basename "$f")" "$rows" "$first" "$last"
}

fetch() { # url dest required(0/1)
    local url="$1" dest="$2" required="$3" tmp="$2.part"
    if curl -fsSL --retry 2 --max-time 120 -A "$UA" -o "$tmp" "$url" && [ -s "$tmp" ]; then
        mv "$tmp" "$dest"
        summary "$dest"
        return 0
    fi
    rm -f "$tmp"
    echo "  FAILED: $url could not be downloaded (network, moved file or rate limit)" >&2
    if [ "$required" = 1 ]; then failed_required=1; fi
    return 1
}

echo "Cboe index history -> $OUT"
CBOE=https://cdn.cboe.com/api/global/us_indices/daily_prices
fetch "$CBOE/VIX_History.csv" "$OUT/vix_cboe_history.csv" 1
fetch "$CBOE/VIX9D_History.csv" "$OUT/vix9d_cboe_history.csv" 0
fetch "$CBOE/VIX3M_History.csv" "$OUT/vix3m_cboe_history.csv" 0
fetch "$CBOE/VIX6M_History.csv" "$OUT/vix6m_cboe_history.csv" 0
fetch "$CBOE/VVIX_History.csv" "$OUT/vvix_cboe_history.csv" 0
fetch "$CBOE/SKEW_History.csv" "$OUT/skew_cboe_history.csv" 0

echo "FRED DTB3 (3-month T-bill, discount basis)"
fetch "https://fred.stlouisfed.org/graph/fredgraph.csv?id=DTB3" "$OUT/dtb3_fred.csv" 1

echo "SPX daily (Stooq ^SPX)"
fetch "https://stooq.com/q/d/l/?s=%5Espx&i=d" "$OUT/spx_stooq.csv" 1

echo "VX futures, legacy CFE archive 2004-2014"
codes=(F G H J K M N Q U V X Z)
n_ok=0
for yy in $(seq 4 14); do
    for code in "${codes[@]}"; do
        name=$(printf 'CFE_%s%02d_VX.csv' "$code" "$yy")
        if curl -fsSL --max-time 60 -A "$UA" -o "$OUT/vix_futures/cfe/$name" \
            "https://cdn.cboe.com/resources/futures/archive/volume-and-price/$name" 2>/dev/null; then
            n_ok=$((n_ok + 1))
        else
            rm -f "$OUT/vix_futures/cfe/$name"
        fi
    done
done
echo "  $n_ok legacy contract files"

echo "VX futures, current per-expiry files 2015 on"
# VIX expiration: the Wednesday 30 days before the next month's third Friday; on a holiday
# Cboe moves it a day earlier, so the day before is tried when the first guess is missing.
n_ok=0
for year in $(seq 2015 "$(date +%Y)"); do
    for month in $(seq 1 12); do
        ny=$year; nm=$((month + 1)); if [ $nm -gt 12 ]; then nm=1; ny=$((year + 1)); fi
        first=$(date -d "$ny-$(printf %02d $nm)-01" +%u)   # 1=Mon..7=Sun
        third_friday=$(( (5 - first + 7) % 7 + 15 ))
        exp=$(date -d "$ny-$(printf %02d $nm)-$third_friday -30 days" +%F)
        for cand in "$exp" "$(date -d "$exp -1 day" +%F)"; do
            url="https://cdn.cboe.com/data/us/futures/market_statistics/historical_data/VX/VX_$cand.csv"
            if curl -fsSL --max-time 60 -A "$UA" -o "$OUT/vix_futures/cfe/VX_$cand.csv" "$url" 2>/dev/null; then
                n_ok=$((n_ok + 1)); break
            fi
            rm -f "$OUT/vix_futures/cfe/VX_$cand.csv"
        done
    done
done
echo "  $n_ok current contract files"

if [ "$failed_required" = 1 ]; then
    echo "error: a required series (SPX, VIX or DTB3) could not be fetched; see messages above" >&2
    exit 1
fi
echo "done: run 'ringfence data check --data $OUT'"
