"""The pretraining of the tiny TubeR backbone on the benchmark's
recognition split: the recognizer has exactly the anchor-free TubeR's
backbone and input normalisation, its data sets read the generator's frames
+ exact flow as 5-channel clips, and its checkpoint loads into the TubeR
backbone of the configs that name it."""
import copy
import glob
import os
import os.path as osp
import re

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.evaluator import Evaluator
from mmengine.registry import DATASETS, MODELS, DefaultScope

import mmcontinuity  # noqa: F401
from mmcontinuity.datasets.flow_io import read_flow_frame

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIG_DIR = osp.join(REPO, 'configs', 'tuber')
RECOGNIZER = ('pretraining/recognizer3d_r3d18-tiny_1xb8-8x1x1-450it_'
              'continuity-bench-recognition-rgb-flow.py')
#: the same pretraining trained to convergence (schedule only)
CONVERGED = RECOGNIZER.replace('-450it_', '-2400it_')
#: the thesis' anchor-free model at 20k on the converged recognizer's
#: backbone (frozen), and the config it differs from in the checkpoint only
ANCHOR_FREE_CONVERGED = (
    'tuber-anchor-free_r3d18-tiny_bench-recognition-2400it-pre_1xb2-8x1x1-'
    '20k_continuity-bench-tubelets-rgb-flow.py')
ANCHOR_FREE_PROPOSAL_PRE = (
    'tuber-anchor-free_r3d18-tiny_proposal-variant-pre_1xb2-8x1x1-20k_'
    'continuity-bench-tubelets-rgb-flow.py')
#: the same model trained twice as long (schedule only)
ANCHOR_FREE_CONVERGED_40K = ANCHOR_FREE_CONVERGED.replace('-20k_', '-40k_')
#: the configs that start from the recognizer's checkpoint
PRETRAINED = sorted(
    osp.relpath(p, CONFIG_DIR)
    for p in glob.glob(osp.join(CONFIG_DIR, '**', '*bench-recognition-pre*'),
                       recursive=True))


@pytest.fixture(autouse=True)
def mmaction_scope():
    with DefaultScope.overwrite_default_scope('mmaction'):
        yield


@pytest.fixture(scope='module')
def recognition_bench(tmp_path_factory):
    """data/continuity_bench/recognition at its smallest, under a working
    directory."""
    from mmcontinuity.datasets.bench import generate
    root = tmp_path_factory.mktemp('pretraining')
    generate(str(root / 'data' / 'continuity_bench'),
             splits=('recognition', ), scale=0.02, progress=False)
    return root


def test_recognizer_has_the_tuber_backbone():
    cfg = Config.fromfile(osp.join(CONFIG_DIR, RECOGNIZER))
    tuber = Config.fromfile(
        osp.join(CONFIG_DIR, '_base_/models/tuber_r3d18-tiny_rgb-flow.py'))
    assert cfg.model.type == 'Recognizer3D'
    assert cfg.model.backbone == tuber.model.backbone
    assert cfg.model.backbone.in_channels == 5
    for key in ('mean', 'std'):
        assert cfg.model.data_preprocessor[key] == \
            tuber.model.data_preprocessor[key]
    assert cfg.model.cls_head.num_classes == 6
    # the glob finds the thesis's model, the proposal variant and the
    # ablations/options that start from the same checkpoint
    assert {
        'tuber-anchor-free_r3d18-tiny_bench-recognition-pre_1xb2-8x1x1-'
        '5k_continuity-bench-tubelets-rgb-flow.py',
        'tuber_r3d18-tiny_bench-recognition-pre_1xb2-8x1x1-5k_'
        'continuity-bench-tubelets-rgb-flow.py',
        'ablations/tuber-anchor-free-15-queries_r3d18-tiny_bench-'
        'recognition-pre_1xb2-8x1x1-5k_continuity-bench-tubelets-'
        'rgb-flow.py'} <= set(PRETRAINED)


