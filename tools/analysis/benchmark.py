"""Time a model or a layer against a baseline, in one process.

Two kinds of target, each compared with a baseline of the same kind:

* a config's model (``--mode predict`` / ``tensor`` / ``train``), fed either
  with the first batch of the config's dataloader or, for ``tensor`` and
  ``predict`` mode, with a random input of ``--shape`` (``predict``: pixel
  values through the data preprocessor, data samples with only
  ``img_shape``/``ori_shape``)::

      python tools/analysis/benchmark.py configs/tuber/a.py \
          --baseline configs/tuber/b.py --mode predict --repeats 20

* a registered layer (or any ``torch.nn`` module) built from a dict, fed a
  random tensor of ``--shape`` (forward, or forward + backward with
  ``--backward``)::

      python tools/analysis/benchmark.py \
          --layer "dict(type='Conv2d', in_channels=64, out_channels=64, \
                        kernel_size=3, padding=1)" \
          --baseline-layer "dict(type='MaxPool2d', kernel_size=2)" \
          --shape 8 64 56 56 --backward

Both are built, warmed up, then timed ``--repeats`` times, their calls
alternating (target, baseline, target, ...) so that a change of the machine's
load hits both alike. For each, the wall-clock time (median, mean ± std) and
the CPU time of this process (median; ``time.process_time``: it leaves out
the time other jobs of a shared machine run instead of this one, not their
competition for caches and memory; meaningful for ``--device cpu``) are
printed with the ratios target / baseline of both medians (< 1: the target is
faster).
"""
import argparse
import importlib
import statistics
import time
from typing import Callable

import torch
from mmengine.config import Config, DictAction
from mmengine.registry import MODELS, init_default_scope
from mmengine.runner import Runner
from mmengine.structures import BaseDataElement

import mmcontinuity  # noqa: F401  (compatibility layer + registration)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', nargs='?', help='target config')
    parser.add_argument('--baseline', help='baseline config')
    parser.add_argument('--layer', help='target layer, as a dict literal')
    parser.add_argument('--baseline-layer', help='baseline layer dict')
    parser.add_argument(
        '--scope',
        default='mmaction',
        choices=['mmaction', 'mmdet', 'mmseg', 'mmpretrain'],
        help='library whose MODELS registry builds the layers')
    parser.add_argument(
        '--mode',
        choices=['predict', 'tensor', 'train'],
        default='predict',
        help='what to time for configs: end-to-end inference, the raw '
        'network forward, or one optimisation step')
    parser.add_argument(
        '--split',
        choices=['train', 'val', 'test'],
        help='dataloader giving the batch (default: train for --mode train, '
        'test otherwise)')
    parser.add_argument(
        '--shape',
        type=int,
        nargs='+',
        help='random input shape (layers; configs in tensor or predict '
        'mode, batch dimension included)')
    parser.add_argument(
        '--backward', action='store_true', help='layers: time fwd + bwd')
    parser.add_argument('--warmup', type=int, default=3)
    parser.add_argument('--repeats', type=int, default=10)
    parser.add_argument('--device', default='cpu')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='overrides applied to both configs')
    args = parser.parse_args()
    if (args.config is None) == (args.layer is None):
        parser.error('give either a config or --layer')
    if args.layer is not None and args.shape is None:
        parser.error('--layer needs --shape')
    return args


def time_calls(fns: list, warmup: int, repeats: int, device: str) -> list:
    """``(wall, cpu)`` seconds of each call of each function in ``fns``:
    ``warmup`` untimed rounds, then ``repeats`` timed rounds, each calling
    the functions in turn. Returns one list of pairs per function."""
    sync = torch.cuda.synchronize if device.startswith('cuda') else (
        lambda: None)
    for _ in range(warmup):
        for fn in fns:
            fn()
    sync()
    times = [[] for _ in fns]
    for _ in range(repeats):
        for fn, fn_times in zip(fns, times):
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            sync()
            fn_times.append((time.perf_counter() - start,
                             time.process_time() - start_cpu))
    return times


