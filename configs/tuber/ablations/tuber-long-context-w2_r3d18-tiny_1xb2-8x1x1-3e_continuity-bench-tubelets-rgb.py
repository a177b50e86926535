# Table 6.1d/f on the built-in benchmark: the model of
# CONFIG = tuber_r3d18-tiny_1xb2-8x1x1-3e_continuity-bench-tubelets-rgb.py
# with the long-term context head, on the backbone features (8 frames on
# the 7 x 7 grid) of the 2w+1 = 5 adjacent 8-frame clips around each clip
# (w = 2, 40 frames), compressed at each cell to 8, then 4 temporal tokens.
# Write the bank first from that trained model (every clip of the train and
# val dataloaders, through the test pipeline):
#   python tools/misc/extract_feature_bank.py CONFIG CKPT \
#       data/continuity_bench/tubelets/feature_bank \
#       --split train val
_base_ = [
    '../_base_/models/tuber_r3d18-tiny_proposals.py',
    '../_base_/datasets/continuity-bench-tubelets-rgb_feature-bank.py',
    '../_base_/schedules/adamw-cosine_3e.py'
]

model = dict(
    queries=dict(num_frames=_base_.clip_len),
    cls_head=dict(
        num_classes=_base_.num_classes, context='long', bank_channels=64,
        num_long_tokens=(8, 4)))
