"""Classifier robustness: mCE, flip rate / mFR, shift consistency.

Definitions of Hendrycks & Dietterich (ICLR 2019) for ImageNet-C/-P and of
Zhang (ICML 2019) for shift consistency, as used in Table 3.5, Figure 3.4
and Figure A.4 of the thesis:

* ``E[c, s]``: top-1 error under corruption type ``c`` at severity ``s``.
  Unnormalised ("raw") ``CE_c = mean_s E[c, s]``; normalised
  ``CE_c = sum_s E[c, s] / sum_s E_ref[c, s]`` with a reference model's
  errors (AlexNet in the paper). ``mCE = mean_c CE_c``.
* Flip probability of a perturbation sequence ``x_1..x_m``: fraction of
  ``j = 2..m`` with ``f(x_j) != f(x_{j-1})`` (``'consecutive'``, temporally
  related perturbations) or ``f(x_j) != f(x_1)`` (``'first'``, noise
  perturbations, whose ``x_1`` is the clean image); ``FP_p`` averages the
  sequences of perturbation ``p``. Raw ``FR_p = FP_p``; normalised
  ``FR_p = FP_p / FP_p^ref``. ``mFR = mean_p FR_p``.
* Shift consistency: fraction of images whose top-1 predictions for two
  random shifts agree.
"""
import numpy as np

FLIP_MODES = ('consecutive', 'first')


def top1_error(scores, labels):
    """Top-1 error of ``(N, K)`` scores against ``(N,)`` labels."""
    scores, labels = np.asarray(scores), np.asarray(labels)
    if scores.ndim != 2 or labels.shape != scores.shape[:1]:
        raise ValueError(f'scores {scores.shape} must be (N, K) and labels '
                         f'{labels.shape} (N,)')
    if labels.size == 0:
        raise ValueError('no samples')
    _check_finite(scores, 'scores')
    return float(np.mean(scores.argmax(1) != labels))


def _check_finite(values, name):
    """Raise naming the first non-finite entry of ``values``."""
    bad = np.argwhere(~np.isfinite(np.asarray(values, np.float64)))
    if bad.size:
        raise ValueError(f'{name} has a non-finite value at index '
                         f'{tuple(int(i) for i in bad[0])}')


def _check_table(errors, name):
    errors = np.asarray(errors, dtype=np.float64)
    if errors.ndim != 2 or errors.size == 0:
        raise ValueError(f'{name} must be a non-empty (types, severities) '
                         f'table, got shape {errors.shape}')
    if not np.isfinite(errors).all() or (errors < 0).any():
        raise ValueError(f'{name} must hold finite non-negative errors')
    return errors


def corruption_errors(errors, reference=None):
    """Per-type corruption error ``CE_c``.

    Args:
        errors (array-like): ``(C, S)`` top-1 errors per corruption type and
            severity.
        reference (array-like, optional): ``(C, S)`` reference-model errors;
            given, ``CE_c`` is normalised by them.

    Returns:
        np.ndarray: ``(C,)`` CE per type.
    """
    errors = _check_table(errors, 'errors')
    if reference is None:
        return errors.mean(1)
    reference = _check_table(reference, 'reference')
    if reference.shape != errors.shape:
        raise ValueError(f'reference {reference.shape} must match errors '
                         f'{errors.shape}')
    total = reference.sum(1)
    if (total <= 0).any():
        raise ValueError('reference errors of a corruption type sum to 0: '
                         'normalised CE is undefined')
    return errors.sum(1) / total


def mean_corruption_error(errors, reference=None):
    """``mCE``: mean of :func:`corruption_errors` over types."""
    return float(corruption_errors(errors, reference).mean())


def flip_probability(predictions, mode='consecutive'):
    """Flip probability ``FP`` of perturbation sequences.

    Args:
        predictions (array-like): ``(n, m)`` top-1 labels of ``n`` sequences
            of ``m >= 2`` frames.
        mode (str): ``'consecutive'`` or ``'first'`` (see module docstring).

    Returns:
        float: ``FP`` averaged over the sequences.
    """
    if mode not in FLIP_MODES:
        raise ValueError(f'mode must be one of {FLIP_MODES}, got {mode!r}')
    pred = np.asarray(predictions)
    if pred.ndim != 2 or pred.shape[0] == 0 or pred.shape[1] < 2:
        raise ValueError('predictions must be (sequences, frames) with at '
                         f'least one sequence of 2 frames, got {pred.shape}')
    before = pred[:, :-1] if mode == 'consecutive' else pred[:, :1]
    return float(np.mean(pred[:, 1:] != before))


def mean_flip_rate(flip_probs, reference=None):
    """``mFR`` over perturbation types.

    Args:
        flip_probs (array-like): ``(P,)`` ``FP_p`` per perturbation.
        reference (array-like, optional): ``(P,)`` reference ``FP_p``.

    Returns:
        tuple[np.ndarray, float]: ``(P,)`` ``FR_p`` and their mean.
    """
    fp = np.asarray(flip_probs, dtype=np.float64).reshape(-1)
    if fp.size == 0:
        raise ValueError('no perturbation types')
    _check_finite(fp, 'flip_probs')
    if reference is not None:
        ref = np.asarray(reference, dtype=np.float64).reshape(-1)
        _check_finite(ref, 'reference')
        if ref.shape != fp.shape or (ref <= 0).any():
            raise ValueError('reference flip probabilities must be positive '
                             f'and match {fp.shape}')
        fp = fp / ref
    return fp, float(fp.mean())


def shift_consistency(pred_a, pred_b):
    """Fraction of images with equal top-1 for two shifts.

    Args:
        pred_a, pred_b (array-like): ``(N,)`` top-1 labels (or ``(N, K)``
            scores) of the two shifted copies of each image.
    """
    a, b = np.asarray(pred_a), np.asarray(pred_b)
    if a.ndim == 2:
        _check_finite(a, 'pred_a')
        _check_finite(b, 'pred_b')
        a, b = a.argmax(1), b.argmax(1)
    if a.shape != b.shape or a.ndim != 1 or a.size == 0:
        raise ValueError(f'predictions {a.shape} and {b.shape} must be two '
                         'equal non-empty (N,) arrays')
    return float(np.mean(a == b))


def random_shift_pair(image, crop_size, rng):
    """Two random crops of one image (the shifts of Zhang, ICML 2019).

    Args:
        image (np.ndarray): ``(H, W, ...)`` image.
        crop_size (int): Side of the square crops (``<= min(H, W)``).
        rng (np.random.Generator): Random source.

    Returns:
        tuple[np.ndarray, np.ndarray]: two ``(crop, crop, ...)`` crops.
    """
    h, w = image.shape[:2]
    if crop_size > min(h, w):
        raise ValueError(f'crop_size {crop_size} exceeds image {h}x{w}')
    ys = rng.integers(0, h - crop_size + 1, 2)
    xs = rng.integers(0, w - crop_size + 1, 2)
    return tuple(image[y:y + crop_size, x:x + crop_size]
                 for y, x in zip(ys, xs))
