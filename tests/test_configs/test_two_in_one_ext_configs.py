"""Every config of configs/two_in_one/{recognition,multi_frame,fusion}:
its model builds, its data sets build on small files in the real formats
(the benchmark's recognition split at its smallest; a one-video UCF101
rawframe folder) and give the channels of the modality, and its
evaluators compute their metrics on the model's predictions (tiny
configs) or on the ground truth (UCF101 configs, whose ResNet-152 is too
slow here)."""
import glob
import os
import os.path as osp

import cv2
import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.evaluator import Evaluator
from mmengine.registry import DATASETS, MODELS, DefaultScope

import mmcontinuity  # noqa: F401
import mmcontinuity.models.two_in_one.recognizer  # noqa: F401

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIG_DIR = osp.join(REPO, 'configs', 'two_in_one')
RECOGNITION = sorted(
    osp.relpath(p, CONFIG_DIR)
    for p in glob.glob(osp.join(CONFIG_DIR, 'recognition', '*.py')))
#: the ResNet-152 configs take seconds each to build: slow tests
PARAMS = [
    pytest.param(name, marks=pytest.mark.slow) if 'ucf101' in name else name
    for name in RECOGNITION
]
#: input channels of a config's frames, by the modality in its name
CHANNELS = {'-rgb-flow.py': 5, '-rgb.py': 3, '-flow.py': 2}


def channels(name):
    return next(c for suffix, c in CHANNELS.items() if name.endswith(suffix))


@pytest.fixture(autouse=True)
def mmaction_scope():
    with DefaultScope.overwrite_default_scope('mmaction'):
        yield


@pytest.fixture(scope='module')
def data_cwd(tmp_path_factory):
    """A working directory with data/continuity_bench/recognition and
    recognition_large (scale 0.02) and data/ucf101 (one video of 30 frames
    + flow in the rawframe layout, in both split-1 lists)."""
    from mmcontinuity.datasets.bench import generate
    from mmcontinuity.datasets.flow_io import write_flow_frame
    root = tmp_path_factory.mktemp('two_in_one_ext')
    generate(str(root / 'data' / 'continuity_bench'),
             splits=('recognition', 'recognition_large'), scale=0.02,
             progress=False)
    video = root / 'data' / 'ucf101' / 'rawframes' / 'Fencing' / 'v_Fe_g01'
    os.makedirs(video)
    for t in range(1, 31):
        cv2.imwrite(str(video / f'img_{t:05d}.jpg'),
                    np.full((40, 60, 3), 8 * t, np.uint8))
        write_flow_frame(str(video), t, np.ones((40, 60, 2), np.float32))
    for subset in ('train', 'val'):
        (root / 'data' / 'ucf101' /
         f'ucf101_{subset}_split_1_rawframes.txt').write_text(
             'Fencing/v_Fe_g01 30 27\n')
    return root


def build_model(cfg):
    if cfg.model.type == 'TwoStreamRecognizer':  # streams not trained here
        cfg.model.rgb_checkpoint = cfg.model.flow_checkpoint = None
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    if 'ucf101' not in cfg.filename:  # no ImageNet download here
        model.init_weights()
    return model.eval()


@pytest.mark.parametrize('name', PARAMS)
def test_recognition_config(name, data_cwd, monkeypatch):
    monkeypatch.chdir(data_cwd)
    cfg = Config.fromfile(osp.join(CONFIG_DIR, name))
    model = build_model(cfg)
    tiny = 'continuity-bench' in name
    size = 32 if tiny else 224
    if cfg.train_dataloader is not None:
        sample = DATASETS.build(cfg.train_dataloader.dataset)[0]
        assert sample['inputs'].shape == (3, channels(name), size, size)
    for loader, evaluator in ((cfg.val_dataloader, cfg.val_evaluator),
                              (cfg.test_dataloader, cfg.test_evaluator)):
        dataset = DATASETS.build(loader.dataset)
        segments = dict(loader.dataset.pipeline[0]).get('num_clips')
        batch = pseudo_collate([dataset[0]])
        assert batch['inputs'][0].shape == (segments, channels(name), size,
                                            size)
        if tiny:  # the model's own predictions
            with torch.no_grad():
                predicted = model.test_step(batch)
            assert predicted[0].pred_score.shape == (6, )
            torch.testing.assert_close(predicted[0].pred_score.sum(),
                                       torch.tensor(1.))
        else:  # the ground truth as a prediction: top-1 100 %
            predicted = batch['data_samples']
            for sample in predicted:
                sample.set_pred_score(torch.nn.functional.one_hot(
                    sample.gt_label, 101)[0].float())
        metrics = Evaluator(evaluator).offline_evaluate(predicted)
        assert 0 <= metrics['acc/top1'] <= 1
        if not tiny:
            assert metrics['acc/top1'] == 1


