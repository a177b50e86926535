# Two-stream TSN of
# two-stream-tsn_r18-tiny_1xb8-1x1x3-8e_continuity-bench-recognition-rgb-flow.py
# on the `recognition_large` split: the RGB and flow streams
# tsn_r18-tiny_1xb8-1x1x3-24e_continuity-bench-recognition-large-{rgb,flow}
# .py, each trained with tools/train.py, their class probabilities
# averaged.
_base_ = [
    './two-stream-tsn_r18-tiny_1xb8-1x1x3-8e_continuity-bench-recognition-'
    'rgb-flow.py'
]

data_root = 'data/continuity_bench/recognition_large/'
val_dataloader = dict(
    dataset=dict(
        ann_file=data_root + 'recognition_large_val_list_rawframes.txt',
        data_prefix=dict(img=data_root + 'rawframes')))
test_dataloader = val_dataloader
rgb_stream = ('tsn_r18-tiny_1xb8-1x1x3-24e_continuity-bench-recognition-'
              'large-rgb')
flow_stream = ('tsn_r18-tiny_1xb8-1x1x3-24e_continuity-bench-recognition-'
               'large-flow')
model = dict(
    rgb='{{fileDirname}}/' + rgb_stream + '.py',
    flow='{{fileDirname}}/' + flow_stream + '.py',
    rgb_checkpoint='work_dirs/' + rgb_stream + '/epoch_24.pth',
    flow_checkpoint='work_dirs/' + flow_stream + '/epoch_24.pth')
