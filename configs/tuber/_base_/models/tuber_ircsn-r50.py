# TubeR on mmaction2's irCSN-50 for AVA (Sec. 6.4.1, Table 6.2): 6 encoder +
# 6 decoder layers. CSN keeps its temporal stride 8: 32 input frames give
# T_out = 4 output boxes per tubelet (sparse tubelets); the key-frame box is
# interpolated between them (test_cfg.output='keyframe'). Sigmoid
# (multi-label) classes; a config adds `cls_head.num_classes`.
_base_ = ['./tuber.py']

# Kinetics-400 fine-tuned irCSN-50 (IG-65M pre-trained) of mmaction2; the
# recognizer checkpoint is loaded into TubeR, whose `backbone.` keys match
# (the recognizer's 400-class `cls_head.fc_cls` is skipped with a warning).
pretrained = ('https://download.openmmlab.com/mmaction/v1.0/recognition/csn/'
              'ircsn_ig65m-pretrained-r50-bnfrozen_8xb12-32x2x1-58e_'
              'kinetics400-rgb/ircsn_ig65m-pretrained-r50-bnfrozen_8xb12-'
              '32x2x1-58e_kinetics400-rgb_20220811-44395bae.pth')
model = dict(
    init_cfg=dict(type='Pretrained', checkpoint=pretrained),
    backbone=dict(
        type='ResNet3dCSN',
        pretrained2d=False,
        pretrained=None,
        depth=50,
        with_pool2=False,
        bottleneck_mode='ir',
        norm_eval=True,
        bn_frozen=True,
        zero_init_residual=False),
    in_channels=2048,
    queries=dict(num_frames=4),
    encoder=dict(num_layers=6),
    decoder=dict(num_layers=6),
    cls_head=dict(multi_label=True),
    test_cfg=dict(output='keyframe', inclusive_boxes=False))
