"""tools/demo/tuber_demo.py on a generated benchmark video (frame folder and
MP4) with a tiny randomly initialised TubeR (the inference API it calls is
tested in tests/test_apis)."""
import importlib.util
import json
import os.path as osp
import pickle

import cv2
import numpy as np
import pytest
import torch
from mmengine.config import Config
from PIL import Image

import mmcontinuity  # noqa: F401  (before mmaction.models)
from mmcontinuity.apis import inference_settings, init_tuber
from mmcontinuity.datasets.bench import generate
from mmcontinuity.evaluation.functional import (Tubes,
                                                tube_overlap_iou_pairs)

CLIP_LEN = 4
TINY_CONFIG = f"""
default_scope = 'mmaction'
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
model = dict(
    type='TubeR',
    backbone=dict(
        type='ResNet3d', depth=18, pretrained=None, pretrained2d=False,
        base_channels=8, num_stages=2, out_indices=(1, ),
        spatial_strides=(1, 2), temporal_strides=(1, 1), dilations=(1, 1),
        conv1_kernel=(3, 7, 7), inflate=(1, 1), with_pool2=False),
    in_channels=16,
    queries=dict(type='TubeletQueries', num_queries=3, num_frames={CLIP_LEN}),
    positional_encoding=dict(
        type='SinePositionalEncoding3D', num_feats=(4, 6, 6)),
    encoder=dict(type='TubeREncoder', num_layers=1, layer_cfg=dict(
        embed_dims=16, num_heads=2, feedforward_channels=32, dropout=0.)),
    decoder=dict(type='TubeRDecoder', num_layers=1, layer_cfg=dict(
        embed_dims=16, num_heads=2, feedforward_channels=32, dropout=0.)),
    bbox_head=dict(type='TubeletBoxHead', num_fcs=1),
    cls_head=dict(type='TubeletClsHead', num_classes=6, context='short',
                  num_heads=2, feedforward_channels=32, dropout=0.),
    data_preprocessor=dict(
        type='TubeletDataPreprocessor', mean=[128., 128., 128.],
        std=[64., 64., 64.], pad_size_divisor=8))
test_pipeline = [dict(type='LoadFrames'), dict(type='PackTubeletInputs')]
test_dataloader = dict(dataset=dict(
    type='ACTTubeletDataset', ann_file='ContinuityBench-GT.pkl',
    data_root='{{root}}', clip_len={CLIP_LEN}, pipeline=test_pipeline,
    test_mode=True))
# switch_thr=0: random weights still give tubes
test_evaluator = dict(type='TubeletVideoMAP', linking='tuber',
                      ann_file='unused', link_cfg=dict(switch_thr=0.))
"""
# the same model on RGB + flow clips (5 channels)
FLOW_OVERRIDES = """
model['backbone']['in_channels'] = 5
model['data_preprocessor'].update(mean=[128.] * 5, std=[64.] * 5)
test_pipeline = [dict(type='LoadFrames'), dict(type='LoadFlowFrames'),
                 dict(type='PackTubeletInputs')]
test_dataloader['dataset']['pipeline'] = test_pipeline
"""


