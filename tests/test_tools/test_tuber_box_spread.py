"""box_spread of tools/analysis/tubelet_error_analysis.py on hand-made
tubelets: a model whose queries sit at fixed boxes has no spread across
clips, one whose boxes follow the actors has the ground truth's."""
import importlib.util
import os.path as osp

import numpy as np
import pytest


@pytest.fixture(scope='module')
def box_spread():
    path = osp.join(osp.dirname(__file__), '..', '..', 'tools', 'analysis',
                    'tubelet_error_analysis.py')
    spec = importlib.util.spec_from_file_location('tubelet_error_analysis',
                                                  path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.box_spread


def box(cx, cy, w, h):
    return [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2]


def test_fixed_slots_vs_boxes_that_follow_the_actor(box_spread):
    size = (100, 200)  # h, w
    # one actor per clip, at x = 40 px in clip 0 and x = 120 px in clip 1
    gt = [dict(boxes=np.array([[box(x, 50, 20, 10)] * 2]),
               valid=np.array([[True, False]]), size=size)
          for x in (40, 120)]
    slots = [dict(bboxes=np.array([[box(50, 50, 20, 10)] * 2,
                                   [box(150, 50, 20, 10)] * 2]))] * 2
    spread = box_spread(slots, gt)
    np.testing.assert_allclose(spread['queries'], [0.25, 0, 0, 0])
    np.testing.assert_allclose(spread['clips'], [0, 0, 0, 0])
    np.testing.assert_allclose(spread['gt'], [0.2, 0, 0, 0])
    # query 0 follows the actor (its width too), query 1 stays put
    follow = [dict(bboxes=np.array([[box(x, 50, w, 10)] * 2,
                                    [box(150, 50, 20, 10)] * 2]))
              for x, w in ((40, 20), (120, 60))]
    spread = box_spread(follow, gt)
    np.testing.assert_allclose(spread['clips'], [0.1, 0, 0.05, 0])
    # clip 0: centres 0.2, 0.75; clip 1: 0.6, 0.75
    np.testing.assert_allclose(spread['queries'], [0.175, 0, 0.05, 0])
