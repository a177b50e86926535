"""The tiny TubeR configs of the built-in benchmark train through
tools/train.py and are evaluated by tools/test.py, in subprocesses; the
long-term context configs on a feature bank written by
tools/misc/extract_feature_bank.py from the trained short-term model
(RGB, and RGB + flow)."""
import json
import os.path as osp
import re

import pytest
from mmengine.config import Config

from mmcontinuity.datasets.bench import generate

CONFIGS = {
    'full': 'tuber_r3d18-tiny_1xb2-8x1x1-3e_continuity-bench-tubelets-rgb.py',
    **{
        ablation: f'ablations/tuber-{ablation}_r3d18-tiny_1xb2-8x1x1-3e_'
        'continuity-bench-tubelets-rgb.py'
        for ablation in ('single-query', 'self-attention', 'no-switch',
                         'linear-head')
    },
    'rgb-flow': 'tuber_r3d18-tiny_1xb2-8x1x1-5k_'
    'continuity-bench-tubelets-rgb-flow.py',
    **{
        f'rgb-flow_{ablation}': f'ablations/tuber-{ablation}_r3d18-tiny_'
        '1xb2-8x1x1-5k_continuity-bench-tubelets-rgb-flow.py'
        for ablation in ('single-query', 'self-attention', 'no-switch',
                         'linear-head')
    },
}
# long-term context config -> (short-term config whose trained backbone
# writes the bank, the bank directory the config reads)
LONG = {
    'ablations/tuber-long-context-w2_r3d18-tiny_1xb2-8x1x1-3e_'
    'continuity-bench-tubelets-rgb.py': ('full', 'feature_bank'),
    'ablations/tuber-long-context-w2_r3d18-tiny_1xb2-8x1x1-5k_'
    'continuity-bench-tubelets-rgb-flow.py': ('rgb-flow',
                                              'feature_bank_rgb-flow'),
}
# one epoch on one training video (or 4 iterations of the iteration-based
# RGB + flow schedule), no worker processes
FAST = [
    'train_dataloader.num_workers=0', 'val_dataloader.num_workers=0',
    'test_dataloader.num_workers=0',
    'train_dataloader.persistent_workers=False',
    'val_dataloader.persistent_workers=False',
    'test_dataloader.persistent_workers=False'
]
METRICS = ('tubelet/v-mAP@0.2', 'tubelet/v-mAP@0.5', 'tubelet/v-mAP@0.75',
           'tubelet/v-mAP@0.5:0.95', 'tubelet/f-mAP@0.5')


@pytest.fixture(scope='module')
def bench_cwd(tmp_path_factory):
    """A working directory with data/continuity_bench/tubelets (one train
    and one test video), where the configs' relative data paths lead."""
    root = tmp_path_factory.mktemp('tuber_tools')
    generate(str(root / 'data' / 'continuity_bench'), splits=('tubelets', ),
             scale=0.002, progress=False)
    return root


def _train_and_test(tool, repo_root, cwd, config, name):
    config = osp.join(repo_root, 'configs/tuber', config)
    by_iter = Config.fromfile(config).train_cfg.type == 'IterBasedTrainLoop'
    schedule = ([
        'train_cfg.max_iters=4', 'train_cfg.val_interval=4',
        'default_hooks.checkpoint.interval=4'
    ] if by_iter else ['train_cfg.max_epochs=1', 'train_cfg.val_interval=1'])
    work_dir = cwd / 'work_dirs' / name
    tool([
        osp.join(repo_root, 'tools/train.py'), config, '--work-dir',
        str(work_dir), '--seed', '0', '--cfg-options', *FAST, *schedule
    ], cwd=cwd)
    checkpoint = work_dir / ('iter_4.pth' if by_iter else 'epoch_1.pth')
    assert checkpoint.is_file()
    proc = tool([
        osp.join(repo_root, 'tools/test.py'), config,
        str(checkpoint), '--work-dir',
        str(work_dir), '--cfg-options', *FAST
    ], cwd=cwd)
    for value in _metrics(proc.stdout + proc.stderr).values():
        assert 0 <= value <= 100
    return checkpoint


@pytest.fixture(scope='module')
def trained(bench_cwd, repo_root, tool):
    """``trained(name)``: the checkpoint of ``CONFIGS[name]``, trained and
    tested through the tools once per module."""
    checkpoints = {}

    def get(name):
        if name not in checkpoints:
            checkpoints[name] = _train_and_test(tool, repo_root, bench_cwd,
                                                CONFIGS[name], name)
        return checkpoints[name]

    return get


