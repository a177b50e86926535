"""A per-pixel classifier that starts at the class frequencies."""
import torch
from mmengine.model.weight_init import NormalInit
from mmengine.registry import WEIGHT_INITIALIZERS


@WEIGHT_INITIALIZERS.register_module(name='ClassPrior')
class ClassPriorInit(NormalInit):
    r"""Normal weights and the biases :math:`b_c = \log p_c` of a linear
    (1x1 conv) classifier, so that at initialisation its softmax is the
    class frequencies :math:`p` (Lin et al., ICCV 2017, Section 4.1).

    With a dominant class (the benchmark's background, 89 % of the pixels)
    a zero bias starts every pixel at 1 / num_classes; the first hundreds
    of steps then go into learning the prior before any pixel is labelled
    foreground. Meant for one layer, e.g. mmseg's decode head with
    ``init_cfg=dict(type='ClassPrior', priors=..., std=0.01,
    override=dict(name='conv_seg'))``.

    Args:
        priors (Sequence[float]): frequency of each class (output channel),
            positive.
        mean (float): mean of the weights. Default: 0.
        std (float): standard deviation of the weights. Default: 1.
    """

    def __init__(self, priors, **kwargs):
        if min(priors) <= 0:
            raise ValueError(f'class priors must be positive, got {priors}')
        super().__init__(**kwargs)
        self.priors = list(priors)

    def __call__(self, module):
        super().__call__(module)
        if module.bias is None or module.bias.numel() != len(self.priors):
            raise ValueError(
                f'{len(self.priors)} class priors for a layer with bias '
                f'{None if module.bias is None else tuple(module.bias.shape)}')
        with torch.no_grad():
            module.bias.copy_(torch.tensor(self.priors).log())

    def _get_init_info(self):
        return f'{super()._get_init_info()}, bias=log(priors {self.priors})'