def test_two_stream_configs_name_trained_streams():
    """The fused streams are this folder's RGB and flow configs, and the
    checkpoints their work dirs' last epoch."""
    for name in RECOGNITION:
        if not name.startswith('recognition/two-stream'):
            continue
        cfg = Config.fromfile(osp.join(CONFIG_DIR, name))
        for stream in ('rgb', 'flow'):
            path = cfg.model[stream]
            assert osp.isfile(path) and path.endswith(f'-{stream}.py')
            epochs = Config.fromfile(path).train_cfg.max_epochs
            assert cfg.model[f'{stream}_checkpoint'] == (
                f'work_dirs/{osp.basename(path)[:-3]}/epoch_{epochs}.pth')


def test_large_actor_configs_change_only_split_and_length():
    """Each `24e_..._recognition-large` config is its 8-epoch `recognition`
    config on the `recognition_large` files, trained for 24 epochs (steps
    at 18 and 22): model and pipelines unchanged."""
    large = [n for n in RECOGNITION if 'recognition-large' in n]
    assert len(large) == 4
    root = 'data/continuity_bench/recognition_large/'
    for name in large:
        cfg, base = (Config.fromfile(osp.join(CONFIG_DIR, n)) for n in (
            name, name.replace('-24e_', '-8e_').replace(
                'recognition-large', 'recognition')))
        for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
            if base[key] is None:
                assert cfg[key] is None
                continue
            dataset = cfg[key].dataset
            assert dataset.pop('ann_file').startswith(
                root + 'recognition_large_'), (name, key)
            assert dataset.pop('data_prefix') == dict(img=root + 'rawframes')
            for field in ('ann_file', 'data_prefix'):
                base[key].dataset.pop(field)
            assert cfg[key] == base[key], (name, key)
        assert cfg.get('optim_wrapper') == base.get('optim_wrapper')
        model = cfg.model.to_dict()
        expected = base.model.to_dict()
        if model['type'] == 'TwoStreamRecognizer':
            for field in ('rgb', 'flow', 'rgb_checkpoint', 'flow_checkpoint'):
                expected[field] = expected[field].replace(
                    '-8e_', '-24e_').replace('recognition-',
                                             'recognition-large-').replace(
                                                 'epoch_8.', 'epoch_24.')
        else:
            assert cfg.train_cfg == dict(base.train_cfg, max_epochs=24)
            assert cfg.param_scheduler == [
                dict(base.param_scheduler[0], end=24, milestones=[18, 22])
            ]
            assert cfg.default_hooks.checkpoint.interval == 24
        assert model == expected, name


FUSION = sorted(
    osp.relpath(p, CONFIG_DIR)
    for p in glob.glob(osp.join(CONFIG_DIR, 'fusion', '*.py')))
#: the SSD300 (VGG-16) configs build two 26 M-parameter streams: slow
FUSION_PARAMS = [
    pytest.param(name, marks=pytest.mark.slow) if 'ucf24' in name else name
    for name in FUSION
]


@pytest.fixture(scope='module')
def tubelets_cwd(tmp_path_factory):
    """data/continuity_bench/tubelets at its smallest and a tiny ACT data
    set (tests/test_datasets/tiny_act.py: 2 classes, 2 videos) for the
    UCF101-24 configs."""
    import sys
    from mmcontinuity.datasets.bench import generate
    root = tmp_path_factory.mktemp('two_in_one_fusion')
    generate(str(root / 'data' / 'continuity_bench'), splits=('tubelets', ),
             scale=0.002, progress=False)
    sys.path.insert(0, osp.join(REPO, 'tests', 'test_datasets'))
    try:
        from tiny_act import act_gt, write_act
    finally:
        sys.path.pop(0)
    os.makedirs(root / 'tiny_act')
    gt = act_gt()
    path = write_act(str(root / 'tiny_act'), gt)
    # UCF101-24's layout: frames and BroxFlow images named '{:05d}.jpg'
    for video, num in gt['nframes'].items():
        for kind in ('ucf_rawframes', 'ucf_flow'):
            os.makedirs(root / 'tiny_act' / kind / video)
        for t in range(1, num + 1):
            frame = cv2.imread(
                str(root / 'tiny_act' / 'rawframes' / video /
                    f'img_{t:05d}.jpg'))
            cv2.imwrite(
                str(root / 'tiny_act' / 'ucf_rawframes' / video /
                    f'{t:05d}.jpg'), frame)
            cv2.imwrite(
                str(root / 'tiny_act' / 'ucf_flow' / video / f'{t:05d}.jpg'),
                np.full(frame.shape, 128, np.uint8))
    return root, path


