"""The anchor-free TubeR on the proposal variant's backbone
(`*proposal-variant-pre*`): the config loads the backbone that
tools/misc/extract_weights.py takes from a `make demo` checkpoint, and only
that backbone, frozen; its Table 6.1 ablations change their switch and
nothing else of the model."""
import copy
import glob
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import MODELS, DefaultScope

import mmcontinuity  # noqa: F401

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIG_DIR = osp.join(REPO, 'configs', 'tuber')
DEMO = ('tuber-demo_r3d18-tiny_1xb2-8x1x1-5k_continuity-bench-tubelets-'
        'rgb-flow.py')
SUFFIX = ('r3d18-tiny_proposal-variant-pre_1xb2-8x1x1-10k_continuity-bench-'
          'tubelets-rgb-flow.py')
THESIS = 'tuber-anchor-free_' + SUFFIX
FRAME_LOCAL = 'tuber-anchor-free-frame-local_' + SUFFIX
CONFIGS = sorted(
    osp.relpath(p, CONFIG_DIR)
    for p in glob.glob(osp.join(CONFIG_DIR, '**', '*proposal-variant-pre*'),
                       recursive=True))


@pytest.fixture(autouse=True)
def mmaction_scope():
    with DefaultScope.overwrite_default_scope('mmaction'):
        yield


def test_configs_found():
    assert {THESIS, FRAME_LOCAL} <= set(CONFIGS)
    assert len(CONFIGS) == 13


@pytest.mark.parametrize('name', CONFIGS)
def test_only_the_demo_backbone_loads_and_stays_frozen(name, tmp_path,
                                                        monkeypatch,
                                                        save_backbone):
    torch.manual_seed(0)
    demo_cfg = Config.fromfile(osp.join(CONFIG_DIR, DEMO))
    demo = MODELS.build(demo_cfg.model)
    cfg = Config.fromfile(osp.join(CONFIG_DIR, name))
    assert cfg.model.type == 'TubeR'  # no proposals, no reference boxes
    assert 'query_selection' not in cfg.model
    # the path `make anchor-free` writes the demo model's backbone to
    work = 'work_dirs/' + osp.splitext(DEMO)[0]
    assert cfg.model.init_cfg == dict(
        type='Pretrained', checkpoint=work + '/backbone.pth')
    monkeypatch.chdir(tmp_path)
    save_backbone(demo, cfg.model.init_cfg.checkpoint)
    torch.manual_seed(1)
    model = MODELS.build(cfg.model)
    model.init_weights()
    for key, value in demo.backbone.state_dict().items():
        assert torch.equal(model.backbone.state_dict()[key], value), key
    # the transformer is the anchor-free model's own, not the demo's
    # (a model-level init from the whole checkpoint would load it)
    for key in ('input_proj.weight', 'queries.query_embed',
                'encoder.layers.0.self_attn.attn.in_proj_weight'):
        ours, theirs = model.state_dict()[key], demo.state_dict()[key]
        assert ours.shape != theirs.shape or not torch.equal(ours, theirs)
    model.train()
    assert not any(p.requires_grad for p in model.backbone.parameters())
    assert not any(m.training for m in model.backbone.modules()
                   if isinstance(m, torch.nn.modules.batchnorm._BatchNorm))
    assert all(p.requires_grad for n, p in model.named_parameters()
               if not n.startswith('backbone.'))


def test_thesis_model_at_20k_changes_only_the_schedule(schedule_stretched):
    short = Config.fromfile(osp.join(CONFIG_DIR, THESIS))
    long = Config.fromfile(
        osp.join(CONFIG_DIR, THESIS.replace('-10k_', '-20k_')))
    schedule_stretched(short, long, 20000)


# Table 6.1 rows a-d and f: what each ablation changes in the model it
# ablates
ROWS = {
    'single-query': lambda m: m.bbox_head.update(
        frames_per_query=m.queries.num_frames),
    'self-attention': lambda m: m.decoder.layer_cfg.update(attn_mode='self'),
    'no-switch': lambda m: (m.criterion.update(switch_weight=0.),
                            m.test_cfg.update(switch_thr=0.)),
    'linear-head': lambda m: m.cls_head.update(context='none'),
    'long-context-w2': lambda m: m.cls_head.update(
        context='long', bank_channels=64, num_long_tokens=(8, 4)),
}


def _check_rows(base, prefix, suffix, changes):
    """Each ablation ``ablations/{prefix}-{row}_{suffix}`` is ``base`` with
    ``changes[row]`` applied to its model; data and schedule are base's."""
    for name, change in changes.items():
        cfg = Config.fromfile(
            osp.join(CONFIG_DIR, 'ablations', f'{prefix}-{name}_{suffix}'))
        model = copy.deepcopy(base.model)
        change(model)
        assert cfg.model.to_dict() == model.to_dict(), name
        switch_thr = cfg.test_evaluator.get('link_cfg', {}).get('switch_thr')
        assert (switch_thr == 0) == (name == 'no-switch')
        for key in ('train_cfg', 'param_scheduler'):
            assert cfg[key] == base[key], (name, key)
        train, val = (_without_bank(cfg[key]) if 'long-context' in name
                      else cfg[key]
                      for key in ('train_dataloader', 'val_dataloader'))
        assert train == base.train_dataloader, name
        assert val == base.val_dataloader, name


def test_thesis_model_ablations_change_only_their_switch():
    """Table 6.1 rows a-d and the long-term context on the thesis' model at
    20,000 iterations."""
    suffix = SUFFIX.replace('-10k_', '-20k_')
    base = Config.fromfile(osp.join(CONFIG_DIR, 'tuber-anchor-free_' + suffix))
    # the decoder's default layer, TubeRDecoderLayer (Eq. 6.6)
    assert 'type' not in base.model.decoder.layer_cfg
    _check_rows(base, 'tuber-anchor-free', suffix, ROWS)


def test_frame_local_ablations_change_only_their_switch():
    """Table 6.1 rows on the frame-local model; the single query reads the
    whole memory (a tubelet-level query has no frame)."""
    base = Config.fromfile(osp.join(CONFIG_DIR, FRAME_LOCAL))
    assert base.model.decoder.layer_cfg.type == 'FrameLocalTubeRDecoderLayer'
    thesis = Config.fromfile(osp.join(CONFIG_DIR, THESIS))
    expected = copy.deepcopy(thesis.model)
    expected.decoder.layer_cfg.type = 'FrameLocalTubeRDecoderLayer'
    assert base.model.to_dict() == expected.to_dict()
    changes = dict(
        ROWS,
        **{
            'single-query': lambda m: (
                ROWS['single-query'](m),
                m.decoder.layer_cfg.update(type='TubeRDecoderLayer')),
        })
    _check_rows(base, 'tuber-anchor-free-frame-local', SUFFIX, changes)


def _without_bank(dataloader):
    """The dataloader without the long-term context's LoadFeatureBank and
    the metainfo keys that pack its features."""
    dataloader = copy.deepcopy(dataloader)
    pipeline = dataloader.dataset.pipeline
    banks = [t for t in pipeline if t.type == 'LoadFeatureBank']
    assert len(banks) == 1 and banks[0].window == 2
    assert pipeline[-1].meta_keys[-2:] == ('long_term_feats',
                                           'long_term_valid')
    dataloader.dataset.pipeline = [
        t for t in pipeline[:-1] if t.type != 'LoadFeatureBank'
    ] + [dict(type=pipeline[-1].type)]
    return dataloader
