# The tiny TSN of the benchmark's recognition configs: mmaction2's
# Recognizer2D, a ResNet-18 from scratch on 32 x 32 frames, the TSN head
# averaging the class scores of the segments (Wang et al. [211], the
# thesis' ResNet-152 TSN at a CPU's scale).
num_classes = 6
model = dict(
    type='Recognizer2D',
    backbone=dict(type='ResNet', depth=18, pretrained=None, norm_eval=False),
    cls_head=dict(
        type='TSNHead',
        num_classes=num_classes,
        in_channels=512,
        spatial_type='avg',
        consensus=dict(type='AvgConsensus', dim=1),
        dropout_ratio=0.4,
        init_std=0.01,
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        format_shape='NCHW'))
