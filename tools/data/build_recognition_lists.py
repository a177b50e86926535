"""Write mmaction2 list files for the official recognition splits.

Examples::

    # UCF101 (3 splits) from ucfTrainTestlist/, mp4/avi lists
    python tools/data/build_recognition_lists.py ucf101 \\
        data/ucf101/ucfTrainTestlist data/ucf101
    # HMDB51 (3 splits), RawframeDataset lists (frames counted)
    python tools/data/build_recognition_lists.py hmdb51 \\
        data/hmdb51/testTrainMulti_7030_splits data/hmdb51 \\
        --rawframes data/hmdb51/rawframes
    # Kinetics-400 from the train/validate CSV files
    python tools/data/build_recognition_lists.py kinetics400 \\
        data/kinetics400/annotations data/kinetics400

Output files (mmaction2 names): ``<dataset>_{train,val}_split_<k>_
{videos,rawframes}.txt`` (UCF101, HMDB51) and ``kinetics400_{train,val}_
list_{videos,rawframes}.txt``, plus ``<dataset>_classes.txt``.
"""
import argparse
import os
import os.path as osp

from mmcontinuity.datasets.recognition_lists import (hmdb51_splits,
                                                     kinetics_split,
                                                     list_lines, ucf101_splits)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('dataset', choices=['ucf101', 'hmdb51', 'kinetics400'])
    parser.add_argument('split_dir', help='official split/annotation folder')
    parser.add_argument('out_dir', help='where the list files are written')
    parser.add_argument('--rawframes', help='frame root: write '
                        'RawframeDataset lists (frames are counted)')
    return parser.parse_args()


def _write(path, lines):
    with open(path, 'w') as f:
        f.writelines(f'{line}\n' for line in lines)
    print(f'{len(lines):7d} lines -> {path}')


def main():
    args = parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    kind = 'rawframes' if args.rawframes else 'videos'
    if args.dataset == 'kinetics400':
        classes, train = kinetics_split(osp.join(args.split_dir, 'train.csv'))
        _, val = kinetics_split(osp.join(args.split_dir, 'validate.csv'),
                                classes)
        subsets = {'train_list': train, 'val_list': val}
    else:
        read = ucf101_splits if args.dataset == 'ucf101' else hmdb51_splits
        classes, splits = read(args.split_dir)
        subsets = {f'{"val" if s == "test" else s}_split_{k}': items
                   for k, split in splits.items()
                   for s, items in split.items()}
    for name, items in subsets.items():
        _write(osp.join(args.out_dir, f'{args.dataset}_{name}_{kind}.txt'),
               list_lines(items, args.rawframes))
    _write(osp.join(args.out_dir, f'{args.dataset}_classes.txt'), classes)


if __name__ == '__main__':
    main()
