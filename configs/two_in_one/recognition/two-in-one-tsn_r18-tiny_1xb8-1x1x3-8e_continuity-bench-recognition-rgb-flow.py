# Two-in-one TSN on the benchmark's recognition split (Table 4.1 right,
# two-in-one row): RGB frames modulated by their flow, one stream.
_base_ = [
    './_base_/models/tsn_r18-tiny_two-in-one.py',
    './_base_/datasets/continuity-bench-recognition-rgb-flow_tsn.py',
    './_base_/schedules/sgd_8e.py'
]
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
