"""Fixtures writing tiny datasets in the real formats into tmp folders.

The tests build their datasets with ``serialize_data=False``: mmengine's
serialisation calls ``gc.collect()`` (about 0.3 s each with the OpenMMLab
stack loaded); the serialised path is covered by test_browse_dataset.py,
which builds from a config.
"""
import pytest
from tiny_act import act_gt, write_act


@pytest.fixture
def act_root(tmp_path):
    """(root, ann_file, gt) of a tiny ACT dataset with actor tracks."""
    gt = act_gt()
    return str(tmp_path), write_act(str(tmp_path), gt), gt
