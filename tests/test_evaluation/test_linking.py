"""Tube building: online linking, Viterbi trimming, ACT linking, stitching."""
import numpy as np
import pytest

from mmcontinuity.evaluation.functional import (link_frame_detections,
                                                link_tubelets, stitch_tubelets,
                                                tubelet_nms, viterbi_trim)

BOX = np.array([0., 0, 9, 9])
FAR = np.array([50., 50, 59, 59])


def frames_of(tubes, i):
    return tubes.tube(i)[:, 0].astype(int).tolist()


class TestViterbi:

    @pytest.mark.parametrize('alpha, expected', [(3.0, [1, 1, 1, 1, 1]),
                                                 (0.1, [1, 1, 0, 1, 1])])
    def test_dip(self, alpha, expected):
        # all action: 3.6 + 0.1 = 3.7; dip as background: 4.5 - 2 * alpha
        labels = viterbi_trim([.9, .9, .1, .9, .9], np.array([0, 5]), alpha)
        assert labels.astype(int).tolist() == expected

    def test_trims_ends_of_packed_tubes(self):
        # tube 0: bg, bg, act x3 (4.0) beats all action (2.9), all bg (2.1)
        scores = [.1, .1, .9, .9, .9, .2, .3]
        labels = viterbi_trim(scores, np.array([0, 5, 7]), 0.5)
        assert labels.astype(int).tolist() == [0, 0, 1, 1, 1, 0, 0]


class TestOnlineLinking:

    def make(self, num_frames, boxes_per_frame):
        """One stream; boxes_per_frame[t] = list of (box, score)."""
        d = max(len(b) for b in boxes_per_frame)
        boxes = np.tile(BOX, (1, num_frames, d, 1))
        scores = np.zeros((1, num_frames, d))
        valid = np.zeros((1, num_frames, d), bool)
        for t, dets in enumerate(boxes_per_frame):
            for j, (box, score) in enumerate(dets):
                boxes[0, t, j], scores[0, t, j], valid[0, t, j] = box, score, 1
        return boxes, scores, valid

    def test_track_and_clutter(self):
        boxes, scores, valid = self.make(6, [[(BOX + t, .8), (FAR, .3)]
                                             for t in range(6)])
        out = link_frame_detections(boxes, scores, [7], valid)
        assert len(out) == 1 and out.label[0] == 7 and out.video[0] == 0
        assert frames_of(out, 0) == [1, 2, 3, 4, 5, 6]
        assert out.score[0] == pytest.approx(.8)
        np.testing.assert_allclose(out.boxes[-1], BOX + 5)

    def test_short_gap_is_interpolated(self):
        seq = [[(BOX, .9)], [(BOX + 2, .9)], [], [(BOX + 6, .6)]]
        boxes, scores, valid = self.make(4, seq)
        out = link_frame_detections(boxes, scores, [0], valid, max_misses=2)
        assert len(out) == 1 and frames_of(out, 0) == [1, 2, 3, 4]
        np.testing.assert_allclose(out.boxes[2], BOX + 4)
        assert out.score[0] == pytest.approx((.9 + .9 + .75 + .6) / 4)

    def test_long_gap_splits(self):
        seq = [[(BOX, .9)], [], [], [(BOX, .9)]]
        boxes, scores, valid = self.make(4, seq)
        out = link_frame_detections(boxes, scores, [0], valid, max_misses=2)
        assert sorted(frames_of(out, i) for i in range(2)) == [[1], [4]]

    def test_best_scoring_candidate_and_no_detections(self):
        seq = [[(BOX, .9)], [(BOX + 1, .6), (BOX + 2, .95)]]
        boxes, scores, valid = self.make(2, seq)
        out = link_frame_detections(boxes, scores, [0], valid, alpha=10)
        first = [i for i in range(len(out)) if out.tube(i)[0, 0] == 1][0]
        np.testing.assert_allclose(out.tube(first)[1, 1:], BOX + 2)
        empty = link_frame_detections(boxes, scores, [0], valid & False)
        assert len(empty) == 0

    def test_shape_errors(self):
        with pytest.raises(ValueError, match=r'\(B, T, D\)'):
            link_frame_detections(np.zeros((1, 2, 3, 4)), np.zeros((1, 2)),
                                  [0])
        bad = np.tile([9., 0, 0, 9], (1, 1, 1, 1))
        with pytest.raises(ValueError, match='x2 < x1'):
            link_frame_detections(bad, np.ones((1, 1, 1)), [0])
        box = np.tile(BOX, (1, 1, 1, 1))
        with pytest.raises(ValueError, match=r'\[0, 1\]'):
            link_frame_detections(box, np.full((1, 1, 1), 2.0), [0])
        with pytest.raises(ValueError, match='iou_thr'):
            link_frame_detections(box, np.ones((1, 1, 1)), [0], iou_thr=0)


