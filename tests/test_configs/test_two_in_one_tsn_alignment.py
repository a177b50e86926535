"""The two-in-one TSN's benchmark pipelines give every RGB segment the flow
of the same frame (frame t -> t + 1), through sampling, rescaling and
cropping, and the flow TSN reads the same flow frames (issue 14: the
two-in-one TSN near chance was not a misaligned or different flow)."""
import os.path as osp

import cv2
import numpy as np
import pytest
from mmaction.registry import DATASETS
from mmengine.config import Config
from mmengine.registry import DefaultScope

import mmcontinuity  # noqa: F401  (registers the transforms)
from mmcontinuity.datasets.flow_io import FLOW_TMPL

CONFIG_DIR = osp.join(
    osp.dirname(__file__), '..', '..', 'configs', 'two_in_one',
    'recognition', '_base_', 'datasets')
FRAMES, H, W = 24, 40, 48


@pytest.fixture(autouse=True)
def mmaction_scope():
    with DefaultScope.overwrite_default_scope('mmaction'):
        yield


@pytest.fixture(scope='module')
def video_root(tmp_path_factory):
    """One video: RGB frame t is grey 8 t, its flow x 40 + 8 t and flow y
    230 - 8 t (constant images, exact after JPEG)."""
    root = tmp_path_factory.mktemp('tsn_alignment')
    video = root / 'rawframes' / 'v0'
    video.mkdir(parents=True)
    for t in range(1, FRAMES + 1):
        cv2.imwrite(str(video / f'img_{t:05d}.jpg'),
                    np.full((H, W, 3), 8 * t, np.uint8))
        for axis, value in (('x', 40 + 8 * t), ('y', 230 - 8 * t)):
            cv2.imwrite(str(video / FLOW_TMPL.format(axis, t)),
                        np.full((H, W), value, np.uint8))
    (root / 'list.txt').write_text(f'v0 {FRAMES} 2\n')
    return root


def build(name, subset, root, drop_colour=False):
    cfg = Config.fromfile(osp.join(CONFIG_DIR, name))
    dataset = cfg[f'{subset}_dataloader'].dataset
    dataset.ann_file = str(root / 'list.txt')
    dataset.data_prefix = dict(img=str(root / 'rawframes'))
    if drop_colour:  # the jitter changes the grey levels that index frames
        dataset.pipeline = [
            step for step in dataset.pipeline if step.type != 'ColorJitter'
        ]
    return DATASETS.build(dataset)


@pytest.mark.parametrize('subset', ['train', 'val'])
def test_each_segment_gets_the_flow_of_its_frame(subset, video_root):
    np.random.seed(0)
    dataset = build('continuity-bench-recognition-rgb-flow_tsn.py', subset,
                    video_root, drop_colour=subset == 'train')
    for _ in range(3 if subset == 'train' else 1):
        frames = dataset[0]['inputs'].numpy().astype(float)
        assert frames.shape == (3, 5, 32, 32)  # segments, RGB + flow x, y
        index = frames[:, :3].mean((1, 2, 3)) / 8
        np.testing.assert_allclose(index, np.round(index), atol=0.1)
        expected = np.stack([40 + 8 * index, 230 - 8 * index], 1)
        np.testing.assert_allclose(
            frames[:, 3:], np.broadcast_to(expected[..., None, None],
                                           frames[:, 3:].shape), atol=1)
        # one segment per third of the video
        thirds = np.floor((np.round(index) - 1) / (FRAMES / 3))
        np.testing.assert_array_equal(thirds, [0, 1, 2])


def test_flow_stream_reads_the_same_flow(video_root):
    two_in_one = build('continuity-bench-recognition-rgb-flow_tsn.py',
                       'val', video_root)[0]['inputs']
    flow = build('continuity-bench-recognition-flow_tsn.py', 'val',
                 video_root)[0]['inputs']
    assert flow.shape == (3, 2, 32, 32)
    np.testing.assert_array_equal(flow.numpy(), two_in_one[:, 3:].numpy())
