# RGB-stream TSN on the benchmark's recognition split (Table 4.1 right,
# RGB row, at a CPU's scale).
_base_ = [
    './_base_/models/tsn_r18-tiny.py',
    './_base_/datasets/continuity-bench-recognition-rgb_tsn.py',
    './_base_/schedules/sgd_8e.py'
]
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
