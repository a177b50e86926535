"""tools/misc/extract_feature_bank.py writes a bank that LoadFeatureBank and
the long-term context head consume."""
import importlib.util
import os.path as osp

import numpy as np
import torch
from mmaction.registry import MODELS, TRANSFORMS
from mmengine.config import Config
from tuber_fakes import make_sample, tiny_cfg

REPO = osp.dirname(osp.dirname(osp.dirname(osp.dirname(
    osp.abspath(__file__)))))


def _tool():
    spec = importlib.util.spec_from_file_location(
        'extract_feature_bank',
        osp.join(REPO, 'tools', 'misc', 'extract_feature_bank.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _clip(video, start):
    clip, sample = make_sample(t=4)
    sample.set_metainfo(
        dict(video_id=video, frame_inds=np.arange(start, start + 4)))
    return clip, sample


def test_extract_and_load(tmp_path):
    tool = _tool()
    model = MODELS.build(tiny_cfg()).eval()
    # clips come grouped by video, in any order inside a video
    clips = [_clip('cls/a', s) for s in (9, 1, 5)] + \
        [_clip('cls/b', s) for s in (1, 5)]
    loader = [
        dict(inputs=[c for c, _ in clips[i:i + 2]],
             data_samples=[s for _, s in clips[i:i + 2]])
        for i in range(0, len(clips), 2)
    ]
    written = set()
    tool.extract(model, loader, str(tmp_path), (2, 1), written)
    assert written == {'cls/a', 'cls/b'}
    feats = np.load(tmp_path / 'cls' / 'a.feats.npy')
    positions = np.load(tmp_path / 'cls' / 'a.positions.npy')
    assert positions.tolist() == [3, 7, 11]  # middle of frame_inds, sorted
    assert feats.shape == (3, 4, 2, 1, 8) and feats.dtype == np.float16
    with torch.no_grad():  # the stored features are the backbone's
        direct = model.backbone(
            model.data_preprocessor(loader[0], False)['inputs'])
    expected = torch.nn.functional.adaptive_avg_pool3d(
        direct[1], (4, 2, 1)).permute(1, 2, 3, 0)
    np.testing.assert_allclose(feats[0], expected.numpy(), rtol=1e-2,
                               atol=1e-3)

    load = TRANSFORMS.build(
        dict(type='LoadFeatureBank', bank_dir=str(tmp_path), window=1))
    out = load(dict(video_id='cls/a', frame_inds=np.arange(1, 5)))
    assert out['long_term_valid'].tolist() == [False, True, True]
    assert out['long_term_feats'].shape == (3, 4, 2, 1, 8)


def test_plain_loader_cfg_drops_feature_bank():
    cfg = Config(dict(val_dataloader=dict(
        batch_size=1,
        sampler=dict(type='DefaultSampler', shuffle=True),
        dataset=dict(type='X', pipeline=[
            dict(type='A'),
            dict(type='LoadFeatureBank', bank_dir='b'),
            dict(type='B')
        ]))))
    loader = _tool().plain_loader_cfg(cfg, 'val')
    assert [s['type'] for s in loader['dataset']['pipeline']] == ['A', 'B']
    assert loader['sampler']['shuffle'] is False
    # the config itself is untouched
    assert len(cfg.val_dataloader.dataset.pipeline) == 3
