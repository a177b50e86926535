"""TubeRLateFusion: an RGB and a flow TubeR fused at test time (the
two-stream of Chapter 4), and merge_tubelets, which it shares with the
2-view test."""
import copy

import pytest
import torch
from mmaction.registry import MODELS
from mmengine.structures import InstanceData
from tuber_fakes import make_batch, tiny_cfg

from mmcontinuity.models.tuber.tta import merge_tubelets

FLOW_MEAN, FLOW_STD = 128., 8.


def _pred(boxes, scores, switch, switch_thr=0.5):
    pred = InstanceData(metainfo=dict(frame_inds=[5, 6]))
    pred.bboxes = torch.tensor(boxes, dtype=torch.float32)
    pred.scores = torch.tensor(scores)
    pred.switch_scores = torch.tensor(switch)
    pred.action_on = pred.switch_scores >= switch_thr
    return pred


BOX_A = [[0., 0, 10, 10], [2, 0, 12, 10]]
BOX_B = [[50., 50, 60, 60], [50, 50, 60, 60]]
# the RGB stream: a and b
RGB = ([BOX_A, BOX_B], [[.8, .1], [.2, .6]], [[.9, .3], [.4, .4]])
# the flow stream, 3 tubelets in another order: c near b (IoU 16 / 184),
# d seen by flow alone, a' on a (IoU 90 / 110 on both frames)
FLOW = ([[[56., 56, 66, 66], [56, 56, 66, 66]],
         [[100., 100, 110, 110], [100, 100, 110, 110]],
         [[1., 0, 11, 10], [3, 0, 13, 10]]],
        [[.1, .1], [.9, .05], [.4, .3]],
        [[.8, .8], [.9, .9], [.6, .6]])


def _check_fused(fused):
    """a + a' averaged, b kept, c and d dropped."""
    assert len(fused) == 2
    torch.testing.assert_close(
        fused.bboxes[0], torch.tensor([[.5, 0, 10.5, 10], [2.5, 0, 12.5,
                                                            10]]))
    torch.testing.assert_close(fused.scores[0], torch.tensor([.6, .2]))
    torch.testing.assert_close(fused.switch_scores[0],
                               torch.tensor([.75, .45]))
    assert fused.action_on[0].tolist() == [True, False]
    torch.testing.assert_close(fused.bboxes[1], torch.tensor(BOX_B))
    torch.testing.assert_close(fused.scores[1], torch.tensor([.2, .6]))
    torch.testing.assert_close(fused.switch_scores[1],
                               torch.tensor([.4, .4]))
    assert fused.metainfo['frame_inds'] == [5, 6]


def test_merge_tubelets_pairs_averages_and_keeps_the_reference():
    _check_fused(merge_tubelets([_pred(*RGB), _pred(*FLOW)], 0.5, 0.5))
    # below the threshold the pair is two detections: a keeps its own
    own = merge_tubelets([_pred(*RGB), _pred(*FLOW)], 0.9, 0.5)
    torch.testing.assert_close(own.bboxes, torch.tensor([BOX_A, BOX_B]))
    torch.testing.assert_close(own.scores, torch.tensor(RGB[1]))
    # action_on from the averaged switch at the given threshold
    low = merge_tubelets([_pred(*RGB), _pred(*FLOW)], 0.5, 0.4)
    assert low.action_on.tolist() == [[True, True], [True, True]]


def test_merge_tubelets_refuses_predictions_of_other_shapes():
    keyframe = InstanceData(bboxes=torch.zeros(2, 4),
                            scores=torch.zeros(2, 2))
    with pytest.raises(ValueError, match='bboxes of shapes'):
        merge_tubelets([_pred(*RGB), keyframe], 0.5, 0.5)
    other_classes = _pred(FLOW[0], [[.1, .1, .1]] * 3, FLOW[2])
    with pytest.raises(ValueError, match='scores of shapes'):
        merge_tubelets([_pred(*RGB), other_classes], 0.5, 0.5)


def _streams():
    """A 3-channel RGB and a 2-channel flow tiny TubeR, each with its own
    normalisation."""
    rgb = dict(tiny_cfg(), _scope_='mmaction')
    flow = dict(
        tiny_cfg(
            backbone=dict(type='TinyBackbone3D', out_channels=8,
                          in_channels=2),
            data_preprocessor=dict(
                type='TubeletDataPreprocessor', mean=[FLOW_MEAN] * 2,
                std=[FLOW_STD] * 2, pad_size_divisor=8)),
        _scope_='mmaction')
    return rgb, flow


def _rgb_flow_batch():
    """Two RGB + flow clips (C = 5); flow x = 136 and y = 120, i.e. +1 and
    -1 after the flow stream's normalisation."""
    batch = make_batch()
    batch['inputs'] = [
        torch.cat([c.float(), torch.full_like(c[:2], 136.).float()])
        for c in batch['inputs']
    ]
    for c in batch['inputs']:
        c[4] = 120.
    return batch


