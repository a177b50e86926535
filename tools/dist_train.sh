#!/usr/bin/env bash
# Multi-process / multi-machine training with torchrun and MMEngine's runner.
#   tools/dist_train.sh CONFIG NPROC [train.py args...]
# Several machines: set NNODES, NODE_RANK, MASTER_ADDR and PORT on each.
# Works on CPUs too (gloo backend, see mmcontinuity/utils/dist.py).
set -euo pipefail
CONFIG=$1
NPROC=$2
NNODES=${NNODES:-1}
NODE_RANK=${NODE_RANK:-0}
# one machine: a port nobody listens on (a fixed default collides with any
# other job started the same way); several: the port agreed on all of them
if [ -z "${PORT:-}" ]; then
    if [ "$NNODES" = 1 ]; then
        PORT=$(python -c "import socket; s = socket.socket(); \
s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
    else
        PORT=29500
    fi
fi
MASTER_ADDR=${MASTER_ADDR:-127.0.0.1}
HERE="$(cd "$(dirname "$0")" && pwd)"

PYTHONPATH="$HERE/..${PYTHONPATH:+:$PYTHONPATH}" \
python -m torch.distributed.run --nnodes="$NNODES" --node_rank="$NODE_RANK" \
    --master_addr="$MASTER_ADDR" --master_port="$PORT" \
    --nproc_per_node="$NPROC" "$HERE/train.py" "$CONFIG" --launcher pytorch "${@:3}"
