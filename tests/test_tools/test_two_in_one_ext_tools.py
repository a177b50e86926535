"""The tools of the two-in-one extensions: a tiny two-in-one TSN trains
and tests through tools/train.py / tools/test.py, the two-stream TSN is
evaluated by tools/test.py from its config and the streams' checkpoints,
and tools/analysis/plot_val_curves.py summarises seeds."""
import json
import os
import os.path as osp
import re

import pytest

from mmcontinuity.datasets.bench import generate

RECOGNITION = 'configs/two_in_one/recognition/'
TINY = '1xb8-1x1x3-8e_continuity-bench-recognition-'
FAST = [
    f'{loader}_dataloader.{key}={value}'
    for loader in ('train', 'val', 'test')
    for key, value in (('num_workers', 0), ('persistent_workers', False))
]


@pytest.fixture(scope='module')
def bench_cwd(tmp_path_factory):
    """data/continuity_bench/recognition at its smallest (2 train, 1 val
    videos)."""
    root = tmp_path_factory.mktemp('two_in_one_ext_tools')
    generate(str(root / 'data' / 'continuity_bench'),
             splits=('recognition', ), scale=0.02, progress=False)
    return root


def top1(log):
    found = re.findall(r'acc/top1: ([0-9.]+)', log)
    assert found, 'acc/top1 missing from the log'
    value = float(found[-1])
    assert 0 <= value <= 1
    return value


@pytest.mark.slow
def test_two_in_one_tsn_trains_and_tests(bench_cwd, repo_root, tool):
    config = osp.join(repo_root, RECOGNITION,
                      f'two-in-one-tsn_r18-tiny_{TINY}rgb-flow.py')
    work_dir = bench_cwd / 'work_dirs' / 'two-in-one'
    tool([osp.join(repo_root, 'tools/train.py'), config, '--work-dir',
          str(work_dir), '--seed', '0', '--cfg-options', *FAST,
          'train_cfg.max_epochs=1', 'default_hooks.checkpoint.interval=1'],
         cwd=bench_cwd)
    checkpoint = work_dir / 'epoch_1.pth'
    assert checkpoint.is_file()
    proc = tool([osp.join(repo_root, 'tools/test.py'), config,
                 str(checkpoint), '--work-dir', str(work_dir),
                 '--cfg-options', *FAST], cwd=bench_cwd)
    top1(proc.stdout + proc.stderr)


@pytest.mark.slow
def test_two_stream_tsn_tests_from_stream_checkpoints(bench_cwd, repo_root,
                                                      tool):
    """Untrained stream checkpoints (the streams' training is the same
    tools/train.py run as above): the fused model loads them by config."""
    import torch
    from mmengine.config import Config
    from mmengine.registry import MODELS, DefaultScope
    checkpoints = {}
    with DefaultScope.overwrite_default_scope('mmaction'):
        for stream in ('rgb', 'flow'):
            cfg = Config.fromfile(osp.join(
                repo_root, RECOGNITION, f'tsn_r18-tiny_{TINY}{stream}.py'))
            model = MODELS.build(cfg.model)
            model.init_weights()
            checkpoints[stream] = str(bench_cwd / f'{stream}.pth')
            torch.save(dict(state_dict=model.state_dict()),
                       checkpoints[stream])
    fusion = osp.join(repo_root, RECOGNITION,
                      f'two-stream-tsn_r18-tiny_{TINY}rgb-flow.py')
    proc = tool([
        osp.join(repo_root, 'tools/test.py'), fusion, '--work-dir',
        str(bench_cwd / 'work_dirs' / 'two-stream'), '--cfg-options',
        *[o for o in FAST if not o.startswith('train')],
        f"model.rgb_checkpoint={checkpoints['rgb']}",
        f"model.flow_checkpoint={checkpoints['flow']}"
    ], cwd=bench_cwd)
    top1(proc.stdout + proc.stderr)


