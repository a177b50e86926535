"""The LiftPool, aligned 3D and colorization baselines train through
tools/train.py for a few iterations and their checkpoints are evaluated by
tools/test.py with every metric their configs use, on the smallest built-in
benchmark."""
import os.path as osp

import pytest

CLS = ('configs/liftpool/baselines/'
       'resnet18-tiny-maxpool_1xb32-100e_continuity-bench-cls')
DAVIS = ('configs/aligned3d/baselines/'
         'framewise-fcn_r18-tiny-d8_1xb2-8x1x1-600it_'
         'continuity-bench-davis.py')
COLOR = ('configs/colorization/baselines/'
         'zhang-ab-classification_r18-tiny-d8_1xb8-600it_'
         'continuity-bench-colorization.py')
SEG = ('configs/colorization/baselines/'
       'fcn_r18-tiny-d8_1xb8-2k_continuity-bench-colorization-seg.py')
ITERS = ['train_cfg.max_iters=2', 'train_cfg.val_interval=2',
         'default_hooks.checkpoint.interval=2']


@pytest.fixture(scope='module')
def bench_dir(tmp_path_factory):
    from mmcontinuity.datasets.bench import generate
    root = tmp_path_factory.mktemp('baseline_tools')
    out = str(root / 'data' / 'continuity_bench')
    for split, scale in (('classification', 0.01), ('davis', 0.05),
                         ('colorization', 0.02)):
        generate(out, splits=(split, ), scale=scale, progress=False)
    return root


def train_then_test(repo, config, bench_dir, tool, options, ckpt, tests):
    """Train ``config``, then test checkpoint ``ckpt`` with each
    ``(test config, expected metric)``; returns the outputs."""
    work_dir = bench_dir / osp.basename(config)[:-3]
    tool([osp.join(repo, 'tools/train.py'), osp.join(repo, config),
          '--work-dir', str(work_dir), '--seed', '0', '--cfg-options',
          *options], cwd=bench_dir)
    assert (work_dir / ckpt).exists(), sorted(
        p.name for p in work_dir.iterdir())
    for test_config, metric in tests:
        proc = tool([osp.join(repo, 'tools/test.py'),
                     osp.join(repo, test_config), str(work_dir / ckpt),
                     '--work-dir', str(work_dir / 'test')], cwd=bench_dir)
        assert metric in proc.stdout + proc.stderr, test_config


@pytest.mark.slow
def test_liftpool_maxpool_robustness(bench_dir, repo_root, tool):
    train_then_test(
        repo_root, f'{CLS}.py', bench_dir, tool,
        ['train_cfg.max_epochs=1', 'train_cfg.val_interval=1',
         'default_hooks.checkpoint.interval=1'], 'epoch_1.pth',
        [(f'{CLS}.py', 'accuracy/top1'),
         (f'{CLS}-corruption.py', 'corruption/mCE'),
         (f'{CLS}-perturbation.py', 'perturbation/mFR'),
         (f'{CLS}-shift.py', 'shift/consistency')])


@pytest.mark.slow
def test_framewise_davis(bench_dir, repo_root, tool):
    train_then_test(repo_root, DAVIS, bench_dir, tool, ITERS, 'iter_2.pth',
                    [(DAVIS, 'davis/J&F_mean')])


@pytest.mark.slow
def test_zhang_colorization(bench_dir, repo_root, tool):
    """Colour fidelity, then semantic accuracy with a segmentation model
    trained for 2 iterations as well."""
    train_then_test(repo_root, SEG, bench_dir, tool, ITERS, 'iter_2.pth',
                    [(SEG, 'mIoU')])
    train_then_test(repo_root, COLOR, bench_dir, tool, ITERS, 'iter_2.pth',
                    [(COLOR, 'colorization/ab_psnr')])
    seg_ckpt = bench_dir / osp.basename(SEG)[:-3] / 'iter_2.pth'
    proc = tool([
        osp.join(repo_root, 'tools/test.py'),
        osp.join(repo_root, COLOR[:-3] + '-semantic.py'),
        str(bench_dir / osp.basename(COLOR)[:-3] / 'iter_2.pth'),
        '--work-dir', str(bench_dir / 'semantic'), '--cfg-options',
        f'test_evaluator.seg_model.checkpoint={seg_ckpt}'
    ], cwd=bench_dir)
    assert 'colorization/mIoU' in proc.stdout + proc.stderr
    # the reference rows (gray, ground truth, training mean) of Table 2.3
    proc = tool([
        osp.join(repo_root, 'tools/analysis/colorization_references.py'),
        osp.join(repo_root, COLOR[:-3] + '-semantic.py'), '--cfg-options',
        f'test_evaluator.seg_model.checkpoint={seg_ckpt}'
    ], cwd=bench_dir)
    # (mmengine prints a checkpoint-loading line before each)
    lines = [line for line in proc.stdout.splitlines()
             if line.split(':')[0] in ('gray', 'ground_truth', 'train_mean')]
    assert [line.split(':')[0] for line in lines] == [
        'gray', 'ground_truth', 'train_mean']
    assert all('colorization/mIoU' in line for line in lines)
    assert 'ab_rmse: 0.0000' in lines[1]
