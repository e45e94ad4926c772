#!/usr/bin/env bash
# Distributed testing: tools/dist_test.sh CONFIG CHECKPOINT NPROC [ARGS]
set -euo pipefail
exec bash "$(dirname "$0")/torchrun.sh" test.py "$3" "$1" "$2" \
    --launcher pytorch "${@:4}"
