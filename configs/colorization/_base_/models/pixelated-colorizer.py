# Pixelated colorization, the purple flow of Fig. 2.2 (Eq. 2.2): the colour
# embedding f_theta (Table 2.1: shared bottom 64/128/256 channels, two
# gated residual blocks each, 128x128 -> 32x32; dilated 512-channel layers,
# three blocks at dilations 2 and 4; a 160-channel embedding) conditions a
# gated PixelCNN g_omega over the 32x32 ab map. L_emb and L_gen are
# discretized mixtures of 10 logistics, weights lambda_1 = lambda_3 = 1
# (Eq. 2.6). Prediction draws two colorizations per input: the first is
# the one scored (Table 2.3 samples one), the pair gives the MS-SSIM
# diversity (Fig. 2.11 compares two outputs of the same gray input).
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
mixture = dict(type='DiscretizedMixLogisticLoss', num_mixtures=10)
model = dict(
    type='PixelatedColorizer',
    data_preprocessor=dict(
        type='ImgDataPreprocessor', mean=[50.0], std=[50.0]),
    bottom=dict(
        type='ColorEmbeddingBottom',
        channels=(64, 128, 256),
        num_blocks=(2, 2, 2)),
    embedding=dict(
        type='ColorEmbedding',
        channels=512,
        num_blocks=(3, 3),
        dilations=(2, 4),
        out_channels=160,
        loss=dict(mixture, loss_name='loss_emb', loss_weight=1.0)),
    generator=dict(
        type='ConditionalGatedPixelCNN',
        channels=128,
        num_layers=8,
        loss=dict(mixture, loss_name='loss_gen', loss_weight=1.0)),
    test_cfg=dict(num_samples=2, temperature=1.0))
del mixture
