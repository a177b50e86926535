# A candidate recipe for a faster `make demo` (configs/tuber/README.md, "The
# demo recipe"), measured and NOT adopted: seed 0 reaches v-mAP@0.5 26.9,
# below the target of 45, so `make demo` still trains the 5k config. It is
# the RGB + flow proposal config of the benchmark's results table
# (tuber_r3d18-tiny_1xb2-8x1x1-5k_..._rgb-flow.py, our extension beyond the
# thesis) with
# - training crops of 96 x 96 from frames rescaled to a short side in
#   (96, 116) instead of 112 from (112, 136): 0.69-0.71x the process CPU
#   time of a training step; the test pipeline is unchanged (whole 112 x 112
#   frames, inside the training scales 0.86-1.04);
# - 2,500 iterations: a 50-iteration warm-up, then the cosine decay to 1e-5
#   over the remaining 2,450;
# - tube NMS at 0.5 (our option, README "Tube NMS") in the metric and the
#   demo.
_base_ = [
    './tuber_r3d18-tiny_1xb2-8x1x1-5k_continuity-bench-tubelets-rgb-flow.py'
]

max_iters = 2500
crop_size = 96
train_pipeline = [
    dict(type='LoadFrames'),
    dict(type='LoadFlowFrames'),
    dict(type='TubeletRandomRescale', scale_range=(crop_size, 116)),
    dict(type='TubeletRandomCrop', size=crop_size),
    dict(
        type='ColorJitter', brightness=0.3, contrast=0.3, saturation=0.3,
        hue=0),
    dict(type='PackTubeletInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))

train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, begin=0, end=50),
    dict(
        type='CosineAnnealingLR',
        eta_min=1e-5,
        by_epoch=False,
        begin=50,
        end=max_iters),
]
default_hooks = dict(checkpoint=dict(interval=max_iters))

val_evaluator = dict(tube_nms_thr=0.5)
test_evaluator = val_evaluator
