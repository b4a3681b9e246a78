#!/usr/bin/env bash
# A sharded chipsim experiment with GNU parallel (locally, or on other machines with -S host1,host2
# and a shared folder): N shards at once, then one merge. Tested in test/experiment/shard.test.ts.
#   N=4 examples/parallel.sh
set -euo pipefail
N="${N:-4}"
mkdir -p parts
seq 1 "$N" | parallel --halt now,fail=1 npx chipsim compare "${SCENARIO:-h100-2023}" \
  --policies "${POLICIES:-pro-rata,favoured}" --reps "${REPS:-100}" --seed "${SEED:-1}" --workers 1 --quiet \
  --shard "{}/$N" --out "parts/part-{}.jsonl"
npx chipsim merge parts/part-*.jsonl --out "${OUT:-out/result.json}"
