"""MMEngine metric wrappers: registration and hand-computed results."""
import pickle

import numpy as np
import pytest
import torch

pytest.importorskip('mmaction')
pytest.importorskip('mmpretrain')
pytest.importorskip('mmseg')

from mmaction.registry import METRICS as ACTION_METRICS  # noqa: E402
from mmpretrain.registry import METRICS as PRETRAIN_METRICS  # noqa: E402
from mmseg.registry import METRICS as SEG_METRICS  # noqa: E402

from mmcontinuity.evaluation import metrics  # noqa: E402,F401

BOX = [10., 10., 49., 49.]


def act_gt(path):
    """Two 8-frame videos: v1 class 0 and v2 class 1 on all frames."""
    tube = np.column_stack([np.arange(1, 9), np.tile(BOX, (8, 1))])
    gt = dict(labels=['a', 'b'], gttubes={'v1': {0: [tube]},
                                          'v2': {1: [tube]}},
              nframes={'v1': 8, 'v2': 8}, train_videos=[[]],
              test_videos=[['v1', 'v2']],
              resolution={'v1': (100, 100), 'v2': (100, 100)})
    with open(path, 'wb') as f:
        pickle.dump(gt, f)
    return str(path)


def tuber_clip(video, frames, label, switch=None):
    t = len(frames)
    scores = torch.full((1, 2), 0.05)
    scores[0, label] = 0.9
    return dict(video_id=video, pred_instances=dict(
        bboxes=torch.tensor(BOX).repeat(1, t, 1),
        switch_scores=torch.ones(1, t) if switch is None else
        torch.tensor([switch], dtype=torch.float32),
        scores=scores, frame_inds=np.array(frames)))


def run(metric, samples):
    metric.process({}, samples)
    return metric.compute_metrics(metric.results)


