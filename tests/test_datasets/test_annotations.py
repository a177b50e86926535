"""Ground-truth readers of mmcontinuity.utils.annotations (ACT pickle, AVA
csv), used by the datasets and the metrics."""
import pickle

import numpy as np
import pytest

from mmcontinuity.utils.annotations import (GT_KEYS, load_act_gt,
                                            load_ava_tracks)


def test_ava_tracks_by_entity_sorted_in_time(tmp_path):
    csv = tmp_path / 'ava_val.csv'
    csv.write_text('vid,903,0.5,0.5,0.7,0.9,12,1\n'
                   'vid,902,0.1,0.2,0.3,0.4,12,1\n'
                   'vid,902,0.1,0.2,0.3,0.4,80,1\n'   # second action, same box
                   'vid,902,0.0,0.0,1.0,1.0,12,-1\n'  # no track
                   'other,905,0.2,0.2,0.4,0.4,5,0\n')
    tracks = load_ava_tracks(str(csv))
    assert sorted(tracks) == ['other', 'vid']
    assert list(tracks['vid']) == [1]
    times, boxes = tracks['vid'][1]
    np.testing.assert_array_equal(times, [902, 903])
    np.testing.assert_allclose(boxes, [[.1, .2, .3, .4], [.5, .5, .7, .9]])
    assert boxes.dtype == np.float32 and times.dtype == np.float64
    np.testing.assert_array_equal(tracks['other'][0][0], [905])


@pytest.mark.parametrize('row,match', [
    ('vid,902,0.1,0.2,0.3,0.4,12', r'ava\.csv:2: expected 8 fields'),
    ('vid,902,0.5,0.2,0.3,0.4,12,1', r'ava\.csv:2: box .* of video vid'),
    ('vid,902,0.1,0.2,0.3,1.4,12,1', r'ava\.csv:2: box'),
])
def test_ava_errors_name_file_and_line(tmp_path, row, match):
    csv = tmp_path / 'ava.csv'
    csv.write_text('vid,901,0.1,0.2,0.3,0.4,12,1\n' + row + '\n')
    with pytest.raises(ValueError, match=match):
        load_ava_tracks(str(csv))


def test_act_gt_keys_are_checked(tmp_path):
    gt = {key: {} for key in GT_KEYS}
    path = tmp_path / 'GT.pkl'
    path.write_bytes(pickle.dumps(gt))
    assert load_act_gt(str(path)) == gt
    del gt['resolution']
    path.write_bytes(pickle.dumps(gt))
    with pytest.raises(KeyError, match=r"lacks the keys \['resolution'\]"):
        load_act_gt(str(path))
    with pytest.raises(FileNotFoundError, match='nope.pkl'):
        load_act_gt(str(tmp_path / 'nope.pkl'))