@pytest.mark.slow
@pytest.mark.parametrize('name', sorted(CONFIGS))
def test_tiny_config_trains_and_tests(name, trained):
    trained(name)


def _metrics(out):
    found = {}
    for key in METRICS:
        value = re.search(re.escape(key) + r': ([0-9.]+)', out)
        assert value, f'{key} missing from the test log'
        found[key] = float(value.group(1))
    return found


@pytest.mark.slow
def test_two_view_test(trained, bench_cwd, repo_root, tool):
    """tools/test.py --tta: the clip and its flip, merged by TubeRTTAModel;
    a config without tta settings is refused by name."""
    config = bench_cwd / 'tuber_tta.py'
    config.write_text(
        f"_base_ = ['{osp.join(repo_root, 'configs/tuber', CONFIGS['full'])}']"
        """
tta_model = dict(type='TubeRTTAModel', iou_thr=0.5)
tta_pipeline = [
    dict(type='LoadFrames'),
    dict(type='TestTimeAug', transforms=[
        [dict(type='TubeletFlip', flip_ratio=0.),
         dict(type='TubeletFlip', flip_ratio=1.)],
        [dict(type='PackTubeletInputs')]]),
]
""")
    args = [osp.join(repo_root, 'tools/test.py'), str(config),
            str(trained('full')), '--tta', '--work-dir',
            str(bench_cwd / 'work_dirs' / 'tta'), '--cfg-options', *FAST]
    proc = tool(args, cwd=bench_cwd)
    _metrics(proc.stdout + proc.stderr)
    assert 'TubeRTTAModel' in (proc.stdout + proc.stderr)
    args[1] = osp.join(repo_root, 'configs/tuber', CONFIGS['full'])
    with pytest.raises(pytest.fail.Exception, match='has no'):
        tool(args, cwd=bench_cwd)


@pytest.mark.slow
def test_error_analysis(trained, bench_cwd, repo_root, tool):
    """tools/test.py --dump, then tools/analysis/tubelet_error_analysis.py:
    the predictions and the seven oracle rows; the ground-truth boxes,
    switch and class of the matched tubelets do not lower the metrics."""
    config = osp.join(repo_root, 'configs/tuber', CONFIGS['full'])
    preds = bench_cwd / 'work_dirs' / 'preds.pkl'
    tool([osp.join(repo_root, 'tools/test.py'), config,
          str(trained('full')), '--dump', str(preds), '--work-dir',
          str(bench_cwd / 'work_dirs' / 'dump'), '--cfg-options', *FAST],
         cwd=bench_cwd)
    out = bench_cwd / 'work_dirs' / 'errors.json'
    proc = tool([osp.join(repo_root, 'tools/analysis/'
                          'tubelet_error_analysis.py'), config, str(preds),
                 '--out', str(out)], cwd=bench_cwd)
    assert 'per-frame IoU' in proc.stdout
    with open(out) as f:
        result = json.load(f)
    assert len(result['metrics']) == 8
    full = result['metrics']['oracle box + switch + class']
    pred = result['metrics']['predictions']
    for key in ('v-mAP@0.5', 'f-mAP@0.5'):
        assert full[key] >= pred[key]
    assert full['f-mAP@0.5'] > 0
    assert 0 <= result['statistics']['iou'] <= 1


@pytest.mark.slow
@pytest.mark.parametrize('config', sorted(LONG))
def test_long_context_on_extracted_bank(config, trained, bench_cwd,
                                        repo_root, tool):
    short_term, bank_name = LONG[config]
    bank = bench_cwd / 'data/continuity_bench/tubelets' / bank_name
    proc = tool([
        osp.join(repo_root, 'tools/misc/extract_feature_bank.py'),
        osp.join(repo_root, 'configs/tuber', CONFIGS[short_term]),
        str(trained(short_term)),
        str(bank), '--split', 'train', 'val', '--cfg-options', *FAST
    ], cwd=bench_cwd)
    # every split through the test pipeline, which the tool names
    test_pipeline = Config.fromfile(
        osp.join(repo_root, 'configs/tuber',
                 CONFIGS[short_term])).test_dataloader.dataset.pipeline
    steps = ' -> '.join(step.type for step in test_pipeline)
    for split in ('train', 'val'):
        assert (f'{split}: the clips of {split}_dataloader through the '
                f'pipeline of test_dataloader (no augmentation): {steps}'
                in proc.stdout)
    assert any(bank.iterdir())
    _train_and_test(tool, repo_root, bench_cwd, config,
                    'long-context_' + short_term)
