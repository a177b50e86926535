# Widths and depths of the tiny colorizers that train on a CPU in minutes
# (the built-in benchmark): not a model, variables that the benchmark
# configs merge into the three flows' models,
#   model = dict(_base_.tiny_model, seg_head=_base_.tiny_seg_head).
# Thesis sizes (Tables 2.1/2.2) in brackets.
tiny_model = dict(
    bottom=dict(channels=(8, 16, 32), num_blocks=(1, 1, 1)),  # 64-256, 2
    embedding=dict(channels=32, num_blocks=(1, 1),  # 512, (3, 3)
                   out_channels=32),  # 160
    generator=dict(channels=32, num_layers=4))  # 128, 8
tiny_seg_head = dict(channels=32, num_blocks=(1, 1),  # 512, (3, 3)
                     num_classes=11)  # background and ten digits
