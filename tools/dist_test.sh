#!/usr/bin/env bash
# Multi-process / multi-machine testing with torchrun and MMEngine's runner.
#   tools/dist_test.sh CONFIG CHECKPOINT NPROC [test.py args...]
set -euo pipefail
CONFIG=$1
CHECKPOINT=$2
NPROC=$3
source "$(dirname "$0")/dist_env.sh"

PYTHONPATH="$HERE/..${PYTHONPATH:+:$PYTHONPATH}" \
python -m torch.distributed.run --nnodes="$NNODES" --node_rank="$NODE_RANK" \
    --master_addr="$MASTER_ADDR" --master_port="$PORT" \
    --nproc_per_node="$NPROC" "$HERE/test.py" "$CONFIG" "$CHECKPOINT" \
    --launcher pytorch "${@:4}"
