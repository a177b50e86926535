"""3D DeepLab (App. C.2, Fig. C.1): per-frame logits of the clip's size,
the weighted cross-entropy against the masks, DAVISMetric's pred_masks, the
ASPP branches, and that frames see their neighbours (3D, not per frame)."""
import pytest
import torch
import torch.nn.functional as F
from mmaction.registry import MODELS
from mmaction.structures import ActionDataSample
from mmengine.registry import DefaultScope

from mmcontinuity.models.aligned3d import ASPP3d

ENCODER = dict(type='AlignedResNet3d', depth=18, pretrained=None,
               pretrained2d=False, base_channels=4, conv1_kernel=(3, 7, 7),
               pool1_stride_t=2, temporal_strides=(1, 2, 2, 2),
               with_pool2=False, zero_init_residual=False,
               out_indices=(0, 1, 2, 3))


@pytest.fixture(autouse=True)
def mmaction_scope():
    with DefaultScope.overwrite_default_scope('mmaction'):
        yield


def _model(**kwargs):
    torch.manual_seed(0)
    return MODELS.build(
        dict(type='DeepLab3D', backbone=ENCODER, channels=8,
             loss=dict(type='CrossEntropyLoss', class_weight=[1.0, 10.0]),
             **kwargs))


def test_forward_loss_and_predict():
    model = _model()
    model.eval()
    clips = torch.randn(2, 3, 8, 48, 80)
    logits = model(clips)
    assert logits.shape == (2, 2, 8, 48, 80)
    masks = torch.randint(0, 2, (2, 8, 48, 80))
    samples = [ActionDataSample() for _ in range(2)]
    for sample, mask in zip(samples, masks):
        sample.gt_masks = mask
    loss = model(clips, samples, mode='loss')['loss_seg']
    expected = F.cross_entropy(logits, masks,
                               weight=torch.tensor([1.0, 10.0]))
    torch.testing.assert_close(loss, expected)
    with torch.no_grad():
        predicted = model(clips, samples, mode='predict')
    torch.testing.assert_close(
        torch.stack([s.pred_masks for s in predicted]),
        logits.softmax(1)[:, 1].detach())
    samples[0].gt_masks = masks[0, :4]
    with pytest.raises(ValueError, match='gt_masks'):
        model(clips, samples, mode='loss')


def test_frames_see_their_neighbours():
    """The logits of frame 0 change when only frame 7 changes."""
    model = _model()
    model.eval()
    clips = torch.randn(1, 3, 8, 32, 32)
    moved = clips.clone()
    moved[:, :, 7] += 1.0
    with torch.no_grad():
        assert not torch.allclose(model(clips)[:, :, 0],
                                  model(moved)[:, :, 0])


def test_aspp_branches():
    aspp = ASPP3d(16, 8, dilations=(1, 6, 12, 18))
    assert [b.conv.dilation for b in aspp.branches] == [
        (1, 1, 1), (1, 6, 6), (1, 12, 12), (1, 18, 18)]
    assert aspp.bottleneck.conv.in_channels == 5 * 8  # + global pooling
    assert aspp(torch.randn(2, 16, 2, 5, 7)).shape == (2, 8, 2, 5, 7)


def test_encoder_must_return_every_stage():
    with pytest.raises(ValueError, match='out_indices'):
        MODELS.build(dict(type='DeepLab3D',
                          backbone=dict(ENCODER, out_indices=(3, ))))
