"""The compatibility layer fixes each upstream breakage it names."""
import importlib
import pickle
import sys

import numpy as np
import pytest
import torch

import mmcontinuity  # noqa: F401
from mmcontinuity.utils import compat


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


@pytest.mark.skipif(np.lib.NumpyVersion(np.__version__) < '2.0.0',
                    reason='the upstream hue bug needs numpy 2')
def test_upstream_hue_shift_overflows_under_numpy2():
    """What the ColorJitter fix replaces: mmaction2's own hue shift."""
    from mmaction.datasets.transforms import ColorJitter
    img = np.full((2, 2, 3), 100, np.float32)
    img[..., 0] = 200
    with pytest.raises(OverflowError):
        ColorJitter.adjust_hue.__wrapped__(img, -0.3)


def test_upstream_checkpoint_loader_fails_with_the_safe_loader(tmp_path):
    """What the allowlist fixes: MMEngine's own loader on torch >= 2.6."""
    from mmengine.runner.checkpoint import CheckpointLoader
    if compat.installed_version('torch') < (2, 6):
        pytest.skip('torch < 2.6 loads with weights_only=False')
    _message_hub_checkpoint(tmp_path / 'ckpt.pth')
    upstream = CheckpointLoader.load_checkpoint.__func__.__wrapped__
    with pytest.raises(pickle.UnpicklingError):
        upstream(CheckpointLoader, str(tmp_path / 'ckpt.pth'), 'cpu')


def test_when_imported_runs_hooks_after_the_module_code(tmp_path,
                                                        monkeypatch):
    name = 'compat_probe_module'
    (tmp_path / f'{name}.py').write_text('value = 1\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    seen = []
    compat.when_imported(name, lambda module: seen.append(module.value))
    assert seen == []  # not imported yet
    module = importlib.import_module(name)
    try:
        assert seen == [1]
        assert module.__loader__.get_filename(name).endswith(f'{name}.py')
        compat.when_imported(name, lambda module: seen.append('now'))
        assert seen == [1, 'now']  # an imported module: at once
    finally:
        sys.modules.pop(name)


_BUGGY = dict(numpy=(2, 4, 6), mmaction2=(1, 2, 0), torch=(2, 14, 1),
              mmengine=(0, 10, 7))


@pytest.mark.parametrize('patch, fixed_versions', [
    ('_fix_color_jitter_hue', dict(numpy=(1, 26, 4))),
    ('_fix_color_jitter_hue', dict(mmaction2=(1, 3, 0))),
    ('_restore_numpy1_aliases', dict(numpy=(1, 26, 4))),
    ('_restore_numpy1_aliases', dict(mmaction2=(1, 3, 0))),
    ('_allow_mmengine_checkpoints', dict(torch=(2, 5, 1))),
    ('_allow_mmengine_checkpoints', dict(mmengine=(0, 10, 8))),
])
def test_patches_apply_only_to_the_versions_with_the_bug(
        patch, fixed_versions, monkeypatch):
    """Each patch hooks its modules for the buggy versions, and not once
    one of the versions that make the bug is outside its range."""
    hooked = []
    monkeypatch.setattr(compat, 'when_imported',
                        lambda name, hook: hooked.append(name))
    monkeypatch.setattr(compat, 'installed_version', _BUGGY.get)
    getattr(compat, patch)()
    assert hooked
    hooked.clear()
    versions = {**_BUGGY, **fixed_versions}
    monkeypatch.setattr(compat, 'installed_version', versions.get)
    getattr(compat, patch)()
    assert hooked == []


def test_config_package_is_registered_and_installed_path_gated(monkeypatch):
    hooked = []
    monkeypatch.setattr(compat, 'when_imported',
                        lambda name, hook: hooked.append(name))
    monkeypatch.setattr(compat, 'installed_version',
                        dict(mmengine=(0, 11, 0)).get)
    compat._resolve_config_bases()
    assert hooked == ['mmengine.config.utils']
    from mmengine.config.utils import MODULE2PACKAGE
    assert MODULE2PACKAGE['mmcontinuity'] == 'mmcontinuity'
