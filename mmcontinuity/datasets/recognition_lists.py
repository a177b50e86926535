"""mmaction2 list files from the official splits of UCF101, HMDB51 and
Kinetics-400 (mmaction2's own ``build_file_list.py`` is not part of its
wheel).

Output lines: ``<class>/<video>.<ext> <label>`` for ``VideoDataset`` and
``<class>/<video> <total_frames> <label>`` for ``RawframeDataset``; labels
are 0-based.
"""
import csv
import os
import os.path as osp
import re

from .bad_samples import BadAnnotationError, MissingFileError


def _read_rows(path, num_fields):
    """Whitespace-separated fields of the non-empty lines of a split file.

    Raises:
        MissingFileError: the file does not exist.
        BadAnnotationError: the file is empty, or a line (named by number)
            has fewer than ``num_fields`` fields.
    """
    if not osp.isfile(path):
        raise MissingFileError(f'split file not found: {path}', path)
    rows = []
    with open(path) as f:
        for num, line in enumerate(f, 1):
            fields = line.split()
            if not fields:
                continue
            if len(fields) < num_fields:
                raise BadAnnotationError(f'{path}:{num}: expected '
                                         f'{num_fields} fields, got '
                                         f'{line.strip()!r}', path)
            rows.append(fields)
    if not rows:
        raise BadAnnotationError(f'split file {path} is empty', path)
    return rows


def ucf101_splits(split_dir):
    """UCF101 ``ucfTrainTestlist`` folder -> (classes, splits).

    Returns:
        tuple: class names (``classInd.txt`` order) and
        ``{k: {'train': [(video, label)], 'test': [...]}}`` for k = 1, 2, 3,
        ``video`` as ``<Class>/v_<Class>_gXX_cYY.avi``.
    """
    classes = []
    for index, name, *_ in _read_rows(osp.join(split_dir, 'classInd.txt'), 2):
        if not index.isdigit() or int(index) != len(classes) + 1:
            raise BadAnnotationError(
                f'{split_dir}/classInd.txt: class indices must be 1..N in '
                f'order, got {index} {name}', split_dir)
        classes.append(name)
    splits = {}
    for k in (1, 2, 3):
        splits[k] = {}
        for subset in ('train', 'test'):
            path = osp.join(split_dir, f'{subset}list0{k}.txt')
            items = []
            for video, *_ in _read_rows(path, 1):
                name = video.split('/')[0]
                if name not in classes:
                    raise BadAnnotationError(f'{path}: unknown class {name!r} '
                                             f'of {video}', path)
                items.append((video, classes.index(name)))
            splits[k][subset] = items
    return classes, splits


def hmdb51_splits(split_dir):
    """HMDB51 ``testTrainMulti_7030_splits`` folder -> (classes, splits).

    Each ``<class>_test_split<k>.txt`` line is ``<video>.avi <id>`` with id 1
    for training, 2 for testing and 0 for unused. Classes are sorted by
    name; videos are returned as ``<class>/<video>.avi``.
    """
    pattern = re.compile(r'(.+)_test_split([123])\.txt$')
    found = [pattern.match(n) for n in sorted(os.listdir(split_dir))]
    classes = sorted({m.group(1) for m in found if m})
    if not classes:
        raise FileNotFoundError(f'no <class>_test_split<k>.txt file in '
                                f'{split_dir}')
    splits = {k: dict(train=[], test=[]) for k in (1, 2, 3)}
    for label, name in enumerate(classes):
        for k in (1, 2, 3):
            path = osp.join(split_dir, f'{name}_test_split{k}.txt')
            for video, flag, *_ in _read_rows(path, 2):
                if flag not in ('0', '1', '2'):
                    raise BadAnnotationError(f'{path}: split id must be 0, 1 '
                                             f'or 2, got {video} {flag}', path)
                if flag != '0':
                    subset = 'train' if flag == '1' else 'test'
                    splits[k][subset].append((f'{name}/{video}', label))
    return classes, splits


def kinetics_split(csv_file, classes=None):
    """Kinetics annotation CSV (``label,youtube_id,time_start,time_end,...``)
    -> (classes, [(video, label)]) with videos named
    ``<label>/<youtube_id>_<start:06d>_<end:06d>.mp4`` (spaces in class names
    become underscores). ``classes`` defaults to the sorted labels of the
    file; pass the training classes when reading the validation CSV."""
    with open(csv_file) as f:
        rows = list(csv.DictReader(f))
    missing = {'label', 'youtube_id', 'time_start', 'time_end'} - set(
        rows[0] if rows else {})
    if missing:
        raise ValueError(f'{csv_file} lacks the columns {sorted(missing)}')
    if classes is None:
        classes = sorted({r['label'].replace(' ', '_') for r in rows})
    items = []
    for row in rows:
        name = row['label'].replace(' ', '_')
        if name not in classes:
            raise ValueError(f'{csv_file}: unknown class {name!r}')
        video = (f'{name}/{row["youtube_id"]}_{int(row["time_start"]):06d}_'
                 f'{int(row["time_end"]):06d}.mp4')
        items.append((video, classes.index(name)))
    return classes, items


def list_lines(items, rawframe_root=None, frame_prefix='img_'):
    """List-file lines of ``(video, label)`` items.

    Args:
        items (list[tuple[str, int]]): videos relative to the video root.
        rawframe_root (str, optional): when given, write RawframeDataset
            lines: the frame folder is the video path without extension and
            its files starting with ``frame_prefix`` are counted under
            ``rawframe_root``.
        frame_prefix (str): file-name prefix of the RGB frames.

    Raises:
        FileNotFoundError: naming a frame folder that does not exist.
    """
    if rawframe_root is None:
        return [f'{video} {label}' for video, label in items]
    lines = []
    for video, label in items:
        folder = osp.splitext(video)[0]
        path = osp.join(rawframe_root, folder)
        if not osp.isdir(path):
            raise FileNotFoundError(f'frame folder of {video} not found: '
                                    f'{path}')
        total = sum(n.startswith(frame_prefix) for n in os.listdir(path))
        lines.append(f'{folder} {total} {label}')
    return lines
