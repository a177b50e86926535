"""SegNet's sampling pairs (max-unpooling by hand, its blur, LiftUpPool
inverting LiftDownPool), SegNet's forward and loss per up-sampling, and the
LiftPool regularisers in the classifier's / segmentor's loss dict."""
import pytest
import torch
from mmengine.config import ConfigDict
from mmengine.registry import MODELS, DefaultScope
from mmengine.structures import PixelData
from mmpretrain.registry import MODELS as PRETRAIN_MODELS
from mmpretrain.structures import DataSample
from mmseg.registry import MODELS as SEG_MODELS
from mmseg.structures import SegDataSample

import mmcontinuity  # noqa: F401
from mmcontinuity.models.liftpool import lifting_losses

SAMPLINGS = ('MaxUnpoolSampling', 'BlurMaxUnpoolSampling', 'LiftSampling')


def test_max_unpooling_by_hand():
    x = torch.tensor([[1., 5, 2, 0], [3, 4, 7, 1], [0, 2, 1, 1],
                      [9, 1, 3, 8]])[None, None]
    pair = MODELS.build(dict(type='MaxUnpoolSampling'))
    y, record = pair.down(x)
    torch.testing.assert_close(y, torch.tensor([[[[5., 7], [9, 8]]]]))
    expected = torch.tensor([[0., 5, 0, 0], [0, 0, 7, 0], [0, 0, 0, 0],
                             [9, 0, 0, 8]])[None, None]
    torch.testing.assert_close(pair.up(y, record), expected)
    # + a [1, 2, 1] x [1, 2, 1] / 16 blur, edges replicated: at (0, 1) the
    # 5 weighs 2 x (2 + 1) (row 0 and its copy above), the 7 weighs 1 x 1
    blurred = MODELS.build(dict(type='BlurMaxUnpoolSampling')).up(y, record)
    assert blurred[0, 0, 0, 1] == pytest.approx((6 * 5 + 7) / 16)
    assert blurred[0, 0, 3, 3] == pytest.approx(8 * 9 / 16)


