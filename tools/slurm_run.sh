#!/usr/bin/env bash
# Run tools/SCRIPT under srun with MMEngine's slurm launcher:
#   tools/slurm_run.sh SCRIPT PARTITION JOB_NAME [ARGS]
# Environment: GPUS, GPUS_PER_NODE, CPUS_PER_TASK, SRUN_ARGS, PYTHON.
set -euo pipefail
SCRIPT=$1
PARTITION=$2
JOB_NAME=$3
GPUS=${GPUS:-8}
GPUS_PER_NODE=${GPUS_PER_NODE:-$(( GPUS < 8 ? GPUS : 8 ))}
CPUS_PER_TASK=${CPUS_PER_TASK:-5}
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
read -r -a EXTRA <<< "${SRUN_ARGS:-}"

PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}" \
srun --partition="$PARTITION" --job-name="$JOB_NAME" \
    --gres="gpu:$GPUS_PER_NODE" --ntasks="$GPUS" \
    --ntasks-per-node="$GPUS_PER_NODE" --cpus-per-task="$CPUS_PER_TASK" \
    --kill-on-bad-exit=1 ${EXTRA[@]+"${EXTRA[@]}"} \
    "${PYTHON:-python}" -u "$ROOT/tools/$SCRIPT" "${@:4}" --launcher slurm
