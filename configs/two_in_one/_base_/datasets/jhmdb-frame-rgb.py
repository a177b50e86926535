# J-HMDB-21 (ACT's JHMDB-GT.pkl, frames and BroxFlow images `FlowBrox04`),
# split 1, with the pipelines and metric of UCF101-24's. Splits 2 and 3 set
# `split` (1-based) in their configs.
_base_ = ['./ucf24-frame-rgb.py']

num_classes = 21
data_root = 'data/jhmdb/'
ann_file = data_root + 'JHMDB-GT.pkl'
data_prefix = dict(img=data_root + 'Frames')
filename_tmpl = '{:05d}.png'
split = 1
dataset = dict(
    ann_file=ann_file,
    data_prefix=data_prefix,
    filename_tmpl=filename_tmpl,
    split=split)
train_dataloader = dict(dataset=dataset)
val_dataloader = dict(dataset=dataset)
test_dataloader = val_dataloader
val_evaluator = dict(ann_file=ann_file, split=split)
test_evaluator = val_evaluator
del dataset
