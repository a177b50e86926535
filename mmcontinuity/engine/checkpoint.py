"""The checkpoint a run resumes from."""
import glob
import os.path as osp
import zipfile
from typing import Optional


def is_complete_checkpoint(path: str) -> bool:
    """Whether ``path`` is a whole file written by ``torch.save``: a zip
    archive, whose central directory is written last, so a file cut short
    by a kill fails this check."""
    return osp.isfile(path) and zipfile.is_zipfile(path)


def find_resumable_checkpoint(work_dir: str) -> Optional[str]:
    """The latest complete checkpoint of a work directory.

    The one ``last_checkpoint`` names when it is complete; otherwise (the
    file is missing, empty or names a file cut short) the most recently
    written complete ``*.pth`` of ``work_dir``. Temporary files of a save
    that was interrupted end in ``.tmp`` and are never candidates.

    Args:
        work_dir (str): The run's work directory.

    Returns:
        str | None: Path of the checkpoint, None if there is none.
    """
    last = osp.join(work_dir, 'last_checkpoint')
    if osp.isfile(last):
        with open(last) as f:
            named = f.read().strip()
        if named and is_complete_checkpoint(named):
            return named
    candidates = [
        path for path in glob.glob(osp.join(work_dir, '*.pth'))
        if is_complete_checkpoint(path)
    ]
    return max(candidates, key=osp.getmtime, default=None)
