"""tools/misc/extract_weights.py: a model-level ``Pretrained`` init from the
extracted checkpoint loads the chosen sub-module and nothing else."""
import os.path as osp
import subprocess
import sys

import pytest
import torch
from mmengine.logging import MessageHub
from mmengine.model import BaseModule
from torch import nn

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
TOOL = osp.join(ROOT, 'tools', 'misc', 'extract_weights.py')


class Detector(BaseModule):

    def __init__(self, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.backbone = nn.Conv2d(3, 4, 3)
        self.head = nn.Linear(4, 2)


def test_extract_weights_keeps_prefixed_keys_in_order(extract_weights_tool):
    extract = extract_weights_tool.extract_weights
    sd = {'backbone.a': 1, 'head.b': 2, 'backbone.c': 3, 'backbone_x.d': 4}
    assert list(extract(sd, ['backbone.'])) == ['backbone.a', 'backbone.c']
    assert extract(sd, ['head.', 'backbone.']) == {
        'backbone.a': 1, 'head.b': 2, 'backbone.c': 3}
    with pytest.raises(ValueError, match=r"\['neck\.'\] match no key.*"
                       r"'backbone\.', 'backbone_x\.', 'head\.'"):
        extract(sd, ['backbone.', 'neck.'])
    with pytest.raises(ValueError, match='at least one prefix'):
        extract(sd, [])


def test_extracted_backbone_initialises_only_the_backbone(tmp_path):
    torch.manual_seed(0)
    trained = Detector()
    src = tmp_path / 'iter_10.pth'
    # as mmengine's Runner writes it: the message hub holds HistoryBuffers,
    # which torch.load(weights_only=True) refuses without the compat layer
    hub = MessageHub('extract_weights_test')
    hub.update_scalar('train/loss', 1.0)
    torch.save({'state_dict': trained.state_dict(), 'meta': {},
                'message_hub': hub.state_dict()}, src)
    out = tmp_path / 'backbone.pth'
    run = subprocess.run(
        [sys.executable, TOOL, str(src), str(out), '--prefix', 'backbone.'],
        capture_output=True, text=True, check=True)
    assert '2 of 4 tensors' in run.stdout
    assert sorted(torch.load(out)['state_dict']) == [
        'backbone.bias', 'backbone.weight']

    torch.manual_seed(1)
    model = Detector(init_cfg=dict(type='Pretrained', checkpoint=str(out)))
    head_before = model.head.weight.detach().clone()
    model.init_weights()
    assert torch.equal(model.backbone.weight, trained.backbone.weight)
    assert torch.equal(model.backbone.bias, trained.backbone.bias)
    assert torch.equal(model.head.weight, head_before)
    assert not torch.equal(model.head.weight, trained.head.weight)

    # the same init from the whole checkpoint would take the head too
    whole = Detector(init_cfg=dict(type='Pretrained', checkpoint=str(src)))
    whole.init_weights()
    assert torch.equal(whole.head.weight, trained.head.weight)


def test_refuses_to_overwrite_its_input(tmp_path):
    src = tmp_path / 'a.pth'
    torch.save({'state_dict': Detector().state_dict()}, src)
    run = subprocess.run(
        [sys.executable, TOOL, str(src), str(src), '--prefix', 'backbone.'],
        capture_output=True, text=True)
    assert run.returncode != 0
    assert 'would overwrite the input' in run.stderr
