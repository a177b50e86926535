"""AVA targets: labels given at the key frame only supervise the tubelet
(with the key-frame box) and never become no-action, on an AVA-format fake
(AVATubeletDataset with the sampling of the 32x2 and 16x4 AVA configs)."""
import os
import os.path as osp

import cv2
import numpy as np
import pytest
import torch
from mmaction.registry import DATASETS, MODELS
from mmengine.config import Config
from mmengine.registry import DefaultScope
from tuber_fakes import make_batch, make_sample, tiny_cfg

from mmcontinuity.models.tuber import frame_weights, output_frame_indices

REPO = osp.dirname(osp.dirname(osp.dirname(osp.dirname(
    osp.abspath(__file__)))))
CONFIGS = {  # the AVA configs' SampleAVAFrames and their output frames
    '32x2': ('tuber_ircsn-r50_ig65m-k400-pre_8xb2-32x2x1-20e_ava21-rgb.py',
             [4, 12, 20, 28]),
    '16x4': ('tuber_i3d-r50_k400-pre_8xb2-16x4x1-20e_ava21-rgb.py',
             [2, 6, 10, 14]),
}
FPS, H, W = 30, 24, 32
# entity 0: annotated at the key timestamp 2 only (one timestamp);
# entity 1: a track at 1, 2 and 3 s, so it exists on every output frame
ROWS = ['movie,0002,0.1,0.2,0.3,0.6,1,0',
        'movie,0001,0.5,0.2,0.7,0.8,2,1',
        'movie,0002,0.55,0.2,0.75,0.8,2,1',
        'movie,0003,0.6,0.2,0.8,0.8,2,1']


@pytest.fixture(scope='module')
def ava_root(tmp_path_factory):
    root = str(tmp_path_factory.mktemp('ava'))
    frames = osp.join(root, 'rawframes', 'movie')
    os.makedirs(frames)
    for t in range(1, 4 * FPS + 3):
        cv2.imwrite(osp.join(frames, f'img_{t:05d}.jpg'),
                    np.full((H, W, 3), t % 256, np.uint8))
    with open(osp.join(root, 'train.csv'), 'w') as f:
        f.write('\n'.join(ROWS) + '\n')
    with open(osp.join(root, 'labels.pbtxt'), 'w') as f:
        for i, name in enumerate(['stand', 'walk'], 1):
            f.write(f'label {{\n  name: "{name}"\n  label_id: {i}\n}}\n')
    return root


def _sample(root, setting):
    """The packed key-frame-2 sample with the config's AVA sampling."""
    cfg = Config.fromfile(osp.join(REPO, 'configs', 'tuber',
                                   CONFIGS[setting][0]))
    pipeline = cfg.train_dataloader.dataset.pipeline
    sampler = dict(pipeline[0], test_mode=True)  # no random shift
    assert sampler['type'] == 'SampleAVAFrames'
    assert [s['type'] for s in pipeline[1:3]] == ['AVATubeletBoxes',
                                                  'RawFrameDecode']
    packing = pipeline[-1]
    assert packing['type'] == 'PackTubeletInputs'
    with DefaultScope.overwrite_default_scope('mmaction'):
        dataset = DATASETS.build(dict(
            type='AVATubeletDataset', ann_file=osp.join(root, 'train.csv'),
            label_file=osp.join(root, 'labels.pbtxt'),
            pipeline=[sampler, *pipeline[1:3], packing],
            data_prefix=dict(img=osp.join(root, 'rawframes')),
            num_classes=3, fps=FPS, timestamp_start=0, timestamp_end=4))
        for i in range(len(dataset)):
            if dataset.get_data_info(i)['timestamp'] == 2:
                packed = dataset[i]
                return sampler, packed['inputs'], packed['data_samples']
    raise AssertionError('no sample at timestamp 2')


