"""Plot one logged scalar of several MMEngine runs as curves (PNG).

Reads each run's ``vis_data/scalars.json`` (one JSON dict per line, written
by MMEngine's ``LocalVisBackend``: training lines carry ``iter``, validation
lines the metrics at ``step`` = the iteration of the validation for
iteration-based loops). Used for Fig. 2.10 of the thesis, the segmentation
validation loss of the three models of ``configs/colorization/fig2.10/``.

Example::

    python tools/analysis/plot_scalars.py \\
        work_dirs/fig2.10-joint work_dirs/fig2.10-pretrained \\
        work_dirs/fig2.10-scratch --key colorization/seg_loss \\
        --labels joint "from colorization" "from scratch" \\
        --out fig2.10.png
"""
import argparse
import glob
import json
import os.path as osp

import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('runs', nargs='+',
                        help='scalars.json files or work dirs (their latest '
                        '<timestamp>/vis_data/scalars.json)')
    parser.add_argument('--key', required=True,
                        help='scalar to plot, e.g. colorization/seg_loss')
    parser.add_argument('--labels', nargs='+',
                        help='one legend label per run (default: paths)')
    parser.add_argument('--title', default=None)
    parser.add_argument('--out', required=True, help='output PNG')
    return parser.parse_args()


def find_scalars(run):
    """``run`` itself if it is a file, else the scalars.json of the latest
    timestamped folder of the work dir ``run``."""
    if osp.isfile(run):
        return run
    found = sorted(glob.glob(osp.join(run, '*', 'vis_data', 'scalars.json')))
    if not found:
        raise FileNotFoundError(f'{run}: no */vis_data/scalars.json (is it '
                                'an MMEngine work dir?)')
    return found[-1]


def read_scalar(path, key):
    """``(steps, values)`` of every line of ``path`` that logs ``key``."""
    steps, values = [], []
    with open(path) as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f'{path}:{number}: not JSON ({err})')
            if key in record:
                steps.append(record.get('step', record.get('iter')))
                values.append(float(record[key]))
    if not values:
        raise KeyError(f'{path}: no line logs {key!r}')
    return steps, values


def plot_curves(curves, key, out, title=None):
    """Write ``curves`` (``{label: (steps, values)}``) as one PNG."""
    fig, ax = plt.subplots(figsize=(5, 3.5), dpi=120)
    for label, (steps, values) in curves.items():
        ax.plot(steps, values, marker='o', markersize=3, label=label)
    ax.set_xlabel('iteration')
    ax.set_ylabel(key)
    if title:
        ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)


def main():
    args = parse_args()
    labels = args.labels or args.runs
    if len(labels) != len(args.runs):
        raise ValueError(f'{len(labels)} labels for {len(args.runs)} runs')
    curves = {
        label: read_scalar(find_scalars(run), args.key)
        for label, run in zip(labels, args.runs)
    }
    plot_curves(curves, args.key, args.out, args.title)
    for label, (steps, values) in curves.items():
        print(f'{label}: ' + ', '.join(f'{s}: {v:.4f}'
                                       for s, v in zip(steps, values)))
    print(f'wrote {args.out}')


if __name__ == '__main__':
    main()
