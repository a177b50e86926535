"""mmaction2's video readers with errors that name the video file.

decord reads an empty or corrupt (e.g. truncated) file with
``RuntimeError: Error reading 0 bytes...`` or ``DECORDError: ... cannot
find video stream``, naming no file; OpenCV opens it as a video of 0
frames, and the run stops later in frame sampling. The transforms here
raise a :class:`~mmcontinuity.datasets.bad_samples.CorruptFileError` or
:class:`~mmcontinuity.datasets.bad_samples.MissingFileError` naming the
file instead, which ``skip_bad_samples=True`` of our datasets (e.g.
``CheckedVideoDataset``) skips.
"""
import os.path as osp

from mmaction.datasets.transforms import DecordInit, OpenCVInit
from mmaction.registry import TRANSFORMS

from ..bad_samples import CorruptFileError, MissingFileError


def unreadable_video(path, size, reader):
    """The error for a video file of ``size`` bytes that ``reader`` (e.g.
    ``'decord: Error reading 0 bytes'``) cannot read."""
    if size == 0:
        return CorruptFileError(f'video file {path} is empty (0 bytes)', path)
    return CorruptFileError(f'video file {path} ({size} bytes) is not a '
                            f'readable video (truncated or corrupt; '
                            f'{reader})', path)


@TRANSFORMS.register_module()
class CheckedDecordInit(DecordInit):
    """mmaction2's ``DecordInit`` whose errors name the video file: a
    missing file, an empty, truncated or corrupt one, or one without
    frames."""

    def _get_video_reader(self, filename):
        import decord
        if not osp.splitext(filename)[1]:  # DecordInit's default extension
            filename = filename + '.mp4'
        try:
            reader = super()._get_video_reader(filename)
        except FileNotFoundError:
            raise MissingFileError(f'video file {filename} not found',
                                   filename) from None
        except (RuntimeError, decord.DECORDError) as error:
            message = str(error).strip().splitlines()[-1]
            raise unreadable_video(filename, len(self.file_client.get(
                filename)), f'decord: {message}') from error
        if len(reader) == 0:
            raise CorruptFileError(f'video file {filename} has no frames',
                                   filename)
        return reader


@TRANSFORMS.register_module()
class CheckedOpenCVInit(OpenCVInit):
    """mmaction2's ``OpenCVInit`` whose errors name the video file: a
    missing file, or one of which OpenCV reads no frame (empty, truncated
    or corrupt)."""

    def transform(self, results):
        path = results['filename']
        try:
            results = super().transform(results)
        except FileNotFoundError:
            raise MissingFileError(f'video file {path} not found',
                                   path) from None
        if results['total_frames'] <= 0:
            raise unreadable_video(path, osp.getsize(results['new_path']),
                                   'OpenCV reads no frame')
        return results
