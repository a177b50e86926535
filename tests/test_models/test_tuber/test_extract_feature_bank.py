"""tools/misc/extract_feature_bank.py writes a bank that LoadFeatureBank and
the long-term context head consume."""
import copy
import importlib.util
import os.path as osp

import numpy as np
import pytest
import torch
from mmaction.registry import MODELS, TRANSFORMS
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.runner import Runner, set_random_seed
from tuber_fakes import make_sample, tiny_cfg

from mmcontinuity.datasets.bench import generate

REPO = osp.dirname(osp.dirname(osp.dirname(osp.dirname(
    osp.abspath(__file__)))))
LONG_CONTEXT = ('ablations/tuber-long-context-w2_r3d18-tiny_1xb2-8x1x1-3e_'
                'continuity-bench-tubelets-rgb.py')


def _tool():
    spec = importlib.util.spec_from_file_location(
        'extract_feature_bank',
        osp.join(REPO, 'tools', 'misc', 'extract_feature_bank.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _clip(video, start, h=32, w=32):
    clip, sample = make_sample(t=4, h=h, w=w)
    sample.set_metainfo(
        dict(video_id=video, frame_inds=np.arange(start, start + 4)))
    return clip, sample


def _loader(clips, batch_size=2):
    return [
        dict(inputs=[c for c, _ in clips[i:i + batch_size]],
             data_samples=[s for _, s in clips[i:i + batch_size]])
        for i in range(0, len(clips), batch_size)
    ]


def test_extract_and_load(tmp_path):
    tool = _tool()
    model = MODELS.build(tiny_cfg()).eval()
    # clips come grouped by video, in any order inside a video
    clips = [_clip('cls/a', s) for s in (9, 1, 5)] + \
        [_clip('cls/b', s) for s in (1, 5)]
    loader = _loader(clips)
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
        dict(type='LoadFeatureBank', bank_dir=str(tmp_path), spacing=4,
             window=1))
    out = load(dict(video_id='cls/a', frame_inds=np.arange(1, 5)))
    assert out['long_term_valid'].tolist() == [False, True, True]
    assert out['long_term_feats'].shape == (3, 4, 2, 1, 8)


def test_extract_keeps_the_unpadded_grid(tmp_path):
    """Without --pool-size the backbone's T' x H' x W' grid is stored, cropped
    to the cells of the frame (a batch pads its smaller clips)."""
    tool = _tool()
    model = MODELS.build(tiny_cfg()).eval()
    # 20 x 28 frames padded to the batch's 32 x 40 (divisor 8): the stride-4
    # backbone sees them in ceil(20 / 4) x ceil(28 / 4) = 5 x 7 cells
    clips = [_clip('a', 1, 32, 40), _clip('b', 1, 20, 28)]
    with pytest.raises(ValueError, match='--pool-size'):
        tool.extract(model, _loader(clips), str(tmp_path / 'x'), None, set())
    written = set()
    tool.extract(model, _loader(clips[1:]), str(tmp_path), None, written)
    alone = np.load(tmp_path / 'b.feats.npy')
    assert alone.shape == (1, 4, 5, 7, 8)
    tool.extract(model, _loader(clips), str(tmp_path / 'pooled'), (5, 7),
                 set())
    batched = np.load(tmp_path / 'pooled' / 'b.feats.npy')
    # pooling a 5 x 7 grid to 5 x 7 is the identity; the padding does not
    # leak into the padded clip's features (up to the conv's border)
    np.testing.assert_allclose(batched[0, :, :4, :6], alone[0, :, :4, :6],
                               rtol=1e-2, atol=1e-3)
    assert batched.shape == (1, 4, 5, 7, 8)


def test_unpadded():
    feat = torch.zeros(8, 4, 10, 12)
    assert _tool().unpadded(feat, (30, 45), (40, 48)).shape == (8, 4, 8, 12)
    assert _tool().unpadded(feat, (40, 48), (40, 48)).shape == feat.shape


def test_plain_loader_cfg_runs_the_test_pipeline():
    cfg = Config(dict(
        train_dataloader=dict(
            batch_size=2,
            sampler=dict(type='DefaultSampler', shuffle=True),
            dataset=dict(type='X', ann_file='train', pipeline=[
                dict(type='A'),
                dict(type='LoadFeatureBank', bank_dir='b'),
                dict(type='RandomCrop'),
                dict(type='B')
            ])),
        test_dataloader=dict(
            batch_size=1,
            dataset=dict(type='X', ann_file='test', pipeline=[
                dict(type='A'),
                dict(type='LoadFeatureBank', bank_dir='b'),
                dict(type='B')
            ]))))
    loader = _tool().plain_loader_cfg(cfg, 'train')
    # the clips of the train split, the steps of the test pipeline
    assert loader['dataset']['ann_file'] == 'train'
    assert [s['type'] for s in loader['dataset']['pipeline']] == ['A', 'B']
    assert loader['sampler']['shuffle'] is False
    # the config itself is untouched
    assert len(cfg.train_dataloader.dataset.pipeline) == 4
    assert len(cfg.test_dataloader.dataset.pipeline) == 3
    with pytest.raises(KeyError, match='val_dataloader'):
        _tool().plain_loader_cfg(cfg, 'val')


def test_train_split_bank_is_deterministic(tmp_path, monkeypatch):
    """The bank of the benchmark's training clips, written twice with
    different random states, is the same both times (the training pipeline,
    with its random rescale, crop and colour jitter, would differ)."""
    generate(str(tmp_path / 'data' / 'continuity_bench'),
             splits=('tubelets', ), scale=0.002, progress=False)
    monkeypatch.chdir(tmp_path)
    tool = _tool()
    cfg = Config.fromfile(osp.join(REPO, 'configs/tuber', LONG_CONTEXT))
    cfg.merge_from_dict({
        f'{split}_dataloader.{key}': value
        for split in ('train', 'test')
        for key, value in (('num_workers', 0), ('persistent_workers', False))
    })
    init_default_scope('mmaction')
    model = MODELS.build(tiny_cfg()).eval()
    train_cfg = dict(tool.plain_loader_cfg(cfg, 'train'))
    augmented = copy.deepcopy(train_cfg)
    augmented['dataset']['pipeline'] = [
        step for step in cfg.train_dataloader.dataset.pipeline
        if step['type'] != 'LoadFeatureBank'
    ]

    def run(loader_cfg, name, seed):
        set_random_seed(seed)
        tool.extract(model, Runner.build_dataloader(loader_cfg),
                     str(tmp_path / name), (2, 2), set())
        return np.load(tmp_path / name / 'train_0000.feats.npy')

    first = run(train_cfg, 'first', 0)
    assert len(first) == len(Runner.build_dataloader(train_cfg).dataset)
    np.testing.assert_array_equal(run(train_cfg, 'second', 1), first)
    assert not np.array_equal(
        run(augmented, 'augmented', 0), run(augmented, 'augmented2', 1))