def test_each_stream_sees_its_channels_and_the_tubelets_are_fused():
    rgb, flow = _streams()
    model = MODELS.build(dict(type='TubeRLateFusion', rgb=rgb, flow=flow))
    batch = _rgb_flow_batch()
    seen = {}

    def fake_predict(name, pred):
        def predict(inputs, data_samples):
            seen[name] = inputs
            for sample in data_samples:
                sample.pred_instances = pred.clone()
            return data_samples
        return predict

    model.rgb.predict = fake_predict('rgb', _pred(*RGB))
    model.flow.predict = fake_predict('flow', _pred(*FLOW))
    with torch.no_grad():
        out = model.test_step(copy.deepcopy(batch))
    # RGB: channels 0-2 / 255 (the RGB stream's normalisation), padded to
    # the batch's largest clip rounded up to 8
    assert seen['rgb'].shape == (2, 3, 4, 32, 40)
    torch.testing.assert_close(seen['rgb'][1, :, :, :24, :32],
                               batch['inputs'][1][:3] / 255.)
    assert seen['flow'].shape == (2, 2, 4, 32, 40)
    torch.testing.assert_close(seen['flow'][0, 0], torch.ones(4, 32, 40))
    torch.testing.assert_close(seen['flow'][0, 1], -torch.ones(4, 32, 40))
    assert len(out) == 2
    for sample, original in zip(out, batch['data_samples']):
        _check_fused(sample.pred_instances)
        torch.testing.assert_close(sample.gt_instances.bboxes,
                                   original.gt_instances.bboxes)


def test_same_model_twice_is_the_single_model(tmp_path):
    """Both streams load one checkpoint and see the same clip: every
    tubelet pairs with itself, and the fused prediction is the model's."""
    torch.manual_seed(0)
    single = MODELS.build(tiny_cfg()).eval()
    path = str(tmp_path / 'tiny.pth')
    torch.save(dict(state_dict=single.state_dict()), path)
    torch.manual_seed(1)  # other initial weights, replaced by the checkpoint
    # an init_cfg that init_weights would apply over the checkpoint
    stream = dict(
        tiny_cfg(init_cfg=dict(type='Constant', layer='Conv3d', val=0.)),
        _scope_='mmaction')
    model = MODELS.build(
        dict(type='TubeRLateFusion', rgb=stream, flow=stream,
             rgb_checkpoint=path, flow_checkpoint=path, iou_thr=0.)).eval()
    model.init_weights()  # keeps the loaded checkpoints
    batch = make_batch()
    twice = copy.deepcopy(batch)
    twice['inputs'] = [torch.cat([c, c]) for c in twice['inputs']]
    with torch.no_grad():
        fused = model.test_step(twice)
        alone = single.test_step(batch)
    for f, a in zip(fused, alone):
        f, a = f.pred_instances, a.pred_instances
        for key in ('bboxes', 'scores', 'switch_scores', 'action_on'):
            torch.testing.assert_close(f[key], a[key])
        assert (f.metainfo['frame_inds'] == a.metainfo['frame_inds']).all()


def test_checkpoint_of_another_model_is_refused(tmp_path):
    rgb, flow = _streams()
    path = str(tmp_path / 'flow.pth')
    torch.save(dict(state_dict=MODELS.build(flow).state_dict()), path)
    with pytest.raises(RuntimeError, match='size mismatch'):
        MODELS.build(dict(type='TubeRLateFusion', rgb=rgb, flow=flow,
                          rgb_checkpoint=path))


def test_errors():
    rgb, flow = _streams()
    model = MODELS.build(dict(type='TubeRLateFusion', rgb=rgb, flow=flow))
    batch = make_batch()  # RGB only
    with pytest.raises(ValueError, match="'v0'.*RGB \\+ flow clips"):
        model.test_step(batch)
    with pytest.raises(RuntimeError, match='only predicts'):
        model(batch['inputs'], batch['data_samples'], mode='loss')
    with pytest.raises(ValueError, match='iou_thr'):
        MODELS.build(dict(type='TubeRLateFusion', rgb=rgb, flow=flow,
                          iou_thr=1.5))


def test_two_view_test_of_the_fusion():
    """`--tta` of a late-fusion config: TubeRTTAModel around the fused model
    (it reads the RGB stream's switch_thr); two identical views give the
    fused prediction."""
    rgb, flow = _streams()
    torch.manual_seed(0)
    tta = MODELS.build(
        dict(type='TubeRTTAModel', iou_thr=0.,
             module=dict(type='TubeRLateFusion', rgb=rgb, flow=flow))).eval()
    assert tta.module.test_cfg is tta.module.rgb.test_cfg
    batch = _rgb_flow_batch()
    twin = copy.deepcopy(batch)
    data = dict(inputs=[batch['inputs'], twin['inputs']],
                data_samples=[batch['data_samples'], twin['data_samples']])
    with torch.no_grad():
        fused = tta.module.test_step(copy.deepcopy(batch))
        merged = tta.test_step(data)
    for m, f in zip(merged, fused):
        for key in ('bboxes', 'scores', 'switch_scores', 'action_on'):
            torch.testing.assert_close(m.pred_instances[key],
                                       f.pred_instances[key])
