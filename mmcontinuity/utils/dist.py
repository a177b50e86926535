"""Multi-process training on machines without CUDA."""
import os

import torch
import torch.distributed as torch_dist


def setup_cpu_distributed(cfg, launcher: str) -> None:
    """Prepare ``cfg`` for ``--launcher pytorch`` on a machine without CUDA.

    MMEngine's ``pytorch`` launcher calls ``torch.cuda.set_device`` and wraps
    the model in DDP with ``device_ids=[cuda_device]``, so multi-process runs
    on CPUs fail. When CUDA is absent, this initialises the gloo process group
    from the torchrun environment (``RANK``, ``WORLD_SIZE``, ``MASTER_ADDR``,
    ``MASTER_PORT``) before the Runner is built — the Runner then skips its
    own initialisation — and asks for a CPU DDP wrapper. With CUDA available
    it does nothing.

    Args:
        cfg (mmengine.Config): The config, modified in place.
        launcher (str): The ``--launcher`` argument of the tool.
    """
    if launcher != 'pytorch' or torch.cuda.is_available():
        return
    if not torch_dist.is_initialized():
        missing = [k for k in ('RANK', 'WORLD_SIZE', 'MASTER_ADDR',
                               'MASTER_PORT') if k not in os.environ]
        if missing:
            raise RuntimeError(
                '--launcher pytorch needs the torchrun environment; missing '
                f'{missing}. Start the tool with tools/dist_train.sh or '
                'torchrun.')
        torch_dist.init_process_group(backend='gloo')
    cfg.setdefault('model_wrapper_cfg',
                   dict(type='MMDistributedDataParallel', device_ids=None))


def teardown_distributed() -> None:
    """End a multi-process run in step: every process waits at a barrier
    until all are done, then closes its process group. Without it a
    process that finishes first exits while the others still hold gloo
    connections to it."""
    if torch_dist.is_available() and torch_dist.is_initialized():
        torch_dist.barrier()
        torch_dist.destroy_process_group()
