"""Every TubeR config parses and its model builds; the small ones (built-in
benchmark and its Table 6.1 ablations) compute losses and predictions on a
fake batch, and the two-stage baseline predicts on a random clip."""
import copy
import glob
import importlib.util
import os.path as osp

import numpy as np
import pytest
import torch
from mmaction.structures import ActionDataSample
from mmengine.config import Config
from mmengine.registry import MODELS, DefaultScope

import mmcontinuity  # noqa: F401  (compat layer before mmaction.models)

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIG_DIR = osp.join(REPO, 'configs', 'tuber')
# every config except the partial ones under _base_/ and the backbone
# pretraining (a recognizer, test_tuber_pretraining_configs.py)
CONFIGS = sorted(
    osp.relpath(path, CONFIG_DIR)
    for path in glob.glob(osp.join(CONFIG_DIR, '**', '*.py'), recursive=True)
    if not osp.relpath(path, CONFIG_DIR).startswith(('_base_',
                                                      'pretraining')))
FUSION = [c for c in CONFIGS if 'late-fusion' in c]
TINY = [c for c in CONFIGS if '-tiny_' in c and c not in FUSION]
AVA = 'tuber_ircsn-r50_ig65m-k400-pre_8xb2-32x2x1-20e_ava21-rgb.py'
LARGE = [c for c in CONFIGS if '-tiny_' not in c]
TUBER_TYPES = ('TubeR', 'TwoStreamTubeR', 'TubeRWithProposals',
               'TubeRWithReferenceBoxes')