@pytest.mark.parametrize('size', [(8, 8), (7, 9)])
def test_lift_sampling_inverts_with_the_recorded_details(size):
    torch.manual_seed(0)
    pair = MODELS.build(dict(type='LiftSampling', in_channels=4))
    x = torch.randn(2, 4, *size)
    ll, bands = pair.down(x)
    assert ll.shape == (2, 4, (size[0] + 1) // 2, (size[1] + 1) // 2)
    torch.testing.assert_close(pair.up(ll, bands), x, atol=1e-5, rtol=1e-5)
    # the details recorded by the encoder shape the up-sampled map
    zero_details = bands._replace(
        lh=torch.zeros_like(ll), hl=torch.zeros_like(ll),
        hh=torch.zeros_like(ll))
    assert not torch.allclose(pair.up(ll, zero_details), x, atol=1e-3)


def _segmentor(sampling):
    with DefaultScope.overwrite_default_scope('mmseg'):
        return _build_segmentor(sampling)


def _build_segmentor(sampling):
    return SEG_MODELS.build(
        dict(type='LiftPoolEncoderDecoder',
             data_preprocessor=dict(type='SegDataPreProcessor'),
             backbone=dict(type='SegNet', base_channels=4,
                           sampling_cfg=dict(type=sampling)),
             decode_head=dict(type='FCNHead', in_channels=4, channels=4,
                              num_convs=0, concat_input=False,
                              num_classes=3),
             test_cfg=ConfigDict(mode='whole')))


@pytest.mark.parametrize('sampling', SAMPLINGS)
def test_segnet_forward_and_loss(sampling):
    torch.manual_seed(0)
    model = _segmentor(sampling)
    x = torch.randn(2, 3, 64, 96)
    assert [tuple(o.shape) for o in model.backbone(x)] == [(2, 4, 64, 96)]
    samples = [
        SegDataSample(gt_sem_seg=PixelData(
            data=torch.randint(0, 3, (1, 64, 96)))) for _ in range(2)
    ]
    for s in samples:
        s.set_metainfo(dict(img_shape=(64, 96), pad_shape=(64, 96),
                            ori_shape=(64, 96)))
    losses = model.loss(x, samples)
    lifted = sampling == 'LiftSampling'
    assert 'decode.loss_ce' in losses
    assert ({'loss_lift_u', 'loss_lift_p'} <= set(losses)) == lifted
    assert ('loss_lift_u' in losses) == lifted
    total = sum(v for k, v in losses.items() if 'loss' in k)
    total.backward()
    assert all(p.grad is not None for p in model.backbone.parameters())
    model.eval()
    preds = model.predict(x, samples)
    assert preds[0].pred_sem_seg.data.shape == (1, 64, 96)


def _classifier(pool_cfg, **kwargs):
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        return _build_classifier(pool_cfg, **kwargs)


def _build_classifier(pool_cfg, **kwargs):
    return PRETRAIN_MODELS.build(
        dict(type='LiftPoolImageClassifier',
             backbone=dict(type='LiftPoolVGG', base_channels=4,
                           pool_cfg=pool_cfg),
             neck=dict(type='GlobalAveragePooling'),
             head=dict(type='LinearClsHead', num_classes=10, in_channels=32),
             **kwargs))


def test_classifier_adds_the_lifting_losses():
    torch.manual_seed(0)
    x = torch.randn(4, 3, 32, 32)
    samples = [DataSample().set_gt_label(i) for i in range(4)]
    model = _classifier(dict(type='LiftDownPool2d'), lambda_u=0.5,
                        lambda_p=2.)
    losses = model.loss(x, samples)
    assert set(losses) == {'loss', 'loss_lift_u', 'loss_lift_p'}
    # the weighted sums over the five layers of their recorded costs
    layers = list(model.backbone.pools)
    torch.testing.assert_close(
        losses['loss_lift_u'], 0.5 * sum(m.costs[0] for m in layers))
    torch.testing.assert_close(
        losses['loss_lift_p'], 2. * sum(m.costs[1] for m in layers))
    torch.testing.assert_close(
        losses['loss_lift_p'],
        lifting_losses(model, lambda_p=2.)['loss_lift_p'])


@pytest.mark.parametrize('pool_cfg,weights', [
    (dict(type='LiftDownPool2d'), dict(lambda_u=0., lambda_p=0.)),
    (dict(type='MaxPool2d', kernel_size=2, stride=2), dict()),
])
def test_classifier_without_lifting_losses(pool_cfg, weights):
    model = _classifier(pool_cfg, **weights)
    losses = model.loss(torch.randn(2, 3, 32, 32),
                        [DataSample().set_gt_label(i) for i in range(2)])
    assert set(losses) == {'loss'}


@pytest.mark.parametrize('sampling,pool_cfg', [
    ('MaxUnpoolSampling', dict(type='MaxPool2d', kernel_size=2, stride=2)),
    ('LiftSampling', dict(type='LiftDownPool2d', sub_bands=('LL', )))])
def test_segnet_encoder_loads_the_classifier(sampling, pool_cfg, tmp_path):
    """SegNet's encoder starts from a LiftPoolVGG classifier checkpoint
    (``Pretrained`` with ``prefix='backbone.'``): every encoder weight and
    BN statistic is the classifier's, and so is the encoder's output."""
    torch.manual_seed(0)
    classifier = _classifier(pool_cfg).eval()
    for p in classifier.parameters():
        p.data.normal_()
    path = str(tmp_path / 'classifier.pth')
    torch.save(dict(state_dict=classifier.state_dict()), path)
    with DefaultScope.overwrite_default_scope('mmseg'):
        segnet = SEG_MODELS.build(
            dict(type='SegNet', base_channels=4,
                 sampling_cfg=dict(type=sampling),
                 init_cfg=dict(type='Pretrained', checkpoint=path,
                               prefix='backbone.'))).eval()
    segnet.init_weights()
    x = torch.randn(2, 3, 32, 32)
    with torch.no_grad():
        y = x
        for stage, pair in zip(segnet.encoder, segnet.samplings):
            y = pair.down(stage(y))[0]
        torch.testing.assert_close(y, classifier.backbone(x)[0])
    missing, unexpected = segnet.load_state_dict(
        classifier.backbone.state_dict(), strict=False)
    assert not unexpected
    assert missing and all(k.startswith('decoder.') for k in missing)


def test_class_prior_init_starts_at_the_frequencies():
    """Through mmseg's decode-head ``init_cfg``: the softmax of the
    initialised classifier on a zero feature is the class frequencies; the
    weights are N(0, std^2); a prior per output channel is required."""
    priors = [0.7, 0.2, 0.1]
    init_cfg = dict(type='Normal', std=0.01,
                    override=dict(name='conv_seg', type='ClassPrior',
                                  std=0.01, priors=priors))
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmseg'):
        head = SEG_MODELS.build(
            dict(type='FCNHead', in_channels=64, channels=64, num_convs=0,
                 concat_input=False, num_classes=3, init_cfg=init_cfg))
    head.init_weights()
    logits = head.conv_seg(torch.zeros(1, 64, 1, 1)).flatten()
    torch.testing.assert_close(logits.softmax(0), torch.tensor(priors))
    assert head.conv_seg.weight.std().item() == pytest.approx(0.01, rel=0.1)
    init_cfg['override']['priors'] = priors[:2]
    with DefaultScope.overwrite_default_scope('mmseg'):
        head = SEG_MODELS.build(
            dict(type='FCNHead', in_channels=64, channels=64, num_convs=0,
                 concat_input=False, num_classes=3, init_cfg=init_cfg))
    with pytest.raises(ValueError, match='2 class priors'):
        head.init_weights()