@pytest.fixture(scope='module')
def demo_data(tmp_path_factory):
    """A benchmark video (frame folder and MP4), config and checkpoint."""
    root = tmp_path_factory.mktemp('demo')
    generate(str(root / 'bench'), splits=('tubelets', ), scale=0.02,
             progress=False)
    split = root / 'bench' / 'tubelets'
    with open(split / 'ContinuityBench-GT.pkl', 'rb') as f:
        gt = pickle.load(f)
    video = gt['test_videos'][0][0]
    frame_dir = split / 'rawframes' / video
    config = root / 'tiny_tuber.py'
    config.write_text(TINY_CONFIG.replace('{root}', str(split)))
    model = init_tuber(str(config))
    checkpoint = root / 'tiny_tuber.pth'
    torch.save({'state_dict': model.state_dict(), 'meta': {}}, checkpoint)
    flow_config = root / 'tiny_tuber_rgb-flow.py'
    flow_config.write_text(config.read_text() + FLOW_OVERRIDES)
    flow_checkpoint = root / 'tiny_tuber_rgb-flow.pth'
    torch.save({'state_dict': init_tuber(str(flow_config)).state_dict(),
                'meta': {}}, flow_checkpoint)
    files = sorted(frame_dir.iterdir())
    h, w = gt['resolution'][video]
    mp4 = root / f'{video}.mp4'
    writer = cv2.VideoWriter(str(mp4), cv2.VideoWriter_fourcc(*'mp4v'), 8,
                             (w, h))
    for path in files:
        writer.write(cv2.imread(str(path)))
    writer.release()
    return dict(root=root, config=config, checkpoint=checkpoint,
                flow_config=flow_config, flow_checkpoint=flow_checkpoint,
                flow_dir=split / 'flow' / video,
                frame_dir=frame_dir, mp4=mp4, num_frames=len(files),
                classes=list(gt['labels']), size=(h, w))


def _check_json(path, data):
    with open(path) as f:
        record = json.load(f)
    assert record['num_frames'] == data['num_frames']
    assert record['frame_size'] == list(data['size'])
    assert record['classes'] == data['classes']
    assert record['tubes'], 'score-thr 0 and switch_thr 0 keep every tube'
    scores = [t['score'] for t in record['tubes']]
    assert scores == sorted(scores, reverse=True)
    assert [t['id'] for t in record['tubes']] == \
        list(range(len(record['tubes'])))
    h, w = data['size']
    for tube in record['tubes']:
        frames = np.array(tube['frames'])
        boxes = np.array(tube['boxes'])
        assert boxes.shape == (frames.size, 4)
        assert frames.min() >= 1 and frames.max() <= data['num_frames']
        assert (np.diff(frames) == 1).all()
        assert (boxes[:, :2] <= boxes[:, 2:]).all()
        assert (boxes >= 0).all() and (boxes[:, [0, 2]] <= w - 1).all()
        assert tube['label_name'] == data['classes'][tube['label']]
    return record


@pytest.mark.slow
def test_demo_frame_folder_gif(demo_data, repo_root, tool):
    out = demo_data['root'] / 'out' / 'demo.gif'
    proc = tool([
        osp.join(repo_root, 'tools/demo/tuber_demo.py'),
        str(demo_data['frame_dir']), str(demo_data['config']),
        str(demo_data['checkpoint']), '--out', str(out), '--score-thr', '0',
        '--scale', '2', '--show-gt'
    ], cwd=demo_data['root'], timeout=120)
    json_path = out.with_suffix('.json')
    assert str(out) in proc.stdout and str(json_path) in proc.stdout
    assert 'tube NMS: off' in proc.stdout
    with Image.open(out) as gif:
        h, w = demo_data['size']
        assert gif.size == (2 * w, 2 * h)
        # Pillow merges identical consecutive frames (a still actor without
        # boxes) and adds up their delays: 120 ms per video frame at 8 fps
        durations = []
        for i in range(gif.n_frames):
            gif.seek(i)
            durations.append(gif.info['duration'])
    assert 1 < len(durations) <= demo_data['num_frames']
    assert sum(durations) == 120 * demo_data['num_frames']
    _check_json(json_path, demo_data)