class TestACTLinking:

    def test_nms(self):
        boxes = np.array([[[BOX, BOX], [BOX + 1, BOX + 1], [FAR, FAR]]])
        keep = tubelet_nms(boxes, np.array([[.5, .9, .1]]),
                           np.ones((1, 3), bool), 0.3, top_k=10)
        assert keep.tolist() == [[False, True, True]]
        keep = tubelet_nms(boxes, np.array([[.5, .9, .1]]),
                           np.ones((1, 3), bool), 0.3, top_k=1)
        assert keep.tolist() == [[False, True, False]]

    def test_link_average_and_filters(self):
        # K = 2; step 0 covers frames 1-2, step 1 covers frames 2-3
        boxes = np.zeros((1, 2, 1, 2, 4))
        boxes[0, 0, 0] = [[0, 0, 10, 10], [2, 0, 12, 10]]
        boxes[0, 1, 0] = [[4, 0, 14, 10], [6, 0, 16, 10]]
        scores = np.array([[[.6], [.8]]])
        out = link_tubelets(boxes, scores, [2], min_length=3)
        assert len(out) == 1 and out.label[0] == 2
        assert frames_of(out, 0) == [1, 2, 3]
        np.testing.assert_allclose(out.boxes, [[0, 0, 10, 10], [3, 0, 13, 10],
                                               [6, 0, 16, 10]])
        assert out.score[0] == pytest.approx(.7)
        assert len(link_tubelets(boxes, scores, [2])) == 0  # min_length 15
        assert len(link_tubelets(boxes, scores, [2], min_length=1,
                                 min_score=.75)) == 0

    def test_no_shared_frame_link_and_end(self):
        # K = 1 tubelets: step 2 is missing, so the tube ends after step 1
        boxes = np.tile(BOX, (1, 4, 1, 1, 1))
        valid = np.array([[[1], [1], [0], [1]]], bool)
        out = link_tubelets(boxes, np.full((1, 4, 1), .5), [0], valid,
                            min_length=1)
        assert sorted(frames_of(out, i) for i in range(len(out))) == \
            [[1, 2], [4]]


