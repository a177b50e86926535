# J-HMDB-21 (ACT's JHMDB-GT.pkl, RGB frames), split 1, with the clips,
# pipelines and metric of UCF101-24. The split is 1-based (1, 2 or 3).
_base_ = ['./ucf24-rgb.py']

num_classes = 21
split = 1
data_root = 'data/jhmdb/'
ann_file = data_root + 'JHMDB-GT.pkl'
data_prefix = dict(img=data_root + 'Frames')
filename_tmpl = '{:05d}.png'
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
