#!/usr/bin/env bash
# Distributed training: tools/dist_train.sh CONFIG NPROC [ARGS]
# On CPU-only machines it runs NPROC gloo processes.
set -euo pipefail
exec bash "$(dirname "$0")/torchrun.sh" train.py "$2" "$1" \
    --launcher pytorch "${@:3}"
