# Corruption error (ImageNet-C protocol, Table 3.5 / Figure A.4) of the
# max-pooling baseline: the test set under each of the 15 ImageNet-C
# corruption types at severities 1-5 (75 copies of the 200 test images,
# corrupted on the fly by `ImageCorruption`), one mmengine ConcatDataset.
# `CorruptionError` reports CE per type and the raw mCE (percent); give
# `reference_errors` (per type, the 5 errors of a reference model on this
# corrupted set) for normalised values.
_base_ = ['./resnet18-tiny-maxpool_1xb32-100e_continuity-bench-cls.py']

corruptions = ('gaussian_noise', 'shot_noise', 'impulse_noise', 'defocus_blur',
               'glass_blur', 'motion_blur', 'zoom_blur', 'snow', 'frost',
               'fog', 'brightness', 'contrast', 'elastic_transform',
               'pixelate', 'jpeg_compression')
test_dataloader = dict(
    batch_size=100,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        _delete_=True,
        type='ConcatDataset',
        datasets=[
            dict(
                type='CustomDataset',
                data_root={{_base_.data_root}},
                ann_file='meta/test.txt',
                data_prefix='test',
                classes={{_base_.classes}},
                # mmengine's serialisation runs gc.collect() per data set
                # (about 0.6 s each, 45 s for the 75)
                serialize_data=False,
                pipeline=[
                    dict(type='LoadImageFromFile'),
                    dict(
                        type='ImageCorruption',
                        corruption=name,
                        severity=severity),
                    dict(
                        type='PackInputs',
                        meta_keys=('img_path', 'corruption', 'severity')),
                ]) for name in corruptions for severity in range(1, 6)
        ]))
test_evaluator = dict(_delete_=True, type='CorruptionError')
