# UCF-Sports (ACT's UCFSports-GT.pkl, frames and BroxFlow images
# `FlowBrox04`, 6-digit file names), its one train / test split, with the
# pipelines and metric of UCF101-24's.
_base_ = ['./ucf24-frame-rgb.py']

num_classes = 10
data_root = 'data/ucfsports/'
ann_file = data_root + 'UCFSports-GT.pkl'
data_prefix = dict(img=data_root + 'Frames')
filename_tmpl = '{:06d}.jpg'
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
