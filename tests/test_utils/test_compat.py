"""The compatibility layer fixes each upstream breakage it names."""
import importlib
import pickle

import numpy as np
import pytest
import torch

import mmcontinuity  # noqa: F401


@pytest.mark.parametrize(
    'name', ['mmaction.models', 'mmseg.models', 'mmpretrain.models',
             'mmdet.models'])
def test_model_packages_import(name):
    importlib.import_module(name)


def test_missing_drn_fails_clearly_only_when_built():
    from mmaction.registry import MODELS
    assert MODELS.get('DRN') is not None
    with pytest.raises(ImportError, match='2714'):
        MODELS.build(dict(type='DRN'))


def _message_hub_checkpoint(path):
    """What mmengine's CheckpointHook writes: message hub, meta, weights."""
    from mmengine.config import ConfigDict
    from mmengine.logging import MessageHub
    hub = MessageHub('compat-test')
    for value in (0.5, 0.25, np.float32(0.125)):
        hub.update_scalar('train/loss', value)
    hub.update_info('iter', 3)
    torch.save(
        dict(message_hub=hub.state_dict(),
             meta=dict(cfg=ConfigDict(a=1), seed=np.int64(7)),
             state_dict=dict(w=torch.ones(2))), path)


def test_mmengine_loads_its_checkpoints_with_the_safe_loader(tmp_path):
    from mmengine.logging import MessageHub
    from mmengine.runner.checkpoint import _load_checkpoint
    _message_hub_checkpoint(tmp_path / 'ckpt.pth')
    loaded = _load_checkpoint(str(tmp_path / 'ckpt.pth'), map_location='cpu')
    restored = MessageHub('compat-test-restored')
    restored.load_state_dict(loaded['message_hub'])
    assert restored.get_scalar('train/loss').current() == pytest.approx(0.125)
    assert restored.get_scalar('train/loss').mean() == pytest.approx(0.875 / 3)
    assert restored.get_info('iter') == 3
    assert loaded['meta']['seed'] == 7


def test_plain_torch_load_stays_strict(tmp_path):
    """The allowlist is scoped to MMEngine's loader, not global."""
    _message_hub_checkpoint(tmp_path / 'ckpt.pth')
    with pytest.raises(pickle.UnpicklingError):
        torch.load(tmp_path / 'ckpt.pth', weights_only=True)


def test_numpy_itself_is_not_patched():
    if np.lib.NumpyVersion(np.__version__) >= '2.0.0':
        assert not hasattr(np, 'NAN')


def test_ava_ap_of_a_class_without_detections_is_nan():
    """mmaction2's AVA evaluation returns ``np.NAN`` (removed in numpy 2)
    for a precision/recall pair of None."""
    from mmaction.evaluation.functional.ava_evaluation import metrics
    assert np.isnan(metrics.compute_average_precision(None, None))


def test_ava_eval_end_to_end(tmp_path):
    """mmaction2's full AVA frame-mAP on hand-made files (numpy-2 paths).

    Class 1 has one ground truth box detected exactly (AP 1); class 2 has one
    ground truth box and only a detection that misses it (AP 0): mAP 0.5.
    """
    from mmaction.evaluation.functional import ava_eval
    (tmp_path / 'gt.csv').write_text(
        'vid0,0902,0.1,0.1,0.5,0.5,1,0\n'
        'vid0,0902,0.6,0.6,0.9,0.9,2,1\n')
    (tmp_path / 'det.csv').write_text(
        'vid0,0902,0.1,0.1,0.5,0.5,1,0.9\n'
        'vid0,0902,0.1,0.1,0.2,0.2,2,0.8\n')
    (tmp_path / 'labels.pbtxt').write_text(
        'item {\n  name: "a"\n  id: 1\n}\nitem {\n  name: "b"\n  id: 2\n}\n')
    (tmp_path / 'exclude.csv').write_text('')
    result = ava_eval(
        str(tmp_path / 'det.csv'), 'mAP', str(tmp_path / 'labels.pbtxt'),
        str(tmp_path / 'gt.csv'), str(tmp_path / 'exclude.csv'),
        ignore_empty_frames=True, custom_classes=None)
    assert result['overall'] == pytest.approx(0.5)


@pytest.mark.parametrize('factor', [-0.3, -0.05, 0.05, 0.3])
def test_color_jitter_hue_rotates_under_numpy2(factor):
    """mmaction2's ColorJitter hue shift works for negative offsets and
    rotates OpenCV's 180-step hue by int(factor * 255) modulo 180."""
    import cv2
    from mmaction.datasets.transforms import ColorJitter
    rng = np.random.default_rng(0)
    img = rng.integers(0, 256, (6, 7, 3)).astype(np.float32)
    out = ColorJitter.adjust_hue(img, factor)
    hue_in = cv2.cvtColor(img.astype(np.uint8), cv2.COLOR_RGB2HSV)[..., 0]
    hue_out = cv2.cvtColor(out.astype(np.uint8), cv2.COLOR_RGB2HSV)[..., 0]
    expected = (hue_in.astype(int) + int(factor * 255)) % 180
    # RGB round trips move 8-bit hues by a step or two; wrap-around aware
    diff = np.abs(hue_out.astype(int) - expected)
    assert np.minimum(diff, 180 - diff).max() <= 3


def test_color_jitter_transform_with_hue():
    from mmaction.datasets.transforms import ColorJitter
    imgs = [np.full((4, 4, 3), v, np.uint8) for v in (30, 120, 200)]
    imgs[1][..., 0] = 250
    out = ColorJitter(hue=0.2)(dict(imgs=imgs))
    assert len(out['imgs']) == 3 and out['imgs'][0].shape == (4, 4, 3)
