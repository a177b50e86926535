# Table 6.1d/f on the anchor-free model: the model of
# CONFIG = tuber-anchor-free-frame-local_r3d18-tiny_proposal-variant-pre_
#          1xb2-8x1x1-10k_continuity-bench-tubelets-rgb-flow.py
# (same frozen backbone, same initialisation) with the long-term context
# head on the backbone features (8 frames on the 7 x 7 grid) of the
# 2w+1 = 5 adjacent 8-frame clips around each clip (w = 2, 40 frames),
# compressed at each cell to 8, then 4 temporal tokens. Write the bank
# first from that trained model (every clip of the train and val
# dataloaders, through the test pipeline):
#   python tools/misc/extract_feature_bank.py configs/tuber/CONFIG CKPT \
#       data/continuity_bench/tubelets/feature_bank_rgb-flow \
#       --split train val
_base_ = [
    '../_base_/models/tuber_r3d18-tiny_rgb-flow.py',
    '../_base_/datasets/continuity-bench-tubelets-rgb-flow_feature-bank_96px.py',
    '../_base_/schedules/adamw-cosine_10k.py'
]

pretrained = ('work_dirs/tuber-demo_r3d18-tiny_1xb2-8x1x1-5k_'
              'continuity-bench-tubelets-rgb-flow/backbone.pth')
model = dict(
    backbone=dict(frozen_stages=3, norm_eval=True),
    queries=dict(num_frames=_base_.clip_len),
    decoder=dict(layer_cfg=dict(type='FrameLocalTubeRDecoderLayer')),
    cls_head=dict(
        num_classes=_base_.num_classes, context='long', bank_channels=64,
        num_long_tokens=(8, 4)),
    init_cfg=dict(type='Pretrained', checkpoint=pretrained))
