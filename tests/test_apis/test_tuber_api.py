"""mmcontinuity.apis.tuber: init_tuber / inference_tuber and the steps of
detect_tubes (validation, clip tiling, batching, stitching, formatting) with
a tiny randomly initialised TubeR."""
import copy
import pickle

import numpy as np
import pytest
import torch
from mmengine.config import Config

import mmcontinuity  # noqa: F401  (before mmaction.models)
from mmcontinuity.apis import (after_loading, check_video, clip_results,
                               dataset_classes, detect_tubes, flow_loading,
                               inference_settings, inference_tuber,
                               init_tuber, tube_records, video_clips)
from mmcontinuity.datasets import ACTTubeletDataset
from mmcontinuity.evaluation.functional import stitch_tubelets

CLIP_LEN = 4
MODEL = dict(
    type='TubeR',
    backbone=dict(
        type='ResNet3d', depth=18, pretrained=None, pretrained2d=False,
        base_channels=8, num_stages=2, out_indices=(1, ),
        spatial_strides=(1, 2), temporal_strides=(1, 1), dilations=(1, 1),
        conv1_kernel=(3, 7, 7), inflate=(1, 1), with_pool2=False),
    in_channels=16,
    queries=dict(type='TubeletQueries', num_queries=3, num_frames=CLIP_LEN),
    positional_encoding=dict(
        type='SinePositionalEncoding3D', num_feats=(4, 6, 6)),
    encoder=dict(type='TubeREncoder', num_layers=1, layer_cfg=dict(
        embed_dims=16, num_heads=2, feedforward_channels=32, dropout=0.)),
    decoder=dict(type='TubeRDecoder', num_layers=1, layer_cfg=dict(
        embed_dims=16, num_heads=2, feedforward_channels=32, dropout=0.)),
    bbox_head=dict(type='TubeletBoxHead', num_fcs=1),
    cls_head=dict(type='TubeletClsHead', num_classes=2, context='short',
                  num_heads=2, feedforward_channels=32, dropout=0.),
    data_preprocessor=dict(
        type='TubeletDataPreprocessor', mean=[128.] * 3, std=[64.] * 3,
        pad_size_divisor=8))
PIPELINE = [dict(type='LoadFrames'), dict(type='PackTubeletInputs')]
FLOW_PIPELINE = [dict(type='LoadFrames'), dict(type='LoadFlowFrames'),
                 dict(type='PackTubeletInputs')]


def make_cfg(root=None, flow=False, **dataset):
    """A config of the tiny model with an ACTTubeletDataset test set
    (``switch_thr=0``: random weights still give tubes)."""
    model = copy.deepcopy(MODEL)
    pipeline = PIPELINE
    if flow:
        model['backbone']['in_channels'] = 5
        model['data_preprocessor'].update(mean=[128.] * 5, std=[64.] * 5)
        pipeline = FLOW_PIPELINE
    dataset = dict(dict(type='ACTTubeletDataset', ann_file='gt.pkl',
                        clip_len=CLIP_LEN, pipeline=pipeline,
                        test_mode=True), **dataset)
    if root is not None:
        dataset['data_root'] = str(root)
    return Config(dict(
        default_scope='mmaction', model=model,
        test_dataloader=dict(dataset=dataset),
        test_evaluator=[
            dict(type='TubeletVideoMAP', linking='act'),
            dict(type='TubeletVideoMAP', linking='tuber', ann_file='x',
                 link_cfg=dict(switch_thr=0.))]))


def write_act_gt(path, nframes=10, videos=('walk/v1', )):
    gt = dict(labels=['walk', 'run'],
              gttubes={v: {0: [np.array([[1, 2., 2., 9., 9.]])]}
                       for v in videos},
              nframes={v: nframes for v in videos},
              train_videos=[list(videos)], test_videos=[list(videos)],
              resolution={v: (24, 32) for v in videos})
    with open(path, 'wb') as f:
        pickle.dump(gt, f)


def random_video(num_frames=10, seed=0):
    rng = np.random.default_rng(seed)
    frames = list(rng.integers(0, 256, (num_frames, 24, 32, 3), np.uint8))
    flows = list(rng.integers(0, 256, (num_frames, 24, 32, 2), np.uint8))
    return frames, flows


