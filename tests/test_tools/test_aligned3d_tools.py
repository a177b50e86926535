"""Aligned-3D tools: the patch-to-point benchmark config trains a few
iterations through tools/train.py and is evaluated by tools/test.py
(subprocesses, slow); tools/analysis/vis_offsets.py draws a layer's offsets
for a clip."""
import importlib.util
import os.path as osp
import re

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import DATASETS, MODELS, DefaultScope

from mmcontinuity.datasets.bench import generate

CONFIG = ('configs/aligned3d/aligned3d-p2point_r3d18-tiny_1xb8-16x1x1-300it_'
          'continuity-bench-recognition-fast.py')


@pytest.fixture(scope='module')
def bench_cwd(tmp_path_factory):
    """data/continuity_bench/recognition_fast with one train and one val
    video, where the configs' relative data paths lead."""
    root = tmp_path_factory.mktemp('aligned3d_tools')
    generate(str(root / 'data' / 'continuity_bench'),
             splits=('recognition_fast', ), scale=0.002, progress=False)
    return root


def _vis_offsets(repo_root):
    spec = importlib.util.spec_from_file_location(
        'vis_offsets', osp.join(repo_root, 'tools/analysis/vis_offsets.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_vis_offsets_picture(repo_root, bench_cwd, monkeypatch):
    """The hooked offsets are those of Res2.0.conv2 for the test clip
    (8 slices of 16x16 for a 16x64x64 clip), and the picture holds the
    frames above the forward and backward offset rows; zero offsets are
    white, a rightward forward offset is not."""
    vis = _vis_offsets(repo_root)
    cfg = Config.fromfile(osp.join(repo_root, CONFIG))
    monkeypatch.chdir(bench_cwd)
    with DefaultScope.overwrite_default_scope('mmaction'):
        model = MODELS.build(cfg.model)
        model.eval()
        sample = DATASETS.build(cfg.test_dataloader.dataset)[0]
        generator = model.get_submodule(
            'backbone.layer1.0.conv2.conv.offsets')
        frames, offsets = vis.layer_offsets(
            model, sample, 'backbone.layer1.0.conv2.conv')
        assert frames.shape == (16, 64, 64, 3)
        assert offsets.shape == (2, 2, 8, 16, 16)
        assert not offsets.any()  # zero-initialised generator
        picture = vis.offset_picture(frames, offsets, scale=1)
        assert picture.shape == (3 * 64, 8 * 64, 3)
        # zero offsets are white (the labels cover the first 3 slices)
        assert (picture[64:, 192:] == 255).all()
        np.testing.assert_array_equal(picture[:64, :64], frames[0])
        with torch.no_grad():
            # dx at the stride-2 embedding: 1.5 pixels of res2
            generator.conv.bias.copy_(torch.tensor([0.0, 0.75]))
        _, moved = vis.layer_offsets(model, sample,
                                     'backbone.layer1.0.conv2.conv')
    # the bias of the generator's convolution (shared by both directions),
    # doubled by the up-sampling: (dy, dx) = (0, 1.5) wherever a
    # neighbouring slice exists
    shift = np.broadcast_to(
        np.array([0.0, 1.5])[:, None, None, None], (2, 7, 16, 16))
    np.testing.assert_allclose(moved[1, :, :7], shift)
    np.testing.assert_allclose(moved[0, :, 1:], shift)
    assert not moved[1, :, 7].any() and not moved[0, :, 0].any()
    picture = vis.offset_picture(frames, moved, scale=1)
    assert (picture[64:, 192:448] != 255).any(-1).all()
    assert (picture[64:128, 448:] == 255).all()  # last forward: none


@pytest.mark.slow
def test_train_and_test_tiny_aligned_config(repo_root, bench_cwd, tool):
    work_dir = str(bench_cwd / 'work_p2point')
    fast = ['train_cfg.max_iters=2', 'train_cfg.val_interval=2',
            'train_dataloader.batch_size=2',
            'param_scheduler.0.end=1', 'param_scheduler.1.begin=1',
            'param_scheduler.1.end=2']
    tool([osp.join(repo_root, 'tools/train.py'),
          osp.join(repo_root, CONFIG), '--work-dir', work_dir,
          '--cfg-options', *fast], cwd=str(bench_cwd))
    ckpt = osp.join(work_dir, 'iter_2.pth')
    assert osp.isfile(ckpt)
    state = torch.load(ckpt, map_location='cpu',
                       weights_only=False)['state_dict']
    assert 'backbone.layer1.0.conv2.conv.offsets.conv.weight' in state
    proc = tool([osp.join(repo_root, 'tools/test.py'),
                 osp.join(repo_root, CONFIG), ckpt, '--work-dir', work_dir],
                cwd=str(bench_cwd))
    top1 = re.findall(r'acc/top1: ([0-9.]+)', proc.stdout + proc.stderr)
    assert top1 and 0 <= float(top1[-1]) <= 1
