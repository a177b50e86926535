"""Motion condition / modulation layers and the modulated backbone wrapper:
identity at initialisation, Eq. 4.6 on hand-set parameters, strides that
match the modulated feature, insertion by name into mmdet's SSDVGG and into
mmaction2 / mmdet ResNets against a hand-run reference, shared condition,
clear errors."""
import copy

import pytest
import torch
from mmengine.registry import MODELS

import mmcontinuity  # noqa: F401
from mmcontinuity.models.two_in_one import (MotionCondition, MotionModulation,
                                            vgg_stage_names)

SSD_VGG = dict(type='mmdet.SSDVGG', depth=16, with_last_pool=False,
               ceil_mode=True, out_indices=(3, 4),
               out_feature_indices=(22, 34))


def _randomise(module, seed=0):
    """Non-zero parameters everywhere (the last layers start at zero);
    normalisation scales near 1."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in module.named_parameters():
            scale = name.endswith('weight') and p.dim() == 1
            p.copy_(scale + 0.1 * torch.randn(p.shape, generator=gen))
    return module


def _wrapper(backbone, points, last_kernel_size=3):
    return MODELS.build(dict(
        type='MotionModulatedBackbone', backbone=backbone,
        condition=dict(type='MotionCondition', channels=8,
                       last_kernel_size=last_kernel_size),
        modulation=dict(type='MotionModulation', channels=8),
        modulation_points=points))


@pytest.fixture(scope='module')
def vgg_wrapper():
    torch.manual_seed(0)
    return _wrapper(SSD_VGG, ('conv1', 'conv2', 'conv3', 'conv4')).eval()


@pytest.mark.parametrize('kernel,reach', [(1, 0), (3, 1)])
def test_condition_keeps_pixel_wise_motion(kernel, reach):
    """1x1 condition: a flow change at one pixel changes Psi at that pixel
    only; 3x3 last layer: in its 3x3 neighbourhood (at inference: in
    training, BatchNorm's batch statistics see every pixel)."""
    cond = _randomise(MotionCondition(channels=4, last_kernel_size=kernel))
    cond.eval()
    flow = torch.randn(1, 2, 9, 9)
    moved = flow.clone()
    moved[0, :, 4, 4] += 1
    changed = (cond(moved) - cond(flow)).abs().sum(1)[0] > 0
    expected = torch.zeros(9, 9, dtype=torch.bool)
    expected[4 - reach:5 + reach, 4 - reach:5 + reach] = True
    assert torch.equal(changed, expected)
    assert cond(flow).shape == (1, 4, 9, 9)


def test_condition_rejects_bad_input():
    with pytest.raises(ValueError, match=r'\(B, 2, H, W\)'):
        MotionCondition()(torch.zeros(1, 3, 8, 8))
    with pytest.raises(ValueError, match='odd'):
        MotionCondition(last_kernel_size=2)


def test_modulation_identity_at_initialisation():
    """beta = 1, gamma = 0 after construction and after init_weights (even
    with an init_cfg that would overwrite every convolution)."""
    mod = MotionModulation(4, 6, init_cfg=dict(type='Kaiming',
                                               layer='Conv2d'))
    mod.init_weights()
    feat, cond = torch.randn(2, 6, 5, 7), torch.randn(2, 4, 5, 7)
    beta, gamma = mod.affine_params(cond)
    assert torch.equal(beta, torch.ones_like(feat))
    assert torch.equal(gamma, torch.zeros_like(feat))
    assert torch.equal(mod(feat, cond), feat)


def test_modulation_eq_4_6_by_hand():
    """Last convolutions with zero weights and biases b_s, b_t: beta =
    1 + b_s, gamma = b_t per channel, M2(F) = beta * F + gamma."""
    mod = _randomise(MotionModulation(4, 3))
    with torch.no_grad():
        for branch, bias in ((mod.scale_branch, [0.5, -1.0, 2.0]),
                             (mod.shift_branch, [1.0, 0.0, -3.0])):
            branch[-1].weight.zero_()
            branch[-1].bias.copy_(torch.tensor(bias))
    feat = torch.arange(3 * 4, dtype=torch.float32).reshape(1, 3, 2, 2)
    out = mod(feat, torch.randn(1, 4, 2, 2))
    expected = torch.stack([1.5 * feat[0, 0] + 1, 0 * feat[0, 1],
                            3 * feat[0, 2] - 3])[None]
    assert torch.allclose(out, expected)


@pytest.mark.parametrize('training', [True, False])
def test_modulation_in_place_is_the_out_of_place_expression(training):
    """The in-place ``1 +`` and ``+ gamma`` of MotionModulation give the
    bits of ``(1 + delta_beta) * F + gamma`` computed out of place, and
    the same gradients for the feature, the condition and every
    parameter."""
    mod = _randomise(MotionModulation(4, 3)).train(training)
    ref_mod = copy.deepcopy(mod)
    feat = torch.randn(2, 3, 5, 7, requires_grad=True)
    cond = torch.randn(2, 4, 5, 7, requires_grad=True)
    ref_feat, ref_cond = (t.detach().clone().requires_grad_()
                          for t in (feat, cond))
    out = mod(feat, cond)
    ref = ((1 + ref_mod.scale_branch(ref_cond)) * ref_feat
           + ref_mod.shift_branch(ref_cond))
    assert torch.equal(out, ref)
    grad = torch.randn(out.shape)
    out.backward(grad)
    ref.backward(grad)
    assert torch.equal(feat.grad, ref_feat.grad)
    assert torch.equal(cond.grad, ref_cond.grad)
    for (name, p), ref_p in zip(mod.named_parameters(),
                                ref_mod.parameters()):
        assert torch.equal(p.grad, ref_p.grad), name


@pytest.mark.parametrize('kernel', [1, 3])
@pytest.mark.parametrize('stride', [2, 4])
def test_condition_stride_is_pixel_subsampling(kernel, stride):
    """Psi at stride s is the full-resolution Psi at every s-th pixel,
    (ceil(H / s), ceil(W / s)) values, in training (the 1x1 layers' batch
    statistics see every pixel either way) and at inference."""
    cond = _randomise(MotionCondition(channels=4, last_kernel_size=kernel))
    flow = torch.randn(2, 2, 11, 9)
    for training in (True, False):
        cond.train(training)
        dense, strided = cond(flow), cond(flow, stride)
        assert strided.shape[-2:] == (-(-11 // stride), -(-9 // stride))
        assert torch.allclose(strided, dense[..., ::stride, ::stride],
                              atol=1e-6)
    both = cond.forward_strides(flow, (stride, 1, stride))
    assert set(both) == {1, stride}
    assert torch.equal(both[stride], cond(flow, stride))


def test_modulation_needs_the_feature_resolution():
    with pytest.raises(ValueError, match='resolution'):
        MotionModulation(4, 3)(torch.zeros(2, 3, 6, 5),
                               torch.randn(2, 4, 11, 9))


def test_vgg_stage_names_and_strides(vgg_wrapper):
    assert vgg_stage_names(vgg_wrapper.backbone) == dict(
        conv1='features.3', conv2='features.8', conv3='features.15',
        conv4='features.22', conv5='features.29')
    assert vgg_wrapper.strides == (1, 2, 4, 8)
    assert [m.shift_branch[-1].out_channels
            for m in vgg_wrapper.modulations] == [64, 128, 256, 512]


def test_vgg_identity_at_initialisation(vgg_wrapper):
    """beta = 1, gamma = 0: the two-in-one stream computes its RGB stream,
    whatever the flow."""
    x = torch.randn(1, 5, 48, 48)
    with torch.no_grad():
        out = vgg_wrapper(x)
        ref = _run_vgg(vgg_wrapper.backbone, x[:, :3], {})
    assert len(out) == 2
    for o, r in zip(out, ref):
        assert torch.equal(o, r)


def _run_vgg(vgg, rgb, modulate):
    """SSDVGG's forward by hand, ``modulate`` {index: fn} applied after
    the listed ``features`` indices (no hooks involved)."""
    outs, x = [], rgb
    for i, layer in enumerate(vgg.features):
        x = layer.forward(x)  # bypasses the wrapper's hooks
        if i in modulate:
            x = modulate[i](x)
        if i in vgg.out_feature_indices:
            outs.append(x)
    return outs


def test_vgg_insertion_by_name_matches_hand_run():
    torch.manual_seed(1)
    model = _wrapper(SSD_VGG, ('conv2', 'conv4')).eval()
    _randomise(model.condition, 1)
    _randomise(model.modulations, 2)
    x = torch.randn(2, 5, 40, 40)
    with torch.no_grad():
        out = model(x)
        assert model.strides == (2, 8)
        ref = _run_vgg(model.backbone, x[:, :3], {
            8: lambda f: model.modulations[0](f, model.condition(x[:, 3:],
                                                                 2)),
            22: lambda f: model.modulations[1](f, model.condition(x[:, 3:],
                                                                  8))})
        plain = _run_vgg(model.backbone, x[:, :3], {})
    for o, r, p in zip(out, ref, plain):
        assert torch.allclose(o, r, atol=1e-5)
        assert not torch.allclose(o, p, atol=1e-3)  # the flow acts


def _stem(net, rgb):
    """ResNet stem by hand: mmaction2's conv1 is a ConvModule (conv, BN,
    ReLU), mmdet's has separate norm1 / relu."""
    if hasattr(net, 'norm1'):
        return net.maxpool(net.relu(net.norm1(net.conv1(rgb))))
    return net.maxpool(net.conv1(rgb))


@pytest.mark.parametrize('resnet', ['mmaction.ResNet', 'mmdet.ResNet'])
def test_resnet_stages_by_name(resnet):
    """ResNet stages: strides 4, 8; identity at initialisation; after
    randomising, equal to the stages run by hand with M2 in between."""
    torch.manual_seed(0)
    cfg = dict(type=resnet, depth=18)
    if resnet == 'mmdet.ResNet':
        cfg.update(out_indices=(3, ))
    model = _wrapper(cfg, ('layer1', 'layer2')).eval()
    assert model.strides == (4, 8)
    net = model.backbone
    x = torch.randn(2, 5, 37, 45)
    with torch.no_grad():
        # .forward: the stages without the wrapper's hooks
        plain = net.layer4(net.layer3(net.layer2.forward(net.layer1.forward(
            _stem(net, x[:, :3])))))
        assert torch.equal(_tensor(model(x)), plain)
        _randomise(model.modulations, 3)
        _randomise(model.condition, 4)
        flow = x[:, 3:]
        f = model.modulations[0](
            net.layer1.forward(_stem(net, x[:, :3])),
            model.condition(flow, 4))
        f = model.modulations[1](net.layer2.forward(f),
                                 model.condition(flow, 8))
        ref = net.layer4(net.layer3(f))
        assert torch.allclose(_tensor(model(x)), ref, atol=1e-5)
        assert not torch.allclose(ref, plain, atol=1e-3)


def _tensor(out):
    return out[-1] if isinstance(out, (tuple, list)) else out


def test_one_shared_condition_for_several_points(vgg_wrapper):
    """Fig. 4.4b: both points read the same condition; its gradient comes
    from all of them."""
    model = copy.deepcopy(vgg_wrapper).train()
    _randomise(model.modulations, 5)
    assert sum(isinstance(m, MotionCondition) for m in model.modules()) == 1
    grads = []
    for i in range(len(model.modulations)):
        for j, m in enumerate(model.modulations):
            m.requires_grad_(i == j)
        model.zero_grad()
        sum(o.sum() for o in model(torch.randn(1, 5, 24, 24))).backward()
        grads.append(model.condition.layers[0].conv.weight.grad.clone())
    assert all(g.abs().sum() > 0 for g in grads)


def test_deepcopy_modulates_with_its_own_layers(vgg_wrapper):
    """Hooks of a copy (EMA, TTA) call the copy's modulations."""
    twin = copy.deepcopy(vgg_wrapper)
    _randomise(twin.modulations, 6)
    x = torch.randn(1, 5, 32, 32)
    with torch.no_grad():
        assert not torch.allclose(twin(x)[0], vgg_wrapper(x)[0])
        assert torch.equal(vgg_wrapper(x)[0],
                           _run_vgg(vgg_wrapper.backbone, x[:, :3], {})[0])


def test_state_dict_keeps_backbone_names(vgg_wrapper):
    keys = set(vgg_wrapper.state_dict())
    backbone = {f'backbone.{k}' for k in vgg_wrapper.backbone.state_dict()}
    assert backbone <= keys
    assert all(k.startswith(('condition.', 'modulations.'))
               for k in keys - backbone)


def test_errors(vgg_wrapper):
    with pytest.raises(ValueError, match="no layer 'conv9'.*conv1, conv2"):
        _wrapper(SSD_VGG, ('conv9', ))
    with pytest.raises(ValueError, match="no layer 'stage2'.*layer1"):
        _wrapper(dict(type='mmaction.ResNet', depth=18), ('stage2', ))
    with pytest.raises(ValueError, match='repeat'):
        _wrapper(dict(type='mmaction.ResNet', depth=18),
                 ('layer1', 'layer1'))
    with pytest.raises(ValueError, match='3 RGB \\+ 2 flow'):
        vgg_wrapper(torch.zeros(1, 3, 32, 32))
    with pytest.raises(RuntimeError, match='through'):
        vgg_wrapper.backbone(torch.zeros(1, 3, 32, 32))
