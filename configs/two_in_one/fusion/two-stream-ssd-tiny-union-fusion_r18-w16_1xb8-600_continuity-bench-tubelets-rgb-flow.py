# Two-stream tiny SSD on the benchmark, union fusion (Table B.1; definitions
# in mmcontinuity/models/two_in_one/fusion.py): the mean-fusion config with
# the same streams, checkpoints and test command.
_base_ = [
    './two-stream-ssd-tiny-mean-fusion_r18-w16_1xb8-600_continuity-bench-tubelets-rgb-flow.py'  # noqa: E501
]
model = dict(fusion='union')
