"""Perturbation sequences of an image data set (ImageNet-P protocol)."""
import copy

from mmengine.dataset import BaseDataset, Compose
from mmpretrain.registry import DATASETS

from .transforms.functional import PERTURBATIONS


@DATASETS.register_module()
class PerturbationSequenceDataset:
    """Every image of ``dataset`` as one sequence per perturbation type.

    Sample ``idx`` is frame ``j`` of the sequence of perturbation ``p`` of
    image ``i`` with ``idx = (i * P + p) * num_frames + j``. Its results
    dict is the wrapped data set's ``get_data_info(i)`` plus
    ``perturbation`` (type name), ``sequence_id`` (``'<i>'``; the
    ``FlipRate`` metric groups by type and sequence), ``frame_index``
    (``j``, 0 = clean image) and ``sequence_seed`` (``(seed, i, p)``), then
    goes through ``pipeline``, which loads the image and applies
    ``ImagePerturbation`` (add the first three keys to the packing
    ``meta_keys``). The wrapped data set's own pipeline is not used.

    Args:
        dataset (dict | BaseDataset): Image data set (e.g. mmpretrain's
            ``CustomDataset`` with ``pipeline=[]``).
        perturbations (Sequence[str]): Keys of
            :data:`.transforms.functional.PERTURBATIONS`.
        num_frames (int): Frames per sequence (>= 2).
        pipeline (list[dict]): Transforms of every frame.
        seed (int): Seed of all sequences.
    """

    def __init__(self, dataset, perturbations, num_frames, pipeline, seed=0):
        if isinstance(dataset, dict):
            dataset = DATASETS.build(dataset)
        elif not isinstance(dataset, BaseDataset):
            raise TypeError(f'dataset must be a config dict or a '
                            f'BaseDataset, got {type(dataset)}')
        unknown = [p for p in perturbations if p not in PERTURBATIONS]
        if unknown or not perturbations:
            raise ValueError(f'perturbations must be a non-empty list of '
                             f'{sorted(PERTURBATIONS)}, got '
                             f'{list(perturbations)}')
        if num_frames < 2:
            raise ValueError(f'num_frames must be >= 2, got {num_frames}')
        self.dataset = dataset
        self.perturbations = tuple(perturbations)
        self.num_frames = int(num_frames)
        self.seed = int(seed)
        self.pipeline = Compose(pipeline)

    @property
    def metainfo(self):
        """Meta information of the wrapped data set."""
        return copy.deepcopy(self.dataset.metainfo)

    def full_init(self):
        """Load the wrapped data set's annotations."""
        self.dataset.full_init()

    def __len__(self):
        return len(self.dataset) * len(self.perturbations) * self.num_frames

    def get_data_info(self, idx):
        """Results dict of sample ``idx`` before the pipeline."""
        if not 0 <= idx < len(self):
            raise IndexError(f'index {idx} out of range for {len(self)} '
                             'samples')
        sequence, frame = divmod(idx, self.num_frames)
        image, p = divmod(sequence, len(self.perturbations))
        info = self.dataset.get_data_info(image)
        info.update(perturbation=self.perturbations[p],
                    sequence_id=str(image), frame_index=frame,
                    sequence_seed=(self.seed, image, p))
        return info

    def __getitem__(self, idx):
        return self.pipeline(self.get_data_info(idx))
