"""The two ways of giving the generator pixelated semantics (Sec. 2.3.2,
Fig. 2.6): concatenation (the thesis's choice) or a feature transform of
the colour embedding by the segmentation prediction."""
import torch
import torch.nn as nn
from mmseg.registry import MODELS


@MODELS.register_module()
class ConcatSemantics(nn.Module):
    """s = [f_theta(X_L), softmax(h_phi(X_L))] along the channels.

    Args:
        embed_channels (int): Channels of f_theta (filled in by the
            colorizer).
        num_classes (int): Channels of h_phi (filled in by the colorizer).
    """

    def __init__(self, embed_channels, num_classes):
        super().__init__()
        self.out_channels = embed_channels + num_classes

    def forward(self, embedding, seg_logits):
        """``(B, C, H, W)``, ``(B, K, H, W)`` -> ``(B, C + K, H, W)``."""
        return torch.cat([embedding, seg_logits.softmax(1)], dim=1)


@MODELS.register_module()
class SemanticFeatureTransform(nn.Module):
    """s = f_theta(X_L) * (1 + gamma) + beta, (gamma, beta) predicted from
    softmax(h_phi(X_L)) by two convolutions (a spatial feature-wise
    transform as in FiLM / SFT, refs. [156, 214] of the thesis).

    Args:
        embed_channels (int): Channels C of f_theta (filled in by the
            colorizer).
        num_classes (int): Channels of h_phi (filled in by the colorizer).
        channels (int): Hidden width of the parameter network.
    """

    def __init__(self, embed_channels, num_classes, channels=128):
        super().__init__()
        self.params = nn.Sequential(
            nn.Conv2d(num_classes, channels, 3, padding=1), nn.ELU(),
            nn.Conv2d(channels, 2 * embed_channels, 3, padding=1))
        nn.init.zeros_(self.params[-1].weight)
        nn.init.zeros_(self.params[-1].bias)
        self.out_channels = embed_channels

    def forward(self, embedding, seg_logits):
        """``(B, C, H, W)``, ``(B, K, H, W)`` -> ``(B, C, H, W)``; the
        identity at initialisation."""
        gamma, beta = self.params(seg_logits.softmax(1)).chunk(2, dim=1)
        return embedding * (1 + gamma) + beta
