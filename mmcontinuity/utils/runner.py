"""What tools/train.py and tools/test.py share: work dir and runner."""
import os.path as osp
from typing import Optional

from mmengine.config import Config
from mmengine.registry import RUNNERS
from mmengine.runner import Runner

from .dist import setup_cpu_distributed


def set_work_dir(cfg: Config, work_dir: Optional[str],
                 config_path: str) -> None:
    """``cfg.work_dir`` by priority: command line > config >
    ``./work_dirs/<config name>``."""
    if work_dir is not None:
        cfg.work_dir = work_dir
    elif cfg.get('work_dir', None) is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(config_path))[0])


def build_runner(cfg: Config, launcher: str) -> Runner:
    """The config's runner (``runner_type`` or MMEngine's ``Runner``), after
    preparing multi-process runs on CPUs (:func:`setup_cpu_distributed`)."""
    setup_cpu_distributed(cfg, launcher)
    if 'runner_type' in cfg:
        return RUNNERS.build(cfg)
    return Runner.from_cfg(cfg)
