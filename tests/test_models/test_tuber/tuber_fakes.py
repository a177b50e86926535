"""Tiny TubeR parts shared by the TubeR tests (imported as a module)."""
import copy

import numpy as np
import torch
import torch.nn as nn
from mmaction.registry import MODELS
from mmaction.structures import ActionDataSample
from mmengine.structures import InstanceData

import mmcontinuity  # noqa: F401  (compat layer before mmaction.models)


@MODELS.register_module(force=True)
class TinyBackbone3D(nn.Module):
    """Test-only backbone: one conv3d, spatial stride ``spatial_stride``,
    temporal stride ``temporal_stride``; (B, C, T, H, W) ->
    (B, out_channels, T / s_t, H / s, W / s)."""

    def __init__(self, out_channels=8, temporal_stride=1, in_channels=3,
                 spatial_stride=4):
        super().__init__()
        self.conv = nn.Conv3d(in_channels, out_channels, kernel_size=3,
                              stride=(temporal_stride, spatial_stride,
                                      spatial_stride), padding=1)

    def forward(self, x):
        return self.conv(x).relu()


TINY_CFG = dict(
    type='TubeR',
    backbone=dict(type='TinyBackbone3D', out_channels=8),
    in_channels=8,
    queries=dict(type='TubeletQueries', num_queries=5, num_frames=4),
    positional_encoding=dict(
        type='SinePositionalEncoding3D', num_feats=(4, 6, 6)),
    encoder=dict(
        type='TubeREncoder',
        num_layers=1,
        layer_cfg=dict(
            embed_dims=16, num_heads=2, feedforward_channels=32,
            dropout=0.)),
    decoder=dict(
        type='TubeRDecoder',
        num_layers=2,
        layer_cfg=dict(
            embed_dims=16, num_heads=2, feedforward_channels=32,
            dropout=0.)),
    bbox_head=dict(type='TubeletBoxHead', num_fcs=2),
    cls_head=dict(
        type='TubeletClsHead',
        num_classes=3,
        context='short',
        num_heads=2,
        feedforward_channels=32,
        dropout=0.),
    criterion=dict(type='TubeletCriterion'),
    data_preprocessor=dict(
        type='TubeletDataPreprocessor',
        mean=[0., 0., 0.],
        std=[255., 255., 255.],
        pad_size_divisor=8))


def tiny_cfg(num_frames=4, num_queries=5, **overrides):
    """The tiny model config (T_out = ``num_frames``, N = ``num_queries``),
    with top-level keys replaced."""
    cfg = copy.deepcopy(TINY_CFG)
    cfg['queries'].update(num_frames=num_frames, num_queries=num_queries)
    cfg.update(copy.deepcopy(overrides))
    return cfg


def single_query_cfg(num_frames=4, **overrides):
    """The tiny config with a single query per tubelet (Table 6.1a): one box
    query embedding regresses all ``num_frames`` boxes."""
    return tiny_cfg(
        num_frames=num_frames,
        bbox_head=dict(type='TubeletBoxHead', num_fcs=2,
                       frames_per_query=num_frames),
        **overrides)


def proposals_cfg(query_selection=None, cfg=None):
    """``cfg`` (default: the tiny config) as a TubeRWithProposals with the
    given TubeletQuerySelection arguments."""
    cfg = copy.deepcopy(cfg or TINY_CFG)
    cfg.update(type='TubeRWithProposals',
               query_selection=dict(type='TubeletQuerySelection',
                                    **(query_selection or {})))
    return cfg


def make_sample(t=4, h=32, w=40, num_gts=2, num_classes=3,
                multi_label=False, seed=0):
    """One packed clip and its ActionDataSample as PackTubeletInputs gives."""
    g = torch.Generator().manual_seed(seed)
    clip = torch.randint(0, 256, (3, t, h, w), generator=g).to(torch.uint8)
    xy = torch.rand(num_gts, t, 2, generator=g) * torch.tensor([w, h]) / 2
    wh = (torch.rand(num_gts, t, 2, generator=g) * 0.4 + 0.1) * \
        torch.tensor([w, h])
    gt = InstanceData()
    gt.bboxes = torch.cat([xy, xy + wh], -1)
    gt.valid = torch.ones(num_gts, t, dtype=torch.bool)
    gt.valid[0, 0] = False
    gt.action_on = gt.valid.clone()
    gt.action_on[-1, -1] = False
    if multi_label:
        gt.labels = (torch.rand(num_gts, num_classes, generator=g) > 0.5)
        gt.labels[:, 0] = True
        gt.labels = gt.labels.float()
    else:
        gt.labels = torch.arange(num_gts) % num_classes
    sample = ActionDataSample()
    sample.gt_instances = gt
    sample.set_metainfo(
        dict(
            video_id=f'v{seed}',
            frame_inds=np.arange(10, 10 + t),
            img_shape=(h, w),
            ori_shape=(2 * h, 2 * w),
            scale_factor=np.array([0.5, 0.5]),
            flip=False))
    return clip, sample


def make_batch(sizes=((32, 40), (24, 32)), **kwargs):
    """A dataloader batch (dict of lists) of clips of different sizes."""
    clips, samples = zip(*[
        make_sample(h=h, w=w, seed=i, **kwargs)
        for i, (h, w) in enumerate(sizes)
    ])
    return dict(inputs=list(clips), data_samples=list(samples))
