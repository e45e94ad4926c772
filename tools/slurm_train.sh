#!/usr/bin/env bash
# Training on a Slurm cluster, one task per GPU:
#   tools/slurm_train.sh PARTITION JOB_NAME CONFIG WORK_DIR [ARGS]
# Environment: GPUS (tasks in all, 8), GPUS_PER_NODE (8), CPUS_PER_TASK
# (5), SRUN_ARGS (extra srun options), PYTHON. MMEngine's slurm launcher
# reads each task's rank from SLURM_PROCID; --kill-on-bad-exit ends every
# task when one fails.
set -euo pipefail
exec bash "$(dirname "$0")/slurm_run.sh" train.py "$1" "$2" \
    "$3" --work-dir "$4" "${@:5}"
