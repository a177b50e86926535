"""Each library's smoke config trains through tools/train.py and its
checkpoint is evaluated by tools/test.py, in subprocesses, on the tiny
real-format datasets of tools/misc/make_smoke_data.py."""
import os.path as osp
import re

import pytest
import torch
from mmengine.runner.checkpoint import _load_checkpoint

import mmcontinuity  # noqa: F401  (MMEngine's loader reads its checkpoints)

SMOKE_CONFIGS = {
    'mmpretrain': 'mmpretrain_resnet18-tiny_smoke.py',
    'mmseg': 'mmseg_fcn-r18-tiny_smoke.py',
    'mmdet': 'mmdet_retinanet-r18-tiny_smoke.py',
    'mmaction': 'mmaction_i3d-r18-tiny_smoke.py',
}
EXPECTED_METRIC = {
    'mmpretrain': 'accuracy/top1',
    'mmseg': 'mIoU',
    'mmdet': 'coco/bbox_mAP',
    'mmaction': 'acc/top1',
}


@pytest.fixture(scope='module')
def smoke_dir(tmp_path_factory, repo_root, tool):
    """A working directory holding data/smoke/ for all four libraries."""
    root = tmp_path_factory.mktemp('smoke')
    tool([osp.join(repo_root, 'tools/misc/make_smoke_data.py'), '--out',
          'data/smoke'], cwd=root)
    return root


@pytest.mark.slow
@pytest.mark.parametrize('scope', sorted(SMOKE_CONFIGS))
def test_train_then_test(scope, smoke_dir, repo_root, tool):
    config = osp.join(repo_root, 'tests/data/configs', SMOKE_CONFIGS[scope])
    work_dir = smoke_dir / f'work_{scope}'
    tool([osp.join(repo_root, 'tools/train.py'), config, '--work-dir',
          str(work_dir), '--seed', '0'], cwd=smoke_dir)
    ckpt = work_dir / 'iter_2.pth'
    assert ckpt.exists(), sorted(p.name for p in work_dir.iterdir())
    state = _load_checkpoint(str(ckpt), map_location='cpu')
    assert state['meta']['iter'] == 2

    proc = tool([osp.join(repo_root, 'tools/test.py'), config, str(ckpt),
                 '--work-dir', str(work_dir / 'test'), '--dump',
                 str(work_dir / 'preds.pkl')], cwd=smoke_dir)
    assert EXPECTED_METRIC[scope] in proc.stdout + proc.stderr
    assert (work_dir / 'preds.pkl').exists()


@pytest.mark.slow
def test_resume_continues_iteration_and_optimizer(smoke_dir, repo_root,
                                                  tool):
    """2 iterations + resume to 4 gives the same weights as 4 straight.

    Equal weights after the resumed run need the iteration counter, the
    optimizer's momentum buffers and the data order to continue exactly.
    """
    config = osp.join(repo_root, 'tests/data/configs',
                      SMOKE_CONFIGS['mmpretrain'])
    train = osp.join(repo_root, 'tools/train.py')
    four = ['--cfg-options', 'train_cfg.max_iters=4',
            'train_cfg.val_interval=4']

    straight = smoke_dir / 'resume_straight'
    tool([train, config, '--work-dir', str(straight), '--seed', '0', *four],
         cwd=smoke_dir)
    resumed = smoke_dir / 'resume_resumed'
    tool([train, config, '--work-dir', str(resumed), '--seed', '0'],
         cwd=smoke_dir)
    proc = tool([train, config, '--work-dir', str(resumed), '--seed', '0',
                 '--resume', str(resumed / 'iter_2.pth'), *four],
                cwd=smoke_dir)
    assert 'resumed' in (proc.stdout + proc.stderr).lower()

    a = _load_checkpoint(str(straight / 'iter_4.pth'))
    b = _load_checkpoint(str(resumed / 'iter_4.pth'))
    assert b['meta']['iter'] == 4
    momentum_a, momentum_b = ([s['momentum_buffer']
                               for s in c['optimizer']['state'].values()]
                              for c in (a, b))
    assert len(momentum_a) == len(momentum_b) > 0
    for x, y in zip(momentum_a, momentum_b):
        torch.testing.assert_close(x, y)
    for key, value in a['state_dict'].items():
        torch.testing.assert_close(value, b['state_dict'][key], msg=key)


@pytest.mark.slow
def test_get_flops_and_benchmark(smoke_dir, repo_root, tool):
    config = osp.join(repo_root, 'tests/data/configs',
                      SMOKE_CONFIGS['mmpretrain'])
    proc = tool([osp.join(repo_root, 'tools/analysis/get_flops.py'), config,
                 '--shape', '3', '64', '64'], cwd=smoke_dir)
    assert 'FLOPs:' in proc.stdout and 'params:' in proc.stdout

    bench = osp.join(repo_root, 'tools/analysis/benchmark.py')
    proc = tool([bench, config, '--baseline', config, '--mode', 'predict',
                 '--warmup', '1', '--repeats', '2'], cwd=smoke_dir)
    assert 'ratio target / baseline' in proc.stdout
    proc = tool([bench, config, '--mode', 'train', '--warmup', '1',
                 '--repeats', '2'], cwd=smoke_dir)
    assert 'median' in proc.stdout
    proc = tool([bench, '--layer', "dict(type='Conv2d', in_channels=8, "
                 "out_channels=8, kernel_size=3, padding=1)",
                 '--baseline-layer', "dict(type='MaxPool2d', kernel_size=2)",
                 '--shape', '2', '8', '16', '16', '--backward', '--repeats',
                 '3'], cwd=smoke_dir)
    last = proc.stdout.strip().splitlines()[-1]
    match = re.fullmatch(r'ratio target / baseline \(median\): '
                         r'([0-9.]+) wall, ([0-9.]+) CPU time', last)
    assert match, last
    assert float(match[1]) > 0 and float(match[2]) > 0
