"""The online linker's drop of tubes whose scores are all below 0.5 (the
reason of the benchmark's zero video-mAP for weak two-in-one / RGB
detectors, configs/two_in_one/README.md) is the temporal labelling's own
result, not an extra threshold: checked against viterbi_trim by brute force
over random tubes."""
import itertools

import numpy as np
import pytest

from mmcontinuity.evaluation.functional import (link_frame_detections,
                                                viterbi_trim)


def _best_labelling(scores, alpha):
    """argmax over all 2^T labellings of sum u(l_t) - alpha * #switches,
    u(1) = s_t, u(0) = 1 - s_t."""
    def energy(labels):
        unary = sum(s if lab else 1 - s for s, lab in zip(scores, labels))
        return unary - alpha * sum(a != b for a, b in zip(labels, labels[1:]))
    return max(itertools.product((0, 1), repeat=len(scores)), key=energy)


@pytest.mark.parametrize('alpha', [0.0, 0.5, 3.0])
def test_tubes_below_half_are_background_by_the_labelling(alpha):
    rng = np.random.default_rng(0)
    for _ in range(20):
        scores = rng.uniform(0, 0.5, size=6)
        assert not any(_best_labelling(scores, alpha))
        assert not viterbi_trim(scores, np.array([0, 6]), alpha).any()
    # one confident frame is enough for an action run when switches are
    # cheap: the cut does not remove tubes the labelling would keep
    scores = np.array([.2, .2, .95, .2])
    assert _best_labelling(scores, 0.1) == (0, 0, 1, 0)


def test_linker_output_matches_the_labelling():
    """A track scored 0.45 everywhere yields no tube; at 0.55, one tube."""
    box = np.array([0., 0, 9, 9])
    boxes = np.tile(box, (1, 5, 1, 1))
    for score, num in ((0.45, 0), (0.55, 1)):
        tubes = link_frame_detections(boxes, np.full((1, 5, 1), score), [0])
        assert len(tubes) == num
