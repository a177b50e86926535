"""Sanity check: a TubeR config overfits one fixed training batch.

Takes the first ``--clips`` training clips with actors of CONFIG, and
trains the model on that one batch for ``--steps`` steps (AdamW at
``--lr``, gradient clipping at 0.1, the data preprocessor in training
mode). Prints, at step 1 and every ``--log`` steps, the total loss, the
last decoder layer's switch / class / L1 / GIoU losses and the mean GIoU of
the matched boxes (``1 - loss_giou / giou_weight``). A model, loss and
matcher that work drive the matched GIoU towards 1 within a few hundred
steps; one that stays near 0 points at a broken loss, matcher or box head
rather than at the schedule or the data.

Example::

    # CONFIG e.g. configs/tuber/tuber-anchor-free_r3d18-tiny_..._rgb-flow.py
    python tools/analysis/overfit_one_batch.py CONFIG --steps 200 --log 25
"""
import argparse

import torch
from mmengine.config import Config, DictAction
from mmengine.dataset import pseudo_collate
from mmengine.registry import init_default_scope

import mmcontinuity  # noqa: F401  (registration first)
from mmaction.registry import DATASETS, MODELS

LOSSES = ('loss_switch', 'loss_cls', 'loss_bbox', 'loss_giou')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='TubeR config')
    parser.add_argument('--steps', type=int, default=300)
    parser.add_argument('--log', type=int, default=20,
                        help='print every LOG steps (and step 1)')
    parser.add_argument('--lr', type=float, default=1e-3)
    parser.add_argument('--clips', type=int, default=2,
                        help='clips with actors in the batch')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--no-pretrained', action='store_true',
                        help="drop the model's init_cfg (random init)")
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override settings of the config')
    return parser.parse_args()


def first_clips_with_actors(dataset, num):
    """The first ``num`` samples of ``dataset`` with ground-truth tubelets."""
    picked = []
    for i in range(len(dataset)):
        sample = dataset[i]
        if len(sample['data_samples'].gt_instances) > 0:
            picked.append(sample)
            if len(picked) == num:
                return picked
    raise ValueError(f'{type(dataset).__name__} has fewer than {num} '
                     'training clips with actors')


def overfit(cfg, steps, log, lr=1e-3, clips=2):
    """Train ``cfg.model`` on one batch; return the logged records."""
    model = MODELS.build(cfg.model)
    model.init_weights()
    dataset = DATASETS.build(cfg.train_dataloader.dataset)
    data = model.data_preprocessor(
        pseudo_collate(first_clips_with_actors(dataset, clips)),
        training=True)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr,
                                  weight_decay=1e-4)
    giou_weight = model.criterion.giou_weight
    model.train()
    records = []
    for step in range(1, steps + 1):
        losses = model(**data, mode='loss')
        total = sum(v for k, v in losses.items() if 'loss' in k)
        optimizer.zero_grad()
        total.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 0.1)
        optimizer.step()
        if step == 1 or step % log == 0:
            record = dict(step=step, total=total.item())
            record.update((k, losses[k].item()) for k in LOSSES)
            record['matched_giou'] = 1 - record['loss_giou'] / giou_weight
            records.append(record)
            print(' '.join(f'{k}={v:.3f}' if isinstance(v, float) else
                           f'{k}={v:4d}' for k, v in record.items()),
                  flush=True)
    return records


def main():
    args = parse_args()
    torch.manual_seed(args.seed)
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    if args.no_pretrained:
        cfg.model.pop('init_cfg', None)
    init_default_scope(cfg.get('default_scope', 'mmaction'))
    overfit(cfg, args.steps, args.log, args.lr, args.clips)


if __name__ == '__main__':
    main()