def _fakes():
    """tests/test_models/test_tuber/tuber_fakes.py, loaded by path."""
    path = osp.join(REPO, 'tests', 'test_models', 'test_tuber',
                    'tuber_fakes.py')
    spec = importlib.util.spec_from_file_location('tuber_fakes', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load(name):
    """The config, without pretrained weights to download."""
    cfg = Config.fromfile(osp.join(CONFIG_DIR, name))
    cfg.model.pop('init_cfg', None)
    if cfg.model.type == 'TwoStageActionDetector':
        cfg.model.detector_checkpoint = None
        cfg.model.action_checkpoint = None
    if cfg.model.type == 'TubeRLateFusion':
        cfg.model.rgb_checkpoint = None
        cfg.model.flow_checkpoint = None
    return cfg


def tuber_model(cfg):
    """The TubeR model config of ``cfg``: its model, or the RGB stream's of
    a late fusion."""
    if cfg.model.type == 'TubeRLateFusion':
        return Config.fromfile(cfg.model.rgb).model
    return cfg.model


def input_channels(cfg):
    """Clip channels the model of ``cfg`` takes: its normalisation's, or
    RGB + flow (5) for a late fusion."""
    if cfg.model.type == 'TubeRLateFusion':
        return 5
    return len(cfg.model.data_preprocessor.mean)


def build(cfg):
    with DefaultScope.overwrite_default_scope(
            cfg.get('default_scope', 'mmaction')):
        return MODELS.build(cfg.model)


@pytest.fixture(scope='module')
def ava_bench(tmp_path_factory):
    """The AVA-format split of the built-in benchmark, at its smallest."""
    from mmcontinuity.datasets.bench import generate
    out = str(tmp_path_factory.mktemp('bench'))
    generate(out, splits=('ava', ), scale=0.02, progress=False)
    return osp.join(out, 'ava')


@pytest.fixture(scope='module')
def tubelet_bench(tmp_path_factory):
    """The ACT-format tubelet split of the built-in benchmark, with flow."""
    from mmcontinuity.datasets.bench import generate
    out = str(tmp_path_factory.mktemp('bench'))
    generate(out, splits=('tubelets', ), scale=0.05, progress=False)
    return osp.join(out, 'tubelets')


def test_configs_found():
    assert AVA in CONFIGS
    assert len(TINY) >= 6 and len(LARGE) >= 15


@pytest.mark.parametrize('name', CONFIGS)
def test_config_parses(name):
    cfg = load(name)
    assert cfg.model.type in TUBER_TYPES + ('TwoStageActionDetector',
                                            'TubeRLateFusion')
    assert cfg.test_dataloader.dataset.pipeline
    assert cfg.test_evaluator.type in ('TubeletVideoMAP', 'AVAMetric')
    if cfg.model.type in TUBER_TYPES:
        assert cfg.train_dataloader.dataset.pipeline
        assert cfg.optim_wrapper.optimizer.type == 'AdamW'


@pytest.mark.parametrize('name', [c for c in CONFIGS if 'ava' in c])
def test_ava_settings(name):
    """AVA configs: the 81 label columns of mmaction2's AVADataset (80
    actions, column 0 unused) in the classifier and AVAMetric, 32x2 or 16x4
    clips, backbone lr 1e-5 as in Sec. 6.4.1."""
    cfg = load(name)
    sample = cfg.test_dataloader.dataset.pipeline[0]
    assert sample.type == 'SampleAVAFrames'
    assert (sample.clip_len, sample.frame_interval) in ((32, 2), (16, 4))
    assert cfg.test_evaluator.num_classes == 81
    if cfg.model.type in TUBER_TYPES:
        assert cfg.model.cls_head.num_classes == 81
        assert cfg.model.cls_head.multi_label
        assert cfg.model.test_cfg.output == 'keyframe'
        assert cfg.optim_wrapper.optimizer.lr == 1e-4
        assert cfg.optim_wrapper.paramwise_cfg.custom_keys.backbone.lr_mult \
            == 0.1


@pytest.mark.parametrize('stream', ['', 'rgb-flow_'])
def test_switches_of_the_ablations(stream):
    """Each ablation changes its switch of Table 6.1, on the RGB and on the
    RGB + flow model, and nothing of the model else."""
    suffix = ('5k_continuity-bench-tubelets-rgb-flow.py'
              if stream else '3e_continuity-bench-tubelets-rgb.py')
    base = load('tuber_r3d18-tiny_1xb2-8x1x1-' + suffix)
    abl = 'ablations/tuber-{}_r3d18-tiny_1xb2-8x1x1-' + suffix
    changes = {
        'single-query': lambda m: m.bbox_head.update(
            frames_per_query=m.queries.num_frames),
        'self-attention': lambda m: m.decoder.layer_cfg.update(
            attn_mode='self'),
        'no-switch': lambda m: (m.criterion.update(switch_weight=0.),
                                m.query_selection.update(switch_weight=0.),
                                m.test_cfg.update(switch_thr=0.)),
        'linear-head': lambda m: m.cls_head.update(context='none'),
        'long-context-w2': lambda m: m.cls_head.update(
            context='long', bank_channels=64, num_long_tokens=(8, 4)),
    }
    for name, change in changes.items():
        cfg = load(abl.format(name))
        expected = copy.deepcopy(base.model)
        change(expected)
        assert cfg.model.to_dict() == expected.to_dict(), name
        switch_thr = cfg.test_evaluator.get('link_cfg', {}).get('switch_thr')
        assert (switch_thr == 0) == (name == 'no-switch')
        pipeline = [t.type for t in cfg.test_dataloader.dataset.pipeline]
        assert ('LoadFlowFrames' in pipeline) == bool(stream)
        assert ('LoadFeatureBank' in pipeline) == (name == 'long-context-w2')


@pytest.mark.parametrize('name', TINY)
def test_benchmark_configs_do_not_flip(name):
    """The benchmark's classes are motion directions: a horizontal flip
    would turn move_left into move_right without changing the label. The
    anchor-free configs are the thesis' TubeR, the reference-box ones our
    learnt-anchor option, all others use the proposal extension."""
    cfg = load(name)
    types = [t.type for t in cfg.train_dataloader.dataset.pipeline]
    assert 'TubeletFlip' not in types and 'Flip' not in types
    if 'anchor-free' in name:
        assert cfg.model.type == 'TubeR'
    elif 'reference-boxes' in name:
        assert cfg.model.type == 'TubeRWithReferenceBoxes'
    else:
        assert cfg.model.type == 'TubeRWithProposals'


def _tiny_batch(cfg, fakes):
    num_classes = cfg.model.cls_head.num_classes
    batch = fakes.make_batch(
        sizes=((48, 64), (40, 56)), t=cfg.model.queries.num_frames,
        num_classes=num_classes)
    channels = cfg.model.backbone.get('in_channels', 3)
    if channels == 5:  # RGB + flow x, y
        batch['inputs'] = [torch.cat([c, c[:2]]) for c in batch['inputs']]
    elif channels == 2:  # flow x, y
        batch['inputs'] = [c[:2] for c in batch['inputs']]
    if cfg.model.cls_head.context == 'long':
        window = next(t for t in cfg.test_dataloader.dataset.pipeline
                      if t.type == 'LoadFeatureBank').window
        for sample in batch['data_samples']:
            feats = np.random.rand(2 * window + 1,
                                   cfg.model.queries.num_frames, 1, 1,
                                   cfg.model.cls_head.bank_channels)
            valid = np.ones(2 * window + 1, bool)
            valid[0] = False
            sample.set_metainfo(
                dict(
                    long_term_feats=feats.astype(np.float32),
                    long_term_valid=valid))
    return batch


@pytest.mark.parametrize('name', TINY)
def test_tiny_loss_and_predict(name):
    cfg = load(name)
    fakes = _fakes()
    model = build(cfg)
    batch = _tiny_batch(cfg, fakes)
    data = model.data_preprocessor(batch, True)
    losses = model(**data, mode='loss')
    loss = sum(losses.values())
    assert torch.isfinite(loss)
    loss.backward()

    model.eval()
    data = model.data_preprocessor(batch, False)
    with torch.no_grad():
        out = model(**data, mode='predict')
    pred = out[0].pred_instances
    t = cfg.model.queries.num_frames
    assert pred.bboxes.shape == (cfg.model.queries.num_queries, t, 4)
    assert pred.scores.shape == (cfg.model.queries.num_queries,
                                 cfg.model.cls_head.num_classes)


@pytest.mark.parametrize('name', FUSION)
def test_late_fusion_configs(name):
    """A late fusion: RGB + flow clips, no training, an RGB stream on 3 and
    a flow stream on 2 channels from their own training configs, which
    test on the fusion's data with its evaluator; the checkpoints are in
    the streams' default work dirs."""
    cfg = load(name)
    assert cfg.train_dataloader is None
    assert 'LoadFlowFrames' in [
        t.type for t in cfg.test_dataloader.dataset.pipeline]
    checkpoints = Config.fromfile(osp.join(CONFIG_DIR, name)).model
    for stream, channels in (('rgb', 3), ('flow', 2)):
        stream_cfg = Config.fromfile(cfg.model[stream])
        assert input_channels(stream_cfg) == channels
        assert stream_cfg.model.backbone.get('in_channels', 3) == channels
        assert stream_cfg.model.type in TUBER_TYPES
        assert stream_cfg.test_evaluator == cfg.test_evaluator
        for key in ('ann_file', 'clip_len'):
            assert stream_cfg.test_dataloader.dataset[key] == \
                cfg.test_dataloader.dataset[key]
        work_dir = osp.splitext(osp.basename(cfg.model[stream]))[0]
        assert checkpoints[stream + '_checkpoint'].startswith(
            f'work_dirs/{work_dir}/')


def test_tiny_late_fusion_predicts():
    """The benchmark's late fusion on a fake RGB + flow batch: N tubelets
    of the RGB stream per clip."""
    name, = [c for c in FUSION if '-tiny_' in c]
    cfg = load(name)
    model = build(cfg).eval()
    rgb = tuber_model(cfg)
    batch = _fakes().make_batch(
        sizes=((48, 64), (40, 56)), t=rgb.queries.num_frames,
        num_classes=rgb.cls_head.num_classes)
    batch['inputs'] = [torch.cat([c, c[:2]]) for c in batch['inputs']]
    with torch.no_grad():
        out = model.test_step(batch)
    pred = out[1].pred_instances
    assert pred.bboxes.shape == (rgb.queries.num_queries,
                                 rgb.queries.num_frames, 4)
    assert pred.scores.shape == (rgb.queries.num_queries,
                                 rgb.cls_head.num_classes)


@pytest.mark.slow
@pytest.mark.parametrize('name', LARGE)
def test_large_model_builds(name):
    cfg = load(name)
    model = build(cfg)
    if cfg.model.type in TUBER_TYPES:
        assert model.cls_head.num_classes == cfg.model.cls_head.num_classes
        assert model.backbone.in_channels == cfg.model.backbone.get(
            'in_channels', 3)
        if 'rgb-flow' in name:  # two-stream: RGB and flow I3D-R50
            assert model.backbone.in_channels == 3
            assert model.flow_backbone.in_channels == 2
            assert not model.flow_backbone.norm_eval
            assert model.input_proj.in_channels == 4096
            keys = cfg.optim_wrapper.paramwise_cfg.custom_keys
            assert keys.backbone.lr_mult == 0.1  # Kinetics RGB stream
            assert keys.flow_backbone.lr_mult == 1.0  # random flow stream
        else:
            assert cfg.model.type == 'TubeR'
    elif cfg.model.type == 'TubeRLateFusion':
        assert model.rgb.backbone.in_channels == 3
        assert model.flow.backbone.in_channels == 2
    else:
        assert model.det_score_thr == cfg.model.det_score_thr


@pytest.mark.slow
def test_two_stage_baseline_predicts():
    """The timing variant on a small random clip: 5 boxes reach the action
    detector, whose scores have the background column of mmaction2."""
    cfg = load('baselines/two-stage-timing_faster-rcnn-r50-fpn_slowonly-r50_'
               '4x16x1_ava21-rgb.py')
    cfg.model.det_scale = (160, 128)
    model = build(cfg).eval()
    torch.manual_seed(0)
    clip = torch.randint(0, 256, (3, 32, 64, 80)).float()
    data = model.data_preprocessor(
        dict(
            inputs=[clip],
            data_samples=[
                ActionDataSample(
                    metainfo=dict(img_shape=(64, 80), ori_shape=(64, 80)))
            ]), False)
    with torch.no_grad():
        pred = model(**data, mode='predict')[0].pred_instances
    assert pred.bboxes.shape == (5, 4) and pred.scores.shape == (5, 81)
    assert 0 <= pred.bboxes.min() and pred.bboxes.max() <= 1
    assert model.action_frames(16, 32).tolist() == [0, 8, 16, 24]


@pytest.mark.slow
def test_ava_optimizer_and_schedulers_build():
    """Backbone lr 1e-5, transformer lr 1e-4, times the warm-up's start
    factor 0.1 at the first iteration; the plateau scheduler builds."""
    from mmengine.optim import build_optim_wrapper
    from mmengine.registry import PARAM_SCHEDULERS
    cfg = load(AVA)
    with DefaultScope.overwrite_default_scope('mmaction'):
        model = MODELS.build(cfg.model)
        optim_wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
        for scheduler in cfg.param_scheduler:
            PARAM_SCHEDULERS.build(
                dict(scheduler, optimizer=optim_wrapper.optimizer))
    backbone = {id(p) for p in model.backbone.parameters()}
    lrs = {(id(p) in backbone, group['lr'])
           for group in optim_wrapper.optimizer.param_groups
           for p in group['params']}
    assert {is_backbone for is_backbone, _ in lrs} == {True, False}
    for is_backbone, lr in lrs:
        assert lr == pytest.approx(1e-6 if is_backbone else 1e-5)


@pytest.mark.slow
@pytest.mark.parametrize(
    'name', [c for c in CONFIGS if 'ava' in c and 'long-context' not in c])
def test_ava_pipelines_on_benchmark_data(name, ava_bench):
    """The train and test pipelines of the AVA configs, run on the AVA-format
    benchmark (8 fps, 12 s videos, 8 classes): tubelet boxes on every clip
    frame, the original size and the key frame in the metainfo."""
    from mmaction.registry import DATASETS
    cfg = load(name)
    ann = osp.join(ava_bench, 'annotations')
    for split, loader in (('train', cfg.train_dataloader),
                          ('val', cfg.test_dataloader)):
        if loader is None:
            continue
        dataset = dict(
            loader.dataset,
            ann_file=osp.join(ann, f'ava_{split}_v2.2.csv'),
            exclude_file=osp.join(ann,
                                  f'ava_{split}_excluded_timestamps_v2.2.csv'),
            label_file=osp.join(ann, 'ava_action_list_v2.2.pbtxt'),
            data_prefix=dict(img=osp.join(ava_bench, 'rawframes')),
            num_classes=9,
            fps=8,
            timestamp_start=0,
            timestamp_end=12)
        with DefaultScope.overwrite_default_scope('mmaction'):
            sample = DATASETS.build(dataset)[0]
        clip_len = loader.dataset.pipeline[0].clip_len
        assert sample['inputs'].shape[:2] == (3, clip_len)
        short_side = min(sample['inputs'].shape[-2:])
        if split == 'val':
            assert short_side == 256
        else:
            assert 288 <= short_side <= 320
        gt = sample['data_samples'].gt_instances
        assert gt.bboxes.shape[1:] == (clip_len, 4)
        assert gt.labels.shape[1] == 9
        meta = sample['data_samples'].metainfo
        assert {'original_shape', 'key_frame_index', 'timestamp',
                'video_id'} <= set(meta)


@pytest.mark.slow
@pytest.mark.parametrize(
    'name', [c for c in CONFIGS if 'ucf24' in c or 'jhmdb' in c])
def test_act_pipelines_on_benchmark_data(name, tubelet_bench):
    """The train and test pipelines of the UCF101-24 / J-HMDB configs on the
    ACT-format benchmark: as many channels as the model normalises (RGB,
    flow, or RGB + flow as 5 channels)."""
    from mmaction.registry import DATASETS
    cfg = load(name)
    num_frames = tuber_model(cfg).queries.num_frames
    for loader in (cfg.train_dataloader, cfg.test_dataloader):
        if loader is None:  # late fusion: no training
            continue
        prefix = dict(img=osp.join(tubelet_bench, 'rawframes'))
        if 'flow' in loader.dataset.data_prefix:
            prefix['flow'] = osp.join(tubelet_bench, 'flow')
        dataset = dict(
            loader.dataset,
            ann_file=osp.join(tubelet_bench, 'ContinuityBench-GT.pkl'),
            data_prefix=prefix,
            filename_tmpl='img_{:05d}.jpg',
            split=1)
        with DefaultScope.overwrite_default_scope('mmaction'):
            sample = DATASETS.build(dataset)[0]
        assert sample['inputs'].shape[:2] == (input_channels(cfg),
                                              num_frames)
        gt = sample['data_samples'].gt_instances
        assert gt.bboxes.shape[1:] == (num_frames, 4)
        assert gt.labels.dim() == 1
