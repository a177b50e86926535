# Two-stream SSD300 on UCF101-24, union fusion (Table B.1): the mean-fusion
# config with the same RGB and flow SSD300 streams of ../, fused at test time.
_base_ = ['./two-stream-ssd300-mean-fusion_vgg16_in1k-pre_8xb4-120k_ucf24-rgb-flow.py']  # noqa: E501
model = dict(fusion='union')