def _write_run(work_dir, values):
    vis = work_dir / '20260101_000000' / 'vis_data'
    os.makedirs(vis)
    with open(vis / 'scalars.json', 'w') as f:
        for epoch, value in enumerate(values, 1):
            f.write(json.dumps(dict(loss=1.0, step=epoch * 10)) + '\n')
            f.write(json.dumps({'acc/top1': value, 'step': epoch}) + '\n')


def test_plot_val_curves(tmp_path, repo_root, tool):
    """Two systems of three seeds: the printed final / best mean ± std are
    the hand-computed ones and the PNG is written."""
    runs = {'a': [[0.1, 0.5, 0.4], [0.3, 0.7, 0.6], [0.2, 0.6, 0.5]],
            'b': [[0.5, 0.5, 0.9], [0.5, 0.5, 0.9], [0.5, 0.5, 0.9]]}
    for label, seeds in runs.items():
        for seed, values in enumerate(seeds):
            _write_run(tmp_path / f'{label}_seed{seed}', values)
    out = tmp_path / 'curves.png'
    proc = tool([
        osp.join(repo_root, 'tools/analysis/plot_val_curves.py'), '--runs',
        f'A={tmp_path}/a_seed*', f'B={tmp_path}/b_seed*', '--out', str(out)
    ], cwd=tmp_path)
    # a: final mean 50, std sqrt(2/3) * 10 = 8.16; best epoch 2 (60)
    assert 'A: 3 seeds, final 50.00 ± 8.16 (step 3), best 60.00 ± 8.16 ' \
        '(step 2)' in proc.stdout
    assert 'B: 3 seeds, final 90.00 ± 0.00 (step 3), best 90.00 ± 0.00 ' \
        '(step 3)' in proc.stdout
    assert out.stat().st_size > 1000


@pytest.fixture(scope='module')
def tubelets_cwd(tmp_path_factory):
    """data/continuity_bench/tubelets at its smallest (frames + flow)."""
    root = tmp_path_factory.mktemp('two_in_one_demo')
    generate(str(root / 'data' / 'continuity_bench'), splits=('tubelets', ),
             scale=0.002, progress=False)
    return root


@pytest.mark.slow
def test_demo_on_a_tiny_clip(tubelets_cwd, repo_root, tool):
    """The multi-frame two-in-one SSD (untrained, no checkpoint) on the
    first 12 frames of a benchmark video with its flow: a GIF and a JSON
    whose tubes are ACT-linked tubelets inside the video."""
    import cv2
    bench = tubelets_cwd / 'data' / 'continuity_bench' / 'tubelets'
    video = sorted((bench / 'rawframes').iterdir())[-1]
    clip = tubelets_cwd / 'clip'
    os.makedirs(clip)
    for t in range(1, 13):
        cv2.imwrite(str(clip / f'img_{t:05d}.jpg'),
                    cv2.imread(str(video / f'img_{t:05d}.jpg')))
    config = osp.join(repo_root, 'configs/two_in_one/multi_frame/'
                      'two-in-one-act-ssd-tiny_r18-w16_1xb8-600_'
                      'continuity-bench-tubelets-rgb-flow.py')
    out = tubelets_cwd / 'demo.gif'
    tool([osp.join(repo_root, 'tools/demo/two_in_one_demo.py'), str(clip),
          config, '--flow-dir', str(bench / 'flow' / video.name), '--out',
          str(out), '--score-thr', '0', '--cfg-options',
          'test_evaluator.link_cfg.min_length=1'], cwd=tubelets_cwd)
    assert out.stat().st_size > 0
    record = json.loads((tubelets_cwd / 'demo.json').read_text())
    assert record['num_frames'] == 12 and record['tubes']
    for tube in record['tubes']:
        assert 1 <= min(tube['frames']) <= max(tube['frames']) <= 12
        assert len(tube['boxes']) == len(tube['frames'])
