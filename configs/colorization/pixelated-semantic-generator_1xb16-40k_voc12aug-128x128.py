# The purple+blue+green flow (Eq. 2.4, the thesis' model) at its sizes
# on Pascal VOC 2012 aug (L 128x128 in, ab 32x32 out).
_base_ = [
    './_base_/models/pixelated-semantic-generator.py',
    './_base_/datasets/voc12aug-colorization.py',
    './_base_/schedules/adam-ema_40k.py'
]
