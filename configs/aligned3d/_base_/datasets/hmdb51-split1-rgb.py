# HMDB51 split 1 as RGB frames, lists of tools/data/build_recognition_lists.py
# hmdb51 ... --rawframes (data/hmdb51/hmdb51_{train,val}_split_1_
# rawframes.txt); the UCF101 pipelines.
_base_ = ['./ucf101-split1-rgb.py']

data_root = 'data/hmdb51/'
num_classes = 51
train_dataloader, val_dataloader = (
    dict(
        dataset=dict(
            ann_file=f'{data_root}hmdb51_{subset}_split_1_rawframes.txt',
            data_prefix=dict(img=data_root + 'rawframes')))
    for subset in ('train', 'val'))
test_dataloader = val_dataloader
