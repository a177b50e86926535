"""Two-in-one TSN (a ResNet modulated by flow inside mmaction2's
Recognizer2D) and the two-stream TSN fused at test time
(TwoStreamRecognizer), on tiny inputs."""
import os.path as osp

import pytest
import torch
from mmaction.registry import MODELS
from mmaction.structures import ActionDataSample
from mmengine.config import Config
from mmengine.registry import DefaultScope

import mmcontinuity  # noqa: F401
import mmcontinuity.models.two_in_one  # noqa: F401
from mmcontinuity.models.two_in_one.recognizer import TwoStreamRecognizer

REPO = osp.dirname(osp.dirname(osp.dirname(osp.dirname(
    osp.abspath(__file__)))))
CFG = osp.join(REPO, 'configs/two_in_one/recognition/_base_/models')


@pytest.fixture(autouse=True)
def mmaction_scope():
    with DefaultScope.overwrite_default_scope('mmaction'):
        yield


def build(name):
    cfg = Config.fromfile(osp.join(CFG, name)).model
    torch.manual_seed(0)
    model = MODELS.build(cfg)
    model.init_weights()
    return model.eval()


def samples(n=2, labels=(1, 4)):
    return [ActionDataSample().set_gt_label(label) for label in labels[:n]]


def frames(channels=5, n=2, seed=0):
    """n samples of 3 segments of (channels, 32, 32) uint8 frames."""
    g = torch.Generator().manual_seed(seed)
    return [torch.randint(0, 256, (3, channels, 32, 32), generator=g,
                          dtype=torch.uint8) for _ in range(n)]


def predict(model, inputs):
    data = model.data_preprocessor(
        dict(inputs=inputs, data_samples=samples(len(inputs))), False)
    with torch.no_grad():
        return torch.stack(
            [s.pred_score for s in model(**data, mode='predict')])


def test_two_in_one_tsn_loss_and_predict():
    model = build('tsn_r18-tiny_two-in-one.py').train()
    data = model.data_preprocessor(
        dict(inputs=frames(), data_samples=samples()), True)
    losses = model(**data, mode='loss')
    assert losses['loss_cls'].requires_grad and losses['loss_cls'] > 0
    losses['loss_cls'].backward()
    # the condition and modulation layers get gradients (the last
    # modulation convolutions start at zero, so only they move first)
    modulation = model.backbone.modulations[0]
    assert modulation.scale_branch[-1].weight.grad.abs().sum() > 0
    scores = predict(model.eval(), frames())
    assert scores.shape == (2, 6)
    torch.testing.assert_close(scores.sum(1), torch.ones(2))


def test_two_in_one_tsn_starts_as_its_rgb_tsn():
    """With the identity modulation of an untrained M2 layer (beta = 1,
    gamma = 0) the two-in-one TSN computes the RGB TSN's scores from the
    RGB channels, whatever the flow; once the modulation is not the
    identity the flow changes them."""
    two_in_one = build('tsn_r18-tiny_two-in-one.py')
    rgb = build('tsn_r18-tiny.py')
    rgb.backbone.load_state_dict(two_in_one.backbone.backbone.state_dict())
    rgb.cls_head.load_state_dict(two_in_one.cls_head.state_dict())
    inputs = frames()
    other_flow = [torch.cat([x[:, :3], y[:, 3:]], 1)
                  for x, y in zip(inputs, frames(seed=1))]
    expected = predict(rgb, [x[:, :3] for x in inputs])
    torch.testing.assert_close(predict(two_in_one, inputs), expected)
    torch.testing.assert_close(predict(two_in_one, other_flow), expected)
    for branch in (two_in_one.backbone.modulations[0].scale_branch,
                   two_in_one.backbone.modulations[0].shift_branch):
        torch.nn.init.normal_(branch[-1].weight, std=0.5)
    assert not torch.allclose(predict(two_in_one, inputs),
                              predict(two_in_one, other_flow))


def two_stream():
    rgb = Config.fromfile(osp.join(CFG, 'tsn_r18-tiny.py')).model
    flow = Config.fromfile(osp.join(CFG, 'tsn_r18-tiny_flow.py')).model
    torch.manual_seed(0)
    model = TwoStreamRecognizer(rgb=rgb.to_dict(), flow=flow.to_dict())
    model.init_weights()
    return model.eval()


def test_two_stream_averages_the_stream_probabilities():
    model = two_stream()
    inputs = frames()
    expected = (predict(model.rgb, [x[:, :3] for x in inputs]) +
                predict(model.flow, [x[:, 3:] for x in inputs])) / 2
    data = model.data_preprocessor(
        dict(inputs=inputs, data_samples=samples()), False)
    with torch.no_grad():
        fused = model(**data, mode='predict')
    torch.testing.assert_close(torch.stack([s.pred_score for s in fused]),
                               expected)
    assert [int(s.gt_label) for s in fused] == [1, 4]


def test_two_stream_loads_the_stream_checkpoints(tmp_path):
    model = two_stream()
    torch.nn.init.constant_(model.rgb.cls_head.fc_cls.bias, 0.25)
    path = str(tmp_path / 'rgb.pth')
    torch.save(dict(state_dict=model.rgb.state_dict()), path)
    rgb = Config.fromfile(osp.join(CFG, 'tsn_r18-tiny.py')).model
    flow = Config.fromfile(osp.join(CFG, 'tsn_r18-tiny_flow.py')).model
    loaded = TwoStreamRecognizer(rgb=rgb.to_dict(), flow=flow.to_dict(),
                                 rgb_checkpoint=path)
    loaded.init_weights()  # keeps the checkpoint
    torch.testing.assert_close(loaded.rgb.cls_head.fc_cls.bias,
                               torch.full((6, ), 0.25))


def test_two_stream_errors():
    model = two_stream()
    with pytest.raises(RuntimeError, match='only predicts'):
        model(frames(), samples(), mode='loss')
    sample = ActionDataSample(metainfo=dict(frame_dir='rawframes/v_0'))
    with pytest.raises(ValueError, match='rawframes/v_0'):
        model([torch.zeros(3, 3, 32, 32)], [sample], mode='predict')
