"""Robustness of a classifier: clean accuracy, mCE, mFR, shift consistency.

For any mmpretrain classifier CONFIG whose test set is a plain image data
set (e.g. ``configs/liftpool/*continuity-bench-cls.py``) and a checkpoint,
runs the four protocols of Table 3.5 / Fig. 3.4 on that test set and prints
one table:

* clean: top-1 accuracy (``Accuracy``);
* corruption (ImageNet-C): every image under each of the 15 ImageNet-C
  corruption types at severities 1-5 (``ImageCorruption``), raw mCE and
  mCE normalised by AlexNet's errors (``CorruptionError``);
* perturbation (ImageNet-P): every image as a ``--num-frames`` sequence of
  each of the 8 perturbations (``PerturbationSequenceDataset``,
  ``ImagePerturbation``), raw mFR (``FlipRate``; the three noises compare
  frames with the clean first one);
* shift: the test set twice, each image shifted at random by up to
  ``--max-shift`` pixels per axis (a ``--crop-size`` crop of the image
  padded by reflection), top-1 agreement (``ShiftConsistency``).

The corruption / perturbation / shift step goes right before the test
pipeline's final packing step (after any resizing or cropping), as the
``configs/liftpool/baselines/*-{corruption,perturbation,shift}.py`` configs
set it up for the max-pooling baseline. All numbers are percentages.

Normalised mCE: ``CE_c = sum_s E[c, s] / sum_s E_AlexNet[c, s]`` with
AlexNet's ImageNet-C top-1 errors (Hendrycks & Dietterich, "Benchmarking
neural network robustness to common corruptions and perturbations", ICLR
2019). Only their means over the five severities are used (the values
distributed with the authors' ImageNet-C evaluation code, typed in from
memory; the per-severity values are not in the paper), repeated for each
severity, which leaves ``CE_c`` unchanged when all five severities are
evaluated. They are ImageNet numbers: on another data set the normalised
mCE only rescales each type. No normalised mFR: we do not know AlexNet's
ImageNet-P flip probabilities well enough to type them in.

Example::

    python tools/analysis/robustness.py CONFIG CKPT --out robustness.json
    # a quick look: 20 images, severities 1 and 3, 4-frame sequences
    python tools/analysis/robustness.py CONFIG CKPT --max-images 20 \\
        --severities 1 3 --num-frames 4
"""
import argparse
import copy
import json

import torch
from mmengine.config import Config, DictAction
from mmengine.evaluator import Evaluator
from mmengine.registry import MODELS, init_default_scope
from mmengine.runner import Runner, load_checkpoint, set_random_seed
from tqdm import tqdm

import mmcontinuity  # noqa: F401  (registration first)

#: AlexNet's top-1 error on ImageNet-C, mean over severities 1-5.
ALEXNET_ERRORS = dict(
    gaussian_noise=0.886428,
    shot_noise=0.894468,
    impulse_noise=0.922640,
    defocus_blur=0.819880,
    glass_blur=0.826268,
    motion_blur=0.785948,
    zoom_blur=0.798360,
    snow=0.866816,
    frost=0.826572,
    fog=0.819324,
    brightness=0.564592,
    contrast=0.853204,
    elastic_transform=0.646056,
    pixelate=0.717840,
    jpeg_compression=0.606500)
PERTURBATIONS = ('gaussian_noise', 'shot_noise', 'speckle_noise',
                 'translate', 'rotate', 'scale', 'brightness',
                 'gaussian_blur')
NOISES = ('gaussian_noise', 'shot_noise', 'speckle_noise')
#: (table row, metric key)
ROWS = (('clean top-1 accuracy', 'accuracy/top1'),
        ('mCE (raw)', 'corruption/mCE'),
        ('mCE (normalised, AlexNet)', 'corruption/mCE_normalized'),
        ('mFR (raw)', 'perturbation/mFR'),
        ('shift consistency', 'shift/consistency'))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='classifier config')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--out', help='write all metrics to this JSON file')
    parser.add_argument(
        '--corruptions', nargs='+', default=list(ALEXNET_ERRORS),
        choices=list(ALEXNET_ERRORS), help='ImageNet-C types')
    parser.add_argument(
        '--severities', nargs='+', type=int, default=[1, 2, 3, 4, 5],
        choices=[1, 2, 3, 4, 5])
    parser.add_argument(
        '--perturbations', nargs='+', default=list(PERTURBATIONS),
        choices=list(PERTURBATIONS), help='ImageNet-P types')
    parser.add_argument('--num-frames', type=int, default=10,
                        help='frames per perturbation sequence')
    parser.add_argument('--crop-size', type=int, default=32,
                        help="shift: the test pipeline's image size")
    parser.add_argument('--max-shift', type=int, default=4)
    parser.add_argument('--max-images', type=int,
                        help='use the first N test images only')
    parser.add_argument('--seed', type=int, default=0,
                        help='seeds the corruption noise and the shifts')
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction,
        help='override settings of the config')
    return parser.parse_args()