@pytest.fixture(scope='module')
def model():
    """The tiny model of :func:`make_cfg`; the default scope that
    ``init_tuber`` sets is undone after the module (the autouse fixture of
    conftest.py is per test and saves after module fixtures have run)."""
    from mmengine.registry import DefaultScope
    saved = DefaultScope._instance_dict.copy()
    torch.manual_seed(0)
    yield init_tuber(make_cfg())
    DefaultScope._instance_dict = saved


@pytest.mark.parametrize('nframes,clip_len,interval,stride', [
    (10, 4, 1, None), (10, 4, 1, 2), (23, 3, 3, None), (7, 7, 1, None),
    (30, 4, 2, 5)])
def test_video_clips_tile_as_the_test_set(tmp_path, nframes, clip_len,
                                          interval, stride):
    """The API tiles a video exactly as ACTTubeletDataset's test set."""
    write_act_gt(tmp_path / 'gt.pkl', nframes)
    (tmp_path / 'walk' / 'v1').mkdir(parents=True)
    dataset = ACTTubeletDataset(
        str(tmp_path / 'gt.pkl'), [], data_prefix=dict(img=str(tmp_path)),
        clip_len=clip_len, frame_interval=interval, clip_stride=stride,
        test_mode=True)
    expected = np.stack([dataset.get_data_info(i)['frame_inds']
                         for i in range(len(dataset))])
    clips = video_clips(nframes, clip_len, interval, stride)
    np.testing.assert_array_equal(clips, expected)
    assert clips[0, 0] == 1 and clips[-1, -1] == nframes


def test_video_clips_by_hand():
    np.testing.assert_array_equal(
        video_clips(10, 4), [[1, 2, 3, 4], [5, 6, 7, 8], [7, 8, 9, 10]])
    # span 5: starts 1, 4, 7 and a last clip 8-12
    np.testing.assert_array_equal(
        video_clips(12, 3, 2, 3),
        [[1, 3, 5], [4, 6, 8], [7, 9, 11], [8, 10, 12]])
    with pytest.raises(ValueError, match='fewer than one clip of 3 frames '
                       'with interval 2 \\(5\\)'):
        video_clips(4, 3, 2)
    with pytest.raises(ValueError, match='must be >= 1'):
        video_clips(10, 0)


def test_check_video():
    frames, flows = random_video(3)
    assert check_video(frames, None, False) == (24, 32)
    assert check_video(frames, flows, True) == (24, 32)
    with pytest.raises(ValueError, match='no frames'):
        check_video([], None, False)
    with pytest.raises(ValueError, match='one size'):
        check_video(frames + [np.zeros((24, 30, 3), np.uint8)], None, False)
    with pytest.raises(ValueError, match='one size'):
        check_video([f[..., 0] for f in frames], None, False)
    with pytest.raises(ValueError, match='pass flows'):
        check_video(frames, None, True)
    with pytest.raises(ValueError, match='no LoadFlowFrames'):
        check_video(frames, flows, False)
    with pytest.raises(ValueError, match='need 3 flow frames'):
        check_video(frames, flows[:2], True)
    with pytest.raises(ValueError, match='need 3 flow frames'):
        check_video(frames, [f[:, :5] for f in flows], True)


def test_clip_results():
    frames, flows = random_video(6)
    inds = np.array([2, 4, 6])
    results = clip_results(frames, flows, inds, 'v')
    assert results['total_frames'] == 6 and results['video_id'] == 'v'
    assert results['img_shape'] == results['ori_shape'] == (24, 32)
    for got, i in zip(results['imgs'], inds):
        assert got is frames[i - 1] or np.array_equal(got, frames[i - 1])
    for got, i in zip(results['flow_imgs'], inds):
        assert np.array_equal(got, flows[i - 1])
    assert 'flow_imgs' not in clip_results(frames, None, inds, 'v')


