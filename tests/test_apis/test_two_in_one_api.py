"""init_two_in_one / inference_two_in_one: the detectors they accept, the
linking of the config's metric, and errors on bad videos."""
import os.path as osp

import numpy as np
import pytest
from mmengine.registry import DefaultScope

from mmcontinuity.apis.two_in_one import (build_linker, inference_two_in_one,
                                          init_two_in_one, num_frames)

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIGS = osp.join(REPO, 'configs', 'two_in_one')
MULTI = osp.join(CONFIGS, 'multi_frame', 'act-ssd-tiny_r18-w16_1xb8-600_'
                 'continuity-bench-tubelets-rgb.py')


@pytest.fixture(autouse=True)
def restore_scope():
    with DefaultScope.overwrite_default_scope('mmaction'):
        yield


@pytest.fixture(scope='module')
def model():
    with DefaultScope.overwrite_default_scope('mmaction'):
        return init_two_in_one(MULTI, cfg_options={
            'test_evaluator.link_cfg': dict(min_length=1)})


def test_multi_frame_tubes(model):
    """K = 6: a tubelet at every start frame of a 9-frame video, ACT
    linking with the config's settings; tubes stay inside the video."""
    assert num_frames(model) == 6
    linker = build_linker(model.cfg)
    assert linker.linking == 'act' and linker.link_cfg == dict(min_length=1)
    rng = np.random.default_rng(0)
    frames = [rng.integers(0, 256, (112, 112, 3), dtype=np.uint8)
              for _ in range(9)]
    tubes = inference_two_in_one(model, frames, score_thr=0, batch_size=3)
    assert tubes
    for tube in tubes:
        assert tube['frames'].min() >= 1 and tube['frames'].max() <= 9
        assert tube['boxes'].shape == (len(tube['frames']), 4)
    scores = [t['score'] for t in tubes]
    assert scores == sorted(scores, reverse=True)


def test_errors(model):
    frames = [np.zeros((112, 112, 3), np.uint8)] * 5
    with pytest.raises(ValueError, match='fewer than one clip of 6'):
        inference_two_in_one(model, frames)
    with pytest.raises(ValueError, match='no LoadFlowFrames'):
        inference_two_in_one(model, frames * 2,
                             flows=[np.zeros((112, 112, 2), np.uint8)] * 10)
    recognizer = osp.join(CONFIGS, 'recognition', 'tsn_r18-tiny_1xb8-1x1x3-'
                          '8e_continuity-bench-recognition-rgb.py')
    with pytest.raises(ValueError, match='builds Recognizer2D'):
        init_two_in_one(recognizer)
