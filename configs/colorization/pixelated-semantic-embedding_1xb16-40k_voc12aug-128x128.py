# The purple+blue flow (Eq. 2.3, semantic embedding) at the thesis' sizes
# on Pascal VOC 2012 aug (L 128x128 in, ab 32x32 out).
_base_ = [
    './_base_/models/pixelated-semantic-embedding.py',
    './_base_/datasets/voc12aug-colorization.py',
    './_base_/schedules/adam-ema_40k.py'
]
