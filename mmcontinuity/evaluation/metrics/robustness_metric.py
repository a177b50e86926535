"""Classifier robustness metrics of Table 3.5 / Figure 3.4 (mmpretrain)."""
from collections import defaultdict

import numpy as np
from mmengine.evaluator import BaseMetric
from mmpretrain.registry import METRICS

from ..functional import (corruption_errors, flip_probability,
                          mean_flip_rate, shift_consistency)
from .utils import get_field, to_numpy


def _top1(sample):
    """Top-1 label of an mmpretrain data sample (``pred_score`` (C,))."""
    score = to_numpy(get_field(sample, 'pred_score'))
    if not np.isfinite(score).all():
        raise ValueError(f'pred_score of sample '
                         f'{get_field(sample, "img_path", "?")} is not '
                         f'finite: {score.tolist()}')
    return int(np.argmax(score))


def _label(sample):
    return int(to_numpy(get_field(sample, 'gt_label')).reshape(-1)[0])


@METRICS.register_module()
class CorruptionError(BaseMetric):
    """Corruption errors ``CE`` and ``mCE`` (ImageNet-C protocol).

    Data samples carry ``pred_score``, ``gt_label`` and the metainfo
    ``corruption`` (type name) and ``severity`` (1..5) set by the
    ``ImageCorruption`` transform (add both to the packing ``meta_keys``).
    Reported in percent: ``CE/<type>`` (raw: mean top-1 error over the
    evaluated severities) and ``mCE``; with ``reference_errors``
    (``{type: [error at severity 1..5]}`` of the reference model, e.g.
    AlexNet's) also ``nCE/<type>`` = sum of errors / sum of reference
    errors over the evaluated severities and ``mCE_normalized``.
    """
    default_prefix = 'corruption'

    def __init__(self,
                 reference_errors=None,
                 collect_device='cpu',
                 prefix=None):
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.reference_errors = reference_errors

    def process(self, data_batch, data_samples):
        for sample in data_samples:
            self.results.append((str(get_field(sample, 'corruption')),
                                 int(get_field(sample, 'severity')),
                                 _top1(sample) != _label(sample)))

    def compute_metrics(self, results):
        wrong = defaultdict(list)
        for name, severity, miss in results:
            if not 1 <= severity <= 5:
                raise ValueError(f'severity {severity} of {name} not in 1..5')
            wrong[name, severity].append(miss)
        types = sorted({name for name, _ in wrong})
        severities = sorted({s for _, s in wrong})
        missing = [(t, s) for t in types for s in severities
                   if (t, s) not in wrong]
        if missing:
            raise ValueError(f'(corruption, severity) pairs without '
                             f'samples: {missing}')
        errors = np.array([[np.mean(wrong[t, s]) for s in severities]
                           for t in types])
        metrics = {f'CE/{t}': 100 * v
                   for t, v in zip(types, corruption_errors(errors))}
        metrics['mCE'] = float(np.mean(list(metrics.values())))
        if self.reference_errors is not None:
            absent = [t for t in types if t not in self.reference_errors]
            if absent:
                raise KeyError(f'reference_errors lack {absent}')
            ref = np.array([[self.reference_errors[t][s - 1]
                             for s in severities] for t in types])
            normalized = corruption_errors(errors, ref)
            metrics.update({f'nCE/{t}': 100 * v
                            for t, v in zip(types, normalized)})
            metrics['mCE_normalized'] = 100 * float(normalized.mean())
        return metrics


@METRICS.register_module()
class FlipRate(BaseMetric):
    """Flip rates ``FR`` and ``mFR`` (ImageNet-P protocol).

    Every data sample is one frame of a perturbation sequence, with
    ``pred_score`` and the metainfo ``perturbation`` (type),
    ``sequence_id`` and ``frame_index`` (position in the sequence). Types in
    ``noise_perturbations`` compare every frame with the first (clean) one,
    the others consecutive frames. Reported in percent: ``FR/<type>``,
    ``mFR`` and, with ``reference_flip_probs`` (``{type: FP}``),
    ``nFR/<type>`` and ``mFR_normalized``.
    """
    default_prefix = 'perturbation'

    def __init__(self,
                 noise_perturbations=('gaussian_noise', 'shot_noise',
                                      'speckle_noise'),
                 reference_flip_probs=None,
                 collect_device='cpu',
                 prefix=None):
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.noise_perturbations = set(noise_perturbations)
        self.reference_flip_probs = reference_flip_probs

    def process(self, data_batch, data_samples):
        for sample in data_samples:
            self.results.append(
                (str(get_field(sample, 'perturbation')),
                 str(get_field(sample, 'sequence_id')),
                 int(get_field(sample, 'frame_index')), _top1(sample)))

    def compute_metrics(self, results):
        sequences = defaultdict(dict)
        for kind, seq, frame, top1 in results:
            sequences[kind, seq][frame] = top1
        per_type = defaultdict(list)
        for (kind, _), frames in sequences.items():
            per_type[kind].append([frames[f] for f in sorted(frames)])
        types = sorted(per_type)
        fps = []
        for t in types:
            lengths = {len(s) for s in per_type[t]}
            if len(lengths) != 1:
                raise ValueError(f'sequences of {t} differ in length: '
                                 f'{sorted(lengths)}')
            mode = 'first' if t in self.noise_perturbations else \
                'consecutive'
            fps.append(flip_probability(np.array(per_type[t]), mode))
        metrics = {f'FR/{t}': 100 * v for t, v in zip(types, fps)}
        metrics['mFR'] = 100 * mean_flip_rate(fps)[1]
        if self.reference_flip_probs is not None:
            absent = [t for t in types if t not in self.reference_flip_probs]
            if absent:
                raise KeyError(f'reference_flip_probs lack {absent}')
            rates, mfr = mean_flip_rate(
                fps, [self.reference_flip_probs[t] for t in types])
            metrics.update(
                {f'nFR/{t}': 100 * v for t, v in zip(types, rates)})
            metrics['mFR_normalized'] = 100 * mfr
        return metrics


@METRICS.register_module()
class ShiftConsistency(BaseMetric):
    """Shift consistency (Zhang, ICML 2019) and top-1 accuracy.

    The evaluated set shows every image twice with different random shifts
    (e.g. two copies of the test set with a random crop); the two
    predictions of an image are grouped by the metainfo ``group_key``
    (default ``img_path``). Reported in percent: ``consistency`` (equal
    top-1 within a pair) and ``accuracy`` over all predictions.
    """
    default_prefix = 'shift'

    def __init__(self, group_key='img_path', collect_device='cpu',
                 prefix=None):
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.group_key = group_key

    def process(self, data_batch, data_samples):
        for sample in data_samples:
            self.results.append((str(get_field(sample, self.group_key)),
                                 _top1(sample), _label(sample)))

    def compute_metrics(self, results):
        groups = defaultdict(list)
        for key, top1, _ in results:
            groups[key].append(top1)
        if not groups:
            raise ValueError('no predictions to evaluate')
        bad = [k for k, v in groups.items() if len(v) != 2]
        if bad:
            raise ValueError(f'{len(bad)} images do not have exactly two '
                             f'shifted predictions, e.g. {bad[0]!r}')
        pairs = np.array(list(groups.values()))
        accuracy = np.mean([top1 == label for _, top1, label in results])
        return dict(consistency=100 * shift_consistency(pairs[:, 0],
                                                        pairs[:, 1]),
                    accuracy=100 * float(accuracy))
