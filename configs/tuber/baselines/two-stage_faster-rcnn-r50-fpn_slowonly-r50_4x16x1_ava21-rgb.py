# Two-stage AVA baseline of the speed comparison (configs/tuber/README.md):
# mmdet's Faster R-CNN R50-FPN (COCO) finds persons on the key frame (score
# > 0.9, as mmaction2's spatio-temporal demo), mmaction2's SlowOnly-R50
# FastRCNN (4 frames 16 apart, Kinetics-400 pre-trained, AVA v2.1)
# classifies their actions. It reads the same 32x2 clips at short side 256
# as the irCSN-50 AVA v2.1 config and takes every 8th clip frame around
# the key frame (4 frames 16 video frames apart). Inference only.
_base_ = ['../tuber_ircsn-r50_ig65m-k400-pre_8xb2-32x2x1-20e_ava21-rgb.py']
custom_imports = dict(
    imports=['mmcontinuity', 'mmcontinuity.models.tuber.two_stage_baseline'],
    allow_failed_imports=False)

detector_checkpoint = (
    'https://download.openmmlab.com/mmdetection/v2.0/faster_rcnn/'
    'faster_rcnn_r50_fpn_2x_coco/faster_rcnn_r50_fpn_2x_coco_'
    'bbox_mAP-0.384_20200504_210434-a5d8aa15.pth')
action_checkpoint = (
    'https://download.openmmlab.com/mmaction/v1.0/detection/slowonly/'
    'slowonly_kinetics400-pretrained-r50_8xb16-4x16x1-20e_ava21-rgb/'
    'slowonly_kinetics400-pretrained-r50_8xb16-4x16x1-20e_ava21-rgb_'
    '20220906-953ef5fe.pth')
model = dict(
    _delete_=True,
    type='TwoStageActionDetector',
    detector=dict(config='mmdet::faster_rcnn/faster-rcnn_r50_fpn_2x_coco.py'),
    action_detector=dict(
        config='mmaction::detection/slowonly/slowonly_kinetics400-'
        'pretrained-r50_8xb16-4x16x1-20e_ava21-rgb.py'),
    detector_checkpoint=detector_checkpoint,
    action_checkpoint=action_checkpoint,
    det_scale=(1333, 800),
    det_score_thr=0.9,
    det_cat_id=0,
    action_clip_len=4,
    action_frame_stride=8,
    data_preprocessor=dict(type='TubeletDataPreprocessor'))

# inference only: no training loop
train_dataloader = None
train_cfg = None
optim_wrapper = None
param_scheduler = None
