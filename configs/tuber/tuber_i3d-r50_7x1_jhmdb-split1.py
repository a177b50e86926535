# TubeR I3D-R50 7x1 on J-HMDB-21 split 1 (Table 6.4): as on UCF101-24,
# 3 + 3 layers, dense tubelets. Splits 2 and 3:
# tuber_i3d-r50_7x1_jhmdb-split{2,3}.py; 16 and 32 frames:
# tuber_i3d-r50_{16,32}x1_jhmdb-split1.py.
_base_ = ['./tuber_i3d-r50_7x1_ucf24.py']

split = 1
num_classes = 21
data_root = 'data/jhmdb/'
ann_file = data_root + 'JHMDB-GT.pkl'
data_prefix = dict(img=data_root + 'Frames')
filename_tmpl = '{:05d}.png'

model = dict(cls_head=dict(num_classes=num_classes))
train_dataloader = dict(
    dataset=dict(
        ann_file=ann_file,
        data_prefix=data_prefix,
        filename_tmpl=filename_tmpl,
        split=split))
val_dataloader = dict(
    dataset=dict(
        ann_file=ann_file,
        data_prefix=data_prefix,
        filename_tmpl=filename_tmpl,
        split=split))
test_dataloader = val_dataloader
val_evaluator = dict(ann_file=ann_file, split=split)
test_evaluator = val_evaluator
# J-HMDB is about 10x smaller than UCF101-24: fewer epochs
train_cfg = dict(max_epochs=12)
