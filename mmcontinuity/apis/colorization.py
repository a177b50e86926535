"""Colorization of any photo with a pixelated (semantic) colorizer
(Chapter 2), in the style of mmaction2's ``init_recognizer`` /
``inference_recognizer``: the gray input is the image's L channel resized
as the config's ``ColorizationTargets`` does (128x128 in the thesis), the
model samples ab at its low resolution (32x32), and every colorization is
the sampled ab up-sampled to the image's size and joined with the image's
own full-resolution L (Sec. 2.3.1)."""
import copy
from pathlib import Path
from typing import List, Optional, Sequence, Union

import mmcv
import numpy as np
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.registry import init_default_scope
from mmengine.runner import load_checkpoint
from mmseg.registry import MODELS, TRANSFORMS

from ..models.colorization import PixelatedColorizer
from ..ops.color import join_lightness, lab_to_rgb, rgb_to_lab

ImageInput = Union[str, Path, np.ndarray]


def init_colorizer(config: Union[str, Path, Config],
                   checkpoint: Optional[str] = None,
                   device: Union[str, torch.device] = 'cpu',
                   cfg_options: Optional[dict] = None) -> PixelatedColorizer:
    """Build a pixelated colorizer from a config and load its weights.

    Args:
        config (str | Path | Config): config file or object.
        checkpoint (str, optional): checkpoint file; None keeps the
            initial weights (an untrained model).
        device (str | torch.device): device of the model.
        cfg_options (dict, optional): overrides merged into the config.

    Returns:
        PixelatedColorizer: the model in eval mode, its config as
        ``model.cfg``.
    """
    if isinstance(config, (str, Path)):
        cfg = Config.fromfile(str(config))
    elif isinstance(config, Config):
        cfg = copy.deepcopy(config)
    else:
        raise TypeError('config must be a filename or Config object, got '
                        f'{type(config)}')
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    if 'model' not in cfg:
        raise ValueError(f'config {getattr(cfg, "filename", config)} has no '
                         '`model`')
    init_default_scope(cfg.get('default_scope', 'mmseg'))
    model = MODELS.build(cfg.model)
    if not isinstance(model, PixelatedColorizer):
        raise ValueError('init_colorizer needs a PixelatedColorizer (or a '
                         f'subclass), the config builds '
                         f'{type(model).__name__}')
    if checkpoint is not None:
        load_checkpoint(model, checkpoint, map_location='cpu')
    model.cfg = cfg
    return model.to(device).eval()


def targets_cfg(cfg: Config) -> dict:
    """The ``ColorizationTargets`` step of the config's test pipeline, set
    to read RGB images."""
    pipeline = cfg.get('test_dataloader', {}).get('dataset', {}).get(
        'pipeline', cfg.get('test_pipeline', []))
    step = next((s for s in pipeline
                 if s.get('type') == 'ColorizationTargets'), None)
    if step is None:
        raise ValueError('the config\'s test pipeline has no '
                         'ColorizationTargets step (it sets the input size)')
    return dict(step, channel_order='rgb')


def load_rgb(image: ImageInput) -> np.ndarray:
    """uint8 ``(H, W, 3)`` RGB of a file or an array (``(H, W)`` gray or
    ``(H, W, 3)`` RGB; ``(H, W, 4)`` RGBA drops alpha)."""
    if isinstance(image, (str, Path)):
        return mmcv.imread(str(image), channel_order='rgb')
    array = np.asarray(image)
    if array.ndim == 2:
        array = np.repeat(array[..., None], 3, axis=2)
    if array.ndim != 3 or array.shape[2] not in (3, 4):
        raise ValueError(f'an image must be (H, W), (H, W, 3) or (H, W, 4), '
                         f'got shape {array.shape}')
    if array.dtype != np.uint8:
        raise ValueError(f'an image array must be uint8, got {array.dtype}')
    return np.ascontiguousarray(array[..., :3])


def _to_uint8(rgb: torch.Tensor) -> np.ndarray:
    """``(*, 3, H, W)`` RGB in [0, 1] -> uint8 ``(*, H, W, 3)``."""
    return (rgb.movedim(-3, -1) * 255).round().byte().cpu().numpy()


@torch.no_grad()
def colorize(model: PixelatedColorizer,
             images: Sequence[ImageInput],
             num_samples: int = 4,
             temperature: Optional[float] = None,
             seed: Optional[int] = None) -> List[dict]:
    """Diverse colorizations of photos.

    Args:
        model (PixelatedColorizer): from :func:`init_colorizer`.
        images (Sequence[str | Path | np.ndarray]): files or uint8 arrays
            (RGB or gray); colour images are colorized from their gray
            version.
        num_samples (int): colorizations per image (drawn as one batch).
        temperature (float, optional): sampling temperature; None keeps the
            model's ``test_cfg``.
        seed (int, optional): seeds torch's random stream for the sampler.

    Returns:
        list[dict]: per image ``gray`` (H, W, 3) uint8, the image's L as
        RGB; ``samples`` (num_samples, H, W, 3) uint8, the colorizations at
        the image's size; ``original`` (H, W, 3) uint8, or None when the
        image has no colour (all channels equal).
    """
    if num_samples < 1:
        raise ValueError(f'num_samples must be >= 1, got {num_samples}')
    transform = TRANSFORMS.build(targets_cfg(model.cfg))
    pack = TRANSFORMS.build(dict(type='PackColorizationInputs'))
    rgbs = [load_rgb(image) for image in images]
    batch = pseudo_collate([pack(transform(dict(img=rgb))) for rgb in rgbs])
    if seed is not None:
        torch.manual_seed(seed)
    data = model.data_preprocessor(batch, False)
    cond = model.condition(model.extract_feat(data['inputs']))
    ab = model.sample(cond, num_samples, temperature)  # (B, K, 2, h, w)
    results = []
    for rgb, sample_ab in zip(rgbs, ab):
        image = torch.from_numpy(rgb).permute(2, 0, 1)[None].double() / 255
        lightness = rgb_to_lab(image)[:, :1].to(sample_ab)
        gray = join_lightness(lightness, torch.zeros_like(sample_ab[:1]))
        colorized = join_lightness(
            lightness.expand(num_samples, -1, -1, -1), sample_ab)
        has_colour = not (rgb == rgb[..., :1]).all()
        results.append(
            dict(gray=_to_uint8(lab_to_rgb(gray))[0],
                 samples=_to_uint8(lab_to_rgb(colorized)),
                 original=rgb if has_colour else None))
    return results
