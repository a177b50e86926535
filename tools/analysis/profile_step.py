"""Where the training step of a TubeR config spends its time (CPU).

Runs ``--warmup`` and then ``--steps`` profiled training steps of CONFIG
on batches of its train dataloader (``--workers`` loader processes; 0
loads in the main process) under ``torch.profiler``, and reports per step:
data loading (``next()`` of the dataloader), the data preprocessor, the
forward time of each top-level part of the model (backbone, input
projection, positional encoding, encoder, decoder, box and class heads,
query selection, criterion with its matcher separately; module hooks, so
the parts are inside "forward (all)"), backward, and gradient clipping +
AdamW step; then the profiler's top operators by self CPU time. The model
starts from random weights (init_cfg dropped). Beside the wall-clock time
of a step, the CPU time of this process per step (``time.process_time``,
all its threads, the loader processes not included): on a shared machine
it leaves out the time other jobs run instead of this one, so it is the
figure to compare across runs there.

Example::

    # CONFIG e.g. configs/tuber/tuber_r3d18-tiny_1xb2-8x1x1-5k_continuity-
    # bench-tubelets-rgb-flow.py (the make demo config)
    OMP_NUM_THREADS=1 python tools/analysis/profile_step.py CONFIG \\
        --steps 20 --workers 0
"""
import argparse
import time
from collections import defaultdict

import torch
from mmengine.config import Config, DictAction
from mmengine.registry import init_default_scope
from mmengine.runner import Runner

import mmcontinuity  # noqa: F401  (registration first)
from mmaction.registry import MODELS

PARTS = ('backbone', 'input_proj', 'positional_encoding', 'encoder',
         'decoder', 'bbox_head', 'cls_head', 'query_selection', 'criterion')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='TubeR config')
    parser.add_argument('--steps', type=int, default=20)
    parser.add_argument('--warmup', type=int, default=3)
    parser.add_argument('--workers', type=int, default=0,
                        help='dataloader worker processes')
    parser.add_argument('--top', type=int, default=25,
                        help='operators listed')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override settings of the config')
    return parser.parse_args()


def time_parts(model, times):
    """Add each part's forward seconds to ``times`` (module hooks), and the
    matcher's inside the criterion under 'matcher (in criterion)'."""
    starts = {}
    for name in PARTS:
        module = getattr(model, name, None)
        if module is None:
            continue
        module.register_forward_pre_hook(
            lambda m, a, n=name: starts.__setitem__(n, time.perf_counter()))
        module.register_forward_hook(
            lambda m, a, o, n=name: times.__setitem__(
                n, times[n] + time.perf_counter() - starts[n]))
    match = model.criterion.matcher

    def timed_match(*args, **kwargs):
        start = time.perf_counter()
        out = match(*args, **kwargs)
        times['matcher (in criterion)'] += time.perf_counter() - start
        return out

    model.criterion.matcher = timed_match


def profile(cfg, steps, warmup=3, workers=0, seed=0):
    """Profile ``steps`` training steps of ``cfg``.

    Returns:
        tuple: wall-clock and process CPU seconds per profiled step,
        {part: wall-clock seconds per step}, and the
        ``torch.profiler.profile`` object.
    """
    model = MODELS.build(cfg.model)
    model.init_weights()
    model.train()
    loader_cfg = cfg.train_dataloader.copy()
    loader_cfg.update(num_workers=workers, persistent_workers=workers > 0)
    batches = iter(Runner.build_dataloader(loader_cfg, seed=seed))
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    times = defaultdict(float)
    time_parts(model, times)

    def timed(name, fn, *args):
        start = time.perf_counter()
        out = fn(*args)
        times[name] += time.perf_counter() - start
        return out

    def step():
        batch = timed('data (next)', next, batches)
        data = timed('data_preprocessor', model.data_preprocessor, batch,
                     True)
        losses = timed('forward (all)', lambda: model(**data, mode='loss'))
        total = sum(v for k, v in losses.items() if 'loss' in k)
        optimizer.zero_grad()
        timed('backward', total.backward)
        timed('clip + optimizer', lambda: (
            torch.nn.utils.clip_grad_norm_(model.parameters(), 0.1),
            optimizer.step()))

    for i in range(warmup):
        print(f'warm-up step {i + 1}/{warmup}', flush=True)
        step()
    times.clear()
    start, start_cpu = time.perf_counter(), time.process_time()
    with torch.profiler.profile(
            activities=[torch.profiler.ProfilerActivity.CPU]) as prof:
        for i in range(steps):
            step()
            print(f'profiled step {i + 1}/{steps}', flush=True)
    wall = (time.perf_counter() - start) / steps
    cpu = (time.process_time() - start_cpu) / steps
    return wall, cpu, {k: v / steps for k, v in times.items()}, prof


def main():
    args = parse_args()
    torch.manual_seed(args.seed)
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    cfg.model.pop('init_cfg', None)
    init_default_scope(cfg.get('default_scope', 'mmaction'))
    wall, cpu, per_step, prof = profile(cfg, args.steps, args.warmup,
                                        args.workers, args.seed)
    print(f'threads={torch.get_num_threads()} workers={args.workers} '
          f'steps={args.steps}: {wall:.3f} s/step (profiled), process CPU '
          f'time {cpu:.3f} s/step')
    for name, seconds in sorted(per_step.items(), key=lambda x: -x[1]):
        print(f'{name:>24s}: {seconds:.4f} s/step '
              f'({100 * seconds / wall:5.1f} %)')
    print(prof.key_averages().table(sort_by='self_cpu_time_total',
                                    row_limit=args.top))


if __name__ == '__main__':
    main()
