# TubeR irCSN-50 32x2 on AVA v2.1 with the long-term context head (Eq. 6.10,
# 6.11; Table 6.1d/f, the headline 28.8 of Table 6.2): F_long holds the
# backbone features (T' = 4 frames on an 8 x 8 grid each) of 2w+1 = 7
# adjacent clips around the key frame (w = 3), compressed at each grid cell
# to n0 = 16, then n1 = 4 temporal tokens that the short-term context
# attends to. A 32x2 clip lasts 64 frames / 30 fps = 2.13 s: 7 adjacent clips
# are the thesis' 14.9 s. The bank holds one clip per key frame (1 s apart),
# so the window takes the key frames nearest to t + k·2.13 s: t, t ± 2, ±4,
# ±6 s, 14.1 s from the first clip's start to the last one's end. Write the
# bank first from a trained short-term model, CONFIG = the base config below
# (the test pipeline on the train and val clips; 8 x 8 grid, float16: 1 MiB
# per clip, about 270 GB for AVA v2.1 train + val; `--pool-size 4 4` takes a
# quarter), see configs/tuber/README.md:
#   python tools/misc/extract_feature_bank.py CONFIG CKPT \
#       data/ava/feature_bank/tuber_ircsn-r50_32x2_ava21 --split train val \
#       --pool-size 8 8
_base_ = ['./tuber_ircsn-r50_ig65m-k400-pre_8xb2-32x2x1-20e_ava21-rgb.py']

window = 3
spacing = _base_.clip_len * _base_.frame_interval / 30  # s, at 30 fps
bank_dir = 'data/ava/feature_bank/tuber_ircsn-r50_32x2_ava21'

model = dict(
    cls_head=dict(
        context='long', bank_channels=2048, num_long_tokens=(16, 4)))

meta_keys = _base_.meta_keys + ('long_term_feats', 'long_term_valid')
bank = [
    dict(
        type='LoadFeatureBank',
        bank_dir=bank_dir,
        spacing=spacing,
        window=window)
]
pack = [dict(type='PackTubeletInputs', meta_keys=meta_keys)]
# the bank is read after the frames are sampled (AVATubeletBoxes, index 1)
train_pipeline = (
    _base_.train_pipeline[:2] + bank + _base_.train_pipeline[2:-1] + pack)
val_pipeline = (
    _base_.val_pipeline[:2] + bank + _base_.val_pipeline[2:-1] + pack)
tta = _base_.tta_pipeline[-1]
tta_pipeline = val_pipeline[:-1] + [
    dict(tta, transforms=[tta.transforms[0], pack])
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = val_dataloader
del bank, pack, tta
