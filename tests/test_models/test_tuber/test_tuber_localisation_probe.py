"""tools/analysis/tubelet_localisation_probe.py: the actor-token mask and
the cross-attention statistics on hand-made attention, and the recorder on
the tiny TubeR."""
import importlib.util
import math
import os.path as osp

import pytest
import torch
from mmaction.registry import MODELS
from tuber_fakes import make_batch, tiny_cfg


@pytest.fixture(scope='module')
def tool():
    path = osp.join(osp.dirname(__file__), '..', '..', '..', 'tools',
                    'analysis', 'tubelet_localisation_probe.py')
    spec = importlib.util.spec_from_file_location('localisation_probe',
                                                  path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def target():
    # one actor on frame 0 only, box x in [0.5, 1], y in [0, 0.5]
    return dict(boxes=torch.tensor([[[0.75, 0.25, 0.5, 0.5],
                                     [0.5, 0.5, 1., 1.]]]),
                valid=torch.tensor([[True, False]]))


def test_actor_tokens_and_attention_stats(tool):
    grid = (2, 2, 2)  # T, H, W: token centres at 0.25 and 0.75
    mask = tool.actor_tokens([target()], grid)
    expected = torch.zeros(1, 2, 2, 2, dtype=torch.bool)
    expected[0, 0, 0, 1] = True  # frame 0, top row, right column
    assert torch.equal(mask, expected)
    # two queries of 2 box query embeddings over L = 8 tokens: query 0
    # puts 0.6 on the actor's token of its frame 0, the rest uniform over
    # that frame; query 1 attends uniformly to everything
    w = torch.full((1, 4, 8), 1 / 8)
    w[0, 0] = torch.tensor([0.1, 0.6, 0.1, 0.2, 0, 0, 0, 0])
    entropy, own, in_box = tool.attention_stats(w, grid, 2, [target()])
    focused = -sum(p * math.log(p) for p in (0.1, 0.6, 0.1, 0.2))
    assert entropy == pytest.approx((focused + 3 * math.log(8)) / 4)
    assert own == pytest.approx((1 + 3 * 0.5) / 4)
    assert in_box == [pytest.approx(0.6)]


def test_recorder_on_the_tiny_model(tool):
    torch.manual_seed(0)
    model = MODELS.build(tiny_cfg()).eval()
    data = model.data_preprocessor(make_batch(sizes=((32, 40), (32, 40))))
    recorder = tool.CrossAttentionRecorder(model.decoder)
    with torch.no_grad():
        out = model.forward_transformer(data['inputs'],
                                        data['data_samples'])
    recorder.remove()
    assert len(recorder.weights) == 2  # decoder layers
    for w in recorder.weights:
        assert w.shape == (2, 5 * 4, 4 * 8 * 10)
        torch.testing.assert_close(w.sum(-1), torch.ones(2, 20))
    # the hooks are gone and did not change the outputs
    with torch.no_grad():
        again = model.forward_transformer(data['inputs'],
                                          data['data_samples'])
    torch.testing.assert_close(out['boxes'], again['boxes'])
    assert len(recorder.weights) == 2
