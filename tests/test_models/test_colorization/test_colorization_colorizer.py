"""The three flows (Eq. 2.2-2.4): building from configs, conditions, loss
dicts, predictions for ColorizationMetric, one-batch overfitting."""
import copy

import pytest
import torch
from mmengine.registry import DefaultScope
from mmengine.structures import PixelData
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample

from mmcontinuity.models import colorization  # noqa: F401

MIXTURE = dict(type='DiscretizedMixLogisticLoss', num_mixtures=3)
PURPLE = dict(
    type='PixelatedColorizer',
    data_preprocessor=dict(type='ImgDataPreprocessor', mean=[50.],
                           std=[50.]),
    bottom=dict(type='ColorEmbeddingBottom', channels=(8, 8, 16),
                num_blocks=(1, 1, 1)),
    embedding=dict(type='ColorEmbedding', channels=16, num_blocks=(1, 1),
                   out_channels=12, loss=dict(MIXTURE, loss_name='loss_emb')),
    generator=dict(type='ConditionalGatedPixelCNN', channels=16,
                   num_layers=2, loss=dict(MIXTURE, loss_name='loss_gen')),
    test_cfg=dict(num_samples=3))
SEG_HEAD = dict(type='PixelatedSegHead', channels=16, num_blocks=(1, ),
                dilations=(2, ), num_classes=4,
                loss_decode=dict(type='CrossEntropyLoss', loss_weight=100.,
                                 loss_name='loss_seg'))
BLUE = dict(PURPLE, type='PixelatedSemanticEmbeddingColorizer',
            seg_head=SEG_HEAD)
GREEN = dict(BLUE, type='PixelatedSemanticGeneratorColorizer')


def build(cfg):
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmseg'):
        model = MODELS.build(copy.deepcopy(cfg))
    model.init_weights()
    return model


def batch(model, num=2, seed=0, training=True):
    """Gray 32x32 inputs of two halves (dark/bright) whose ab targets
    (8x8) and classes follow the halves."""
    gen = torch.Generator().manual_seed(seed)
    inputs, samples = [], []
    for _ in range(num):
        lightness = torch.full((1, 32, 32), 30.)
        lightness[:, :, 16:] = 70.
        inputs.append(lightness + torch.rand(1, 32, 32, generator=gen))
        sample = SegDataSample(metainfo=dict(img_path='img.png'))
        ab = torch.zeros(2, 8, 8)
        ab[0, :, :4], ab[1, :, 4:] = 40., -30.
        sample.gt_ab = PixelData(data=ab)
        labels = torch.ones(1, 8, 8, dtype=torch.long)
        labels[..., 4:] = 2
        sample.gt_sem_seg = PixelData(data=labels)
        samples.append(sample)
    return model.data_preprocessor(dict(inputs=inputs,
                                        data_samples=samples), training)


@pytest.mark.parametrize('cfg,cond_channels,keys', [
    (PURPLE, 12, {'loss_emb', 'loss_gen'}),
    (BLUE, 12, {'loss_emb', 'loss_gen', 'loss_seg', 'acc_seg'}),
    (GREEN, 16, {'loss_emb', 'loss_gen', 'loss_seg', 'acc_seg'}),
    (dict(GREEN, fusion=dict(type='SemanticFeatureTransform', channels=8)),
     12, {'loss_emb', 'loss_gen', 'loss_seg', 'acc_seg'}),
])
def test_flows_losses_and_predictions(cfg, cond_channels, keys):
    model = build(cfg)
    assert model.cond_channels == cond_channels
    assert model.generator.layers[0].cond.in_channels == cond_channels
    data = batch(model)
    losses = model(**data, mode='loss')
    assert set(losses) == keys
    assert all(torch.isfinite(v) for v in losses.values())
    feats = model(data['inputs'], mode='tensor')
    assert feats['embedding'].shape == (2, 12, 8, 8)
    assert model.condition(feats).shape == (2, cond_channels, 8, 8)
    model.eval()
    with torch.no_grad():
        out = model(**batch(model, training=False), mode='predict')
    assert out[0].pred_ab.data.shape == (2, 8, 8)
    assert out[0].pred_ab_samples.shape == (3, 2, 8, 8)
    torch.testing.assert_close(out[0].pred_ab.data, out[0].pred_ab_samples[0])
    if 'loss_seg' in keys:
        assert out[0].pred_sem_seg.data.shape == (1, 8, 8)
    else:
        assert 'pred_sem_seg' not in out[0]


def test_green_flow_condition_concatenates_segmentation():
    model = build(GREEN)
    feats = model(torch.randn(2, 1, 32, 32), mode='tensor')
    cond = model.condition(feats)
    torch.testing.assert_close(cond[:, :12], feats['embedding'])
    torch.testing.assert_close(cond[:, 12:], feats['seg_logits'].softmax(1))
    # the feature transform is the identity at initialisation
    model = build(dict(GREEN, fusion=dict(type='SemanticFeatureTransform')))
    feats = model(torch.randn(2, 1, 32, 32), mode='tensor')
    torch.testing.assert_close(model.condition(feats), feats['embedding'])


def test_sampling_options():
    model = build(PURPLE).eval()
    cond = torch.randn(2, 12, 4, 4)
    ab = model.sample(cond, num_samples=2, temperature=0.7,
                      generator=torch.Generator().manual_seed(0))
    assert ab.shape == (2, 2, 2, 4, 4)
    again = model.sample(cond.repeat_interleave(2, 0), num_samples=1,
                         temperature=0.7,
                         generator=torch.Generator().manual_seed(0))
    torch.testing.assert_close(again.view_as(ab), ab)


def test_errors_name_the_sample():
    model = build(BLUE)
    data = batch(model)
    del data['data_samples'][1].gt_sem_seg
    with pytest.raises(KeyError, match="img.png has no 'gt_sem_seg'"):
        model(**data, mode='loss')
    data = batch(model)
    for s in data['data_samples']:
        s.gt_ab = PixelData(data=torch.zeros(2, 4, 4))
    with pytest.raises(ValueError, match='target_size'):
        model(**data, mode='loss')


def test_tiny_model_overfits_one_batch():
    model = build(GREEN)
    data = batch(model, num=4)
    optim = torch.optim.Adam(model.parameters(), lr=3e-3,
                             betas=(0.95, 0.9995))
    history = []
    for _ in range(30):
        losses = model(**data, mode='loss')
        total = sum(v for k, v in losses.items() if k.startswith('loss'))
        optim.zero_grad()
        total.backward()
        optim.step()
        history.append({k: v.item() for k, v in losses.items()})
    first, last = history[0], history[-1]
    for key in ('loss_emb', 'loss_gen', 'loss_seg'):
        assert last[key] < 0.6 * first[key], (key, first[key], last[key])
    assert last['acc_seg'] == 100
