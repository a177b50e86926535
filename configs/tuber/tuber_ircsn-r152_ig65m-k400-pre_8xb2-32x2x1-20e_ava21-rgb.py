# TubeR with an irCSN-152 backbone on AVA v2.1, 32x2 clips (Table 6.2).
_base_ = ['./tuber_ircsn-r50_ig65m-k400-pre_8xb2-32x2x1-20e_ava21-rgb.py']

# Kinetics-400 fine-tuned irCSN-152 (IG-65M pre-trained) of mmaction2
pretrained = ('https://download.openmmlab.com/mmaction/v1.0/recognition/csn/'
              'ircsn_ig65m-pretrained-r152_8xb12-32x2x1-58e_kinetics400-rgb/'
              'ircsn_ig65m-pretrained-r152_8xb12-32x2x1-58e_kinetics400-rgb_'
              '20220811-c7a3cc5b.pth')
model = dict(
    init_cfg=dict(type='Pretrained', checkpoint=pretrained),
    backbone=dict(depth=152))