@pytest.mark.slow
def test_demo_mp4_to_mp4(demo_data, repo_root, tool):
    out = demo_data['root'] / 'demo_video.mp4'
    json_path = demo_data['root'] / 'tubes.json'
    proc = tool([
        osp.join(repo_root, 'tools/demo/tuber_demo.py'),
        str(demo_data['mp4']), str(demo_data['config']),
        str(demo_data['checkpoint']), '--out', str(out), '--json',
        str(json_path), '--score-thr', '0', '--fps', '5', '--cfg-options',
        'test_evaluator.tube_nms_thr=0.3',
        'test_evaluator.tube_nms_class_agnostic=True'
    ], cwd=demo_data['root'], timeout=120)
    assert 'tube NMS: class-agnostic, overlap IoU > 0.3' in proc.stdout
    cap = cv2.VideoCapture(str(out))
    count = 0
    while cap.read()[0]:
        count += 1
    cap.release()
    assert count == demo_data['num_frames']
    record = _check_json(json_path, demo_data)
    assert record['video'] == str(demo_data['mp4'])
    # class-agnostic: no two drawn tubes overlap by more than 0.3
    tubes = Tubes.from_list(
        [np.column_stack([t['frames'], t['boxes']]) for t in record['tubes']],
        [0] * len(record['tubes']), [t['label'] for t in record['tubes']],
        [t['score'] for t in record['tubes']])
    i, j = np.triu_indices(len(tubes), 1)
    assert (tube_overlap_iou_pairs(tubes, i, tubes, j) <= 0.3).all()


@pytest.mark.slow
@pytest.mark.parametrize('flow_source', ['dir', 'farneback'])
def test_demo_rgb_flow_model(demo_data, repo_root, tool, flow_source):
    """An RGB + flow model gets the benchmark's flow frames or flow computed
    from the video."""
    out = demo_data['root'] / f'flow_{flow_source}.gif'
    args = ['--flow-dir', str(demo_data['flow_dir'])] \
        if flow_source == 'dir' else ['--flow-method', 'farneback']
    proc = tool([
        osp.join(repo_root, 'tools/demo/tuber_demo.py'),
        str(demo_data['frame_dir']), str(demo_data['flow_config']),
        str(demo_data['flow_checkpoint']), '--out', str(out), '--score-thr',
        '0', *args
    ], cwd=demo_data['root'], timeout=120)
    assert ('flow (farneback)' in proc.stderr) == (flow_source != 'dir')
    _check_json(out.with_suffix('.json'), demo_data)


def load_demo(repo_root):
    spec = importlib.util.spec_from_file_location(
        'tuber_demo', osp.join(repo_root, 'tools/demo/tuber_demo.py'))
    demo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(demo)
    return demo


def test_tube_nms_options(tmp_path, repo_root, monkeypatch):
    """`make demo`'s --cfg-options reach the inference settings."""
    demo = load_demo(repo_root)
    config = tmp_path / 'tiny_tuber.py'
    config.write_text(TINY_CONFIG.replace('{root}', str(tmp_path)))
    monkeypatch.setattr('sys.argv', [
        'tuber_demo.py', 'video', str(config), 'ckpt', '--out', 'a.gif',
        '--cfg-options', 'test_evaluator.tube_nms_thr=0.3',
        'test_evaluator.tube_nms_class_agnostic=True'])
    cfg = Config.fromfile(str(config))
    settings = inference_settings(cfg)
    assert demo.tube_nms_description(settings) == 'off'
    cfg.merge_from_dict(demo.parse_args().cfg_options)
    settings = inference_settings(cfg)
    assert settings['tube_nms_thr'] == 0.3
    assert settings['tube_nms_class_agnostic'] is True
    assert demo.tube_nms_description(settings) == \
        'class-agnostic, overlap IoU > 0.3'
    settings['tube_nms_class_agnostic'] = False
    assert demo.tube_nms_description(settings) == \
        'per class, overlap IoU > 0.3'


def test_bad_inputs(tmp_path, repo_root):
    demo = load_demo(repo_root)
    (tmp_path / 'empty').mkdir()
    with pytest.raises(ValueError, match='no image files'):
        demo.read_video(str(tmp_path / 'empty'))
    (tmp_path / 'broken.mp4').write_bytes(b'not a video')
    with pytest.raises(ValueError, match='broken.mp4'):
        demo.read_video(str(tmp_path / 'broken.mp4'))
    with pytest.raises(FileNotFoundError):
        demo.read_video(str(tmp_path / 'missing.mp4'))
