"""PerturbationSequenceDataset and ImagePerturbation in an mmpretrain
pipeline, on a tiny folder dataset."""
import cv2
import numpy as np
import pytest
from mmengine.registry import DefaultScope
from mmpretrain.datasets import CustomDataset
from mmpretrain.registry import DATASETS, METRICS

from mmcontinuity.datasets.transforms.functional import perturbation_frame

PIPELINE = [
    dict(type='LoadImageFromFile'),
    dict(type='ImagePerturbation'),
    dict(type='PackInputs',
         meta_keys=('img_path', 'perturbation', 'sequence_id',
                    'frame_index')),
]


@pytest.fixture
def folder(tmp_path):
    rng = np.random.default_rng(0)
    for cls in ('c0', 'c1'):
        (tmp_path / cls).mkdir()
        cv2.imwrite(str(tmp_path / cls / 'x.png'),
                    (rng.random((20, 20, 3)) * 255).astype(np.uint8))
    return str(tmp_path)


def build(folder, **kwargs):
    cfg = dict(type='PerturbationSequenceDataset',
               dataset=dict(type='CustomDataset', data_root=folder,
                            pipeline=[], serialize_data=False),
               perturbations=('gaussian_noise', 'translate'), num_frames=3,
               pipeline=PIPELINE)
    cfg.update(kwargs)
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        return DATASETS.build(cfg)


def test_index_layout_and_frames(folder):
    ds = build(folder)
    assert len(ds) == 2 * 2 * 3
    assert ds.metainfo['classes'] == ('c0', 'c1')
    info = ds.get_data_info(10)  # image 1, translate, frame 1
    assert (info['perturbation'], info['sequence_id'],
            info['frame_index'], info['gt_label']) == ('translate', '1', 1, 1)
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        out = ds[10]
    sample = out['data_samples']
    assert sample.perturbation == 'translate' and sample.frame_index == 1
    # the frame is the functional one, in mmcv's BGR order
    rgb = cv2.imread(info['img_path'])[..., ::-1]
    expected = perturbation_frame(np.ascontiguousarray(rgb), 'translate', 1,
                                  (0, 1, 1))[..., ::-1]
    np.testing.assert_array_equal(
        out['inputs'].permute(1, 2, 0).numpy(), expected)
    with pytest.raises(IndexError):
        ds.get_data_info(12)


def test_flip_rate_of_a_constant_model(folder):
    ds = build(folder)
    metric = METRICS.build(dict(type='FlipRate'))
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        samples = [ds[i]['data_samples'] for i in range(len(ds))]
    for s in samples:
        s.set_pred_score(np.array([1.0, 0.0]))
    metric.process({}, [s.to_dict() for s in samples])
    res = metric.evaluate(len(samples))
    assert res['perturbation/mFR'] == 0


def test_errors(folder):
    with pytest.raises(ValueError, match='perturbations'):
        build(folder, perturbations=('fog', ))
    with pytest.raises(ValueError, match='num_frames'):
        build(folder, num_frames=1)
    with pytest.raises(TypeError, match='dataset'):
        build(folder, dataset=[1])
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        inner = CustomDataset(data_root=folder, pipeline=[],
                              serialize_data=False)
    assert len(build(folder, dataset=inner)) == 12
