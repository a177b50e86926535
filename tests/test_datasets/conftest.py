"""Fixtures writing tiny datasets in the real formats into tmp folders."""
import pytest
from tiny_act import act_gt, write_act


@pytest.fixture
def act_root(tmp_path):
    """(root, ann_file, gt) of a tiny ACT dataset with actor tracks."""
    gt = act_gt()
    return str(tmp_path), write_act(str(tmp_path), gt), gt