def build_layer(spec: str, scope: str) -> torch.nn.Module:
    """A layer from a dict literal: a type registered in the ``MODELS`` of
    ``scope`` (or its parent, MMEngine's), else a ``torch.nn`` class."""
    cfg = dict(eval(spec, {'__builtins__': {}, 'dict': dict}))
    registry = importlib.import_module(f'{scope}.registry').MODELS
    if registry.get(cfg['type']) is not None:
        return registry.build(cfg)
    layer_type = cfg.pop('type')
    if hasattr(torch.nn, layer_type):
        return getattr(torch.nn, layer_type)(**cfg)
    raise KeyError(f'{layer_type} is neither registered in {scope}\'s '
                   'MODELS nor a torch.nn module')


def layer_step(spec: str, shape: list, backward: bool, device: str,
               scope: str) -> Callable[[], None]:
    layer = build_layer(spec, scope).to(device)
    x = torch.randn(*shape, device=device, requires_grad=backward)

    def step():
        if backward:
            out = layer(x)
            out = out[0] if isinstance(out, (tuple, list)) else out
            out.sum().backward()
        else:
            with torch.no_grad():
                layer(x)

    return step


def config_step(path: str, args) -> Callable[[], None]:
    cfg = Config.fromfile(path)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmengine'))
    model = MODELS.build(cfg.model).to(args.device)

    if args.mode == 'tensor' and args.shape:
        inputs = torch.randn(*args.shape, device=args.device)
        model.eval()

        def step():
            with torch.no_grad():
                model(inputs, mode='tensor')

        return step

    if args.mode == 'predict' and args.shape:
        # random pixel values through the model's data preprocessor, with
        # data samples that carry only the input size as img/ori shape
        model.eval()
        inputs = torch.randint(0, 256, args.shape).float()
        size = tuple(args.shape[-2:])
        samples = [
            BaseDataElement(metainfo=dict(img_shape=size, ori_shape=size))
            for _ in inputs
        ]
        data = model.data_preprocessor(
            dict(inputs=list(inputs), data_samples=samples), False)

        def step():
            with torch.no_grad():
                model(**data, mode='predict')

        return step

    split = args.split or ('train' if args.mode == 'train' else 'test')
    loader_cfg = cfg.get(f'{split}_dataloader')
    if loader_cfg is None:
        raise KeyError(f'{path} has no {split}_dataloader to take a batch '
                       'from; use --split or --shape')
    batch = next(iter(Runner.build_dataloader(loader_cfg)))

    if args.mode == 'train':
        from mmengine.optim import build_optim_wrapper
        optim_wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
        model.train()
        return lambda: model.train_step(batch, optim_wrapper)

    model.eval()
    data = model.data_preprocessor(batch, False)

    def step():
        with torch.no_grad():
            model(**data, mode=args.mode)

    return step


def report(name: str, times: list) -> tuple:
    """Print the wall times' median, mean ± std and the CPU times' median;
    return the two medians."""
    wall, cpu = zip(*times)
    median = statistics.median(wall)
    std = statistics.stdev(wall) if len(wall) > 1 else 0.0
    print(f'{name:<60s} median {median * 1e3:10.2f} ms   '
          f'mean {statistics.mean(wall) * 1e3:10.2f} ± {std * 1e3:.2f} ms   '
          f'CPU median {statistics.median(cpu) * 1e3:10.2f} ms')
    return median, statistics.median(cpu)


def main():
    args = parse_args()
    if args.layer is not None:
        runs = [('target ' + args.layer, args.layer),
                ('baseline ' + str(args.baseline_layer), args.baseline_layer)]
        make = lambda spec: layer_step(  # noqa: E731
            spec, args.shape, args.backward, args.device, args.scope)
    else:
        runs = [('target ' + args.config, args.config),
                ('baseline ' + str(args.baseline), args.baseline)]
        make = lambda path: config_step(path, args)  # noqa: E731

    runs = [(name, spec) for name, spec in runs if spec is not None]
    steps = [make(spec) for _, spec in runs]
    times = time_calls(steps, args.warmup, args.repeats, args.device)
    medians = [report(name, t) for (name, _), t in zip(runs, times)]
    if len(medians) == 2:
        (wall, cpu), (base_wall, base_cpu) = medians
        print(f'ratio target / baseline (median): {wall / base_wall:.3f} '
              f'wall, {cpu / base_cpu:.3f} CPU time')


if __name__ == '__main__':
    main()
