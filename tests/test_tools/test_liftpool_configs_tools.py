"""The tiny LiftUpPool SegNets (LiftDownPool in the encoder, the paired
LiftUpPool in the decoder, the LiftPool regularisers in the loss) train two
iterations through tools/train.py on the smallest segmentation split (the
seg8 config: training on a second, larger one) and
tools/test.py evaluates the checkpoint (mIoU): from scratch, and with the
encoder initialised from a tiny VGG13 classifier checkpoint at the path
the config names (here an untrained classifier's). The classification
configs go through the same tools in test_baseline_configs_tools.py."""
import os
import os.path as osp

import pytest

SEGS = ('segnet-vgg13-tiny-liftuppool_1xb8-1k_continuity-bench-seg.py',
        'segnet-vgg13-tiny-clsinit-liftuppool_1xb8-500it_'
        'continuity-bench-seg.py',
        'segnet-vgg13-tiny-clsinit-liftuppool_1xb8-3k_'
        'continuity-bench-seg8.py')
CLASSIFIER = 'vgg13-tiny-liftdownpool_1xb32-12e_continuity-bench-cls.py'


@pytest.fixture(scope='module')
def bench_dir(tmp_path_factory, repo_root):
    import torch
    from mmengine.config import Config
    from mmengine.registry import DefaultScope
    from mmpretrain.registry import MODELS

    from mmcontinuity.datasets.bench import generate
    root = tmp_path_factory.mktemp('liftpool_tools')
    out = str(root / 'data' / 'continuity_bench')
    generate(out, splits=('segmentation', ), scale=0.02, progress=False)
    # the training images of the seg8 config (the real one is --scale 8)
    generate(out + '_seg8', splits=('segmentation', ), scale=0.04,
             progress=False)
    seg = Config.fromfile(osp.join(repo_root, 'configs/liftpool', SEGS[1]))
    cls = Config.fromfile(osp.join(repo_root, 'configs/liftpool', CLASSIFIER))
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        classifier = MODELS.build(cls.model)
    checkpoint = root / seg.model.backbone.init_cfg.checkpoint
    os.makedirs(checkpoint.parent)
    torch.save(dict(state_dict=classifier.state_dict()), checkpoint)
    return root


@pytest.mark.slow
@pytest.mark.parametrize('name', SEGS)
def test_segnet_liftuppool_trains_and_tests(name, bench_dir, repo_root,
                                            tool):
    config = osp.join(repo_root, 'configs/liftpool', name)
    work_dir = bench_dir / name[:-3]
    proc = tool([osp.join(repo_root, 'tools/train.py'), config,
                 '--work-dir', str(work_dir),
                 '--seed', '0', '--cfg-options', 'train_cfg.max_iters=2',
                 'train_cfg.val_interval=2',
                 'default_hooks.checkpoint.interval=2',
                 'default_hooks.logger.interval=1'], cwd=bench_dir)
    log = proc.stdout + proc.stderr
    assert 'loss_lift_u' in log and 'loss_lift_p' in log
    if 'clsinit' in name:
        assert 'load backbone. in model from' in log
        assert 'unexpected key' not in log
    assert (work_dir / 'iter_2.pth').exists()
    proc = tool([osp.join(repo_root, 'tools/test.py'), config,
                 str(work_dir / 'iter_2.pth'),
                 '--work-dir', str(work_dir / 'test')], cwd=bench_dir)
    assert 'mIoU' in proc.stdout + proc.stderr
