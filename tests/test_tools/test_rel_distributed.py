"""tools/dist_train.sh with 2 CPU processes (gloo) trains a tiny config of
each library to the weights of 1 process with the same total batch, and
tools/dist_test.sh gives tools/test.py's metrics on a test set whose size
2 does not divide.

Two kinds of layers do not split: batch normalisation (2 x bs/2 sees other
batch statistics than 1 x bs, and torch's SyncBatchNorm needs CUDA) and
dropout (each process draws its masks from its own copy of the seeded
stream, so rank 1 repeats rank 0's masks). Both runs therefore keep BN
(running statistics) and dropout in eval mode through a hook; every other
layer is as configured. Augmentation is seeded per sample (tools/train.py),
so both runs see the same augmented samples. The optimizer is SGD: Adam's
first steps are about lr * sign(gradient), so a gradient element near zero
whose sign flips with the order of a float sum moves by 2 lr, and weights
after Adam steps do not tell whether the gradients matched."""
import os
import os.path as osp
import re
import socket
import subprocess
import sys

import pytest
import torch
from mmengine.config import Config
from mmengine.fileio import load
from mmengine.runner.checkpoint import _load_checkpoint

import mmcontinuity  # noqa: F401  (MMEngine's loader reads its checkpoints)
from mmcontinuity.datasets.bench import generate

EVAL_MODE_HOOK = '''
from mmengine.hooks import Hook
from mmengine.registry import HOOKS
from torch.nn.modules.batchnorm import _BatchNorm
from torch.nn.modules.dropout import _DropoutNd


@HOOKS.register_module()
class BatchNormDropoutInEvalMode(Hook):

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        for module in runner.model.modules():
            if isinstance(module, (_BatchNorm, _DropoutNd)):
                module.eval()
'''
# scope: (config, benchmark split, scale)
CASES = {
    'mmpretrain': ('configs/liftpool/baselines/resnet18-tiny-maxpool_1xb32-'
                   '100e_continuity-bench-cls.py', 'classification', 0.01),
    'mmseg': ('configs/liftpool/segnet-vgg13-tiny-maxunpool_1xb8-1k_'
              'continuity-bench-seg.py', 'segmentation', 0.01),
    'mmaction': ('configs/aligned3d/aligned3d-p2point_r3d18-tiny_1xb8-'
                 '16x1x1-300it_continuity-bench-recognition-fast.py',
                 'recognition_fast', 0.002),
    'mmdet': ('configs/two_in_one/two-in-one-ssd-tiny_r18-w16_1xb8-600_'
              'continuity-bench-tubelets-rgb-flow.py', 'tubelets', 0.002),
}
# max |w_2 - w_1| / max |w_1(iteration 2) - w_1(iteration 1)| over all
# weights (w_n: after n processes). Measured: mmpretrain 2e-6, mmseg 2e-9,
# mmaction 7e-6, mmdet 5e-6 (float summation order; mmdet's SSDHead gave
# 0.064, as it divides each process's loss by its own positive anchors:
# GlobalNormSSDHead divides by their mean over processes).
TOLERANCE = {'mmpretrain': 1e-3, 'mmseg': 1e-3, 'mmaction': 1e-3,
             'mmdet': 1e-3}
TOTAL_BATCH = 2


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _run(args, cwd, **env):
    repo = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
    env = dict(os.environ, OMP_NUM_THREADS='1', **env,
               PYTHONPATH=os.pathsep.join([repo, str(cwd)]))
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)
    # the end of both streams: the log shows how far a crashed run got
    assert proc.returncode == 0, (f'exit {proc.returncode}\n--- stdout:\n'
                                  f'{proc.stdout[-3000:]}\n--- stderr:\n'
                                  f'{proc.stderr[-5000:]}')
    return proc.stdout + proc.stderr


def two_iterations(config, processes, out):
    """``config`` with BN and dropout in eval mode, SGD, 2 iterations (2
    epochs of 1 for epoch-based schedules) of ``TOTAL_BATCH`` samples over
    ``processes``, a checkpoint after each, no validation, no worker
    processes."""
    cfg = Config.fromfile(config)
    cfg.custom_imports = dict(imports=['mmcontinuity', 'rel_eval_mode'],
                              allow_failed_imports=False)
    cfg.custom_hooks = [*cfg.get('custom_hooks', []),
                        dict(type='BatchNormDropoutInEvalMode')]
    for split in ('train', 'val', 'test'):
        loader = cfg[f'{split}_dataloader']
        loader.update(num_workers=0, persistent_workers=False)
    cfg.train_dataloader.batch_size = TOTAL_BATCH // processes
    cfg.optim_wrapper.optimizer = dict(type='SGD', lr=0.01, momentum=0.9)
    if 'max_epochs' in cfg.train_cfg:
        cfg.train_dataloader.dataset.indices = TOTAL_BATCH
        cfg.train_cfg.max_epochs = 2
    else:
        cfg.train_cfg.max_iters = 2
    cfg.train_cfg.val_interval = 100
    cfg.default_hooks.checkpoint.update(interval=1, max_keep_ckpts=-1,
                                        save_best=None)
    cfg.dump(out)


