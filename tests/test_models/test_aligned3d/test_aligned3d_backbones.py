"""AlignedResNet3d: Table C.1's shapes, the vanilla backbone's checkpoint
keys, equality with the vanilla backbone while the offsets are zero, the
chosen blocks, and the trajectory baseline's flow input."""
import pytest
import torch
from mmaction.registry import MODELS
from mmengine.config import Config

from mmcontinuity.models.aligned3d import (AlignedConv3d, AlignedResNet3d,
                                           PatchToPatchAlignedConv3d,
                                           PointToPointAlignedConv3d)
from mmcontinuity.models.aligned3d.aligned_resnet3d import TrajectoryResNet3d
from mmcontinuity.models.aligned3d.trajectory import TrajectoryConv3d

BASE = 'configs/aligned3d/_base_/models/'
MODES = {
    'AlignedConv3d': AlignedConv3d,
    'PatchToPatchAlignedConv3d': PatchToPatchAlignedConv3d,
    'PointToPointAlignedConv3d': PointToPointAlignedConv3d,
}
#: narrow versions of the three backbones of Table 5.4 (no zero-initialised
#: residual BN, which would hide the aligned convolutions' outputs)
R3D18 = dict(depth=18, base_channels=4, zero_init_residual=False,
             conv1_kernel=(7, 7, 7),
             conv1_stride_t=1, pool1_stride_t=2,
             temporal_strides=(1, 2, 2, 2), with_pool2=False)
R3D50 = dict(depth=50, base_channels=4, zero_init_residual=False,
             inflate_style='3x3x3',
             conv1_kernel=(7, 7, 7), conv1_stride_t=1, pool1_stride_t=2,
             temporal_strides=(1, 2, 2, 2), with_pool2=False)
I3D = dict(depth=50, base_channels=4, zero_init_residual=False,
           conv1_kernel=(5, 7, 7),
           conv1_stride_t=2, pool1_stride_t=2,
           inflate=((1, 1, 1), (1, 0, 1, 0), (1, 0, 1, 0, 1, 0), (0, 1, 0)))


def _vanilla(arch):
    model = MODELS.build(
        dict(type='ResNet3d', pretrained=None, pretrained2d=False, **arch))
    model.init_weights()
    model.eval()
    return model


def test_r3d18_config_follows_table_c1(repo_root):
    """The R3D-18 model base: conv1 7x7x7 stride (1, 2, 2), pool1 stride
    (2, 2, 2), temporal stride 2 in res3-res5; a 16x112x112 clip gives
    Table C.1's maps and res2.0's conv2 is the aligned one."""
    cfg = Config.fromfile(f'{repo_root}/{BASE}r3d18_aligned.py')
    backbone = dict(cfg.model.backbone, base_channels=4,
                    out_indices=(0, 1, 2, 3))
    backbone.pop('type')
    model = AlignedResNet3d(**backbone)
    model.eval()  # ResNet3d.train returns None: no chaining
    assert model.aligned_convs == ['layer1.0.conv2.conv']
    assert isinstance(model.layer1[0].conv2.conv, AlignedConv3d)
    assert model.conv1.conv.kernel_size == (7, 7, 7)
    assert model.conv1.conv.stride == (1, 2, 2)
    assert model.maxpool.stride == (2, 2, 2)
    with torch.no_grad():
        outs = model(torch.randn(1, 3, 16, 112, 112))
    assert [tuple(o.shape[2:]) for o in outs] == [
        (8, 28, 28), (4, 14, 14), (2, 7, 7), (1, 4, 4)]
    assert [o.shape[1] for o in outs] == [4, 8, 16, 32]


@pytest.mark.parametrize('mode', list(MODES))
@pytest.mark.parametrize('arch', [R3D18, R3D50, I3D],
                         ids=['r3d18', 'r3d50', 'i3d'])
