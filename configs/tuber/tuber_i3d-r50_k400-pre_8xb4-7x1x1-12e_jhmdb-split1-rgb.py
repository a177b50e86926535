# TubeR I3D-R50 7x1 on J-HMDB-21 split 1 (Table 6.4): as on UCF101-24,
# 3 + 3 layers, dense tubelets; J-HMDB is about 10x smaller than UCF101-24:
# 12 epochs. Splits 2 and 3: ..._jhmdb-split{2,3}-rgb.py; 16 and 32 frames:
# ..._8xb4-{16,32}x1x1-12e_jhmdb-split1-rgb.py.
_base_ = [
    './_base_/models/tuber_i3d-r50.py', './_base_/datasets/jhmdb-rgb.py',
    './_base_/schedules/adamw-plateau_20e.py'
]

model = dict(
    queries=dict(num_frames=_base_.clip_len),
    cls_head=dict(num_classes=_base_.num_classes))
train_cfg = dict(max_epochs=12)
