#!/usr/bin/env bash
# Regenerate the two charts the top-level README shows, from the shipped synthetic data.
#
#   scripts/readme-charts.sh
#
# Runs configs/default.toml (all four layouts, full history + stress episodes; writes
# reports/default/ with its report) and copies two of its charts into reports/readme/,
# the one report directory that is committed. The run is deterministic, so the PNGs only
# change when the engine, the data or the chart code does.
set -euo pipefail

cd "$(dirname "$0")/.."
cargo run --release -p ringfence -- run configs/default.toml --quiet
mkdir -p reports/readme
for chart in equity stress; do
    cp "reports/default/${chart}.png" "reports/readme/${chart}.png"
    echo "reports/readme/${chart}.png"
done
