"""A backbone of any library modulated by motion after named layers (the
two-in-one stream, thesis Fig. 4.2 and Fig. 4.4)."""
from functools import partial

import torch
import torch.nn as nn
from mmcv.cnn import VGG
from mmengine.model import BaseModule
from mmengine.registry import MODELS
from torch import Tensor


def vgg_stage_names(vgg):
    """``'conv1'``... of an mmcv ``VGG`` (mmdet's ``SSDVGG``): the module
    path of the last ReLU of each stage, before its pooling (VGG-16 in
    SSD: ``conv1 -> 'features.3'`` ... ``conv4 -> 'features.22'``, the
    conv4_3 output that SSD's neck reads)."""
    names = {}
    for i, (start, end) in enumerate(vgg.range_sub_modules):
        relus = [j for j in range(start, end)
                 if isinstance(vgg.features[j], nn.ReLU)]
        names[f'conv{i + 1}'] = f'{vgg.module_name}.{relus[-1]}'
    return names


@MODELS.register_module()
class MotionModulatedBackbone(BaseModule):
    """Two-in-one stream: a backbone whose features are modulated by flow.

    One :class:`MotionCondition` maps the flow to ``Psi`` (Eq. 4.4), shared
    by a :class:`MotionModulation` after each layer of
    ``modulation_points`` (Fig. 4.4b), whose output it replaces by
    ``beta * F + gamma`` (Eq. 4.6) through a forward hook, so the backbone
    keeps its code and its parameter names (pretrained checkpoints load
    into ``backbone``).

    The flow travels with the image: the input has the RGB channels first
    and the flow channels after them (C = 5 for RGB + flow x, y: the clips
    of ``PackTubeletInputs`` and the frames of ``StackFlow``), split here.
    The backbone gets the RGB channels only; its output is returned as is,
    so the wrapper fits any 2-D backbone (mmdet's ``SSDVGG``, ResNets of
    mmdet / mmaction2 / mmpretrain) wherever it is built.

    Layer names are module paths of the backbone (``'layer2'`` of a
    ResNet, ``'features.8'``); an mmcv ``VGG`` (``SSDVGG``) also accepts
    its stage names ``'conv1'`` ... ``'conv5'`` (:func:`vgg_stage_names`).
    Each modulated layer must output one tensor. Its channels (for
    ``MotionModulation``) and stride (``strides``, at which the condition is
    computed for it) are measured once, at construction, by a forward of
    the backbone in eval mode on a zero image of ``probe_size`` pixels.

    Args:
        backbone (dict): Config of the modulated (appearance) backbone.
        condition (dict): Config of the motion condition layer;
            ``in_channels`` is the number of flow channels.
        modulation_points (Sequence[str]): Layers whose outputs are
            modulated. Defaults to ``('conv2', )`` (Fig. 4.5's choice).
        modulation (dict): Config of the modulation layers, completed with
            ``cond_channels`` and ``feat_channels`` per point.
        rgb_channels (int): Leading input channels given to the backbone.
            Defaults to 3.
        probe_size (int): Side of the probe image. Defaults to 64.
        init_cfg (dict, optional): Initialisation config.

    Shape:
        inputs (B, rgb_channels + flow channels, H, W) -> the backbone's
        output on inputs[:, :rgb_channels].
    """

    def __init__(self,
                 backbone,
                 condition=dict(type='MotionCondition'),
                 modulation_points=('conv2', ),
                 modulation=dict(type='MotionModulation'),
                 rgb_channels=3,
                 probe_size=64,
                 init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        if not modulation_points:
            raise ValueError('modulation_points is empty: use the backbone '
                             'itself for an RGB stream')
        if len(set(modulation_points)) != len(modulation_points):
            raise ValueError(f'modulation_points repeat a layer: '
                             f'{modulation_points}')
        self.backbone = MODELS.build(backbone)
        self.condition = MODELS.build(condition)
        self.rgb_channels = rgb_channels
        self.modulation_points = tuple(modulation_points)
        layers = [self._resolve(name) for name in self.modulation_points]
        shapes = self._probe(layers, rgb_channels, probe_size)
        self.strides = tuple(stride for _, stride in shapes)
        self.modulations = nn.ModuleList()
        for layer, (channels, _) in zip(layers, shapes):
            self.modulations.append(
                MODELS.build(
                    dict(modulation,
                         cond_channels=self.condition.channels,
                         feat_channels=channels)))
            layer.register_forward_hook(
                partial(self._modulate, len(self.modulations) - 1))
        self._psi = None

    def _resolve(self, name):
        """The backbone's module called ``name``; an unknown name raises
        listing the known ones."""
        aliases = vgg_stage_names(self.backbone) if isinstance(
            self.backbone, VGG) else {}
        try:
            return self.backbone.get_submodule(aliases.get(name, name))
        except AttributeError:
            known = list(aliases) + [n for n, _ in
                                     self.backbone.named_children()]
            raise ValueError(
                f'{type(self.backbone).__name__} has no layer {name!r} to '
                f'modulate; known names: {", ".join(known)} (or a module '
                'path such as "layer1.0" or "features.3")') from None

    @torch.no_grad()
    def _probe(self, layers, in_channels, size):
        """(channels, stride) of the output of each layer in ``layers``."""
        outputs = {}
        handles = [
            layer.register_forward_hook(
                lambda m, args, out, i=i: outputs.__setitem__(i, out))
            for i, layer in enumerate(layers)
        ]
        training = self.backbone.training
        self.backbone.eval()
        try:
            self.backbone(torch.zeros(1, in_channels, size, size))
        finally:
            self.backbone.train(training)
            for handle in handles:
                handle.remove()
        shapes = []
        for i, name in enumerate(self.modulation_points):
            out = outputs.get(i)
            if not isinstance(out, Tensor) or out.dim() != 4:
                raise TypeError(f'layer {name!r} must output one (B, C, H, '
                                f'W) tensor to be modulated, got {type(out)}')
            stride = size // out.size(-1)
            if stride * out.size(-1) != size or out.size(-2) != out.size(-1):
                raise ValueError(f'layer {name!r} maps a {size}x{size} probe '
                                 f'to {tuple(out.shape[-2:])}: no integer '
                                 'stride (set probe_size to a multiple of '
                                 'the backbone stride)')
            shapes.append((out.size(1), stride))
        return shapes

    def _modulate(self, index, module, args, output):
        """Forward hook of modulation point ``index``."""
        if self._psi is None:  # the backbone is run without the wrapper
            raise RuntimeError('the modulated backbone must be called through '
                               'MotionModulatedBackbone (no condition)')
        return self.modulations[index](output,
                                       self._psi[self.strides[index]])

    def forward(self, inputs: Tensor):
        flow_channels = inputs.size(1) - self.rgb_channels
        if flow_channels != self.condition.in_channels:
            raise ValueError(
                f'{type(self).__name__} expects {self.rgb_channels} RGB + '
                f'{self.condition.in_channels} flow channels, got an input '
                f'of shape {tuple(inputs.shape)}')
        self._psi = self.condition.forward_strides(
            inputs[:, self.rgb_channels:], self.strides)
        try:
            return self.backbone(inputs[:, :self.rgb_channels])
        finally:
            self._psi = None
