# Table 6.1d/f on the thesis' anchor-free model: the model, data and schedule
# of CONFIG = tuber-anchor-free_r3d18-tiny_proposal-variant-pre_
#             1xb2-8x1x1-20k_continuity-bench-tubelets-rgb-flow.py
# with the long-term context head on the backbone features (8 frames on
# the 7 x 7 grid) of the 2w+1 = 5 adjacent 8-frame clips around each clip
# (w = 2, 40 frames), compressed at each cell to 8, then 4 temporal tokens.
# Write the bank first from that trained model (every clip of the train and
# val dataloaders, through the test pipeline; whole 112 x 112 frames, while
# training crops 96 x 96: the head attends to every cell of the bank):
#   python tools/misc/extract_feature_bank.py configs/tuber/CONFIG CKPT \
#       data/continuity_bench/tubelets/feature_bank_anchor-free_rgb-flow \
#       --split train val
_base_ = [
    '../tuber-anchor-free_r3d18-tiny_proposal-variant-pre_'
    '1xb2-8x1x1-20k_continuity-bench-tubelets-rgb-flow.py'
]

bank_dir = _base_.data_root + 'feature_bank_anchor-free_rgb-flow'
meta_keys = ('video_id', 'frame_inds', 'img_shape', 'ori_shape',
             'scale_factor', 'flip', 'long_term_feats', 'long_term_valid')
# [LoadFrames, LoadFlowFrames, ..., Pack] -> [LoadFrames, LoadFlowFrames,
# LoadFeatureBank, ..., Pack with the bank's metainfo]
train_pipeline, test_pipeline = (
    p[:2] + [
        dict(
            type='LoadFeatureBank',
            bank_dir=bank_dir,
            spacing=_base_.clip_len,
            window=2)
    ] + p[2:-1] + [dict(p[-1], meta_keys=meta_keys)]
    for p in (_base_.train_pipeline, _base_.test_pipeline))
train_dataloader, val_dataloader = (
    dict(dataset=dict(pipeline=pipeline))
    for pipeline in (train_pipeline, test_pipeline))
test_dataloader = val_dataloader
model = dict(
    cls_head=dict(context='long', bank_channels=64, num_long_tokens=(8, 4)))
