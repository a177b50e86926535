# Flow-stream TSN on the benchmark's recognition split (Table 4.1 right,
# flow row): one flow frame per segment.
_base_ = [
    './_base_/models/tsn_r18-tiny_flow.py',
    './_base_/datasets/continuity-bench-recognition-flow_tsn.py',
    './_base_/schedules/sgd_8e.py'
]
custom_imports = dict(imports=['mmcontinuity'], allow_failed_imports=False)
