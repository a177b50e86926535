"""The purple and purple+blue tiny benchmark configs train through
tools/train.py (one iteration) and test through tools/test.py, with the
judge (untrained) and the diversity, on the smallest built-in
`colorization` split; the purple+blue+green config is covered, with
resume, by test_colorize_tools.py."""
import os.path as osp

import pytest
import torch

FLOWS = {
    'pixelated-colorizer': False,  # purple: no h_phi, no seg_loss
    'pixelated-semantic-embedding': True,  # purple+blue
}


@pytest.fixture(scope='module')
def bench(tmp_path_factory, repo_root):
    """The smallest split and an untrained judge checkpoint."""
    from mmengine.config import Config
    from mmengine.registry import MODELS, DefaultScope

    from mmcontinuity.datasets.bench import generate
    root = tmp_path_factory.mktemp('colorize_flows')
    generate(str(root / 'data' / 'continuity_bench'),
             splits=('colorization', ), scale=0.02, progress=False)
    judge_cfg = Config.fromfile(osp.join(
        repo_root, 'configs/colorization/baselines/'
        'fcn_r18-tiny-d8_1xb8-2k_continuity-bench-colorization-seg.py'))
    with DefaultScope.overwrite_default_scope(judge_cfg.default_scope):
        judge = MODELS.build(judge_cfg.model)
    torch.save(dict(meta=dict(), state_dict=judge.state_dict()),
               root / 'judge.pth')
    return root


@pytest.mark.slow
@pytest.mark.parametrize('flow', sorted(FLOWS))
def test_flow_trains_and_tests(flow, bench, repo_root, tool):
    config = osp.join(
        repo_root, 'configs/colorization/benchmark',
        f'{flow}_tiny_1xb8-600it_continuity-bench-colorization.py')
    work_dir = bench / flow
    tool([osp.join(repo_root, 'tools/train.py'), config,
          '--work-dir', str(work_dir), '--seed', '0', '--cfg-options',
          'train_cfg.max_iters=1', 'train_cfg.val_begin=2',
          'default_hooks.checkpoint.interval=1'], cwd=bench)
    proc = tool([osp.join(repo_root, 'tools/test.py'), config,
                 str(work_dir / 'iter_1.pth'), '--work-dir',
                 str(work_dir / 'test'), '--cfg-options',
                 f'test_evaluator.seg_model.checkpoint={bench}/judge.pth'],
                cwd=bench)
    out = proc.stdout + proc.stderr
    for metric in ('colorization/mIoU', 'colorization/ab_psnr',
                   'colorization/ab_rmse', 'colorization/diversity_ms_ssim',
                   'colorization/ab_rmse_background'):
        assert metric in out, metric
    assert ('colorization/seg_loss' in out) == FLOWS[flow]