def test_tube_records_order_and_threshold():
    """Two clips of 2 tubelets on frames 1-2 and 3-4; tubelet 0 continues
    (same box), tubelet 1 jumps: its clips make two tubes."""
    frame_inds = np.array([[[1, 2], [3, 4]]])
    box_a = [0., 0., 10., 10.]
    boxes = np.array([[[[box_a] * 2, [[20., 20., 30., 30.]] * 2],
                       [[box_a] * 2, [[0., 20., 5., 30.]] * 2]]])
    switch = np.ones((1, 2, 2, 2))
    scores = np.array([[[[0.9, 0.], [0.4, 0.]], [[0.7, 0.], [0.2, 0.]]]])
    tubes = stitch_tubelets(frame_inds, boxes, switch, scores,
                            score_thr=0.1, iou_thr=0.5)
    records = tube_records(tubes, score_thr=0.)
    assert [r['id'] for r in records] == [0, 1, 2]
    np.testing.assert_allclose([r['score'] for r in records],
                               [0.8, 0.4, 0.2])
    first = records[0]
    assert first['label'] == 0 and first['frames'].dtype == np.int64
    np.testing.assert_array_equal(first['frames'], [1, 2, 3, 4])
    np.testing.assert_allclose(first['boxes'], [box_a] * 4)
    assert [r['score'] for r in tube_records(tubes, 0.3)] == \
        [r['score'] for r in records[:2]]
    assert tube_records(tubes, 0.9) == []


def test_inference_settings_and_dataset_classes(tmp_path):
    cfg = make_cfg(tmp_path, frame_interval=2, clip_stride=3)
    settings = inference_settings(cfg)
    assert settings == dict(clip_len=CLIP_LEN, frame_interval=2,
                            clip_stride=3, test_pipeline_cfg=PIPELINE,
                            link_cfg=dict(switch_thr=0.), tube_nms_thr=None,
                            tube_nms_class_agnostic=False)
    cfg.test_evaluator[1].tube_nms_thr = 0.4
    cfg.test_evaluator[1].tube_nms_class_agnostic = True
    assert inference_settings(cfg)['tube_nms_thr'] == 0.4
    assert inference_settings(cfg)['tube_nms_class_agnostic'] is True
    assert dataset_classes(cfg) == (None, None)  # no pickle yet
    write_act_gt(tmp_path / 'gt.pkl')
    assert dataset_classes(cfg) == (str(tmp_path / 'gt.pkl'),
                                    ('walk', 'run'))
    cfg.test_dataloader.dataset.metainfo = dict(classes=('a', 'b'))
    assert dataset_classes(cfg)[1] == ('a', 'b')
    # no dataset clip settings: the sampler's, else the model's T_out
    cfg = Config(dict(model=MODEL, test_pipeline=[
        dict(type='SampleFrames', clip_len=8, frame_interval=3)]))
    assert inference_settings(cfg)['clip_len'] == 8
    assert inference_settings(cfg)['frame_interval'] == 3
    cfg = Config(dict(model=MODEL, test_pipeline=PIPELINE))
    assert inference_settings(cfg)['clip_len'] == CLIP_LEN
    assert inference_settings(cfg)['link_cfg'] == {}
    with pytest.raises(ValueError, match='no test pipeline'):
        inference_settings(Config(dict(model=MODEL)))


def test_pipeline_steps():
    assert flow_loading(FLOW_PIPELINE) == dict(type='LoadFlowFrames')
    assert flow_loading(PIPELINE) is None
    assert after_loading(FLOW_PIPELINE) == [dict(type='PackTubeletInputs')]
    with pytest.raises(ValueError, match='no frame loading step'):
        after_loading([dict(type='PackTubeletInputs')])


def test_init_tuber(tmp_path):
    cfg = make_cfg()
    cfg.model.test_cfg = dict(output='keyframe')
    model = init_tuber(cfg)
    assert model.test_cfg['output'] == 'tubelets' and not model.training
    assert cfg.model.test_cfg.output == 'keyframe'  # the config is a copy
    checkpoint = tmp_path / 'tiny.pth'
    state = {k: v + 1 for k, v in model.state_dict().items()}
    torch.save({'state_dict': state, 'meta': {}}, checkpoint)
    path = tmp_path / 'tiny.py'
    cfg.dump(str(path))
    loaded = init_tuber(str(path), str(checkpoint),
                        cfg_options={'model.queries.num_queries': 3})
    for key, value in loaded.state_dict().items():
        torch.testing.assert_close(value, state[key])
    assert loaded.cfg.filename == str(path)
    not_tuber = tmp_path / 'not_tuber.py'
    not_tuber.write_text("model = dict(type='TubeletDataPreprocessor')\n")
    with pytest.raises(ValueError, match='needs a TubeR model'):
        init_tuber(str(not_tuber))
    with pytest.raises(TypeError, match='filename or Config'):
        init_tuber(dict(model=MODEL))


