#!/usr/bin/env bash
# A sharded chipsim experiment as a Slurm job array: task i of the array runs shard i/N and writes
# its part file; a dependent job merges the parts. Submit from a shared folder (all nodes see parts/):
#   N=16 sbatch --array=1-16 examples/slurm-array.sh
#   sbatch --dependency=afterok:<array job id> --wrap "npx chipsim merge parts/part-*.jsonl --out out/result.json"
# $SLURM_ARRAY_TASK_ID is 1-based here (--array=1-N), as --shard K/N is.
#SBATCH --job-name=chipsim-shard
#SBATCH --cpus-per-task=2
#SBATCH --time=02:00:00
set -euo pipefail
N="${N:-${SLURM_ARRAY_TASK_COUNT:?run as a job array: sbatch --array=1-N}}"
K="${SLURM_ARRAY_TASK_ID:?run as a job array: sbatch --array=1-N}"
mkdir -p parts
# Re-running a failed array task continues its checkpoint (parts/part-K.jsonl.jsonl) with --resume.
resume=()
[[ -f "parts/part-$K.jsonl.jsonl" ]] && resume=(--resume)
exec npx chipsim compare "${SCENARIO:-h100-2023}" --policies "${POLICIES:-pro-rata,favoured}" \
  --reps "${REPS:-1000}" --seed "${SEED:-1}" --workers "${SLURM_CPUS_PER_TASK:-2}" --quiet \
  --shard "$K/$N" --out "parts/part-$K.jsonl" "${resume[@]}"
