"""The long-term context configs (Table 6.1d/f): the headline AVA config has
w = 3 (7 adjacent 32x2 clips, 14.9 s in the thesis), the ablations change w
and nothing else, and their LoadFeatureBank serves adjacent clips of AVA's
1-s key-frame bank."""
import copy
import os.path as osp

import numpy as np
import pytest
from mmaction.registry import TRANSFORMS
from mmengine.config import Config

import mmcontinuity  # noqa: F401  (registers LoadFeatureBank)
from mmcontinuity.datasets.transforms.feature_bank import bank_paths

CONFIG_DIR = osp.join(
    osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))), 'configs',
    'tuber')
SUFFIX = '_ircsn-r50_ig65m-k400-pre_8xb2-32x2x1-20e_ava21-rgb.py'
HEADLINE = 'tuber-long-context-w3' + SUFFIX
ABLATIONS = {
    2: 'ablations/tuber-long-context-w2' + SUFFIX,
    5: 'ablations/tuber-long-context-w5' + SUFFIX,
}
BENCH = [
    'ablations/tuber-long-context-w2_r3d18-tiny_1xb2-8x1x1-3e_'
    'continuity-bench-tubelets-rgb.py',
    'ablations/tuber-long-context-w2_r3d18-tiny_1xb2-8x1x1-5k_'
    'continuity-bench-tubelets-rgb-flow.py'
]


def _load(name):
    return Config.fromfile(osp.join(CONFIG_DIR, name))


def _pipelines(cfg):
    """The pipelines of the data loaders, and the 2-view test's if any."""
    pipelines = dict(
        train=cfg.train_dataloader.dataset.pipeline,
        val=cfg.val_dataloader.dataset.pipeline,
        test=cfg.test_dataloader.dataset.pipeline)
    if 'tta_pipeline' in cfg:
        pipelines['tta'] = cfg.tta_pipeline
    return pipelines


def _banks(cfg):
    """The LoadFeatureBank step of each pipeline (exactly one each)."""
    banks = {}
    for name, pipeline in _pipelines(cfg).items():
        steps = [s for s in pipeline if s.type == 'LoadFeatureBank']
        assert len(steps) == 1, name
        banks[name] = steps[0].to_dict()
    return banks


def test_headline_is_w3_of_adjacent_32x2_clips():
    cfg = _load(HEADLINE)
    banks = _banks(cfg)
    assert set(banks) == {'train', 'val', 'test', 'tta'}
    for bank in banks.values():
        assert bank == banks['train']
    assert banks['train']['window'] == 3
    # a clip of 32 frames, every 2nd, at 30 fps: 7 clips are 14.9 s
    assert banks['train']['spacing'] == pytest.approx(64 / 30)
    assert 7 * banks['train']['spacing'] == pytest.approx(14.9, abs=0.05)
    head = cfg.model.cls_head
    assert head.context == 'long'
    assert head.bank_channels == cfg.model.in_channels == 2048
    assert tuple(head.num_long_tokens) == (16, 4)
    # the bank is read once the key frame's clip is sampled, before packing
    types = [s.type for s in cfg.train_dataloader.dataset.pipeline]
    assert types.index('LoadFeatureBank') == 2
    assert types[-1] == 'PackTubeletInputs'
    assert {'long_term_feats', 'long_term_valid'} <= set(
        cfg.train_dataloader.dataset.pipeline[-1].meta_keys)


@pytest.mark.parametrize('window', sorted(ABLATIONS))
def test_ablations_change_w_only(window):
    headline, cfg = _load(HEADLINE), _load(ABLATIONS[window])
    assert cfg.model.to_dict() == headline.model.to_dict()
    for name, pipeline in _pipelines(cfg).items():
        expected = copy.deepcopy(_pipelines(headline)[name])
        for step in expected:
            if step.type == 'LoadFeatureBank':
                step.window = window
        assert pipeline == expected, name
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        ours, theirs = cfg[key].to_dict(), headline[key].to_dict()
        ours['dataset'].pop('pipeline')
        theirs['dataset'].pop('pipeline')
        assert ours == theirs, key


@pytest.mark.parametrize('window,offsets', [
    (2, [-4, -2, 0, 2, 4]),
    (3, [-6, -4, -2, 0, 2, 4, 6]),
    (5, [-11, -9, -6, -4, -2, 0, 2, 4, 6, 9, 11]),
])
def test_windows_on_a_key_frame_bank(tmp_path, window, offsets):
    """On a bank of AVA's 1-s key frames, the window of each config takes
    the key frames nearest to t + k·64/30 s (the comments' spans)."""
    name = HEADLINE if window == 3 else ABLATIONS[window]
    step = _banks(_load(name))['train']
    timestamps = np.arange(902, 1799, dtype=np.float64)
    feats = np.broadcast_to(
        timestamps[:, None, None, None, None], (len(timestamps), 1, 1, 1,
                                                2)).astype(np.float16)
    feats_path, pos_path = bank_paths(str(tmp_path), 'vid')
    np.save(feats_path, feats)
    np.save(pos_path, timestamps)
    load = TRANSFORMS.build(dict(step, bank_dir=str(tmp_path)))
    out = load(dict(video_id='vid', timestamp=1000))
    assert (out['long_term_feats'][:, 0, 0, 0, 0] - 1000).tolist() == offsets
    assert out['long_term_valid'].all()
    # at the first key frame the clips before the video are masked out
    out = load(dict(video_id='vid', timestamp=902))
    assert out['long_term_valid'].tolist() == [False] * window + [True] * (
        window + 1)


@pytest.mark.parametrize('name', BENCH)
def test_benchmark_windows_are_adjacent_clips(name):
    cfg = _load(name)
    banks = _banks(cfg)
    assert banks['train'] == banks['test'] == banks['val']
    assert banks['train']['window'] == 2
    assert banks['train']['spacing'] == cfg.clip_len == 8
