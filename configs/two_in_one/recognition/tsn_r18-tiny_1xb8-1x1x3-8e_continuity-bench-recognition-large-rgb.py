# RGB-stream TSN of
# tsn_r18-tiny_1xb8-1x1x3-8e_continuity-bench-recognition-rgb.py
# on the benchmark's `recognition_large` split (make_continuity_bench.py
# --splits recognition_large): 120 train / 36 val videos of the same six
# motion classes, with an actor of 55 % of the frame's side (its silhouette
# covers about 11 % of the frame, 2.3 % in `recognition`). Same model,
# pipelines and schedule.
_base_ = [
    './tsn_r18-tiny_1xb8-1x1x3-8e_continuity-bench-recognition-'
    'rgb.py'
]

data_root = 'data/continuity_bench/recognition_large/'
train_dataloader, val_dataloader = (
    dict(
        dataset=dict(
            ann_file=data_root +
            f'recognition_large_{subset}_list_rawframes.txt',
            data_prefix=dict(img=data_root + 'rawframes')))
    for subset in ('train', 'val'))
test_dataloader = val_dataloader
