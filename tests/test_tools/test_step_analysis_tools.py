"""tools/analysis/overfit_one_batch.py and profile_step.py on the tiny
configs and the smallest benchmark: a few steps each."""
import importlib.util
import math
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import DefaultScope

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIG_DIR = osp.join(REPO, 'configs', 'tuber')
ANCHOR_FREE = ('tuber-anchor-free_r3d18-tiny_bench-recognition-pre_1xb2-'
               '8x1x1-5k_continuity-bench-tubelets-rgb-flow.py')
PROPOSALS = ('tuber_r3d18-tiny_1xb2-8x1x1-5k_continuity-bench-tubelets-'
             'rgb-flow.py')


def _tool(name):
    path = osp.join(REPO, 'tools', 'analysis', name + '.py')
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope='module')
def bench(tmp_path_factory):
    """data/continuity_bench/tubelets at its smallest, with flow."""
    from mmcontinuity.datasets.bench import generate
    root = tmp_path_factory.mktemp('step_tools')
    generate(str(root / 'data' / 'continuity_bench'), splits=('tubelets', ),
             scale=0.02, progress=False)
    return root


def _cfg(name):
    cfg = Config.fromfile(osp.join(CONFIG_DIR, name))
    cfg.model.pop('init_cfg', None)
    return cfg


def test_overfit_one_batch(bench, monkeypatch, capsys):
    monkeypatch.chdir(bench)
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmaction'):
        records = _tool('overfit_one_batch').overfit(
            _cfg(ANCHOR_FREE), steps=3, log=1)
    assert [r['step'] for r in records] == [1, 2, 3]
    for record in records:
        assert all(math.isfinite(v) for v in record.values())
        assert record['matched_giou'] == pytest.approx(
            1 - record['loss_giou'] / 2.)
    assert capsys.readouterr().out.count('matched_giou=') == 3


def test_profile_step(bench, monkeypatch):
    monkeypatch.chdir(bench)
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmaction'):
        wall, cpu, per_step, _ = _tool('profile_step').profile(
            _cfg(PROPOSALS), steps=2, warmup=1)
    for part in ('backbone', 'encoder', 'decoder', 'cls_head',
                 'query_selection', 'criterion', 'matcher (in criterion)',
                 'data (next)', 'backward', 'clip + optimizer'):
        assert per_step[part] > 0, part
    parts = sum(per_step[p] for p in ('backbone', 'encoder', 'decoder',
                                      'cls_head', 'criterion'))
    assert parts < per_step['forward (all)'] < wall
    # the process cannot use more CPU time than wall-clock time times its
    # intra-op threads (2 in CI's session, 1 under OMP_NUM_THREADS=1), and
    # a step is not free
    assert 0 < cpu <= wall * torch.get_num_threads() * 1.1