class TestStitching:

    def test_shared_frames_and_switch(self):
        frame_inds = np.array([[[1, 2, 3, 4], [3, 4, 5, 6], [7, 8, 9, 10]]])
        boxes = np.tile(BOX, (1, 3, 2, 4, 1))
        boxes[0, :, 1] = FAR
        boxes[0, 1, 0, :2] = BOX + 2  # frames 3, 4 of clip 1: shifted by 2
        switch = np.ones((1, 3, 2, 4))
        switch[0, 2, 0, 2:] = 0  # action ends after frame 8
        scores = np.zeros((1, 3, 2, 2))
        scores[0, :, 0, 1] = [.9, .6, .9]
        scores[0, :, 1, 0] = .01  # below score_thr: no tube
        out = stitch_tubelets(frame_inds, boxes, switch, scores)
        assert len(out) == 1 and out.label[0] == 1 and out.video[0] == 0
        assert frames_of(out, 0) == list(range(1, 9))
        np.testing.assert_allclose(out.boxes[2], BOX + 1)  # mean of clips
        # per-frame class scores .9 .9 .75 .75 .6 .6 .9 .9
        assert out.score[0] == pytest.approx(np.mean([.9, .9, .75, .75, .6,
                                                      .6, .9, .9]))

    def test_gap_and_padding(self):
        frame_inds = np.array([[[1, 3], [5, 7]], [[1, 3], [0, 0]]])
        boxes = np.tile(BOX, (2, 2, 1, 2, 1))
        boxes[0, 1, 0] = BOX + 2  # IoU with the clip before: 64 / 136
        scores = np.full((2, 2, 1, 1), .5)
        out = stitch_tubelets(frame_inds, boxes, np.ones((2, 2, 1, 2)),
                              scores, clip_valid=[[1, 1], [1, 0]])
        by_video = {int(v): i for i, v in enumerate(out.video)}
        assert frames_of(out, by_video[0]) == list(range(1, 8))
        np.testing.assert_allclose(out.boxes[out.ptr[by_video[0]] + 3],
                                   BOX + 1)  # frame 4 between 3 and 5
        assert frames_of(out, by_video[1]) == [1, 2, 3]

    def test_switch_alpha_bridges_a_noisy_switch(self):
        """Switch on, off for one frame, on: two tubes by threshold, one
        with a Viterbi penalty larger than the cost of the dip; a long
        off-run still cuts the tube."""
        frame_inds = np.array([[[1, 2, 3, 4, 5, 6, 7, 8]]])
        boxes = np.tile(BOX, (1, 1, 1, 8, 1))
        switch = np.array([[[[.9, .9, .9, .4, .9, .9, .1, .1]]]])
        scores = np.full((1, 1, 1, 1), .5)
        cut = stitch_tubelets(frame_inds, boxes, switch, scores)
        assert sorted(frames_of(cut, i) for i in range(len(cut))) == \
            [[1, 2, 3], [5, 6]]
        bridged = stitch_tubelets(frame_inds, boxes, switch, scores,
                                  switch_alpha=0.5)
        assert len(bridged) == 1
        assert frames_of(bridged, 0) == [1, 2, 3, 4, 5, 6]
        # the threshold moves the decision: at 0.3 frame 4 is on anyway
        low = stitch_tubelets(frame_inds, boxes, switch, scores,
                              switch_thr=0.3, switch_alpha=0.05)
        assert frames_of(low, 0) == [1, 2, 3, 4, 5, 6]

    def test_repeated_frames_of_a_padded_clip(self):
        """A 3-frame video in one 4-frame clip (frame 3 repeated): one box
        per frame, the repeated frame averaged."""
        boxes = np.tile(BOX, (1, 1, 1, 4, 1))
        boxes[0, 0, 0, 3] = BOX + 2
        out = stitch_tubelets(np.array([[[1, 2, 3, 3]]]), boxes,
                              np.ones((1, 1, 1, 4)), np.full((1, 1, 1, 1), .5))
        assert len(out) == 1 and frames_of(out, 0) == [1, 2, 3]
        np.testing.assert_allclose(out.boxes[2], BOX + 1)

    def test_errors(self):
        with pytest.raises(ValueError, match='inconsistent clip shapes'):
            stitch_tubelets(np.zeros((1, 1, 2)), np.zeros((1, 1, 1, 3, 4)),
                            np.zeros((1, 1, 1, 3)), np.zeros((1, 1, 1, 2)))
        with pytest.raises(ValueError, match='must not decrease'):
            stitch_tubelets(np.array([[[2, 1]]]), np.zeros((1, 1, 1, 2, 4)),
                            np.zeros((1, 1, 1, 2)), np.zeros((1, 1, 1, 2)))
