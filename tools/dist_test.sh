#!/usr/bin/env bash
# Multi-process / multi-machine testing with torchrun and MMEngine's runner.
#   tools/dist_test.sh CONFIG CHECKPOINT NPROC [test.py args...]
set -euo pipefail
CONFIG=$1
CHECKPOINT=$2
NPROC=$3
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
    --nproc_per_node="$NPROC" "$HERE/test.py" "$CONFIG" "$CHECKPOINT" \
    --launcher pytorch "${@:4}"