class TestTubeletVideoMAP:

    def test_tuber_perfect(self, tmp_path):
        metric = ACTION_METRICS.build(dict(type='TubeletVideoMAP',
                                           ann_file=act_gt(tmp_path / 'g')))
        res = run(metric, [tuber_clip('v1', [5, 6, 7, 8], 0),
                           tuber_clip('v1', [1, 2, 3, 4], 0),
                           tuber_clip('v2', [1, 2, 3, 4], 1),
                           tuber_clip('v2', [5, 6, 7, 8], 1)])
        assert res['v-mAP@0.5'] == 100 and res['v-mAP@0.5:0.95'] == 100
        assert res['f-mAP@0.5'] == 100

    def test_tuber_switch_halves_the_tube(self, tmp_path):
        metric = ACTION_METRICS.build(dict(type='TubeletVideoMAP',
                                           ann_file=act_gt(tmp_path / 'g')))
        res = run(metric, [tuber_clip('v1', [1, 2, 3, 4], 0),
                           tuber_clip('v1', [5, 6, 7, 8], 0),
                           tuber_clip('v2', [1, 2, 3, 4], 1),
                           tuber_clip('v2', [5, 6, 7, 8], 1, [0] * 4)])
        # v2: tube on frames 1-4 only, temporal IoU 1/2: TP at 0.5 only
        assert res['v-mAP@0.5'] == 100 and res['v-mAP@0.75'] == 50
        # frames 5-8 of v2 are missed: class 1 frame AP = 1/2
        assert res['f-mAP@0.5'] == pytest.approx(75)

    def test_frame_linking(self, tmp_path):
        metric = ACTION_METRICS.build(dict(
            type='TubeletVideoMAP', ann_file=act_gt(tmp_path / 'g'),
            linking='frame', prefix='frame'))
        samples = []
        for video, label in (('v1', 0), ('v2', 1)):
            for f in range(1, 9):
                scores = torch.full((1, 2), 0.1)
                scores[0, label] = 0.9
                samples.append(dict(
                    video_id=video, frame_inds=np.array([f]),
                    pred_instances=dict(bboxes=torch.tensor([BOX]),
                                        scores=scores)))
        res = run(metric, samples)
        assert res['v-mAP@0.2'] == 100 and res['f-mAP@0.5'] == 100

    def test_act_linking(self, tmp_path):
        metric = ACTION_METRICS.build(dict(
            type='TubeletVideoMAP', ann_file=act_gt(tmp_path / 'g'),
            linking='act', link_cfg=dict(min_length=8)))
        samples = []
        for video, label in (('v1', 0), ('v2', 1)):
            for f in range(1, 8):  # K = 2 tubelets starting on frames 1-7
                scores = torch.full((1, 2), 0.2)
                scores[0, label] = 0.8
                samples.append(dict(
                    video_id=video, frame_inds=np.array([f, f + 1]),
                    pred_instances=dict(
                        bboxes=torch.tensor(BOX).repeat(1, 2, 1),
                        scores=scores)))
        res = run(metric, samples)
        assert res['v-mAP@0.75'] == 100

    def test_tube_nms_removes_a_duplicate_tube(self, tmp_path):
        """v1 and v2 both hold one class-0 actor; v1's clips carry the actor
        twice (scores .9 and .8), v2's once (.7). Without tube NMS the
        duplicate is a false positive ranked above v2's true positive:
        ACT AP = (.5 * (1 + 1) + .5 * (1/2 + 2/3)) / 2 = 19 / 24."""
        tube = np.column_stack([np.arange(1, 9), np.tile(BOX, (8, 1))])
        gt = dict(labels=['a', 'b'], gttubes={'v1': {0: [tube]},
                                              'v2': {0: [tube]}},
                  nframes={'v1': 8, 'v2': 8}, train_videos=[[]],
                  test_videos=[['v1', 'v2']],
                  resolution={'v1': (100, 100), 'v2': (100, 100)})
        with open(tmp_path / 'g', 'wb') as f:
            pickle.dump(gt, f)

        def clip(video, frames, class0_scores):
            n = len(class0_scores)
            scores = torch.zeros(n, 2)
            scores[:, 0] = torch.tensor(class0_scores)
            return dict(video_id=video, pred_instances=dict(
                bboxes=torch.tensor(BOX).repeat(n, 4, 1),
                switch_scores=torch.ones(n, 4), scores=scores,
                frame_inds=np.array(frames)))

        samples = [clip('v1', [1, 2, 3, 4], [.9, .8]),
                   clip('v1', [5, 6, 7, 8], [.9, .8]),
                   clip('v2', [1, 2, 3, 4], [.7, 0]),  # N = 2 everywhere
                   clip('v2', [5, 6, 7, 8], [.7, 0])]
        results = {}
        for thr in (None, 0.5):
            metric = ACTION_METRICS.build(dict(
                type='TubeletVideoMAP', ann_file=str(tmp_path / 'g'),
                tube_nms_thr=thr))
            results[thr] = run(metric, samples)
        assert results[None]['v-mAP@0.5'] == pytest.approx(100 * 19 / 24)
        assert results[0.5]['v-mAP@0.5'] == 100
        with pytest.raises(ValueError, match='tube_nms_thr'):
            ACTION_METRICS.build(dict(type='TubeletVideoMAP', ann_file='x',
                                      tube_nms_thr=2))

    def test_class_agnostic_tube_nms(self, tmp_path):
        """v1's actor does class 0 but its query scores class 1 higher (.8
        vs .6); v2's actor does class 1 (.9). Per class, v1's class-0 tube
        is class 0's only detection (AP 1) and class 1 ranks v2's true tube
        first (AP 1). Class-agnostic, v1's class-0 tube goes (same boxes as
        its class-1 tube): class 0 has no detection left (AP 0), 50."""
        ann_file = act_gt(tmp_path / 'g')

        def clip(video, frames, scores):
            return dict(video_id=video, pred_instances=dict(
                bboxes=torch.tensor(BOX).repeat(1, 4, 1),
                switch_scores=torch.ones(1, 4),
                scores=torch.tensor([scores]), frame_inds=np.array(frames)))

        samples = [clip(v, frames, scores)
                   for v, scores in (('v1', [.6, .8]), ('v2', [0., .9]))
                   for frames in ([1, 2, 3, 4], [5, 6, 7, 8])]
        results = {}
        for thr, agnostic in ((None, False), (0.5, False), (0.5, True)):
            for chunk in (1, 16):  # the NMS runs per chunk of videos
                metric = ACTION_METRICS.build(dict(
                    type='TubeletVideoMAP', ann_file=ann_file,
                    tube_nms_thr=thr, tube_nms_class_agnostic=agnostic,
                    chunk_videos=chunk))
                results[thr, agnostic, chunk] = \
                    run(metric, samples)['v-mAP@0.5']
        assert results == {(None, False, 1): 100, (None, False, 16): 100,
                           (0.5, False, 1): 100, (0.5, False, 16): 100,
                           (0.5, True, 1): 50, (0.5, True, 16): 50}
        with pytest.raises(ValueError, match='needs a tube_nms_thr'):
            ACTION_METRICS.build(dict(type='TubeletVideoMAP', ann_file='x',
                                      tube_nms_class_agnostic=True))
        with pytest.raises(TypeError, match='must be a bool'):
            ACTION_METRICS.build(dict(type='TubeletVideoMAP', ann_file='x',
                                      tube_nms_thr=0.5,
                                      tube_nms_class_agnostic='yes'))

    def test_wrong_corner_order(self, tmp_path):
        metric = ACTION_METRICS.build(dict(type='TubeletVideoMAP',
                                           ann_file=act_gt(tmp_path / 'g')))
        clip = tuber_clip('v1', [1, 2, 3, 4], 0)
        clip['pred_instances']['bboxes'][..., [0, 2]] = torch.tensor(
            [49., 10.])
        with pytest.raises(ValueError, match='x2 < x1'):
            run(metric, [clip])

    def test_unknown_video_and_bad_linking(self, tmp_path):
        metric = ACTION_METRICS.build(dict(type='TubeletVideoMAP',
                                           ann_file=act_gt(tmp_path / 'g')))
        with pytest.raises(KeyError, match='not in test split'):
            run(metric, [tuber_clip('v9', [1, 2, 3, 4], 0)])
        with pytest.raises(ValueError, match='linking'):
            ACTION_METRICS.build(dict(type='TubeletVideoMAP', ann_file='x',
                                      linking='viterbi'))


