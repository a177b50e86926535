# DAVIS-2016 (data/DAVIS: JPEGImages/480p, Annotations/480p,
# ImageSets/480p/{train,val}.txt; 30 train / 20 val sequences), frames and
# masks resized to 530x300 (App. C.2), 8-frame clips (training clips every
# 4 frames, flipped at random); DAVIS J and F over the val sequences.
_base_ = ['./continuity-bench-davis.py']

data_root = 'data/DAVIS/'
resize = dict(type='TubeletResize', scale=(530, 300), keep_ratio=False)
train_pipeline = [
    *_base_.train_pipeline[:2], resize, *_base_.train_pipeline[2:]
]
test_pipeline = [*_base_.test_pipeline[:2], resize, _base_.test_pipeline[-1]]
train_dataloader = dict(
    batch_size=4,
    dataset=dict(data_root=data_root, pipeline=train_pipeline))
val_dataloader = dict(
    dataset=dict(data_root=data_root, pipeline=test_pipeline))
test_dataloader = val_dataloader