def test_inference_tuber_tiles_batches_and_stitches(model):
    frames, _ = random_video(10)
    tubes = inference_tuber(model, frames, score_thr=0.)
    settings = inference_settings(model.cfg)
    direct = detect_tubes(model, frames, CLIP_LEN,
                          settings['test_pipeline_cfg'], score_thr=0.,
                          link_cfg=settings['link_cfg'], batch_size=1)
    # clips 1-4, 5-8 and 7-10 cover every frame, in any batching
    assert tubes and min(t['frames'][0] for t in tubes) == 1
    assert max(t['frames'][-1] for t in tubes) == 10
    assert len(direct) == len(tubes)
    for a, b in zip(tubes, direct):
        assert a['label'] == b['label']
        np.testing.assert_array_equal(a['frames'], b['frames'])
        np.testing.assert_allclose(a['boxes'], b['boxes'], atol=1e-4)
        assert abs(a['score'] - b['score']) < 1e-5
    assert all(t['boxes'].shape == (t['frames'].size, 4) for t in tubes)
    assert inference_tuber(model, frames, score_thr=1.1) == []
    # tube NMS after stitching: random weights give one tube per query and
    # class on the same frames, so every class keeps exactly its best tube
    # at threshold 0 (any overlap suppresses) and all of them at 1
    kept = detect_tubes(model, frames, CLIP_LEN,
                        settings['test_pipeline_cfg'], score_thr=0.,
                        link_cfg=settings['link_cfg'], tube_nms_thr=0.)
    labels = sorted(t['label'] for t in tubes)
    assert sorted(t['label'] for t in kept) == sorted(set(labels))
    assert len(set(labels)) < len(labels)
    for t in kept:
        assert t['score'] == max(u['score'] for u in tubes
                                 if u['label'] == t['label'])
    assert len(detect_tubes(model, frames, CLIP_LEN,
                            settings['test_pipeline_cfg'], score_thr=0.,
                            link_cfg=settings['link_cfg'],
                            tube_nms_thr=1.)) == len(tubes)
    # class-agnostic at 0: the tubes of all classes overlap, only the best
    # tube of the video is left
    agnostic = detect_tubes(model, frames, CLIP_LEN,
                            settings['test_pipeline_cfg'], score_thr=0.,
                            link_cfg=settings['link_cfg'], tube_nms_thr=0.,
                            tube_nms_class_agnostic=True)
    assert [t['score'] for t in agnostic] == [tubes[0]['score']]
    assert len(kept) > 1
    with pytest.raises(ValueError, match='needs a tube_nms_thr'):
        detect_tubes(model, frames, CLIP_LEN, settings['test_pipeline_cfg'],
                     tube_nms_class_agnostic=True)
    with pytest.raises(ValueError, match='tube_nms_thr must be in'):
        detect_tubes(model, frames, CLIP_LEN, settings['test_pipeline_cfg'],
                     tube_nms_thr=1.5)
    with pytest.raises(ValueError, match='fewer than one clip'):
        inference_tuber(model, frames[:3])
    with pytest.raises(ValueError, match='batch_size'):
        inference_tuber(model, frames, batch_size=0)
    keyframe = copy.deepcopy(model)
    keyframe.test_cfg['output'] = 'keyframe'
    with pytest.raises(ValueError, match='init_tuber'):
        inference_tuber(keyframe, frames)


def test_detect_tubes_with_flow():
    """Flow frames reach the model as channels 4-5: the tubes depend on
    them, and a flow pipeline refuses to run without them."""
    torch.manual_seed(0)
    model = init_tuber(make_cfg(flow=True))
    frames, flows = random_video(8)
    tubes = inference_tuber(model, frames, flows, score_thr=0.)
    still = inference_tuber(model, frames,
                            [np.full_like(f, 128) for f in flows],
                            score_thr=0.)
    assert tubes and still
    assert not np.allclose(tubes[0]['boxes'], still[0]['boxes'])
    with pytest.raises(ValueError, match='pass flows'):
        inference_tuber(model, frames)
