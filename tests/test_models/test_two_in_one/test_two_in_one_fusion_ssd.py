"""TwoStreamSSD (the two-stream / two-in-one + flow detectors of Table 4.1
and B.1) on tiny frames, checked through equivalences: a stream fused with
itself."""
import os.path as osp

import pytest
import torch
from mmaction.structures import ActionDataSample
from mmengine.registry import DefaultScope

import mmcontinuity  # noqa: F401
from mmcontinuity.models.two_in_one.fusion import TwoStreamSSD

REPO = osp.dirname(osp.dirname(osp.dirname(osp.dirname(
    osp.abspath(__file__)))))
MODELS_DIR = osp.join(REPO, 'configs/two_in_one/_base_/models')
RGB = osp.join(MODELS_DIR, 'ssd-tiny_r18-w16.py')
FLOW = osp.join(MODELS_DIR, 'ssd-tiny_r18-w16_flow.py')
TWO_IN_ONE = osp.join(MODELS_DIR, 'ssd-tiny_r18-w16_two-in-one.py')


@pytest.fixture(autouse=True)
def mmaction_scope():
    with DefaultScope.overwrite_default_scope('mmaction'):
        yield


def samples(n=2):
    return [
        ActionDataSample(metainfo=dict(
            video_id='v', img_shape=(112, 112), ori_shape=(224, 224),
            scale_factor=(0.5, 0.5))) for _ in range(n)
    ]


def frames(n=2):
    g = torch.Generator().manual_seed(0)
    return [torch.randint(0, 256, (6, 1, 112, 112), generator=g,
                          dtype=torch.uint8) for _ in range(n)]


def self_fusion(fusion):
    """The RGB stream fused with a copy of itself (no pre-NMS cut)."""
    torch.manual_seed(0)
    model = TwoStreamSSD(
        appearance=dict(config=RGB, test_cfg=dict(nms_pre=-1)),
        flow=dict(config=RGB, test_cfg=dict(nms_pre=-1)),
        appearance_channels=(0, 1, 2), flow_channels=(0, 1, 2),
        fusion=fusion)
    model.init_weights()
    model.flow.load_state_dict(model.appearance.state_dict())
    return model.eval()


def detections(data_samples):
    return [(s.pred_instances.bboxes, s.pred_instances.scores)
            for s in data_samples]


def test_mean_fusion_of_a_stream_with_itself_is_the_stream():
    """Mean of identical dense predictions, then the head's NMS: the
    stream's own detections (rescaled to the original frame)."""
    model = self_fusion('mean')
    inputs = frames()
    fused = detections(model(inputs, samples()))
    data = model.appearance.data_preprocessor(
        dict(inputs=[x[:3] for x in inputs], data_samples=samples()), False)
    with torch.no_grad():
        alone = detections(model.appearance(**data, mode='predict'))
    for (boxes, scores), (boxes_ref, scores_ref) in zip(fused, alone):
        assert len(boxes) == 50  # max_per_img
        torch.testing.assert_close(boxes, boxes_ref)
        torch.testing.assert_close(scores, scores_ref)
        assert boxes.max() > 112  # in the 224-pixel original frame


def test_boost_and_union_of_a_stream_with_itself():
    """Every detection meets its twin: boost keeps the appearance box with
    the mean of two equal distributions, union suppresses the twins; both
    give the stream's own detection set."""
    boost = detections(self_fusion('boost')(frames(), samples()))
    union = detections(self_fusion('union')(frames(), samples()))
    for (b1, s1), (b2, s2) in zip(boost, union):
        assert len(b1) > 0
        torch.testing.assert_close(b1, b2)
        torch.testing.assert_close(s1, s2)


def test_two_in_one_plus_flow_channels_and_errors():
    """The two-in-one stream reads 5 channels, the flow stream 3 (x, y,
    magnitude) of 6-channel frames; fewer channels or training raise."""
    torch.manual_seed(0)
    model = TwoStreamSSD(appearance=TWO_IN_ONE, flow=FLOW,
                         appearance_channels=(0, 1, 2, 3, 4),
                         flow_channels=(3, 4, 5), fusion='boost')
    model.init_weights()
    model.eval()
    out = model(frames(1), samples(1))[0].pred_instances
    assert out.bboxes.shape[1] == 4 and out.scores.shape[1] == 6
    assert out.scores.max() <= 1 and (out.scores > 0).sum(1).max() == 1
    with pytest.raises(ValueError, match="'v'.*C >= 6"):
        model([x[:5] for x in frames(1)], samples(1))
    with pytest.raises(RuntimeError, match='only predicts'):
        model(frames(1), samples(1), mode='loss')
    with pytest.raises(ValueError, match='fusion must be one of'):
        TwoStreamSSD(appearance=RGB, flow=FLOW, appearance_channels=(0, ),
                     flow_channels=(1, ), fusion='max')


def test_late_fusion_of_a_multi_frame_stream_with_itself():
    """ACT's late fusion of identical multi-frame streams: the stream's
    own tubelets; streams of different kinds or another fusion raise."""
    multi = osp.join(REPO, 'configs/two_in_one/multi_frame/act-ssd-tiny_'
                     'r18-w16_1xb8-600_continuity-bench-tubelets-rgb.py')
    torch.manual_seed(0)
    model = TwoStreamSSD(appearance=multi, flow=multi,
                         appearance_channels=(0, 1, 2),
                         flow_channels=(0, 1, 2))
    model.init_weights()
    model.flow.load_state_dict(model.appearance.state_dict())
    model.eval()
    g = torch.Generator().manual_seed(0)
    clips = [torch.randint(0, 256, (6, 6, 112, 112), generator=g,
                           dtype=torch.uint8)]
    fused = model(clips, samples(1))[0].pred_instances
    data = model.appearance.data_preprocessor(
        dict(inputs=[c[:3] for c in clips], data_samples=samples(1)), False)
    with torch.no_grad():
        alone = model.appearance(**data, mode='predict')[0].pred_instances
    assert fused.bboxes.shape[1:] == (6, 4) and len(fused) > 0
    torch.testing.assert_close(fused.bboxes, alone.bboxes)
    torch.testing.assert_close(fused.scores, alone.scores)
    with pytest.raises(ValueError, match='both be single-frame or both'):
        TwoStreamSSD(appearance=multi, flow=RGB, appearance_channels=(0, ),
                     flow_channels=(1, ))
    with pytest.raises(ValueError, match='late fusion'):
        TwoStreamSSD(appearance=multi, flow=multi, appearance_channels=(0, ),
                     flow_channels=(1, ), fusion='boost')
