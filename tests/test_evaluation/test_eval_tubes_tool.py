"""tools/analysis/eval_tubes.py on tiny dumps of the three kinds."""
import importlib.util
import os.path as osp
import pickle
import sys

import numpy as np
import pytest

TOOL = osp.join(osp.dirname(__file__), '..', '..', 'tools', 'analysis',
                'eval_tubes.py')
BOX = [10., 10., 49., 49.]


@pytest.fixture(scope='module')
def tool():
    spec = importlib.util.spec_from_file_location('eval_tubes', TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write(path, obj):
    with open(path, 'wb') as f:
        pickle.dump(obj, f)
    return str(path)


@pytest.fixture
def gt_file(tmp_path):
    tube = np.column_stack([np.arange(1, 9), np.tile(BOX, (8, 1))])
    return write(tmp_path / 'gt.pkl', dict(
        labels=['a', 'b', 'c'], gttubes={'v1': {0: [tube]}, 'v2': {1: [tube]}},
        nframes={'v1': 8, 'v2': 8}, train_videos=[[]],
        test_videos=[['v1', 'v2']],
        resolution={'v1': (60, 60), 'v2': (60, 60)}))


def frame_dump():
    rows = {v: np.array([[f, c, .9, *BOX] for f in range(1, 9)])
            for v, c in (('v1', 0), ('v2', 1))}
    return dict(type='frame', detections=rows)


def tubelet_dump():
    rows = {v: np.array([[f, c, .8, *BOX, *BOX] for f in range(1, 8)])
            for v, c in (('v1', 0), ('v2', 1))}
    return dict(type='tubelet', detections=rows)


def tube_dump():
    tube = np.column_stack([np.arange(1, 5), np.tile(BOX, (4, 1))])
    return dict(type='tube', detections={'v1': [(0, .7, tube)],
                                         'v2': [(1, .6, tube)]})


@pytest.mark.parametrize('dump, extra, expected', [
    (frame_dump, [], {'v-mAP@0.75': 100.0, 'f-mAP@0.5': 100.0}),
    (tubelet_dump, ['--link-cfg', 'min_length=8'], {'v-mAP@0.75': 100.0}),
    # tubes cover frames 1-4 of 8: temporal IoU 1/2
    (tube_dump, [], {'v-mAP@0.5': 100.0, 'v-mAP@0.75': 0.0,
                     'f-mAP@0.5': 50.0}),
])
def test_kinds(tool, gt_file, tmp_path, capsys, monkeypatch, dump, extra,
               expected):
    det_file = write(tmp_path / 'det.pkl', dump())
    monkeypatch.setattr(sys, 'argv', ['eval_tubes.py', det_file, gt_file,
                                      *extra])
    tool.main()
    out = capsys.readouterr().out
    for key, value in expected.items():
        assert f'{key}: {value:.2f}' in out


def test_plot_and_errors(tool, gt_file, tmp_path, monkeypatch):
    pytest.importorskip('matplotlib')
    det_file = write(tmp_path / 'det.pkl', tube_dump())
    monkeypatch.setattr(sys, 'argv', ['eval_tubes.py', det_file, gt_file,
                                      '--iou-thrs', '0.5', '--plot',
                                      str(tmp_path / 'pr')])
    tool.main()
    assert (tmp_path / 'pr' / 'video_pr_iou0.5.png').stat().st_size > 0
    assert (tmp_path / 'pr' / 'frame_pr.png').exists()
    with pytest.raises(ValueError, match="'type'"):
        tool.check_detections(dict(type='boxes'), ['v1'])
    with pytest.raises(KeyError, match='not in the evaluated split'):
        tool.check_detections(dict(type='tube', detections={'v9': []}),
                              ['v1'])
    with pytest.raises(ValueError, match='KEY=VALUE'):
        tool.parse_link_cfg(['alpha'])