def test_davis_metric():
    gt = np.zeros((6, 20, 20), np.uint8)
    gt[:, 5:15, 5:15] = 1
    pred = gt.astype(np.float32)
    metric = ACTION_METRICS.build(dict(type='DAVISMetric'))
    res = run(metric, [
        dict(video_id='s', frame_inds=np.arange(4),
             pred_masks=torch.from_numpy(pred[:4]),
             gt_masks=torch.from_numpy(gt[:4])),
        dict(video_id='s', frame_inds=np.arange(2, 6),
             pred_masks=torch.from_numpy(pred[2:]),
             gt_masks=torch.from_numpy(gt[2:]))])
    assert res['J_mean'] == 100 and res['F_mean'] == 100
    with pytest.raises(ValueError, match='same shape'):
        metric.process({}, [dict(video_id='s', frame_inds=[0],
                                 pred_masks=np.zeros((1, 2, 2)),
                                 gt_masks=np.zeros((1, 3, 3)))])


def classified(top1, label, **meta):
    score = torch.zeros(3)
    score[top1] = 1
    return dict(pred_score=score, gt_label=torch.tensor([label]), **meta)


def test_corruption_error():
    metric = PRETRAIN_METRICS.build(dict(
        type='CorruptionError',
        reference_errors=dict(fog=[.5, .5], blur=[1., 1.])))
    samples = [classified(0, 0, corruption='fog', severity=1),
               classified(1, 0, corruption='fog', severity=1),
               classified(1, 0, corruption='fog', severity=2),
               classified(0, 0, corruption='blur', severity=1),
               classified(0, 0, corruption='blur', severity=2)]
    res = run(metric, samples)
    # fog errors 0.5, 1.0; blur errors 0, 0
    assert res['CE/fog'] == pytest.approx(75) and res['CE/blur'] == 0
    assert res['mCE'] == pytest.approx(37.5)
    assert res['nCE/fog'] == pytest.approx(150)
    assert res['mCE_normalized'] == pytest.approx(75)


