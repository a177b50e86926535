"""tools/train.py switches on per-sample seeding, the random-state,
non-finite-loss and skipped-samples hooks, and resumes from the latest
complete checkpoint."""
import importlib.util
import os.path as osp
from argparse import Namespace

import pytest
import torch
from mmengine.config import Config


@pytest.fixture(scope='module')
def train_tool(repo_root):
    spec = importlib.util.spec_from_file_location(
        'train_tool', osp.join(repo_root, 'tools/train.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cfg(**extra):
    return Config(dict(
        train_dataloader=dict(sampler=dict(type='DefaultSampler'),
                              dataset=dict(type='CustomDataset')),
        custom_hooks=[dict(type='EMAHook'), dict(type='NonFiniteLossHook')],
        **extra))


def test_reliability_is_on_by_default(train_tool):
    cfg = train_tool.add_reliability(_cfg())
    assert [h['type'] for h in cfg.custom_hooks] == [
        'EMAHook', 'NonFiniteLossHook', 'RandomStateHook',
        'SkippedSamplesHook']
    loader = cfg.train_dataloader
    assert loader.sampler == dict(type='SampleSeededSampler',
                                  sampler=dict(type='DefaultSampler'))
    assert loader.dataset == dict(type='SampleSeededDataset',
                                  dataset=dict(type='CustomDataset'))


def test_sample_seeding_can_be_switched_off(train_tool):
    cfg = train_tool.add_reliability(_cfg(sample_seeding=False))
    assert cfg.train_dataloader.sampler.type == 'DefaultSampler'
    assert cfg.train_dataloader.dataset.type == 'CustomDataset'


def test_resume_without_path_takes_the_latest_whole_checkpoint(
        train_tool, tmp_path):
    args = Namespace(no_validate=False, launcher='none', amp=False,
                     work_dir=str(tmp_path), resume='auto',
                     auto_scale_lr=False, seed=0, diff_rank_seed=False,
                     deterministic=False, cfg_options=None, config='x.py')
    cfg = train_tool.merge_args(_cfg(), args)
    assert not cfg.resume and cfg.load_from is None  # nothing to resume
    (tmp_path / 'epoch_1.pth').write_bytes(b'cut short')
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'epoch_1.pth'))
    assert train_tool.merge_args(_cfg(), args).load_from is None
    torch.save(dict(meta=dict()), str(tmp_path / 'epoch_2.pth'))
    cfg = train_tool.merge_args(_cfg(), args)
    assert cfg.resume and cfg.load_from == str(tmp_path / 'epoch_2.pth')
