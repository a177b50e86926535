# Table 6.1f, w = 5: the long-term context of 11 adjacent 2.13 s clips
# (thesis: 23.5 s, 28.6 mAP), from the key frames nearest to t + k·2.13 s:
# t, ±2, ±4, ±6, ±9, ±11 s, 24.1 s in all. Otherwise the headline w = 3
# config, on its bank.
_base_ = ('../tuber-long-context-w3_ircsn-r50_ig65m-k400-pre_8xb2-32x2x1-20e_'
          'ava21-rgb.py')

window = 5
train_pipeline, val_pipeline, tta_pipeline = ([
    dict(step, window=window) if step.type == 'LoadFeatureBank' else step
    for step in p
] for p in (_base_.train_pipeline, _base_.val_pipeline, _base_.tta_pipeline))
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = test_dataloader = dict(dataset=dict(pipeline=val_pipeline))
