# TubeR with an irCSN-50 backbone (IG-65M + Kinetics-400) on AVA v2.1,
# 32-frame clips sampled every 2nd frame (Sec. 6.4.1, Table 6.2): 6 encoder
# + 6 decoder layers, d = 256, 15 tubelet queries, tubelet attention,
# short-term context head, action switch; T_out = 4 (sparse tubelets), the
# key-frame box interpolated between them.
_base_ = [
    './_base_/models/tuber_ircsn-r50.py', './_base_/datasets/ava21-rgb.py',
    './_base_/schedules/adamw-plateau_20e_ava.py'
]

model = dict(cls_head=dict(num_classes=_base_.num_classes))
