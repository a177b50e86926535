"""mmpretrain's and mmseg's image datasets with checked paths.

A missing data root reaches mmpretrain's ``CustomDataset`` as a
``FileNotFoundError`` on the list file (or an empty class-folder scan)
and mmseg's ``BaseSegDataset`` as an ``AssertionError``. The datasets here
check the data root, the folders of ``data_prefix`` and the annotation
file when they are built, before the first iteration, and raise a
:class:`~.bad_samples.MissingFileError` naming the first that is missing;
they have the ``skip_bad_samples`` switch of
:class:`~.bad_samples.SkipBadSamplesMixin` for the errors of
``CheckedLoadImageFromFile`` and ``CheckedLoadAnnotations``
(:mod:`.transforms.image_loading`). Good paths give the library's data
list unchanged.
"""
import os.path as osp

from mmpretrain.datasets import CustomDataset
from mmpretrain.registry import DATASETS as CLS_DATASETS
from mmseg.datasets import BaseSegDataset
from mmseg.registry import DATASETS as SEG_DATASETS

from .bad_samples import MissingFileError, SkipBadSamplesMixin
from .list_datasets import check_data_root


class CheckedPathsMixin(SkipBadSamplesMixin):
    """Checks ``data_root``, the folders of ``data_prefix`` and
    ``ann_file`` of an mmengine ``BaseDataset`` before it loads its data
    list; put it before the dataset class in the bases."""

    def __init__(self, *args, **kwargs):
        # the root first: mmpretrain reads a ``classes`` file in __init__,
        # before the data list
        if kwargs.get('data_root'):
            check_data_root(kwargs['data_root'], 'data')
        super().__init__(*args, **kwargs)

    def load_data_list(self):
        check_data_root(self.data_root, 'data')
        for key, folder in self.data_prefix.items():
            check_data_root(folder, key)
        if self.ann_file and not osp.exists(self.ann_file):
            raise MissingFileError(f'annotation file {self.ann_file} not '
                                   'found', self.ann_file)
        return super().load_data_list()


@CLS_DATASETS.register_module()
class CheckedCustomDataset(CheckedPathsMixin, CustomDataset):
    """mmpretrain's ``CustomDataset`` (a list file or class folders) with
    checked paths and the ``skip_bad_samples`` switch."""


@SEG_DATASETS.register_module()
class CheckedBaseSegDataset(CheckedPathsMixin, BaseSegDataset):
    """mmseg's ``BaseSegDataset`` (image and class-map folders) with
    checked paths and the ``skip_bad_samples`` switch."""