def test_recognizer_data_sets(recognition_bench, monkeypatch):
    """Train and val clips are (1, 5, 8, 112, 112); on the val clip
    (no geometric transform) channels 3-4 are the stored flow frames."""
    monkeypatch.chdir(recognition_bench)
    cfg = Config.fromfile(osp.join(CONFIG_DIR, RECOGNIZER))
    for loader in (cfg.train_dataloader, cfg.val_dataloader):
        dataset = DATASETS.build(loader.dataset)
        with open(loader.dataset.ann_file) as f:
            assert len(dataset) == len(f.readlines()) > 0
        sample = dataset[0]
        assert sample['inputs'].shape == (1, 5, 8, 112, 112)
    results = dataset.get_data_info(0)  # the val pipeline up to packing
    for transform in dataset.pipeline.transforms[:-1]:
        results = transform(results)
    np.testing.assert_array_equal(results['imgs'], sample['inputs'])
    for t, index in enumerate(results['frame_inds']):
        flow = read_flow_frame(results['frame_dir'], int(index))
        np.testing.assert_array_equal(results['imgs'][0, 3:, t],
                                      flow.transpose(2, 0, 1))
    labels = [int(line.split()[2]) for line in open(
        cfg.val_dataloader.dataset.ann_file)]
    assert int(sample['data_samples'].gt_label) == labels[0]


@pytest.mark.parametrize('name', PRETRAINED)
def test_checkpoint_loads_into_the_tuber_backbone(name, tmp_path,
                                                  monkeypatch):
    """A recognizer checkpoint at the path the config names: its
    backbone.* weights are the TubeR's backbone after init_weights."""
    torch.manual_seed(0)
    recognizer = MODELS.build(
        Config.fromfile(osp.join(CONFIG_DIR, RECOGNIZER)).model)
    cfg = Config.fromfile(osp.join(CONFIG_DIR, name))
    monkeypatch.chdir(tmp_path)
    os.makedirs(osp.dirname(cfg.model.init_cfg.checkpoint))
    torch.save(dict(state_dict=recognizer.state_dict()),
               cfg.model.init_cfg.checkpoint)
    assert cfg.optim_wrapper.paramwise_cfg.custom_keys.backbone.lr_mult \
        == 0.1
    tuber = MODELS.build(cfg.model)
    tuber.init_weights()
    expected = recognizer.backbone.state_dict()
    loaded = tuber.backbone.state_dict()
    assert loaded.keys() == expected.keys()
    for key, value in expected.items():
        assert torch.equal(loaded[key], value), key


def test_converged_recognizer_changes_only_the_schedule(schedule_stretched):
    short, long = (Config.fromfile(osp.join(CONFIG_DIR, name))
                   for name in (RECOGNIZER, CONVERGED))
    schedule_stretched(short, long, 2400, val_interval=600)


@pytest.mark.parametrize('name', [RECOGNIZER, CONVERGED])
def test_recognizer_evaluator_runs(name, recognition_bench, monkeypatch):
    """The val clips through the untrained recognizer's predict and the
    config's val_evaluator: top-1 is the share of argmax == label."""
    monkeypatch.chdir(recognition_bench)
    cfg = Config.fromfile(osp.join(CONFIG_DIR, name))
    dataset = DATASETS.build(cfg.val_dataloader.dataset)
    torch.manual_seed(0)
    model = MODELS.build(cfg.model).eval()
    evaluator = Evaluator(cfg.val_evaluator)
    evaluator.dataset_meta = dataset.metainfo
    hits = []
    for index in range(len(dataset)):
        batch = pseudo_collate([dataset[index]])
        with torch.no_grad():
            samples = model.val_step(batch)
        evaluator.process(samples, batch)
        hits.append(int(samples[0].pred_score.argmax()) ==
                    int(samples[0].gt_label))
    metrics = evaluator.evaluate(len(dataset))
    assert metrics['acc/top1'] == pytest.approx(np.mean(hits))


