"""Plot one logged scalar of several MMEngine runs as curves (PNG).

Reads each run's ``vis_data/scalars.json`` (one JSON dict per line, written
by MMEngine's ``LocalVisBackend``: training lines carry ``iter``, validation
lines the metrics at ``step`` = the iteration of the validation for
iteration-based loops). Used for Fig. 2.10 of the thesis, the segmentation
validation loss of the three models of ``configs/colorization/fig2.10/``.
Runs given the same label (e.g. the seeds of one model) are one curve: their
mean at each step, with a band of +- one standard deviation (ddof 1); they
must log the scalar at the same steps.

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
import numpy as np

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
                        help='one legend label per run (default: paths); '
                        'runs with the same label are averaged')
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


def group_runs(labels, runs):
    """``{label: (steps, values of shape (num_runs, num_steps))}``: the runs
    of one label stacked; they must log the same steps."""
    grouped = {}
    for label, (run, (steps, values)) in zip(labels, runs.items()):
        if label in grouped and grouped[label][0] != steps:
            raise ValueError(
                f'{run} logs the scalar at steps {steps}, another run '
                f'labelled {label!r} at {grouped[label][0]}: runs of one '
                'label must log the same steps')
        grouped.setdefault(label, (steps, []))[1].append(values)
    return {label: (steps, np.array(values))
            for label, (steps, values) in grouped.items()}


def plot_curves(curves, key, out, title=None):
    """Write ``curves`` (``{label: (steps, values (num_runs, num_steps))}``)
    as one PNG: the mean over runs, a +- std band where there are several."""
    fig, ax = plt.subplots(figsize=(5, 3.5), dpi=120)
    for label, (steps, values) in curves.items():
        mean = values.mean(0)
        name = label if len(values) == 1 else f'{label} (n = {len(values)})'
        line, = ax.plot(steps, mean, marker='o', markersize=3, label=name)
        if len(values) > 1:
            std = values.std(0, ddof=1)
            ax.fill_between(steps, mean - std, mean + std, alpha=0.2,
                            color=line.get_color(), linewidth=0)
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
    runs = {run: read_scalar(find_scalars(run), args.key)
            for run in args.runs}
    if len(runs) != len(args.runs):
        raise ValueError('a run is given twice')
    for label, (run, (steps, values)) in zip(labels, runs.items()):
        print(f'{label} ({run}): ' + ', '.join(
            f'{s}: {v:.4f}' for s, v in zip(steps, values)))
    curves = group_runs(labels, runs)
    plot_curves(curves, args.key, args.out, args.title)
    for label, (steps, values) in curves.items():
        if len(values) > 1:
            std = values.std(0, ddof=1)
            print(f'{label}, mean +- std of {len(values)} runs: ' + ', '.join(
                f'{s}: {m:.4f} +- {d:.4f}'
                for s, m, d in zip(steps, values.mean(0), std)))
    print(f'wrote {args.out}')


if __name__ == '__main__':
    main()
