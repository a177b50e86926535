"""Whether a TubeR model's features and attention know *where* the actors are.

For a trained config + checkpoint, on ``--clips`` test clips spread evenly
over the test split:

* **actorness probe**: a logistic regression (balanced classes,
  standardised features) fit on the tokens of the first half of the clips
  and tested on the second half tells tokens whose centre lies in a
  ground-truth box of their frame from the others; held-out ROC-AUC and
  average precision, for the projected backbone tokens ``F_b`` and the
  encoder memory ``F_en``;
* **cross-attention** of every decoder layer (heads averaged): entropy of a
  box query's attention over the L memory tokens (``log L`` is uniform),
  its share on the query's own output frame, and, per ground-truth
  tubelet, the largest mean share (over queries) inside the tubelet's box
  on the same frame;
* **shift response**: the clips rolled right by ``--shift`` pixels; the
  mean change of the predicted box centres x divided by the shift (1: the
  boxes follow the content, 0: they ignore it);
* **box spread**: the standard deviation of a tubelet's mean box (cx, cy,
  w, h) over the clips, per query, averaged over the queries (boxes fixed
  in slots that ignore the clip: near 0).

Example::

    python tools/analysis/tubelet_localisation_probe.py CONFIG CKPT
    python tools/analysis/tubelet_localisation_probe.py CONFIG init --seed 0
"""
import argparse
import math

import numpy as np
import torch
from mmdet.structures.bbox import bbox_cxcywh_to_xyxy
from mmengine.config import Config, DictAction
from mmengine.dataset import pseudo_collate
from mmengine.registry import init_default_scope
from mmengine.runner import load_checkpoint
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.metrics import average_precision_score, roc_auc_score

import mmcontinuity  # noqa: F401  (registration first)
from mmaction.registry import DATASETS, MODELS


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='TubeR config')
    parser.add_argument(
        'checkpoint',
        help="trained checkpoint, or 'init': the untrained model, its "
        'init_cfg applied (e.g. a pretrained backbone), drawn with --seed')
    parser.add_argument('--seed', type=int, default=0,
                        help="torch seed of the 'init' model")
    parser.add_argument('--clips', type=int, default=64,
                        help='test clips (even number)')
    parser.add_argument('--shift', type=int, default=24,
                        help='pixels of the shift test')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override settings of the config')
    return parser.parse_args()


def actor_tokens(targets, grid):
    """(B, T, H, W) bool: token centres inside a valid ground-truth box of
    their output frame.

    Args:
        targets (list[dict]): ``TubeR._targets`` of the B clips (``boxes``
            (K, T, 4) normalised cxcywh, ``valid`` (K, T)).
        grid (tuple): (T, H, W) of the token grid.
    """
    T, H, W = grid
    ys = (torch.arange(H) + 0.5) / H
    xs = (torch.arange(W) + 0.5) / W
    mask = torch.zeros(len(targets), T, H, W, dtype=torch.bool)
    for b, target in enumerate(targets):
        boxes = bbox_cxcywh_to_xyxy(target['boxes'].float().cpu())
        valid = target['valid'].cpu()
        for k, t in valid.nonzero().tolist():
            x0, y0, x1, y1 = boxes[k, t].tolist()
            mask[b, t] |= ((ys[:, None] >= y0) & (ys[:, None] <= y1)
                           & (xs[None] >= x0) & (xs[None] <= x1))
    return mask


class CrossAttentionRecorder:
    """Records the head-averaged weights (B, N·T_q, L) of every decoder
    layer's cross-attention while the model runs."""

    def __init__(self, decoder):
        self.weights = []
        self.handles = []
        for layer in decoder.layers:
            attn = layer.cross_attn.attn
            self.handles += [
                attn.register_forward_pre_hook(self._need_weights,
                                               with_kwargs=True),
                attn.register_forward_hook(self._keep)
            ]

    @staticmethod
    def _need_weights(module, args, kwargs):
        return args, dict(kwargs, need_weights=True,
                          average_attn_weights=True)

    def _keep(self, module, args, output):
        self.weights.append(output[1].detach())

    def remove(self):
        for handle in self.handles:
            handle.remove()


