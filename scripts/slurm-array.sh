#!/usr/bin/env bash
# Run a ringfence sweep as a Slurm job array, one shard per array task, then merge.
#
#   sbatch --array=1-16 scripts/slurm-array.sh configs/sweep-example.toml
#   # when every task has finished (or chain it: sbatch --dependency=afterok:<jobid> ...):
#   MERGE=1 scripts/slurm-array.sh configs/sweep-example.toml
#
# Each task runs `ringfence run CONFIG --shard i/N` with i = SLURM_ARRAY_TASK_ID (1-based,
# so submit --array=1-N) and N = SLURM_ARRAY_TASK_COUNT, writing reports/<name>.shard-i-of-N
# on the shared file system. A task that is preempted or killed can be resubmitted as is:
# `--resume` continues from its last complete chunk. The merge checks that all N shards
# come from the same config and data (hash in run.json) and writes reports/<name>, byte
# for byte what a single-machine run would write.
#
#SBATCH --job-name=ringfence
#SBATCH --cpus-per-task=4
#SBATCH --mem=4G
#SBATCH --time=02:00:00
#SBATCH --output=reports/slurm-%A_%a.out
set -euo pipefail

CONFIG="${1:?usage: slurm-array.sh CONFIG [extra ringfence run options]}"
shift
BIN="${RINGFENCE_BIN:-ringfence}"
NAME="$(basename "$CONFIG" .toml)"
OUT_ROOT="${OUT_ROOT:-reports}"

if [ "${MERGE:-0}" = "1" ]; then
    shopt -s nullglob
    shards=("$OUT_ROOT/$NAME".shard-*-of-*)
    if [ ${#shards[@]} -eq 0 ]; then
        echo "error: no shard directories $OUT_ROOT/$NAME.shard-*-of-*" >&2
        exit 2
    fi
    exec "$BIN" merge "${shards[@]}" --out "$OUT_ROOT/$NAME"
fi

: "${SLURM_ARRAY_TASK_ID:?run under sbatch --array=1-N (or set MERGE=1 to merge)}"
N="${SLURM_ARRAY_TASK_COUNT:?SLURM_ARRAY_TASK_COUNT not set}"
I="$SLURM_ARRAY_TASK_ID"
exec "$BIN" run "$CONFIG" --shard "$I/$N" --resume --quiet --no-report \
    --threads "${SLURM_CPUS_PER_TASK:-1}" \
    --out "$OUT_ROOT/$NAME.shard-$I-of-$N" "$@"
