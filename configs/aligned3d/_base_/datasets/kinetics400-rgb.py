# Kinetics-400 videos (mmaction2's VideoDataset, decord), lists of
# tools/data/build_recognition_lists.py kinetics400 ...
# (data/kinetics400/kinetics400_{train,val}_list_videos.txt); the UCF101
# pipelines on decoded frames; batch 64 = 8 GPUs x 8 (Sec. 5.4.1).
_base_ = ['./ucf101-split1-rgb.py']

data_root = 'data/kinetics400/'
num_classes = 400
train_pipeline = [
    dict(type='CheckedDecordInit'), _base_.train_pipeline[0],
    dict(type='DecordDecode'), *_base_.train_pipeline[2:]
]
test_pipeline = [
    dict(type='CheckedDecordInit'), _base_.test_pipeline[0],
    dict(type='DecordDecode'), *_base_.test_pipeline[2:]
]
train_dataloader, val_dataloader = (
    dict(
        batch_size=batch_size,
        dataset=dict(
            type='CheckedVideoDataset',
            ann_file=f'{data_root}kinetics400_{subset}_list_videos.txt',
            data_prefix=dict(video=f'{data_root}videos_{subset}'),
            pipeline=pipeline))
    for subset, batch_size, pipeline in (('train', 8, train_pipeline),
                                         ('val', 1, test_pipeline)))
test_dataloader = val_dataloader
