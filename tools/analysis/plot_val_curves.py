"""Plot validation curves of several systems, each trained with several
seeds: mean ± std of a metric per epoch (the convergence curves of the
thesis' Sec. 4.4).

Each ``--runs LABEL=PATTERN`` is one system; PATTERN (a glob) matches the
work directories of its seeds. A work directory holds MMEngine's
``<timestamp>/vis_data/scalars.json`` (the last run in it is read); its
validation records are the lines with the metric, ``step`` being the epoch
(or iteration) of the validation. Writes the PNG and prints, per system,
the number of seeds, the final and the best epoch's mean ± std::

    python tools/analysis/plot_val_curves.py \\
        --runs RGB='work_dirs/tsn/rgb_seed*' \\
               two-in-one='work_dirs/tsn/two-in-one_seed*' \\
        --metric acc/top1 --scale 100 --out outputs/curves.png
"""
import argparse
import glob
import json
import os
import os.path as osp

import numpy as np


def parse_args():
    parser = argparse.ArgumentParser(
        description='Validation curves, mean ± std over seeds')
    parser.add_argument('--runs', nargs='+', required=True,
                        help='LABEL=GLOB of the work dirs of one system')
    parser.add_argument('--metric', default='acc/top1',
                        help='key of the validation metric')
    parser.add_argument('--scale', type=float, default=100.,
                        help='multiplies the metric (100: percent)')
    parser.add_argument('--out', required=True, help='output PNG')
    parser.add_argument('--title', default=None)
    return parser.parse_args()


def read_curve(work_dir, metric):
    """(steps (S,), values (S,)) of the metric in the last run of an
    MMEngine work directory."""
    files = sorted(glob.glob(osp.join(work_dir, '*', 'vis_data',
                                      'scalars.json')))
    if not files:
        raise FileNotFoundError(f'{work_dir} has no */vis_data/scalars.json '
                                '(not an MMEngine work directory?)')
    steps, values = [], []
    with open(files[-1]) as f:
        for line in f:
            record = json.loads(line)
            if metric in record:
                steps.append(int(record['step']))
                values.append(float(record[metric]))
    if not steps:
        raise ValueError(f'{files[-1]} has no {metric!r} records')
    return np.asarray(steps), np.asarray(values)


def system_curves(pattern, metric):
    """(steps (S,), values (R, S)) of the R runs matching ``pattern``,
    cut to the validations all of them reached."""
    dirs = sorted(d for d in glob.glob(pattern) if osp.isdir(d))
    if not dirs:
        raise FileNotFoundError(f'no work directory matches {pattern!r}')
    curves = [read_curve(d, metric) for d in dirs]
    length = min(len(steps) for steps, _ in curves)
    steps = curves[0][0][:length]
    for d, (other, _) in zip(dirs, curves):
        if not np.array_equal(other[:length], steps):
            raise ValueError(f'{d} validates at other steps than {dirs[0]}')
    return steps, np.stack([values[:length] for _, values in curves])


def summary(values):
    """Final and best (by mean) mean ± std of (R, S) values."""
    mean, std = values.mean(0), values.std(0)
    best = int(np.argmax(mean))
    return dict(final=(mean[-1], std[-1]), best=(mean[best], std[best]),
                best_index=best)


def plot(systems, metric, out, title=None):
    """Draw ``{label: (steps, values (R, S))}`` as mean lines with ± std
    bands into the PNG ``out``."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6, 4))
    for label, (steps, values) in systems.items():
        mean, std = values.mean(0), values.std(0)
        ax.plot(steps, mean, label=f'{label} ({len(values)} seeds)')
        ax.fill_between(steps, mean - std, mean + std, alpha=0.2)
    ax.set_xlabel('epoch')
    ax.set_ylabel(metric)
    ax.grid(alpha=0.3)
    ax.legend()
    if title:
        ax.set_title(title)
    fig.tight_layout()
    os.makedirs(osp.dirname(osp.abspath(out)), exist_ok=True)
    fig.savefig(out, dpi=120)
    plt.close(fig)


def main():
    args = parse_args()
    systems = {}
    for run in args.runs:
        label, sep, pattern = run.partition('=')
        if not sep or not label or not pattern:
            raise SystemExit(f'--runs takes LABEL=GLOB, got {run!r}')
        steps, values = system_curves(pattern, args.metric)
        systems[label] = (steps, values * args.scale)
    plot(systems, args.metric, args.out, args.title)
    for label, (steps, values) in systems.items():
        s = summary(values)
        print(f'{label}: {len(values)} seeds, final {s["final"][0]:.2f} ± '
              f'{s["final"][1]:.2f} (step {steps[-1]}), best '
              f'{s["best"][0]:.2f} ± {s["best"][1]:.2f} (step '
              f'{steps[s["best_index"]]})')
    print(f'plot: {args.out}')


if __name__ == '__main__':
    main()
