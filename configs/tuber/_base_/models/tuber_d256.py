# The TubeR transformer and heads of the thesis (Sec. 6.4.1): d = 256, 8 heads,
# FFN 2048, dropout 0.1, 15 tubelet queries, tubelet attention, DETR box MLP
# with the action switch, short-term context classification head, losses
# with lambda = (1, 5, 2, 2). A config adds the backbone (`backbone`,
# `in_channels`), `num_frames`, the encoder/decoder depth and the classes.
embed_dims = 256
transformer_layer = dict(
    embed_dims=embed_dims, num_heads=8, feedforward_channels=2048, dropout=0.1)
model = dict(
    type='TubeR',
    num_queries=15,
    embed_dims=embed_dims,
    query_mode='tubelet',
    positional_encoding=dict(
        type='SinePositionalEncoding3D', num_feats=(64, 96, 96)),
    encoder=dict(type='TubeREncoder', layer_cfg=transformer_layer),
    decoder=dict(
        type='TubeRDecoder',
        layer_cfg=dict(attn_mode='tubelet', **transformer_layer)),
    bbox_head=dict(type='TubeletBoxHead', num_fcs=3),
    cls_head=dict(
        type='TubeletClsHead',
        context='short',
        num_heads=8,
        feedforward_channels=2048,
        dropout=0.1),
    criterion=dict(type='TubeletCriterion'),
    data_preprocessor=dict(
        type='TubeletDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        pad_size_divisor=32))
# the 2-view test (tools/test.py --tta) merges the tubelets of the views
tta_model = dict(type='TubeRTTAModel', iou_thr=0.5)
