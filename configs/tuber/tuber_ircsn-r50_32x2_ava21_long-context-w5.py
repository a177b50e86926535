# TubeR irCSN-50 32x2 on AVA v2.1 with the long-term context head (Eq. 6.10,
# 6.11; Table 6.1d/f): the backbone features of the 2w+1 = 11 clips around
# the key frame (w = 5, about 15 s) are compressed to 4 tokens that the
# short-term context attends to. The bank is written beforehand from a
# trained short-term model (see configs/tuber/README.md):
#   python tools/misc/extract_feature_bank.py \
#       configs/tuber/tuber_ircsn-r50_32x2_ava21.py CKPT \
#       data/ava/feature_bank/tuber_ircsn-r50_32x2_ava21 --split train val
_base_ = ['./tuber_ircsn-r50_32x2_ava21.py']

window = 5
bank_dir = 'data/ava/feature_bank/tuber_ircsn-r50_32x2_ava21'
clip_len = 32
frame_interval = 2

model = dict(
    cls_head=dict(
        context='long', bank_channels=2048, num_long_tokens=(16, 4)))

meta_keys = ('video_id', 'timestamp', 'img_key', 'img_shape',
             'original_shape', 'scale_factor', 'flip', 'key_frame_index',
             'long_term_feats', 'long_term_valid')
train_pipeline = [
    dict(
        type='SampleAVAFrames',
        clip_len=clip_len,
        frame_interval=frame_interval),
    dict(type='AVATubeletBoxes'),
    dict(type='LoadFeatureBank', bank_dir=bank_dir, window=window),
    dict(type='RawFrameDecode'),
    dict(type='TubeletRandomRescale', scale_range=(288, 320)),
    dict(type='Flip', flip_ratio=0.5),
    dict(
        type='ColorJitter', brightness=0.4, contrast=0.4, saturation=0.4,
        hue=0),
    dict(type='PackTubeletInputs', meta_keys=meta_keys),
]
val_pipeline = [
    dict(
        type='SampleAVAFrames',
        clip_len=clip_len,
        frame_interval=frame_interval,
        test_mode=True),
    dict(type='AVATubeletBoxes'),
    dict(type='LoadFeatureBank', bank_dir=bank_dir, window=window),
    dict(type='RawFrameDecode'),
    dict(type='Resize', scale=(-1, 256)),
    dict(type='PackTubeletInputs', meta_keys=meta_keys),
]

tta_pipeline = val_pipeline[:-1] + [
    dict(
        type='TestTimeAug',
        transforms=[[
            dict(type='Flip', flip_ratio=0.),
            dict(type='Flip', flip_ratio=1.)
        ], [val_pipeline[-1]]])
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = val_dataloader
