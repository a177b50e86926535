# Pixelated semantic embedding, the purple+blue flow of Fig. 2.2 (Eq. 2.3):
# the purple flow plus the segmentation branch h_phi (Table 2.2) on the
# shared bottom layers (512 channels, three gated residual blocks at
# dilation 2 twice, ASPP at 6/12/18 whose class scores are summed), trained
# with the pixel cross-entropy L_seg at lambda_2 = 100 (Eq. 2.6). 21
# classes (Pascal VOC); configs of other data sets set `num_classes`.
_base_ = ['./pixelated-colorizer.py']

model = dict(
    type='PixelatedSemanticEmbeddingColorizer',
    seg_head=dict(
        type='PixelatedSegHead',
        channels=512,
        num_blocks=(3, 3),
        dilations=(2, 2),
        aspp_dilations=(6, 12, 18),
        num_classes=21,
        loss_decode=dict(
            type='CrossEntropyLoss', loss_weight=100.0,
            loss_name='loss_seg')))
