"""The tiny two-in-one SSD (RGB + flow of the built-in benchmark) trains
through tools/train.py and is evaluated by tools/test.py, in subprocesses:
frame detections linked online into tubes, video-mAP at 0.2 / 0.5 / 0.75 /
0.5:0.95 and frame-mAP in the test log."""
import os.path as osp
import re

import pytest

from mmcontinuity.datasets.bench import generate

CONFIG = ('configs/two_in_one/two-in-one-ssd-tiny_r18-w16_1xb8-600_'
          'continuity-bench-tubelets-rgb-flow.py')
# 4 iterations, no worker processes
FAST = [
    'train_dataloader.num_workers=0', 'val_dataloader.num_workers=0',
    'test_dataloader.num_workers=0',
    'train_dataloader.persistent_workers=False',
    'val_dataloader.persistent_workers=False',
    'test_dataloader.persistent_workers=False'
]
SCHEDULE = ['train_cfg.max_iters=4', 'train_cfg.val_interval=4',
            'default_hooks.checkpoint.interval=4']
METRICS = ('tubelet/v-mAP@0.2', 'tubelet/v-mAP@0.5', 'tubelet/v-mAP@0.75',
           'tubelet/v-mAP@0.5:0.95', 'tubelet/f-mAP@0.5')


@pytest.mark.slow
def test_tiny_two_in_one_trains_and_tests(tmp_path, repo_root, tool):
    generate(str(tmp_path / 'data' / 'continuity_bench'),
             splits=('tubelets', ), scale=0.002, progress=False)
    config = osp.join(repo_root, CONFIG)
    work_dir = tmp_path / 'work_dirs' / 'two_in_one'
    tool([
        osp.join(repo_root, 'tools/train.py'), config, '--work-dir',
        str(work_dir), '--seed', '0', '--cfg-options', *FAST, *SCHEDULE
    ], cwd=tmp_path)
    checkpoint = work_dir / 'iter_4.pth'
    assert checkpoint.is_file()
    proc = tool([
        osp.join(repo_root, 'tools/test.py'), config,
        str(checkpoint), '--work-dir',
        str(work_dir), '--cfg-options', *FAST
    ], cwd=tmp_path)
    out = proc.stdout + proc.stderr
    for key in METRICS:
        value = re.search(re.escape(key) + r': ([0-9.]+)', out)
        assert value, f'{key} missing from the test log'
        assert 0 <= float(value.group(1)) <= 100
