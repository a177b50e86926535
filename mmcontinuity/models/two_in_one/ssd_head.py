"""mmdet's SSD head with the loss normalised alike in 1 and W processes."""
import torch
from mmdet.models.dense_heads import SSDHead
from mmdet.registry import MODELS
from mmengine.dist import all_reduce, get_world_size


def mean_over_processes(count: float) -> float:
    """:math:`\\frac{1}{W} \\sum_p` ``count`` over the W processes (``count``
    itself in one process)."""
    if get_world_size() == 1:
        return count
    count = torch.tensor(float(count))
    all_reduce(count, op='mean')
    return count.item()


@MODELS.register_module()
class GlobalNormSSDHead(SSDHead):
    """``SSDHead`` whose loss is normalised by the positive anchors of the
    whole batch, over all processes.

    mmdet's head divides the summed loss :math:`S_p` of the images of
    process :math:`p` (positives and their hard negatives, 3:1 per image)
    by that process's positive anchors :math:`N_p`. Distributed data
    parallel training averages the W processes' gradients:

    .. math::

        \\nabla \\frac{1}{W} \\sum_p \\frac{S_p}{N_p}
        \\ne \\nabla \\frac{\\sum_p S_p}{\\sum_p N_p},

    the gradient of one process with the whole batch: W processes of
    bs / W images weigh the images of a process with few positives more.
    Here every process divides by :math:`\\bar N = \\frac{1}{W} \\sum_q N_q`
    (an ``all_reduce``, as mmdet's newer heads do with ``reduce_mean``), so

    .. math::

        \\frac{1}{W} \\sum_p \\nabla \\frac{S_p}{\\bar N}
        = \\nabla \\frac{\\sum_p S_p}{\\sum_q N_q}.

    Hard-negative mining is per image, so :math:`S_p` does not depend on
    how the batch is split. In one process :math:`\\bar N = N_1` and the
    head is ``SSDHead``. The logged loss of a process is :math:`S_p /
    \\bar N`.
    """

    def get_targets(self, *args, **kwargs) -> tuple:
        """``SSDHead.get_targets`` with ``avg_factor`` (the 5th item, the
        positive anchors of this process's images) replaced by its mean
        over processes."""
        targets = super().get_targets(*args, **kwargs)
        return (*targets[:4], mean_over_processes(targets[4]), *targets[5:])
