"""SingleFrameSSD (RGB, flow and two-in-one streams of the tiny configs):
loss equal to mmdet's own SSD on the same frames, actors not visible in the
frame excluded, predictions in TubeletVideoMAP's frame format equal to
mmdet's per-class NMS output, rescaled boxes, the two-in-one stream equal
to its RGB stream at initialisation, one-frame input check."""
import os.path as osp

import pytest
import torch
from mmaction.structures import ActionDataSample
from mmdet.models.detectors import SingleStageDetector
from mmdet.structures import DetDataSample
from mmengine.config import Config
from mmengine.registry import MODELS, DefaultScope
from mmengine.structures import InstanceData

import mmcontinuity  # noqa: F401

REPO = osp.dirname(osp.dirname(osp.dirname(osp.dirname(
    osp.abspath(__file__)))))
TINY = ('configs/two_in_one/{}_r18-w16_1xb8-600_'
        'continuity-bench-tubelets-{}.py')
STREAMS = {  # stream -> (config, input channels)
    'rgb': (TINY.format('ssd-tiny', 'rgb'), 3),
    'flow': (TINY.format('ssd-tiny', 'flow'), 3),
    'two-in-one': (TINY.format('two-in-one-ssd-tiny', 'rgb-flow'), 5),
}
SIZE = 64


def _build(stream, seed=0):
    cfg = Config.fromfile(osp.join(REPO, STREAMS[stream][0]))
    torch.manual_seed(seed)
    with DefaultScope.overwrite_default_scope('mmaction'):
        model = MODELS.build(cfg.model)
    model.init_weights()
    return model


def _samples(scale=(1., 1.)):
    """Two one-frame samples: the first with a visible actor (class 2) and
    an actor not in this frame, the second with one actor (class 5)."""
    samples = []
    for boxes, labels, valid in (
            ([[8., 10., 30., 50.], [0., 0., 0., 0.]], [2, 1], [True, False]),
            ([[30., 4., 60., 40.]], [5], [True])):
        sample = ActionDataSample()
        sample.gt_instances = InstanceData(
            bboxes=torch.tensor(boxes)[:, None], labels=torch.tensor(labels),
            valid=torch.tensor(valid)[:, None])
        sample.set_metainfo(dict(
            img_shape=(SIZE, SIZE), ori_shape=(SIZE, SIZE),
            pad_shape=(SIZE, SIZE), batch_input_shape=(SIZE, SIZE),
            scale_factor=scale, frame_inds=[3]))
        samples.append(sample)
    return samples


def _inputs(channels, seed=1):
    gen = torch.Generator().manual_seed(seed)
    return torch.randn(2, channels, 1, SIZE, SIZE, generator=gen)


@pytest.fixture(scope='module')
def models():
    return {stream: _build(stream) for stream in STREAMS}


@pytest.mark.parametrize('stream', list(STREAMS))
def test_loss_is_mmdet_ssd_loss(models, stream):
    """Eq. 4.7-4.9 = mmdet's SingleStageDetector.loss on DetDataSamples of
    the visible actors; both terms positive; gradients reach every part
    (the modulation of the two-in-one stream included)."""
    model = models[stream].train()
    inputs = _inputs(STREAMS[stream][1])
    samples = _samples()
    losses = model.loss(inputs, samples)
    det_samples = []
    for sample, keep in zip(samples, ([0], [0])):
        det = DetDataSample(metainfo=sample.metainfo)
        gt = sample.gt_instances
        det.gt_instances = InstanceData(bboxes=gt.bboxes[keep, 0],
                                        labels=gt.labels[keep])
        det_samples.append(det)
    reference = SingleStageDetector.loss(model, inputs[:, :, 0],
                                         det_samples)
    for key in ('loss_cls', 'loss_bbox'):
        assert torch.allclose(sum(losses[key]), sum(reference[key]))
        assert sum(losses[key]) > 0
    model.zero_grad()
    (sum(losses['loss_cls']) + sum(losses['loss_bbox'])).backward()
    for name, p in model.named_parameters():
        if 'bn' not in name and 'downsample.1' not in name:
            assert p.grad is not None, name
    if stream == 'two-in-one':  # the zero-initialised last layers learn
        modulation = model.backbone.modulations[0]
        for branch in (modulation.scale_branch, modulation.shift_branch):
            assert branch[-1].weight.grad.abs().sum() > 0


@pytest.mark.parametrize('stream', list(STREAMS))
def test_predict_frame_format(models, stream):
    """pred_instances: bboxes (N, 4) in the original frame and scores
    (N, C), each row one class score (the head's per-class NMS output)
    and 0 elsewhere; scale_factor 2 halves the boxes."""
    model = models[stream].eval()
    inputs = _inputs(STREAMS[stream][1])
    with torch.no_grad():
        preds = model.predict(inputs, _samples())
        halves = model.predict(inputs, _samples(scale=(2., 2.)))
        reference = model.bbox_head.predict(
            model.extract_feat(inputs[:, :, 0]), _samples(), rescale=True)
    num_classes = model.bbox_head.num_classes
    for sample, half, ref in zip(preds, halves, reference):
        pred = sample.pred_instances
        assert pred.bboxes.shape == (len(ref), 4)
        assert pred.scores.shape == (len(ref), num_classes)
        assert len(ref) > 0
        assert torch.equal(pred.bboxes, ref.bboxes)
        assert torch.equal((pred.scores > 0).sum(1), torch.ones(len(ref),
                                                                dtype=int))
        assert torch.equal(pred.scores.argmax(1), ref.labels)
        assert torch.equal(pred.scores.max(1).values, ref.scores)
        assert torch.allclose(half.pred_instances.bboxes, pred.bboxes / 2)


def test_two_in_one_is_rgb_stream_at_initialisation(models):
    """beta = 1, gamma = 0: with the RGB stream's weights, the two-in-one
    detector gives the RGB stream's outputs whatever the flow."""
    rgb, two_in_one = models['rgb'].eval(), _build('two-in-one', 1).eval()
    state = {(f'backbone.backbone.{k[9:]}' if k.startswith('backbone.')
              else k): v for k, v in rgb.state_dict().items()}
    missing, unexpected = two_in_one.load_state_dict(state, strict=False)
    assert not unexpected
    assert all(k.startswith(('backbone.condition', 'backbone.modulations'))
               for k in missing)
    frames = _inputs(5)
    with torch.no_grad():
        for a, b in zip(rgb._forward(frames[:, :3]),
                        two_in_one._forward(frames)):
            for x, y in zip(a, b):
                assert torch.equal(x, y)


def test_one_frame_samples_only(models):
    with pytest.raises(ValueError, match=r'\(B, C, 1, H, W\)'):
        models['rgb'].loss(torch.zeros(2, 3, 2, SIZE, SIZE), _samples())
