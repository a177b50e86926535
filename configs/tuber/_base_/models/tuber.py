# The TubeR transformer and heads of the thesis (Sec. 6.4.1): d = 256, 8 heads,
# FFN 2048, dropout 0.1, 15 tubelet queries, tubelet attention, DETR box MLP
# with the action switch, short-term context classification head, losses
# with lambda = (1, 5, 2, 2); d is the positional encoding's width. The
# backbone bases (tuber_i3d-r50.py, tuber_ircsn-r50.py, tuber_r3d18-tiny.py)
# add the backbone (`backbone`, `in_channels`) and the encoder/decoder depth;
# a config adds the output frames T_out (`queries.num_frames`) and the
# classes.
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
embed_dims = 256
transformer_layer = dict(
    embed_dims=embed_dims, num_heads=8, feedforward_channels=2048, dropout=0.1)
model = dict(
    type='TubeR',
    queries=dict(type='TubeletQueries', num_queries=15),
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
