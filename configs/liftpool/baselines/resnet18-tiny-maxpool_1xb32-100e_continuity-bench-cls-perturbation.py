# Flip rate (ImageNet-P protocol, Table 3.5 / Figure A.4) of the
# max-pooling baseline: every test image as a 10-frame sequence of each of
# the 8 perturbations of `mmcontinuity.evaluation.functional.perturbations`
# (3 noises compared with the clean first frame, 5 gradual changes compared
# frame to frame), made by `PerturbationSequenceDataset`. `FlipRate`
# reports FR per type and the raw mFR (percent).
_base_ = ['./resnet18-tiny-maxpool_1xb32-100e_continuity-bench-cls.py']

test_dataloader = dict(
    batch_size=100,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        _delete_=True,
        type='PerturbationSequenceDataset',
        dataset=dict(
            type='CustomDataset',
            data_root={{_base_.data_root}},
            ann_file='meta/test.txt',
            data_prefix='test',
            classes={{_base_.classes}},
            pipeline=[]),
        perturbations=('gaussian_noise', 'shot_noise', 'speckle_noise',
                       'translate', 'rotate', 'scale', 'brightness',
                       'gaussian_blur'),
        num_frames=10,
        pipeline=[
            dict(type='LoadImageFromFile'),
            dict(type='ImagePerturbation'),
            dict(
                type='PackInputs',
                meta_keys=('img_path', 'perturbation', 'sequence_id',
                           'frame_index')),
        ]))
test_evaluator = dict(
    _delete_=True,
    type='FlipRate',
    noise_perturbations=('gaussian_noise', 'shot_noise', 'speckle_noise'))
