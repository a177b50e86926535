"""The tiny LiftUpPool SegNet (LiftDownPool in its encoder, the paired
LiftUpPool in its decoder, the LiftPool regularisers in its loss) trains two
iterations through tools/train.py on the smallest segmentation split and
tools/test.py evaluates the checkpoint (mIoU). The classification configs
go through the same tools in test_baseline_configs_tools.py."""
import os.path as osp

import pytest

SEG = ('configs/liftpool/'
       'segnet-vgg13-tiny-liftuppool_1xb8-1k_continuity-bench-seg.py')


@pytest.fixture(scope='module')
def bench_dir(tmp_path_factory):
    from mmcontinuity.datasets.bench import generate
    root = tmp_path_factory.mktemp('liftpool_tools')
    out = str(root / 'data' / 'continuity_bench')
    generate(out, splits=('segmentation', ), scale=0.02, progress=False)
    return root


@pytest.mark.slow
def test_segnet_liftuppool_trains_and_tests(bench_dir, repo_root, tool):
    work_dir = bench_dir / osp.basename(SEG)[:-3]
    proc = tool([osp.join(repo_root, 'tools/train.py'),
                 osp.join(repo_root, SEG), '--work-dir', str(work_dir),
                 '--seed', '0', '--cfg-options', 'train_cfg.max_iters=2',
                 'train_cfg.val_interval=2',
                 'default_hooks.checkpoint.interval=2',
                 'default_hooks.logger.interval=1'], cwd=bench_dir)
    log = proc.stdout + proc.stderr
    assert 'loss_lift_u' in log and 'loss_lift_p' in log
    assert (work_dir / 'iter_2.pth').exists()
    proc = tool([osp.join(repo_root, 'tools/test.py'),
                 osp.join(repo_root, SEG), str(work_dir / 'iter_2.pth'),
                 '--work-dir', str(work_dir / 'test')], cwd=bench_dir)
    assert 'mIoU' in proc.stdout + proc.stderr
