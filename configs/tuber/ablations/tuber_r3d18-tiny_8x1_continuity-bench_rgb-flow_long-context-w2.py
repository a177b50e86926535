# Table 6.1d/f on the built-in benchmark, RGB + flow input: long-term context
# head with the backbone features of the 2w+1 = 5 clips around each clip
# (w = 2). Write the bank first from the trained RGB + flow model (every
# clip of the train and val dataloaders):
#   python tools/misc/extract_feature_bank.py \
#       configs/tuber/tuber_r3d18-tiny_8x1_continuity-bench_rgb-flow.py CKPT \
#       data/continuity_bench/tubelets/feature_bank_rgb-flow --split train val
_base_ = ['../tuber_r3d18-tiny_8x1_continuity-bench_rgb-flow.py']

window = 2
bank_dir = 'data/continuity_bench/tubelets/feature_bank_rgb-flow'

model = dict(
    cls_head=dict(
        context='long', bank_channels=64, num_long_tokens=(8, 4)))

meta_keys = ('video_id', 'frame_inds', 'img_shape', 'ori_shape',
             'scale_factor', 'flip', 'long_term_feats', 'long_term_valid')
train_pipeline = [
    dict(type='LoadFrames'),
    dict(type='LoadFlowFrames'),
    dict(type='LoadFeatureBank', bank_dir=bank_dir, window=window),
    dict(type='TubeletRandomRescale', scale_range=(112, 136)),
    dict(type='TubeletRandomCrop', size=112),
    dict(
        type='ColorJitter', brightness=0.3, contrast=0.3, saturation=0.3,
        hue=0),
    dict(type='PackTubeletInputs', meta_keys=meta_keys),
]
test_pipeline = [
    dict(type='LoadFrames'),
    dict(type='LoadFlowFrames'),
    dict(type='LoadFeatureBank', bank_dir=bank_dir, window=window),
    dict(type='PackTubeletInputs', meta_keys=meta_keys),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