def test_flip_rate():
    metric = PRETRAIN_METRICS.build(dict(type='FlipRate'))
    samples = [classified(p, 0, perturbation=kind, sequence_id=s,
                          frame_index=i)
               for kind, s, preds in (('rotate', 'a', [0, 1, 0]),
                                      ('gaussian_noise', 'b', [0, 1, 1]))
               for i, p in enumerate(preds)]
    res = run(metric, samples[::-1])
    assert res['FR/rotate'] == 100  # two flips of two
    assert res['FR/gaussian_noise'] == 100  # both differ from the first
    assert res['mFR'] == 100


def test_shift_consistency():
    metric = PRETRAIN_METRICS.build(dict(type='ShiftConsistency'))
    samples = [classified(0, 0, img_path='a'), classified(0, 0, img_path='a'),
               classified(1, 1, img_path='b'), classified(2, 1, img_path='b')]
    res = run(metric, samples)
    assert res['consistency'] == 50 and res['accuracy'] == 75
    with pytest.raises(ValueError, match='exactly two'):
        run(PRETRAIN_METRICS.build(dict(type='ShiftConsistency')),
            samples[:3])


def test_colorization_metric(monkeypatch):
    gt_ab = torch.zeros(2, 176, 176)
    pred_ab = torch.full((2, 176, 176), 5.1)
    lightness = torch.full((1, 176, 176), 60.0)
    rng = np.random.default_rng(0)
    samples_ab = torch.from_numpy(rng.uniform(-40, 40, (2, 2, 176, 176)))
    gt_seg = torch.zeros(1, 176, 176, dtype=torch.long)
    gt_seg[0, :88] = 1

    metric = SEG_METRICS.build(dict(type='ColorizationMetric',
                                    seg_model=dict(config='unused'),
                                    num_classes=2))
    # everything is segmented as class 1 (at half the resolution)
    monkeypatch.setattr(metric, 'predict_labels',
                        lambda rgb: torch.ones(88, 88, dtype=torch.long))
    res = run_batch(metric, lightness, dict(
        gt_ab=dict(data=gt_ab), pred_ab=dict(data=pred_ab),
        pred_ab_samples=samples_ab, gt_sem_seg=dict(data=gt_seg)))
    assert res['ab_rmse'] == pytest.approx(5.1)
    assert res['ab_psnr'] == pytest.approx(20 * np.log10(50))
    assert 0 < res['diversity_ms_ssim'] < 100
    # everything predicted as class 1: IoU 0 for class 0, 1/2 for class 1
    assert res['mIoU'] == pytest.approx(25)


def run_batch(metric, lightness, sample):
    metric.process(dict(inputs=[lightness]), [sample])
    return metric.compute_metrics(metric.results)


def test_tubelet_map_through_evaluator(tmp_path):
    """Real data elements through mmengine's Evaluator (to_dict path)."""
    from mmaction.structures import ActionDataSample
    from mmengine.evaluator import Evaluator
    from mmengine.registry import DefaultScope
    from mmengine.structures import InstanceData
    with DefaultScope.overwrite_default_scope('mmaction'):
        evaluator = Evaluator(dict(type='TubeletVideoMAP',
                                   ann_file=act_gt(tmp_path / 'g')))
    samples = []
    for video, label in (('v1', 0), ('v2', 1)):
        for frames in ([1, 2, 3, 4], [5, 6, 7, 8]):
            clip = tuber_clip(video, frames, label)['pred_instances']
            pred = InstanceData(metainfo=dict(frame_inds=np.array(frames)))
            pred.bboxes, pred.scores = clip['bboxes'], clip['scores']
            pred.switch_scores = clip['switch_scores']
            sample = ActionDataSample(metainfo=dict(video_id=video))
            sample.pred_instances = pred
            samples.append(sample)
    evaluator.process(samples)
    res = evaluator.evaluate(len(samples))
    assert res['tubelet/v-mAP@0.5:0.95'] == 100
    assert res['tubelet/f-mAP@0.5'] == 100