def build_model(cfg: Config, checkpoint: str) -> torch.nn.Module:
    """The config's model in eval mode with the checkpoint's weights and,
    as mmengine's Runner builds it, the config's top-level
    ``data_preprocessor`` (mean, std, channel order) unless the model has
    its own."""
    model_cfg = copy.deepcopy(cfg.model)
    if cfg.get('data_preprocessor') is not None:
        model_cfg.setdefault('data_preprocessor', cfg.data_preprocessor)
    model = MODELS.build(model_cfg)
    load_checkpoint(model, checkpoint, map_location='cpu')
    return model.eval()


def protocols(test_set: dict, args) -> dict:
    """``name -> (data set config, metric config)`` of the four protocols
    on the clean test set config ``test_set``."""
    test_set = copy.deepcopy(test_set)
    pipeline = test_set.pop('pipeline', None)
    if not pipeline or pipeline[-1]['type'] not in ('PackInputs',
                                                    'mmpretrain.PackInputs'):
        raise ValueError(
            "the config's test set must be an image data set whose "
            f"pipeline ends with PackInputs, got {test_set.get('type')} "
            f'with pipeline {pipeline}')
    if args.max_images:
        test_set['indices'] = args.max_images
    *steps, pack = pipeline

    def with_step(step, *meta_keys):
        meta = dict(meta_keys=('img_path', *meta_keys)) if meta_keys else {}
        return dict(test_set, pipeline=[*steps, step, dict(pack, **meta)])

    # serialize_data=False: mmengine's serialisation runs gc.collect() per
    # data set (0.6 s each)
    corrupted = [
        dict(
            with_step(
                dict(type='ImageCorruption', corruption=c, severity=s),
                'corruption', 'severity'),
            serialize_data=False) for c in args.corruptions
        for s in args.severities
    ]
    shifted = with_step(
        dict(type='RandomCrop', crop_size=args.crop_size,
             padding=args.max_shift, padding_mode='reflect'))
    reference = {c: [ALEXNET_ERRORS[c]] * 5 for c in args.corruptions}
    return dict(
        clean=(dict(test_set, pipeline=pipeline),
               dict(type='Accuracy', topk=(1, ))),
        corruption=(dict(type='ConcatDataset', datasets=corrupted),
                    dict(type='CorruptionError', reference_errors=reference)),
        perturbation=(dict(
            type='PerturbationSequenceDataset',
            dataset=dict(test_set, pipeline=[]),
            perturbations=args.perturbations,
            num_frames=args.num_frames,
            pipeline=[
                *steps,
                dict(type='ImagePerturbation'),
                dict(pack, meta_keys=('img_path', 'perturbation',
                                      'sequence_id', 'frame_index'))
            ]),
            dict(type='FlipRate', noise_perturbations=[
                p for p in args.perturbations if p in NOISES
            ])),
        shift=(dict(type='ConcatDataset', datasets=[shifted, shifted]),
               dict(type='ShiftConsistency')))


def evaluate(model, loaders: dict, metrics: dict, seed: int) -> dict:
    """Run every protocol's loader through ``model.test_step`` under one
    progress bar; the metrics of all of them."""
    results = {}
    with tqdm(total=sum(len(v) for v in loaders.values()),
              unit='batch') as progress:
        for name, loader in loaders.items():
            progress.set_description(name)
            # each protocol's random draws do not depend on the others
            set_random_seed(seed)
            evaluator = Evaluator(metrics[name])
            for batch in loader:
                with torch.no_grad():
                    evaluator.process(model.test_step(batch), batch)
                progress.update()
            results.update(evaluator.evaluate(len(loader.dataset)))
    return results


def table(results: dict) -> str:
    width = max(len(row) for row, _ in ROWS)
    lines = [f'| {"metric (%)":<{width}} | value  |',
             f'|{"-" * (width + 2)}|--------|']
    lines += [f'| {row:<{width}} | {results[key]:6.2f} |'
              for row, key in ROWS]
    return '\n'.join(lines)


def main():
    args = parse_args()
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmpretrain'))
    model = build_model(cfg, args.checkpoint)
    specs = protocols(cfg.test_dataloader.dataset.to_dict(), args)
    loaders = {
        name: Runner.build_dataloader(
            dict(cfg.test_dataloader.to_dict(), dataset=data_set))
        for name, (data_set, _) in specs.items()
    }
    print(', '.join(f'{name}: {len(loader.dataset)} images'
                    for name, loader in loaders.items()))
    results = evaluate(model, loaders,
                       {name: m for name, (_, m) in specs.items()},
                       args.seed)
    print(table(results))
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(results, f, indent=2)
        print(f'all metrics: {args.out}')
    return results


if __name__ == '__main__':
    main()