@pytest.mark.parametrize('name', FUSION_PARAMS)
def test_fusion_config(name, tubelets_cwd, monkeypatch):
    """The fused model predicts on the 6-channel test frames (RGB, flow
    x, y, magnitude); the evaluators run on its predictions (benchmark) or
    on the ground truth (UCF101-24 paths replaced by the tiny ACT set)."""
    root, tiny_gt = tubelets_cwd
    monkeypatch.chdir(root)
    cfg = Config.fromfile(osp.join(CONFIG_DIR, name))
    assert cfg.train_dataloader is None
    assert cfg.model.type == 'TwoStreamSSD'
    for stream in ('appearance', 'flow'):
        assert osp.isfile(cfg.model[stream])
        cfg.model[f'{stream}_checkpoint'] = None  # not trained here
    tiny = 'continuity-bench' in name
    dataset_cfg = cfg.test_dataloader.dataset
    evaluators = [cfg.val_evaluator, cfg.test_evaluator]
    if not tiny:
        dataset_cfg.ann_file = tiny_gt
        dataset_cfg.data_prefix = dict(
            img=osp.join(root, 'tiny_act', 'ucf_rawframes'),
            flow=osp.join(root, 'tiny_act', 'ucf_flow'))
        for evaluator in evaluators:
            evaluator.ann_file = tiny_gt
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    if tiny:  # no ImageNet download here
        model.init_weights()
    model.eval()
    dataset = DATASETS.build(dataset_cfg)
    indices = range(8) if tiny else [0]  # 8 frames of the test video
    batch = pseudo_collate([dataset[i] for i in indices])
    frames = 6 if '-act-ssd-' in name else 1  # multi-frame: K = 6 clips
    assert batch['inputs'][0].shape[:2] == (6, frames)
    predicted = model.test_step(batch)
    num_classes = model.appearance.bbox_head.num_classes
    for sample in predicted:
        assert sample.pred_instances.scores.shape[1] == num_classes
    if not tiny:  # the ground-truth boxes of every test frame
        predicted = []
        from mmcontinuity.utils.annotations import load_act_gt
        gt = load_act_gt(tiny_gt)
        for video, tubes in gt['gttubes'].items():
            for label, label_tubes in tubes.items():
                for tube in label_tubes:
                    for row in tube:
                        scores = torch.zeros(1, len(gt['labels']))
                        scores[0, label] = 1
                        predicted.append(dict(
                            video_id=video,
                            frame_inds=torch.tensor([int(row[0])]),
                            pred_instances=dict(
                                bboxes=torch.tensor(row[None, 1:]),
                                scores=scores)))
    for evaluator in evaluators:
        metrics = Evaluator(evaluator).offline_evaluate(predicted)
        for value in metrics.values():
            assert 0 <= value <= 100
        if not tiny:
            assert metrics['tubelet/v-mAP@0.5'] == 100


MULTI_FRAME = sorted(
    osp.relpath(p, CONFIG_DIR)
    for p in glob.glob(osp.join(CONFIG_DIR, 'multi_frame', '*.py')))
MULTI_FRAME_PARAMS = [
    pytest.param(name, marks=pytest.mark.slow) if 'ucf24' in name else name
    for name in MULTI_FRAME
]


def _ucf24_paths(dataset_cfg, evaluators, root, tiny_gt):
    dataset_cfg.ann_file = tiny_gt
    dataset_cfg.data_prefix = dict(
        img=osp.join(root, 'tiny_act', 'ucf_rawframes'),
        flow=osp.join(root, 'tiny_act', 'ucf_flow'))
    for evaluator in evaluators:
        evaluator.ann_file = tiny_gt


@pytest.mark.parametrize('name', MULTI_FRAME_PARAMS)
def test_multi_frame_config(name, tubelets_cwd, monkeypatch):
    """K = 6-frame clips (a clip at every start frame) through the
    multi-frame model: (N, 6, 4) tubelets; the evaluators link them with
    ACT's method (benchmark: the model's tubelets of 4 clips; UCF101-24:
    the ground-truth tubelets of the tiny ACT set)."""
    root, tiny_gt = tubelets_cwd
    monkeypatch.chdir(root)
    cfg = Config.fromfile(osp.join(CONFIG_DIR, name))
    assert cfg.model.type == 'MultiFrameSSD'
    tiny = 'continuity-bench' in name
    evaluators = [cfg.val_evaluator, cfg.test_evaluator]
    assert all(e.linking == 'act' for e in evaluators)
    if not tiny:
        for loader in (cfg.train_dataloader, cfg.test_dataloader):
            _ucf24_paths(loader.dataset, evaluators, root, tiny_gt)
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    if tiny:
        model.init_weights()
    train = DATASETS.build(cfg.train_dataloader.dataset)
    assert train[0]['inputs'].shape[1] == 6
    dataset = DATASETS.build(cfg.test_dataloader.dataset)
    batch = pseudo_collate([dataset[i] for i in range(4 if tiny else 1)])
    model.eval()
    predicted = model.test_step(batch)
    for sample in predicted:
        assert sample.pred_instances.bboxes.shape[1:] == (6, 4)
    if not tiny:
        from mmcontinuity.utils.annotations import load_act_gt
        gt = load_act_gt(tiny_gt)
        predicted = []
        for video, tubes in gt['gttubes'].items():
            for label, label_tubes in tubes.items():
                for tube in label_tubes:
                    for start in range(len(tube) - 5):
                        rows = tube[start:start + 6]
                        scores = torch.zeros(1, len(gt['labels']))
                        scores[0, label] = 1
                        predicted.append(dict(
                            video_id=video,
                            frame_inds=torch.tensor(rows[:, 0]).long(),
                            pred_instances=dict(
                                bboxes=torch.tensor(rows[None, :, 1:]),
                                scores=scores)))
    for evaluator in evaluators:
        metrics = Evaluator(evaluator).offline_evaluate(predicted)
        for value in metrics.values():
            assert 0 <= value <= 100
