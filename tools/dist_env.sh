# Sourced by dist_train.sh and dist_test.sh: the torchrun rendezvous.
# Several machines: set NNODES, NODE_RANK, MASTER_ADDR and PORT on each.
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
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
