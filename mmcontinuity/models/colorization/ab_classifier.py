"""Colorization as classification over quantised ab colours (Zhang, Isola
and Efros, "Colorful Image Colorization", ECCV 2016), the automatic
colorization baseline the thesis compares with in Chapter 2."""
import numpy as np
import torch
import torch.nn.functional as F
from mmengine.model import BaseModel
from mmengine.structures import PixelData
from mmseg.registry import MODELS

# CIE Lab (D65 white) -> linear sRGB, as OpenCV / scikit-image convert
_WHITE = np.array([0.95047, 1.0, 1.08883])
_XYZ_TO_RGB = np.array([[3.2406, -1.5372, -0.4986],
                        [-0.9689, 1.8758, 0.0415],
                        [0.0557, -0.2040, 1.0570]])


def ab_gamut_bins(grid=10, ab_max=110, lightness_steps=101):
    """Centres of the ab grid cells that are sRGB colours at some lightness.

    The grid has cells of ``grid`` units centred on ``-ab_max, ...,
    ab_max`` in a and b; a cell is kept when its centre, at one of
    ``lightness_steps`` lightnesses in [0, 100], converts to linear sRGB
    inside [0, 1]^3. With the defaults this gives Q = 225 bins (Zhang et al.
    keep the 313 cells that ImageNet pixels fall into, a looser test).

    Returns:
        np.ndarray: ``(Q, 2)`` float32 (a, b) centres, a-major order.
    """
    centres = np.arange(-ab_max, ab_max + grid / 2, grid, dtype=np.float64)
    a, b = np.meshgrid(centres, centres, indexing='ij')
    lightness = np.linspace(0, 100, lightness_steps)[:, None, None]
    fy = (lightness + 16) / 116
    f = np.stack(np.broadcast_arrays(fy + a / 500, fy, fy - b / 200))
    xyz = np.where(f > 6 / 29, f**3, 3 * (6 / 29)**2 * (f - 4 / 29))
    xyz = xyz * _WHITE[:, None, None, None]
    rgb = np.einsum('ij,jlab->ilab', _XYZ_TO_RGB, xyz)
    inside = ((rgb >= 0) & (rgb <= 1)).all(0).any(0)
    return np.stack([a[inside], b[inside]], -1).astype(np.float32)


def soft_encode(ab, bins, neighbours=5, sigma=5.0):
    """Soft one-hot targets of ab values (Zhang et al., Sec. 2.1).

    Args:
        ab (torch.Tensor): ``(N, 2)`` ab values.
        bins (torch.Tensor): ``(Q, 2)`` bin centres.
        neighbours (int): Nearest bins that share the weight.
        sigma (float): Gaussian kernel width (ab units).

    Returns:
        torch.Tensor: ``(N, Q)`` weights, each row summing to 1.
    """
    dist2 = torch.cdist(ab.float(), bins) ** 2
    near, index = dist2.topk(neighbours, dim=1, largest=False)
    # subtract the nearest distance for stability; cancels in the ratio
    weight = torch.exp(-(near - near[:, :1]) / (2 * sigma**2))
    weight = weight / weight.sum(1, keepdim=True)
    return torch.zeros_like(dist2).scatter_(1, index, weight)


def annealed_mean(logits, bins, temperature=0.38):
    """Decode bin logits to ab by the annealed mean (Zhang et al., Eq. 5):
    the mean of the bin centres under the distribution
    ``softmax(log p / T) = softmax(logits / T)``.

    Args:
        logits (torch.Tensor): ``(B, Q, H, W)`` bin logits.
        bins (torch.Tensor): ``(Q, 2)`` bin centres.
        temperature (float): T in (0, 1]: 1 gives the mean, T -> 0 the mode.

    Returns:
        torch.Tensor: ``(B, 2, H, W)`` ab.
    """
    if not 0 < temperature <= 1:
        raise ValueError(f'temperature must be in (0, 1], got {temperature}')
    prob = (logits / temperature).softmax(1)
    return torch.einsum('bqhw,qc->bchw', prob, bins)


@MODELS.register_module()
class ABClassificationColorizer(BaseModel):
    """Per-pixel classification of ab bins from the lightness channel.

    ``inputs`` (B, 1, h, w) normalised L go through an mmseg ``backbone``
    and a decode head whose ``num_classes`` equals the number of bins Q
    (:func:`ab_gamut_bins`); the logits are resized (bilinear) to the
    resolution of ``gt_ab`` (2, H, W) of the data samples
    (``PackColorizationInputs``, ``target_size`` of ``ColorizationTargets``).
    Loss: cross-entropy against :func:`soft_encode` of ``gt_ab`` (5
    neighbours, sigma 5), without Zhang et al.'s class rebalancing.
    Prediction: ``pred_ab`` (``PixelData`` (2, H, W)) by
    :func:`annealed_mean` (T = 0.38), as ``ColorizationMetric`` reads it.

    Args:
        backbone (dict): mmseg backbone with ``in_channels=1``.
        decode_head (dict): mmseg decode head; only its ``forward`` is used.
        grid (int): ab cell size of the bins.
        neighbours (int): Bins of the soft encoding.
        sigma (float): Width of the soft encoding.
        temperature (float): Annealed-mean temperature.
        data_preprocessor (dict, optional): e.g. mmengine's
            ``ImgDataPreprocessor`` with ``mean=[50.], std=[50.]``.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 backbone,
                 decode_head,
                 grid=10,
                 neighbours=5,
                 sigma=5.0,
                 temperature=0.38,
                 data_preprocessor=None,
                 init_cfg=None):
        super().__init__(data_preprocessor=data_preprocessor,
                         init_cfg=init_cfg)
        self.register_buffer('bins', torch.from_numpy(ab_gamut_bins(grid)),
                             persistent=False)
        if decode_head.get('num_classes') != len(self.bins):
            raise ValueError(f'decode_head.num_classes must be the number of '
                             f'ab bins, {len(self.bins)} for grid {grid}; got '
                             f'{decode_head.get("num_classes")}')
        self.backbone = MODELS.build(backbone)
        self.decode_head = MODELS.build(decode_head)
        self.neighbours = neighbours
        self.sigma = sigma
        self.temperature = temperature

    def _logits(self, inputs, size):
        logits = self.decode_head(self.backbone(inputs))
        return F.interpolate(logits, size=size, mode='bilinear',
                             align_corners=False)

    def forward(self, inputs, data_samples=None, mode='tensor'):
        if mode == 'tensor':
            return self.decode_head(self.backbone(inputs))
        gt = torch.stack([s.gt_ab.data for s in data_samples]).to(inputs)
        logits = self._logits(inputs, gt.shape[-2:])
        if mode == 'loss':
            target = soft_encode(gt.permute(0, 2, 3, 1).reshape(-1, 2),
                                 self.bins, self.neighbours, self.sigma)
            log_prob = logits.permute(0, 2, 3, 1).reshape(
                -1, len(self.bins)).log_softmax(1)
            return dict(loss_ab=-(target * log_prob).sum(1).mean())
        if mode == 'predict':
            ab = annealed_mean(logits, self.bins, self.temperature)
            for sample, pred in zip(data_samples, ab):
                sample.pred_ab = PixelData(data=pred)
            return data_samples
        raise RuntimeError(f'invalid mode {mode!r}; expected loss, predict '
                           'or tensor')
