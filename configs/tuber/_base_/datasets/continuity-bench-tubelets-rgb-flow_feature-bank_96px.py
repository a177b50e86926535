# continuity-bench-tubelets-rgb-flow_feature-bank.py (frames, flow, the
# long-term feature bank) with the training crops and loading of
# continuity-bench-tubelets-rgb-flow_96px.py: crops of 96 x 96 from frames
# rescaled to a short side in (96, 116), clips loaded in the main process.
# The bank itself is written through the test pipeline from whole 112 x 112
# frames (7 x 7 grid); the long-term context head attends to all of its
# cells, so a training crop's 6 x 6 tokens read the same bank.
_base_ = ['./continuity-bench-tubelets-rgb-flow_feature-bank.py']

crop_size = 96
# [LoadFrames, LoadFlowFrames, LoadFeatureBank, rescale, crop, colour
# jitter, pack] with the rescale and the crop at 96 px
train_pipeline = [
    *_base_.train_pipeline[:3],
    dict(type='TubeletRandomRescale', scale_range=(crop_size, 116)),
    dict(type='TubeletRandomCrop', size=crop_size),
    *_base_.train_pipeline[5:],
]
train_dataloader = dict(
    num_workers=0,
    persistent_workers=False,
    dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(num_workers=0, persistent_workers=False)
test_dataloader = val_dataloader