def attention_stats(weights, grid, num_queries, targets):
    """Entropy, own-frame share and in-box share of one layer's
    cross-attention.

    Args:
        weights (Tensor): (B, N·T, T·H·W) attention of the box queries
            (tubelet queries: one box query embedding per output frame).
        grid (tuple): (T, H, W) of the token grid.
        num_queries (int): N.
        targets (list[dict]): as in :func:`actor_tokens`.

    Returns:
        tuple: mean entropy, mean share on the own frame, and the list of
        the best query's mean in-box share of every ground-truth tubelet.
    """
    T, H, W = grid
    w = weights.reshape(len(targets), num_queries, T, T, H * W)
    entropy = -(w * w.clamp(min=1e-12).log()).sum((-2, -1)).mean().item()
    own = torch.diagonal(w.sum(-1), dim1=2, dim2=3).mean().item()
    in_box = []
    for b, target in enumerate(targets):
        single = [dict(boxes=target['boxes'][k:k + 1],
                       valid=target['valid'][k:k + 1])
                  for k in range(len(target['boxes']))]
        for k, one in enumerate(single):
            frames = one['valid'][0].cpu()
            if not frames.any():
                continue
            box = actor_tokens([one], (T, H, W))[0].flatten(1)  # (T, HW)
            share = (torch.diagonal(w[b], dim1=1, dim2=2).permute(0, 2, 1)
                     * box).sum(-1)  # (N, T)
            in_box.append(share[:, frames].mean(1).max().item())
    return entropy, own, in_box


def probe(features, labels):
    """Held-out ROC-AUC and AP of a balanced logistic regression on
    standardised features: fit on the first half of the clips, tested on
    the second."""
    half = len(features) // 2
    flat = [(f.reshape(-1, f.shape[-1]), y.reshape(-1))
            for f, y in ((features[:half], labels[:half]),
                         (features[half:], labels[half:]))]
    (x_fit, y_fit), (x_test, y_test) = flat
    clf = make_pipeline(
        StandardScaler(),
        LogisticRegression(class_weight='balanced', max_iter=2000))
    score = clf.fit(x_fit, y_fit).predict_proba(x_test)[:, 1]
    return roc_auc_score(y_test, score), average_precision_score(
        y_test, score)


def main():
    args = parse_args()
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmaction'))
    if args.checkpoint == 'init':
        torch.manual_seed(args.seed)
        model = MODELS.build(cfg.model)
        model.init_weights()
    else:
        cfg.model.pop('init_cfg', None)
        model = MODELS.build(cfg.model)
        load_checkpoint(model, args.checkpoint, map_location='cpu')
    model.eval()
    dataset = DATASETS.build(cfg.test_dataloader.dataset)
    picked = np.linspace(0, len(dataset) - 1, args.clips).round().astype(int)
    recorder = CrossAttentionRecorder(model.decoder)
    tokens, memory, actors, shifts, mean_boxes = [], [], [], [], []
    layers = [[] for _ in model.decoder.layers]
    for start in range(0, len(picked), 8):
        data = model.data_preprocessor(pseudo_collate(
            [dataset[int(i)] for i in picked[start:start + 8]]))
        inputs, samples = data['inputs'], data['data_samples']
        targets = [model._targets(s, inputs.size(2)) for s in samples]
        with torch.no_grad():
            tok, pos, grid = model.extract_feat(inputs, None)
            mem = model.encoder(tok, pos, grid.flatten(1))
            recorder.weights.clear()
            boxes = model.forward_transformer(inputs, samples)['boxes'][-1]
            found = actor_tokens(targets, grid.shape[1:])
            for i, w in enumerate(recorder.weights):
                layers[i].append(attention_stats(w, grid.shape[1:],
                                                 model.num_queries, targets))
            recorder.weights.clear()
            rolled = model.forward_transformer(
                inputs.roll(args.shift, dims=-1), samples)['boxes'][-1]
        mean_boxes.append(boxes.mean(2))
        shifts.append(((rolled - boxes)[..., 0] * inputs.size(-1)
                       / args.shift).mean().item())
        tokens.append(tok.numpy())
        memory.append(mem.numpy())
        actors.append(found.flatten(1).numpy())
    recorder.remove()
    labels = np.concatenate(actors)
    print(f'{len(picked)} clips, {labels.mean():.3f} of the tokens in a '
          'ground-truth box')
    for name, feats in (('backbone tokens', tokens), ('encoder memory',
                                                      memory)):
        auc, ap = probe(np.concatenate(feats), labels)
        print(f'actorness probe, {name}: held-out ROC-AUC {auc:.3f}, '
              f'AP {ap:.3f}')
    length = labels.shape[1]
    for i, stats in enumerate(layers):
        entropy = np.mean([s[0] for s in stats])
        own = np.mean([s[1] for s in stats])
        in_box = np.mean([v for s in stats for v in s[2]])
        print(f'decoder layer {i} cross-attention: entropy {entropy:.2f} '
              f'(uniform {math.log(length):.2f}), on the own frame '
              f'{own:.3f}, best query in the ground-truth box {in_box:.3f}')
    print(f'shift response of the box centres: {np.mean(shifts):.3f} '
          f'(shift {args.shift} px)')
    spread = torch.cat(mean_boxes).std(0).mean(0).tolist()
    print('box spread across clips, one query (cx, cy, w, h): ' +
          ', '.join(f'{v:.3f}' for v in spread))


if __name__ == '__main__':
    main()