def test_anchor_free_on_the_converged_recognizer(tmp_path, monkeypatch,
                                                  save_backbone):
    """The thesis' anchor-free model at 20k with the converged recognizer's
    backbone: only the checkpoint differs from the proposal-variant-pre
    config; the backbone, extracted alone by tools/misc/extract_weights.py,
    loads and stays frozen, the transformer does not come from it."""
    base = Config.fromfile(osp.join(CONFIG_DIR, ANCHOR_FREE_PROPOSAL_PRE))
    cfg = Config.fromfile(osp.join(CONFIG_DIR, ANCHOR_FREE_CONVERGED))
    work = 'work_dirs/' + osp.splitext(osp.basename(CONVERGED))[0]
    assert cfg.model.init_cfg == dict(
        type='Pretrained', checkpoint=work + '/backbone.pth')
    model = copy.deepcopy(base.model)
    model.init_cfg.checkpoint = cfg.model.init_cfg.checkpoint
    assert cfg.model.to_dict() == model.to_dict()
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader',
                'train_cfg', 'param_scheduler', 'optim_wrapper',
                'val_evaluator', 'test_evaluator'):
        assert cfg[key] == base[key], key

    torch.manual_seed(0)
    recognizer = MODELS.build(
        Config.fromfile(osp.join(CONFIG_DIR, CONVERGED)).model)
    monkeypatch.chdir(tmp_path)
    save_backbone(recognizer, cfg.model.init_cfg.checkpoint)
    torch.manual_seed(1)
    tuber = MODELS.build(cfg.model)
    untrained = copy.deepcopy(tuber.state_dict())
    tuber.init_weights()
    loaded = tuber.backbone.state_dict()
    for key, value in recognizer.backbone.state_dict().items():
        assert torch.equal(loaded[key], value), key
    assert torch.equal(tuber.state_dict()['queries.query_embed'],
                       untrained['queries.query_embed'])
    tuber.train()
    assert not any(p.requires_grad for p in tuber.backbone.parameters())


def test_anchor_free_on_the_converged_recognizer_at_40k(schedule_stretched):
    """The 40k config is the 20k one with its schedule stretched: the same
    model and checkpoint, data, optimiser and evaluators; the cosine decay
    ends at 40,000 iterations, where the one validation and the one
    checkpoint are."""
    short, long = (Config.fromfile(osp.join(CONFIG_DIR, name))
                   for name in (ANCHOR_FREE_CONVERGED,
                                ANCHOR_FREE_CONVERGED_40K))
    schedule_stretched(short, long, 40000)


def test_make_anchor_free_recognition_chains_the_configs():
    """`make anchor-free-recognition` trains the converged recognizer,
    extracts its backbone to the file the 40k config loads, and trains that
    config."""
    with open(osp.join(REPO, 'Makefile')) as f:
        makefile = f.read()

    def var(name):
        return re.search(rf'^{name}\s*:=\s*(\S+)$', makefile, re.M).group(1)

    assert var('REC_CONFIG') == 'configs/tuber/' + CONVERGED
    assert var('AF_REC_CONFIG') == 'configs/tuber/' + ANCHOR_FREE_CONVERGED_40K
    for config, work in (('REC_CONFIG', 'REC_WORK'),
                         ('AF_REC_CONFIG', 'AF_REC_WORK')):
        assert var(work) == 'work_dirs/' + osp.basename(var(config))[:-3]
    cfg = Config.fromfile(osp.join(CONFIG_DIR, ANCHOR_FREE_CONVERGED_40K))
    assert cfg.model.init_cfg.checkpoint == var('REC_WORK') + '/backbone.pth'
    recipe = makefile[makefile.index('$(REC_WORK)/backbone.pth:'):]
    recipe = recipe[:recipe.index('\n\ntest:')]
    steps = [line.split()[1] for line in recipe.splitlines()
             if line.startswith('\t$(PYTHON)')]
    assert steps == ['tools/data/make_continuity_bench.py', 'tools/train.py',
                     'tools/misc/extract_weights.py', 'tools/train.py',
                     'tools/test.py']
    assert '--splits recognition --scale 4' in recipe
    assert 'anchor-free-recognition: bench $(REC_WORK)/backbone.pth' in recipe
