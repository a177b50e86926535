# The benchmark's `tubelets` split with the long-term context of Table
# 6.1d/f: LoadFeatureBank reads the backbone features of the 2w+1 = 5
# adjacent 8-frame clips around each clip (w = 2, 40 frames: the stored
# training clips, 4 frames apart, every other one; the test clips tile the
# videos) from the bank that tools/misc/extract_feature_bank.py wrote from a
# trained model (every clip of the train and val dataloaders, through the
# test pipeline), after the frames are loaded (before the augmentations);
# its features are packed into the metainfo.
_base_ = ['./continuity-bench-tubelets-rgb.py']

window = 2
bank_dir = _base_.data_root + 'feature_bank'
meta_keys = ('video_id', 'frame_inds', 'img_shape', 'ori_shape',
             'scale_factor', 'flip', 'long_term_feats', 'long_term_valid')
train_pipeline, test_pipeline = (
    p[:1] + [
        dict(
            type='LoadFeatureBank',
            bank_dir=bank_dir,
            spacing=_base_.clip_len,
            window=window)
    ] + p[1:-1] + [dict(p[-1], meta_keys=meta_keys)]
    for p in (_base_.train_pipeline, _base_.test_pipeline))
train_dataloader, val_dataloader = (
    dict(dataset=dict(pipeline=pipeline))
    for pipeline in (train_pipeline, test_pipeline))
test_dataloader = val_dataloader
