"""``skip_bad_samples=True`` end to end through ``tools/train.py`` (issue
17, point 3): one epoch of the LiftPool baseline on a small copy of the
benchmark's ``classification`` split with one corrupt training image logs
the skip, naming the file, and ``SkippedSamplesHook``'s count."""
import os
import os.path as osp
import re
import subprocess
import sys

import pytest


@pytest.mark.slow
def test_train_skips_and_counts_a_corrupt_image(tmp_path, repo_root):
    from mmcontinuity.datasets.bench import generate
    generate(str(tmp_path / 'data' / 'continuity_bench'),
             splits=('classification', ), scale=0.02, progress=False)
    root = tmp_path / 'data/continuity_bench/classification'
    bad = (root / 'meta/train.txt').read_text().split()[0]  # first image
    (root / 'train' / bad).write_bytes(b'')
    config = osp.join(repo_root, 'configs/liftpool/baselines/'
                      'resnet18-tiny-maxpool_1xb32-100e_continuity-bench-'
                      'cls.py')
    proc = subprocess.run(
        [sys.executable, osp.join(repo_root, 'tools/train.py'), config,
         '--work-dir', str(tmp_path / 'work'), '--no-validate',
         '--cfg-options', 'train_cfg.max_epochs=1',
         'train_dataloader.batch_size=5',
         'train_dataloader.dataset.skip_bad_samples=True'],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env=dict(os.environ, PYTHONPATH=repo_root, OMP_NUM_THREADS='1'))
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-4000:]
    skips = re.findall(r'skipped bad sample \d+ of CheckedCustomDataset: '
                       r'data/continuity_bench/classification/train/'
                       + re.escape(bad) + r' is empty \(0 bytes\)', log)
    counts = re.findall(r'epoch 1: (\d+) bad samples of CheckedCustomDataset '
                        r'skipped', log)
    # the bad sample's own turn, and any random refetch that hits it again
    assert len(skips) >= 1
    assert counts == [str(len(skips))], log[-4000:]
    assert 'Epoch(train) [1][4/4]' in log
