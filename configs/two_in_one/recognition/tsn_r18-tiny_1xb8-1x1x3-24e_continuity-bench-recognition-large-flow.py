# Flow-stream TSN of
# tsn_r18-tiny_1xb8-1x1x3-8e_continuity-bench-recognition-flow.py
# on the benchmark's `recognition_large` split (make_continuity_bench.py
# --splits recognition_large): 120 train / 36 val videos of the same six
# motion classes, with an actor of 55 % of the frame's side (its silhouette
# covers about 11 % of the frame, 2.3 % in `recognition`), trained three
# times as long: 24 epochs (360 iterations), the steps at epochs 18 and 22.
# At 8 epochs (120 iterations) the two-in-one TSN is still near chance here
# (README.md, "Recognition"). Same model and pipelines.
_base_ = [
    './tsn_r18-tiny_1xb8-1x1x3-8e_continuity-bench-recognition-'
    'flow.py'
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
max_epochs = 24
train_cfg = dict(max_epochs=max_epochs)
param_scheduler = [
    dict(_base_.param_scheduler[0], end=max_epochs, milestones=[18, 22])
]
default_hooks = dict(checkpoint=dict(interval=max_epochs))
