# TubeR irCSN-152 32x2 on AVA v2.2 (Table 6.3).
_base_ = ['./tuber_ircsn-r50_ig65m-k400-pre_8xb2-32x2x1-20e_ava22-rgb.py']

pretrained = ('https://download.openmmlab.com/mmaction/v1.0/recognition/csn/'
              'ircsn_ig65m-pretrained-r152_8xb12-32x2x1-58e_kinetics400-rgb/'
              'ircsn_ig65m-pretrained-r152_8xb12-32x2x1-58e_kinetics400-rgb_'
              '20220811-c7a3cc5b.pth')
model = dict(
    init_cfg=dict(type='Pretrained', checkpoint=pretrained),
    backbone=dict(depth=152))
