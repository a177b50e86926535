"""FrameSegmentor: clips through an mmseg segmentor, frame by frame."""
import pytest
import torch
from mmaction.registry import MODELS
from mmaction.structures import ActionDataSample
from mmengine.config import ConfigDict
from mmengine.registry import DefaultScope

import mmcontinuity  # noqa: F401

SEGMENTOR = ConfigDict(
    _scope_='mmseg',
    type='EncoderDecoder',
    backbone=dict(type='ResNetV1c', depth=18, stem_channels=8,
                  base_channels=8, out_indices=(3, )),
    decode_head=dict(type='FCNHead', in_channels=64, in_index=0, channels=8,
                     num_convs=1, num_classes=2),
    train_cfg=dict(),
    test_cfg=dict(mode='whole'))


@pytest.fixture
def model():
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmaction'):
        return MODELS.build(dict(type='FrameSegmentor', segmentor=SEGMENTOR))


def clips(batch=2, frames=3, h=32, w=48):
    inputs = torch.randn(batch, 3, frames, h, w)
    samples = []
    for _ in range(batch):
        s = ActionDataSample()
        s.gt_masks = (torch.rand(frames, h, w) > 0.5).to(torch.uint8)
        samples.append(s)
    return inputs, samples


def test_loss_and_predict(model):
    inputs, samples = clips()
    losses = model(inputs, samples, mode='loss')
    assert 'decode.loss_ce' in losses and losses['decode.loss_ce'] > 0
    model.eval()
    with torch.no_grad():
        out = model(inputs, samples, mode='predict')
    assert out[0].pred_masks.shape == (3, 32, 48)
    assert 0 <= out[1].pred_masks.min() <= out[1].pred_masks.max() <= 1


def test_frames_keep_clip_order(model):
    """Frame t of clip b is frame b * T + t of the image batch."""
    inputs = torch.arange(2 * 1 * 3 * 2 * 2.).reshape(2, 1, 3, 2, 2)
    frames, t = model._frames(inputs)
    assert t == 3 and frames.shape == (6, 1, 2, 2)
    torch.testing.assert_close(frames[4, 0], inputs[1, 0, 1])


def test_errors(model):
    inputs, samples = clips()
    with pytest.raises(ValueError, match=r'clips \(B, C, T, H, W\)'):
        model(inputs[:, :, 0], samples, mode='loss')
    samples[0].gt_masks = samples[0].gt_masks[:2]
    with pytest.raises(ValueError, match='gt_masks'):
        model(inputs, samples, mode='loss')
    with pytest.raises(RuntimeError, match='invalid mode'):
        model(inputs, samples, mode='x')