def test_vanilla_checkpoint_loads_and_zero_offsets_equal_vanilla(
        arch, mode):
    """A vanilla ResNet3d state dict loads strictly (same keys and shapes;
    the offset generators keep their zero initialisation) and the aligned
    backbone then computes exactly the vanilla output."""
    vanilla = _vanilla(arch)
    aligned = AlignedResNet3d(
        pretrained=None, pretrained2d=False,
        aligned=((1, 1), (1, 0), 0, 0) if arch is R3D18 else
        ((1, 0, 0), (1, 0, 0, 0), 0, 0),
        aligned_conv_cfg=dict(type=mode), **arch)
    aligned.eval()
    vanilla_keys = set(vanilla.state_dict())
    extra = set(aligned.state_dict()) - vanilla_keys
    assert vanilla_keys < set(aligned.state_dict())
    assert extra and all('.conv.offsets.' in k or '.conv.deform_offsets.'
                         in k for k in extra)
    aligned.load_state_dict(vanilla.state_dict(), strict=True)
    for name in aligned.aligned_convs:
        assert type(aligned.get_submodule(name)) is MODES[mode]
    # the temporal convolution of the block: conv2 of a basic block,
    # conv2 of a 3x3x3 bottleneck, conv1 of a 3x1x1 (I3D) bottleneck
    assert aligned.aligned_convs[0] == {
        id(R3D18): 'layer1.0.conv2.conv', id(R3D50): 'layer1.0.conv2.conv',
        id(I3D): 'layer1.0.conv1.conv'}[id(arch)]
    x = torch.randn(2, 3, 8, 32, 32)
    with torch.no_grad():  # the same up to the float summation order
        torch.testing.assert_close(aligned(x), vanilla(x), rtol=1e-5,
                                   atol=1e-5)


def test_offsets_change_the_output():
    """Once the offset generator is no longer zero the outputs differ: the
    aligned layer is really on the path."""
    aligned = AlignedResNet3d(pretrained=None, pretrained2d=False, **R3D18)
    aligned.eval()
    x = torch.randn(1, 3, 8, 32, 32)
    with torch.no_grad():
        before = aligned(x)
        aligned.layer1[0].conv2.conv.offsets.conv.bias.fill_(0.7)
        assert not torch.allclose(aligned(x), before)


def test_invalid_choices_raise():
    with pytest.raises(ValueError, match='not inflated'):
        AlignedResNet3d(pretrained=None, aligned=(0, (0, 1, 0, 0), 0, 0),
                        **I3D)  # res3.1 of I3D is 1x3x3
    with pytest.raises(ValueError, match='stages'):
        AlignedResNet3d(pretrained=None, aligned=(1, 0), **R3D18)
    with pytest.raises(ValueError, match='flags'):
        AlignedResNet3d(pretrained=None, aligned=((1, 0, 1), 0, 0, 0),
                        **R3D18)


def test_trajectory_backbone_reads_the_flow_channels():
    """TrajectoryResNet3d splits the 2 flow channels off and aligns along
    them: zero flow gives the vanilla output of the RGB channels, a
    non-zero flow changes it, and an input without flow is refused."""
    res2 = dict(R3D18, out_indices=(0, ))
    vanilla = _vanilla(res2)
    traj = TrajectoryResNet3d(pretrained=None, pretrained2d=False, **res2)
    traj.eval()
    traj.load_state_dict(vanilla.state_dict())
    assert isinstance(traj.layer1[0].conv2.conv, TrajectoryConv3d)
    rgb = torch.randn(1, 3, 8, 32, 32)
    flow = torch.zeros(1, 2, 8, 32, 32)
    with torch.no_grad():
        torch.testing.assert_close(traj(torch.cat([rgb, flow], 1)),
                                   vanilla(rgb), rtol=1e-5, atol=1e-5)
        moved = traj(torch.cat([rgb, flow + 3.0], 1))
    assert not torch.allclose(moved, vanilla(rgb))
    with pytest.raises(ValueError, match='flow'):
        traj(rgb)
