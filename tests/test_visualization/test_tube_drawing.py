"""Drawing of tubes and writing of GIF/MP4 files."""
import cv2
import numpy as np
import pytest
from PIL import Image

from mmcontinuity.visualization import (GT_COLOUR, draw_tubes, tube_colour,
                                        write_video)


def test_tube_colours_distinct():
    colours = [tube_colour(i) for i in range(64)]
    assert len(set(colours)) == 64
    assert tube_colour(5) == colours[5]
    assert all(0 <= c <= 255 for rgb in colours for c in rgb)
    # consecutive ids are far apart
    diffs = [np.abs(np.subtract(a, b)).sum()
             for a, b in zip(colours, colours[1:])]
    assert min(diffs) > 100
    with pytest.raises(ValueError):
        tube_colour(-1)


def test_draw_tubes_box_pixels():
    frames = [np.zeros((40, 50, 3), np.uint8) for _ in range(3)]
    tubes = [dict(id=3, frames=[2, 3], boxes=[[5, 6, 20, 30],
                                              [10, 10, 30, 25]]),
             dict(id=4, frames=[3], boxes=[[35, 2, 45, 12]])]
    out = draw_tubes(frames, tubes, thickness=1)
    assert len(out) == 3 and all(f.shape == (40, 50, 3) for f in out)
    assert not any(f.any() for f in frames), 'inputs are not modified'
    assert not out[0].any(), 'no tube on frame 1'
    c3, c4 = tube_colour(3), tube_colour(4)
    assert tuple(out[1][6, 12]) == c3 and tuple(out[1][18, 5]) == c3
    assert tuple(out[1][30, 20]) == c3
    assert not out[1][18, 12].any(), 'the box is not filled'
    assert not out[1][:, 21:].any() and not out[1][31:].any()
    assert tuple(out[2][10, 20]) == c3 and tuple(out[2][12, 40]) == c4
    assert not out[2][6, 5].any()

    # scale 2 with a label and a ground-truth box; frame ids other than 1..N
    gt = [dict(frames=[7], boxes=[[0, 0, 24, 19]], text='GT a')]
    big = draw_tubes(frames[:2], [dict(tubes[0], text='run 0.90')],
                     frame_ids=[7, 2], gt_tubes=gt, scale=2, thickness=1)
    assert big[0].shape == (80, 100, 3)
    assert tuple(big[0][0, 0]) == GT_COLOUR
    assert not big[0][20:, 50:].any()
    assert tuple(big[1][30, 40]) == c3 and tuple(big[1][60, 25]) == c3
    assert (big[1][:12] == c3).all(-1).sum() > 20, 'label strip above box'
    with pytest.raises(ValueError, match='frame ids'):
        draw_tubes(frames, tubes, frame_ids=[1, 2])
    with pytest.raises(ValueError, match='boxes'):
        draw_tubes(frames, [dict(id=0, frames=[1, 2], boxes=[[0, 0, 1, 1]])])


@pytest.mark.parametrize('ext', ['.gif', '.mp4'])
def test_write_video(tmp_path, ext):
    frames = [np.full((32, 48, 3), 20 * i, np.uint8) for i in range(6)]
    path = str(tmp_path / 'sub' / f'v{ext}')
    write_video(path, frames, fps=4)
    if ext == '.gif':
        with Image.open(path) as gif:
            assert gif.n_frames == 6 and gif.size == (48, 32)
            assert gif.info['duration'] == 250
            gif.seek(3)
            assert np.abs(np.asarray(gif.convert('RGB')).astype(int)
                          - 60).max() <= 2
    else:
        cap = cv2.VideoCapture(path)
        read = []
        while True:
            ok, img = cap.read()
            if not ok:
                break
            read.append(img)
        cap.release()
        assert len(read) == 6 and read[0].shape == (32, 48, 3)


def test_write_video_errors(tmp_path):
    frame = np.zeros((8, 8, 3), np.uint8)
    with pytest.raises(ValueError, match='extension'):
        write_video(str(tmp_path / 'v.avi'), [frame])
    with pytest.raises(ValueError, match='no frames'):
        write_video(str(tmp_path / 'v.gif'), [])
    with pytest.raises(ValueError, match='differ in size'):
        write_video(str(tmp_path / 'v.gif'),
                    [frame, np.zeros((9, 8, 3), np.uint8)])
