"""Dual learning (Eq. 5.9, Table 5.6): the offset branch classifies the
offsets the aligned convolution produced in the same forward, the loss is
CE(P1) + CE(P2), and the test prediction is P1, P2 or their mean."""
import pytest
import torch
import torch.nn.functional as F
from mmaction.registry import MODELS
from mmaction.structures import ActionDataSample
from mmengine.registry import DefaultScope

import mmcontinuity  # noqa: F401

NUM_CLASSES = 5
OFFSETS = 'backbone.layer1.0.conv2.conv.offsets'


@pytest.fixture(autouse=True)
def mmaction_scope():
    with DefaultScope.overwrite_default_scope('mmaction'):
        yield


def _recognizer(test_prediction='P1+P2'):
    torch.manual_seed(0)
    model = MODELS.build(
        dict(
            type='DualRecognizer3D',
            backbone=dict(
                type='AlignedResNet3d', depth=18, pretrained=None,
                pretrained2d=False, base_channels=4, conv1_kernel=(3, 7, 7),
                pool1_stride_t=2, temporal_strides=(1, 2, 2, 2),
                with_pool2=False, zero_init_residual=False),
            cls_head=dict(type='I3DHead', num_classes=NUM_CLASSES,
                          in_channels=32, dropout_ratio=0.0,
                          average_clips='prob'),
            offset_head=dict(type='OffsetHead', num_classes=NUM_CLASSES,
                             channels=8, dropout_ratio=0.0,
                             average_clips='prob'),
            offset_module=OFFSETS,
            test_prediction=test_prediction,
            data_preprocessor=dict(type='ActionDataPreprocessor',
                                   format_shape='NCTHW')))
    # non-zero offsets, so that P2 depends on the clip
    model.get_submodule(OFFSETS).conv.bias.data.normal_()
    model.get_submodule(OFFSETS).conv.weight.data.normal_(std=0.01)
    return model


def _samples(labels):
    return [ActionDataSample().set_gt_label(label) for label in labels]


def _offsets(model, clips):
    """The offsets of the hooked layer, read independently of the model."""
    outputs = []
    handle = model.get_submodule(OFFSETS).register_forward_hook(
        lambda module, args, output: outputs.append(output))
    model.backbone(clips)
    handle.remove()
    return outputs[0]


def test_loss_is_the_sum_of_both_cross_entropies():
    model = _recognizer()
    model.eval()  # no dropout / BN statistics updates: two equal forwards
    clips = torch.randn(2, 1, 3, 8, 32, 32)
    labels = [1, 3]
    losses = model.loss(clips, _samples(labels))
    target = torch.tensor(labels)
    with torch.no_grad():
        flat = clips.flatten(0, 1)
        p1 = model.cls_head(model.backbone(flat))
        p2 = model.offset_head(_offsets(model, flat))
    torch.testing.assert_close(losses['loss_cls'], F.cross_entropy(p1,
                                                                   target))
    torch.testing.assert_close(losses['loss_offset_cls'],
                               F.cross_entropy(p2, target))
    # L2 trains the offset generator through the offset branch
    losses['loss_offset_cls'].backward()
    grad = model.get_submodule(OFFSETS).conv.weight.grad
    assert grad is not None and grad.abs().sum() > 0
    assert model.cls_head.fc_cls.weight.grad is None


@pytest.mark.parametrize('mode', ['P1', 'P2', 'P1+P2'])
def test_test_predictions(mode):
    """Clip-averaged softmax scores of the chosen branch(es); 3 clips per
    video as in the multi-clip test."""
    model = _recognizer(mode)
    model.eval()
    clips = torch.randn(2, 3, 3, 8, 32, 32)
    with torch.no_grad():
        samples = model.predict(clips, _samples([0, 1]))
        flat = clips.flatten(0, 1)
        p1 = model.cls_head(model.backbone(flat)).softmax(-1)
        p2 = model.offset_head(_offsets(model, flat)).softmax(-1)
    p1, p2 = p1.view(2, 3, -1).mean(1), p2.view(2, 3, -1).mean(1)
    expected = {'P1': p1, 'P2': p2, 'P1+P2': (p1 + p2) / 2}[mode]
    scores = torch.stack([s.pred_score for s in samples])
    torch.testing.assert_close(scores, expected)
    assert not torch.allclose(p1, p2)
    assert [int(s.pred_label) for s in samples] == \
        expected.argmax(-1).tolist()


def test_offset_head_shapes_and_errors():
    head = MODELS.build(dict(type='OffsetHead', num_classes=NUM_CLASSES))
    assert head(torch.randn(3, 2, 2, 4, 8, 8)).shape == (3, NUM_CLASSES)
    with pytest.raises(ValueError, match='2, 2, T, H, W'):
        head(torch.randn(3, 4, 4, 8, 8))
    with pytest.raises(ValueError, match='test_prediction'):
        _recognizer('P3')
    # a vanilla backbone has no offset generator to read
    with pytest.raises(AttributeError):
        MODELS.build(
            dict(
                type='DualRecognizer3D',
                backbone=dict(type='ResNet3d', depth=18, pretrained=None,
                              base_channels=4),
                cls_head=dict(type='I3DHead', num_classes=2,
                              in_channels=32),
                offset_head=dict(type='OffsetHead', num_classes=2),
                offset_module=OFFSETS))
