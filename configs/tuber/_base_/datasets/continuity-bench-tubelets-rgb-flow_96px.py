# continuity-bench-tubelets-rgb-flow.py as the demo recipe trains on it
# (configs/tuber/README.md, "The demo recipe"): training crops of 96 x 96
# from frames rescaled to a short side in (96, 116) instead of 112 from
# (112, 136) (0.69-0.71x the CPU time of a training step), clips loaded in
# the main process (on a 2-core CPU, loader workers compete with PyTorch's
# two intra-op threads). Test pipeline and metric unchanged: whole 112 x 112
# frames, inside the training scales 0.86-1.04.
_base_ = ['./continuity-bench-tubelets-rgb-flow.py']

crop_size = 96
# the base's pipeline (frames, flow, rescale, crop, colour jitter, pack)
# with the rescale and the crop at 96 px
train_pipeline = [
    *_base_.train_pipeline[:2],
    dict(type='TubeletRandomRescale', scale_range=(crop_size, 116)),
    dict(type='TubeletRandomCrop', size=crop_size),
    *_base_.train_pipeline[4:],
]
train_dataloader = dict(
    num_workers=0,
    persistent_workers=False,
    dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(num_workers=0, persistent_workers=False)
test_dataloader = val_dataloader
