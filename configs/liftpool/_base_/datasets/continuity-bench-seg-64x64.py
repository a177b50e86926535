# The `segmentation` split at half resolution: the whole 128x128 images
# resized to 64x64 for training and testing (digits of 20-35 pixels, the
# scale of the `classification` split's 32x32 digits the encoder was
# trained on; no crop cuts a digit), mIoU on the full-resolution class
# maps (mmseg resizes the logits back). No flips: a mirrored digit is
# another shape.
_base_ = ['./continuity-bench-seg.py']
train_pipeline = [
    dict(type='CheckedLoadImageFromFile'),
    dict(type='CheckedLoadAnnotations'),
    dict(type='Resize', scale=(64, 64)),
    dict(type='PackSegInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=(64, 64)),
    dict(type='LoadAnnotations'),
    dict(type='PackSegInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
