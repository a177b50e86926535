# TubeR, tiny, with our convergence aids of two-stage DETRs (beyond the
# thesis; see TubeRWithProposals' docstring and configs/tuber/README.md):
# tubelet proposals from the encoder tokens of highest actorness as per-frame
# anchors, refined by each decoder layer, queries that start from the memory
# at their token, and dense switch / class losses on the proposals' tokens
# (weighing a fifth of the criterion's switch and class losses). Without
# them the tiny model's set prediction does not start from scratch within
# the CPU budget.
_base_ = ['./tuber_r3d18-tiny.py']

model = dict(
    type='TubeRWithProposals',
    query_selection=dict(
        type='TubeletQuerySelection',
        anchor_size=0.2,
        actorness_weight=1.,
        bbox_weight=2.,
        giou_weight=2.,
        switch_weight=0.2,
        cls_weight=1.))
