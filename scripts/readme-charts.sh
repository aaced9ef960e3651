#!/usr/bin/env bash
# Regenerate the charts the README and docs/findings.md show.
#
#   scripts/readme-charts.sh                       # the shipped synthetic data only
#   scripts/readme-charts.sh ../shared/data        # also the mechanism ladder on the real data
#
# Runs configs/default.toml (all four layouts, full history + stress episodes; writes
# reports/default/ with its report) and copies two of its charts into reports/readme/, the one
# report directory that is committed. With a data directory it also runs
# configs/alvh-study.toml on it (the mechanism ladder, about a minute on two cores) and
# copies the ladder's waterfall. Runs are deterministic, so the PNGs only change when the
# engine, the data or the chart code does.
set -euo pipefail

cd "$(dirname "$0")/.."
cargo run --release -p ringfence -- run configs/default.toml --quiet
mkdir -p reports/readme
for chart in equity stress; do
    cp "reports/default/${chart}.png" "reports/readme/${chart}.png"
    echo "reports/readme/${chart}.png"
done
if [ $# -ge 1 ]; then
    cargo run --release -p ringfence -- run configs/alvh-study.toml --data "$1" --quiet
    cp reports/alvh-study/ladder_cagr.png reports/readme/ladder_cagr.png
    echo "reports/readme/ladder_cagr.png"
fi
