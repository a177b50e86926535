"""The demo recipe (tuber-demo_..._5k): the 5k RGB + flow proposal config
with exactly the differences its header and configs/tuber/README.md ("The
demo recipe") state; what `make demo` trains and draws."""
import os.path as osp
import re

from mmengine.config import Config

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIG_DIR = osp.join(REPO, 'configs', 'tuber')
DEMO = ('tuber-demo_r3d18-tiny_1xb2-8x1x1-5k_continuity-bench-tubelets-'
        'rgb-flow.py')
BASE = 'tuber_r3d18-tiny_1xb2-8x1x1-5k_continuity-bench-tubelets-rgb-flow.py'


def _dict(name):
    return Config.fromfile(osp.join(CONFIG_DIR, name)).to_dict()


def _diff(a, b, prefix=''):
    """Dotted keys (list items by index) whose values differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        keys = sorted(set(a) | set(b))
        return [d for k in keys
                for d in _diff(a.get(k), b.get(k), f'{prefix}{k}.')]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b))
                for d in _diff(x, y, f'{prefix}{i}.')]
    return [] if a == b else [prefix[:-1]]


def test_demo_differs_from_the_5k_config_as_stated():
    demo, base = _dict(DEMO), _dict(BASE)
    pipeline = 'train_dataloader.dataset.pipeline'
    # the training crops (also the pipeline variable of the config) and
    # clips loaded in the main process
    assert sorted(_diff(demo, base)) == sorted([
        *(f'{p}.{i}.{k}' for p in ('train_pipeline', pipeline)
          for i, k in ((2, 'scale_range'), (3, 'size'))),
        'crop_size',
        *(f'{loader}_dataloader.{k}' for loader in ('train', 'val', 'test')
          for k in ('num_workers', 'persistent_workers'))])
    for loader in ('train', 'val', 'test'):
        assert demo[f'{loader}_dataloader']['num_workers'] == 0
    train = demo['train_dataloader']['dataset']['pipeline']
    assert train[2] == dict(type='TubeletRandomRescale',
                            scale_range=(96, 116))
    assert train[3] == dict(type='TubeletRandomCrop', size=96)
    # the schedule, the whole model (channels-last clips included), the
    # test data and the metric (no tube NMS) are the results table's
    assert demo['train_cfg']['max_iters'] == 5000
    assert demo['model'] == base['model']
    assert demo['model']['data_preprocessor']['memory_format'] == (
        'channels_last_3d')
    assert demo['test_dataloader']['dataset'] == (
        base['test_dataloader']['dataset'])
    assert demo['test_evaluator'].get('tube_nms_thr') is None


def test_make_demo_trains_the_demo_config_and_thins_the_gif():
    with open(osp.join(REPO, 'Makefile')) as f:
        makefile = f.read()
    config = re.search(r'^CONFIG\s*:=\s*(\S+)$', makefile, re.M).group(1)
    work = re.search(r'^WORK\s*:=\s*(\S+)$', makefile, re.M).group(1)
    assert config == f'configs/tuber/{DEMO}'
    assert osp.basename(work) == DEMO[:-3]
    demo = re.search(r'tuber_demo\.py(.*?)(\n\n|\Z)', makefile, re.S).group(1)
    # the GIF: class-agnostic tube NMS (one tube per actor and time span);
    # tools/test.py's numbers stay without NMS
    options = re.search(r'--cfg-options(.*)', demo, re.S).group(1).split()
    assert sorted(o for o in options if o != '\\') == [
        'test_evaluator.tube_nms_class_agnostic=True',
        'test_evaluator.tube_nms_thr=0.3']
    test = re.search(r'tools/test\.py(.*?)\n', makefile).group(1)
    assert 'tube_nms' not in test
