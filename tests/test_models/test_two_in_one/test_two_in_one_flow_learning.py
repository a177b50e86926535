"""Regression tests for the cause of "the modulation does not carry the
flow's information" (configs/two_in_one/README.md): a flow that is near zero
on most pixels must reach the zero-initialised last layers of the
modulation with unit-scale, motion-dependent hidden features, and a
two-in-one backbone whose RGB input is one constant image must learn the
label from the flow alone."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.registry import MODELS

import mmcontinuity  # noqa: F401

TINY_RESNET = dict(type='mmdet.ResNet', depth=18, base_channels=8,
                   num_stages=2, strides=(1, 2), dilations=(1, 1),
                   out_indices=(1, ), norm_eval=False)


def _two_in_one():
    backbone = MODELS.build(dict(
        type='MotionModulatedBackbone', backbone=TINY_RESNET,
        condition=dict(type='MotionCondition', channels=8),
        modulation=dict(type='MotionModulation', channels=8),
        modulation_points=('layer1', )))
    backbone.init_weights()
    return backbone


def _blob_batch(gen, size=32, num=16, blob=8, speed=0.5):
    """One fixed random RGB image for every sample; flow 0.06 (the
    benchmark's normalised zero) except a ``blob`` x ``blob`` patch moving
    left (label 0) or right (label 1) by ``speed`` (the benchmark's actors:
    RMS 0.49 after normalisation)."""
    rgb = torch.randn(1, 3, size, size, generator=gen).expand(num, -1, -1, -1)
    flow = torch.full((num, 2, size, size), 0.06)
    labels = torch.arange(num) % 2
    masks = torch.zeros(num, 1, size, size, dtype=torch.bool)
    for b in range(num):
        y, x = torch.randint(0, size - blob, (2, ), generator=gen).tolist()
        flow[b, 0, y:y + blob, x:x + blob] = speed if labels[b] else -speed
        masks[b, :, y:y + blob, x:x + blob] = True
    return torch.cat([rgb, flow], 1), labels, masks


def test_hidden_features_of_the_modulation_see_the_motion():
    """At initialisation the features that feed the last (zero) layers of
    both branches have unit scale and differ between moving and static
    pixels (without normalisation: RMS ~0.1, moving ~ static)."""
    torch.manual_seed(0)
    backbone = _two_in_one().train()
    inputs, _, masks = _blob_batch(torch.Generator().manual_seed(0))
    mod = backbone.modulations[0]
    hidden = {}
    for name in ('scale_branch', 'shift_branch'):
        getattr(mod, name)[0].register_forward_hook(
            lambda m, a, out, name=name: hidden.__setitem__(name, out))
    backbone(inputs)
    moving = F.max_pool2d(masks.float(), backbone.strides[0]).bool()
    for h in hidden.values():
        moving_h = h.permute(1, 0, 2, 3)[:, moving[:, 0]]
        static_h = h.permute(1, 0, 2, 3)[:, ~moving[:, 0]]
        assert h.pow(2).mean().sqrt() > 0.3
        contrast = (moving_h.mean(1) - static_h.mean(1)).abs().max()
        assert contrast > 1.0


def test_constant_rgb_learns_the_label_from_the_flow():
    """Every sample has the same RGB image: the modulation is the only path
    of the label. 40 SGD steps on one batch fit it (without normalisation
    in the condition and modulation, the loss stayed at log 2)."""
    torch.manual_seed(0)
    backbone = _two_in_one()
    classifier = nn.Linear(16, 2)
    inputs, labels, _ = _blob_batch(torch.Generator().manual_seed(0))
    params = [*backbone.parameters(), *classifier.parameters()]
    optimizer = torch.optim.SGD(params, lr=0.05, momentum=0.9)
    for _ in range(40):
        logits = classifier(backbone(inputs)[0].mean((2, 3)))
        loss = F.cross_entropy(logits, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    last = backbone.modulations[0].shift_branch[-1].weight
    assert last.abs().max() > 0  # zero at initialisation, learnt
    assert loss.item() < 0.2
    assert torch.equal(logits.argmax(1), labels)
