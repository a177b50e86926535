"""The thesis' model (tiny benchmark config of the purple+blue+green flow)
trains through tools/train.py for 2 iterations, resumes to 3 with its
Polyak average (EMAHook), and
tools/test.py reports every metric of its test evaluator, the judge's mIoU
(an untrained judge) and the MS-SSIM diversity included, on the smallest
built-in `colorization` split."""
import os.path as osp

import pytest
import torch

CONFIG = ('configs/colorization/benchmark/pixelated-semantic-generator_'
          'tiny_1xb8-600it_continuity-bench-colorization.py')


@pytest.mark.slow
def test_generator_flow_trains_resumes_and_tests(tmp_path, repo_root, tool):
    from mmengine.config import Config
    from mmengine.registry import MODELS, DefaultScope

    from mmcontinuity.datasets.bench import generate
    generate(str(tmp_path / 'data' / 'continuity_bench'),
             splits=('colorization', ), scale=0.02, progress=False)
    cfg = Config.fromfile(osp.join(repo_root, CONFIG))
    judge_cfg = Config.fromfile(cfg.test_evaluator.seg_model.config)
    with DefaultScope.overwrite_default_scope(judge_cfg.default_scope):
        judge = MODELS.build(judge_cfg.model)
    torch.save(dict(meta=dict(), state_dict=judge.state_dict()),
               tmp_path / 'judge.pth')

    work_dir = tmp_path / 'work'
    train = [osp.join(repo_root, 'tools/train.py'),
             osp.join(repo_root, CONFIG), '--work-dir', str(work_dir),
             '--seed', '0', '--cfg-options',
             'default_hooks.checkpoint.interval=1',
             'train_cfg.val_begin=10']  # no (judged) validation
    tool(train + ['train_cfg.max_iters=2', 'train_cfg.val_interval=10'],
         cwd=tmp_path)
    tool(train + ['train_cfg.max_iters=3', 'train_cfg.val_interval=10',
                  '--resume'], cwd=tmp_path)
    # the average went on from the checkpoint: 3 updates, not 1
    ema = torch.load(work_dir / 'iter_3.pth', map_location='cpu',
                     weights_only=False)['ema_state_dict']
    assert int(ema['steps']) == 3

    proc = tool([osp.join(repo_root, 'tools/test.py'),
                 osp.join(repo_root, CONFIG), str(work_dir / 'iter_3.pth'),
                 '--work-dir', str(work_dir / 'test'), '--cfg-options',
                 f'test_evaluator.seg_model.checkpoint={tmp_path}/judge.pth'],
                cwd=tmp_path)
    out = proc.stdout + proc.stderr
    for metric in ('colorization/mIoU', 'colorization/ab_psnr',
                   'colorization/diversity_ms_ssim', 'colorization/seg_loss',
                   'colorization/ab_rmse_background'):
        assert metric in out, metric
