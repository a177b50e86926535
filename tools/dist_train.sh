#!/usr/bin/env bash
# Multi-process / multi-machine training with torchrun and MMEngine's runner.
#   tools/dist_train.sh CONFIG NPROC [train.py args...]
# Several machines: set NNODES, NODE_RANK, MASTER_ADDR and PORT on each.
# Works on CPUs too (gloo backend, see mmcontinuity/utils/dist.py).
set -euo pipefail
CONFIG=$1
NPROC=$2
source "$(dirname "$0")/dist_env.sh"

PYTHONPATH="$HERE/..${PYTHONPATH:+:$PYTHONPATH}" \
python -m torch.distributed.run --nnodes="$NNODES" --node_rank="$NODE_RANK" \
    --master_addr="$MASTER_ADDR" --master_port="$PORT" \
    --nproc_per_node="$NPROC" "$HERE/train.py" "$CONFIG" --launcher pytorch "${@:3}"
