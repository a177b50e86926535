"""Two-stream TubeR by late fusion through the tools: the tiny RGB and flow
configs of the built-in benchmark train (tools/train.py, a few iterations)
and test each on its own, and tools/test.py evaluates their fusion from the
late-fusion config alone (no checkpoint argument: the config names the
streams' checkpoints)."""
import os.path as osp

import pytest
from test_tuber_tools import FAST, _metrics, _train_and_test

from mmcontinuity.datasets.bench import generate

PREFIX = 'tuber_r3d18-tiny_1xb2-8x1x1-5k_continuity-bench-tubelets-'
FUSION = 'tuber-late-fusion_r3d18-tiny_1xb2-8x1x1-5k_' \
    'continuity-bench-tubelets-rgb-flow.py'
# the fusion has no training data loader
FAST_TEST = [option for option in FAST if not option.startswith('train_')]


@pytest.fixture(scope='module')
def bench_cwd(tmp_path_factory):
    """data/continuity_bench/tubelets with one train and one test video."""
    root = tmp_path_factory.mktemp('tuber_late_fusion')
    generate(str(root / 'data' / 'continuity_bench'), splits=('tubelets', ),
             scale=0.002, progress=False)
    return root


@pytest.mark.slow
def test_late_fusion_of_trained_streams(bench_cwd, repo_root, tool):
    checkpoints = {
        stream: _train_and_test(tool, repo_root, bench_cwd,
                                PREFIX + stream + '.py', stream)
        for stream in ('rgb', 'flow')
    }
    proc = tool([
        osp.join(repo_root, 'tools/test.py'),
        osp.join(repo_root, 'configs/tuber', FUSION), '--work-dir',
        str(bench_cwd / 'work_dirs' / 'late-fusion'), '--cfg-options',
        *FAST_TEST, f"model.rgb_checkpoint={checkpoints['rgb']}",
        f"model.flow_checkpoint={checkpoints['flow']}"
    ], cwd=bench_cwd)
    log = proc.stdout + proc.stderr
    for value in _metrics(log).values():
        assert 0 <= value <= 100
    assert 'TubeRLateFusion' in log
    # without the streams' checkpoints (the default work dirs of the full
    # schedule, not trained here) the fusion does not start
    with pytest.raises(pytest.fail.Exception, match='iter_5000.pth'):
        tool([
            osp.join(repo_root, 'tools/test.py'),
            osp.join(repo_root, 'configs/tuber', FUSION), '--work-dir',
            str(bench_cwd / 'work_dirs' / 'late-fusion'), '--cfg-options',
            *FAST_TEST
        ], cwd=bench_cwd)