def _model(t_in):
    cfg = tiny_cfg(
        backbone=dict(type='TinyBackbone3D', out_channels=8,
                      temporal_stride=t_in // 4),
        test_cfg=dict(output='keyframe'))
    cfg['cls_head'].update(num_classes=3, multi_label=True)
    torch.manual_seed(0)
    return MODELS.build(cfg)


@pytest.mark.parametrize('setting', sorted(CONFIGS))
def test_key_frame_labels_and_box_supervise_the_tubelet(ava_root, setting):
    sampler, inputs, sample = _sample(ava_root, setting)
    t_in = sampler['clip_len']
    gt = sample.gt_instances
    assert 'action_on' not in gt  # AVA: no per-frame action extents
    key = sample.metainfo['key_frame_index']
    idx = output_frame_indices(t_in, 4)
    assert idx.tolist() == CONFIGS[setting][1] and key == t_in // 2
    lone = gt.entity_ids.tolist().index(0)
    tracked = 1 - lone
    # the one-timestamp entity exists on the key frame only
    assert gt.valid[lone].nonzero().flatten().tolist() == [key]
    assert gt.valid[tracked, idx].all()

    model = _model(t_in)
    target = model._targets(sample, t_in)
    # its key-frame labels stay (the no-action rule does not fire) ...
    torch.testing.assert_close(target['labels'], gt.labels)
    assert target['labels'][lone].tolist() == [0., 1., 0.]
    assert not target['valid'][lone].any()
    # ... and its key-frame box is a target, halfway between the two
    # output frames around the key frame
    torch.testing.assert_close(target['key_weights'],
                               torch.tensor([0., .5, .5, 0.]))
    h, w = sample.img_shape
    x1, y1, x2, y2 = (gt.bboxes[lone, key] /
                      torch.tensor([w, h, w, h])).tolist()
    torch.testing.assert_close(
        target['key_boxes'][lone],
        torch.tensor([(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1]))
    assert target['key_valid'].all()

    # the loss sees that box: moving it changes the box losses (it is the
    # entity's only box, so with the old targets it changed nothing)
    data = model.data_preprocessor(
        dict(inputs=[inputs], data_samples=[sample]), True)
    torch.manual_seed(1)
    losses = model(**data, mode='loss')
    moved = sample.clone()
    moved.gt_instances.bboxes[lone, key] += torch.tensor([4., 2., 4., 2.])
    data = model.data_preprocessor(
        dict(inputs=[inputs], data_samples=[moved]), True)
    torch.manual_seed(1)
    moved_losses = model(**data, mode='loss')
    for name in ('loss_bbox', 'loss_giou'):
        assert not torch.allclose(moved_losses[name], losses[name]), name


def test_key_frame_prediction_is_the_test_time_interpolation(ava_root):
    """The key-frame box the loss supervises is the key-frame box that the
    key-frame output (AVAMetric) reports, before the mapping to the
    original frame."""
    _, inputs, sample = _sample(ava_root, '32x2')
    model = _model(32)
    data = model.data_preprocessor(
        dict(inputs=[inputs], data_samples=[sample]), True)
    out = model.forward_transformer(**data)
    target = model._targets(data['data_samples'][0], 32)
    boxes, _, targets = model._with_key_frame(out['boxes'], out['switch'],
                                              [target])
    assert boxes.shape[-2] == 5 and targets[0]['boxes'].shape[1] == 5
    # key frame 16 lies halfway between the output frames 12 and 20
    torch.testing.assert_close(
        boxes[..., 4, :],
        (out['boxes'][..., 1, :] + out['boxes'][..., 2, :]) / 2)
    idx = output_frame_indices(32, 4)
    weights = frame_weights(idx, 16)
    torch.testing.assert_close(
        boxes[-1, 0, :, 4],
        torch.einsum('ntc,t->nc', out['boxes'][-1, 0], weights))


def test_per_frame_extents_keep_the_no_action_rule():
    """With per-frame action extents (benchmark, UCF101-24, J-HMDB) an actor
    acting on no output frame still targets no action, even with a key
    frame in the metainfo, and no key-frame term is added; labels without
    extents need the key frame."""
    model = MODELS.build(tiny_cfg())
    _, sample = make_sample(num_gts=2)
    sample.gt_instances.action_on[0] = False
    sample.set_metainfo(dict(key_frame_index=2))
    target = model._targets(sample, 4)
    assert target['labels'].tolist() == [3, 1] and 'key_weights' not in target
    losses = model(**model.data_preprocessor(make_batch(), True),
                   mode='loss')
    assert len(losses) == 8
    _, sample = make_sample(num_gts=2)
    del sample.gt_instances.action_on
    with pytest.raises(ValueError, match="'v0'.*key_frame_index"):
        model._targets(sample, 4)
    sample.set_metainfo(dict(key_frame_index=2))
    assert model._targets(sample, 4)['labels'].tolist() == [0, 1]