def _weights(work_dir):
    ckpts = sorted(work_dir.glob('*_[12].pth'))
    assert len(ckpts) == 2, sorted(p.name for p in work_dir.iterdir())
    return [_load_checkpoint(str(c))['state_dict'] for c in ckpts]


def _max_abs(a, b):
    return max(float((a[k].double() - b[k].double()).abs().max())
               for k in a if a[k].is_floating_point())


@pytest.fixture(scope='module')
def bench(tmp_path_factory):
    """``bench(scope)``: a directory with the scope's benchmark split."""
    roots = {}

    def make(scope):
        if scope not in roots:
            _, split, scale = CASES[scope]
            roots[scope] = tmp_path_factory.mktemp(scope)
            generate(str(roots[scope] / 'data' / 'continuity_bench'),
                     splits=(split, ), scale=scale, progress=False)
        return roots[scope]

    return make


@pytest.mark.slow
@pytest.mark.parametrize('scope', sorted(CASES))
def test_two_processes_train_like_one(scope, bench, repo_root):
    config = CASES[scope][0]
    tmp_path = bench(scope)
    (tmp_path / 'rel_eval_mode.py').write_text(EVAL_MODE_HOOK)
    for n in (1, 2):
        two_iterations(osp.join(repo_root, config), n, tmp_path / f'{n}.py')
    train = ['--seed', '0', '--no-validate']
    _run([sys.executable, osp.join(repo_root, 'tools/train.py'),
          str(tmp_path / '1.py'), '--work-dir', str(tmp_path / 'one'),
          *train], tmp_path)
    log = _run(['bash', osp.join(repo_root, 'tools/dist_train.sh'),
                str(tmp_path / '2.py'), '2', '--work-dir',
                str(tmp_path / 'two'), *train], tmp_path,
               PORT=str(free_port()))
    assert 'GPU number: 2' in log or 'world_size: 2' in log
    (one_1, one_2), (_, two_2) = (
        _weights(tmp_path / d) for d in ('one', 'two'))
    step = _max_abs(one_2, one_1)
    difference = _max_abs(two_2, one_2)
    print(f'{scope}: max |w2 - w1| = {difference:.3g}, training step '
          f'{step:.3g}, ratio {difference / step:.3g}')
    assert step > 0
    assert difference <= TOLERANCE[scope] * step


def _metrics(log):
    return dict(re.findall(r'(tubelet/[\w@.:-]+): ([0-9.]+)', log))


@pytest.mark.slow
def test_dist_test_counts_every_sample_once(bench, repo_root):
    """7 test frames over 2 processes (the sampler pads rank 1 with a
    repeat): frame and video mAP, and the dumped predictions, equal those
    of 1 process."""
    tmp_path = bench('mmdet')
    checkpoint = tmp_path / 'one' / 'iter_2.pth'
    if not checkpoint.exists():
        pytest.skip('needs test_two_processes_train_like_one[mmdet]')
    config = osp.join(repo_root, CASES['mmdet'][0])
    options = ['--cfg-options', 'test_dataloader.dataset.indices=7',
               'test_dataloader.num_workers=0',
               'test_dataloader.persistent_workers=False']
    logs, dumps = [], []
    for n, tool in ((1, 'test.py'), (2, 'dist_test.sh')):
        dump = tmp_path / f'preds{n}.pkl'
        args = [config, str(checkpoint), *(['2'] if n == 2 else []),
                '--work-dir', str(tmp_path / f'test{n}'), '--dump',
                str(dump), *options]
        command = ([sys.executable, osp.join(repo_root, 'tools', tool)]
                   if n == 1 else
                   ['bash', osp.join(repo_root, 'tools', tool)])
        logs.append(_run([*command, *args], tmp_path,
                         PORT=str(free_port())))
        dumps.append(load(str(dump)))
    one, two = (_metrics(log) for log in logs)
    assert {'tubelet/f-mAP@0.5', 'tubelet/v-mAP@0.5'} <= set(one)
    assert one == two
    assert len(dumps[0]) == len(dumps[1]) == 7
    frames = [[(d['video_id'], tuple(d['frame_inds'])) for d in dump]
              for dump in dumps]
    assert frames[0] == frames[1] and len(set(frames[0])) == 7
    for a, b in zip(*dumps):
        torch.testing.assert_close(b['pred_instances']['bboxes'],
                                   a['pred_instances']['bboxes'])
