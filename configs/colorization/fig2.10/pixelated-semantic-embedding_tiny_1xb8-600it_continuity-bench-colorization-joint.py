# Fig. 2.10, model (1): segmentation trained jointly with colorization
# (L_emb + 100 L_seg + L_gen) on the purple+blue network. The curve is the
# segmentation validation loss (`colorization/seg_loss`, pixel
# cross-entropy of h_phi on 60 val images) every 100 iterations; one
# colorization is sampled per image (the validation needs neither diversity
# nor the judge).
# Plot the three runs with tools/analysis/plot_scalars.py.
_base_ = [
    '../benchmark/pixelated-semantic-embedding_tiny_1xb8-600it_'
    'continuity-bench-colorization.py'
]

model = dict(test_cfg=dict(num_samples=1))
train_cfg = dict(val_interval=100)
val_dataloader = dict(dataset=dict(indices=60))
val_evaluator = dict(seg_model=None)
