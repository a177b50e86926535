# The purple+blue+green flow (Eq. 2.4, the thesis' model) at its sizes
# on COCO-Stuff 10k (L 128x128 in, ab 32x32 out; 171 classes, see the
# data set base for the mapping from the thesis' 182).
_base_ = [
    './_base_/models/pixelated-semantic-generator.py',
    './_base_/datasets/coco-stuff10k-colorization.py',
    './_base_/schedules/adam-ema_40k.py'
]

model = dict(seg_head=dict(num_classes=171))
