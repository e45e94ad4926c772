#!/usr/bin/env bash
# Launch tools/SCRIPT in NPROC processes with torchrun:
#   tools/torchrun.sh SCRIPT NPROC [ARGS]
# Environment: NNODES, NODE_RANK, PORT, MASTER_ADDR, PYTHON.
set -euo pipefail
SCRIPT=$1
NPROC=$2
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}" \
"${PYTHON:-python}" -m torch.distributed.run \
    --nnodes="${NNODES:-1}" \
    --node_rank="${NODE_RANK:-0}" \
    --master_addr="${MASTER_ADDR:-127.0.0.1}" \
    --master_port="${PORT:-29500}" \
    --nproc_per_node="$NPROC" \
    "$ROOT/tools/$SCRIPT" "${@:3}"
