#!/usr/bin/env bash
# Testing on a Slurm cluster, one task per GPU:
#   tools/slurm_test.sh PARTITION JOB_NAME CONFIG CHECKPOINT [ARGS]
# Environment as tools/slurm_train.sh.
set -euo pipefail
exec bash "$(dirname "$0")/slurm_run.sh" test.py "$1" "$2" "$3" "$4" \
    "${@:5}"
