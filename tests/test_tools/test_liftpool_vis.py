"""tools/analysis/vis_liftpool.py on a tiny image, in process."""
import glob
import importlib.util
import os.path as osp
import re
import sys

import cv2
import numpy as np
import pytest

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
# the tiny VGG13 with LiftDownPool of the built-in benchmark
VGG, = glob.glob(osp.join(REPO, 'configs', 'liftpool',
                          'vgg13-tiny-liftdownpool_*_continuity-bench-cls.py'))


@pytest.fixture(scope='module')
def vis():
    path = osp.join(REPO, 'tools', 'analysis', 'vis_liftpool.py')
    spec = importlib.util.spec_from_file_location('vis_liftpool', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def image(tmp_path):
    """A 20x26 image: a bright square on a ramp."""
    y, x = np.mgrid[:20, :26]
    img = np.stack([x * 9, y * 12, (x + y) * 5], -1).astype(np.uint8)
    img[5:15, 8:18] = 255
    path = tmp_path / 'square.png'
    cv2.imwrite(str(path), img)
    return path


def run(vis, monkeypatch, *args):
    monkeypatch.setattr(sys, 'argv', ['vis_liftpool.py', *map(str, args)])
    vis.main()


def test_fixed_filters_on_the_image(vis, image, tmp_path, monkeypatch,
                                    capsys):
    run(vis, monkeypatch, image, '--out-dir', tmp_path / 'out')
    log = capsys.readouterr().out
    subbands = cv2.imread(str(tmp_path / 'out' / 'square_subbands.png'))
    recon = cv2.imread(str(tmp_path / 'out' / 'square_reconstruction.png'))
    # one RGB row: 4 and 5 columns of 10x13 maps scaled x8, 2-pixel frames
    assert subbands.shape == (vis.LABEL + 80 + 4, 4 * (104 + 4), 3)
    assert recon.shape[1] == 5 * (26 * 4 + 4)
    # LiftUpPool restores the image, MaxUnpool does not
    errors = dict(re.findall(r'(\w+) reconstruction: mean \|x - x_rec\| = '
                             r'(\S+)', log))
    assert float(errors['LiftUpPool']) < 1e-6
    assert float(errors['MaxUnpool']) > 0.1
    # LL of a smooth image is not flat; the title row is white
    ll = subbands[vis.LABEL + 2:-2, 2:106]
    assert ll.std() > 20
    assert (subbands[:2] == 255).all()


def test_layer_of_a_config(vis, image, tmp_path, monkeypatch, capsys):
    run(vis, monkeypatch, image, '--out-dir', tmp_path, '--config', VGG,
        '--layer', 'backbone.pools.1', '--channels', 3)
    log = capsys.readouterr().out
    assert re.search(r'layer backbone.pools.1 \(LiftDownPool2d\): input '
                     r'\(1, \d+, 10, 13\)', log), log
    figure = cv2.imread(str(tmp_path / 'square_subbands.png'))
    # 3 channel rows of 5x7 maps scaled x14
    assert figure.shape[0] == vis.LABEL + 3 * (5 * 14 + 4)
    assert osp.exists(tmp_path / 'square_reconstruction.png')


def test_unknown_layer(vis, image, tmp_path, monkeypatch):
    with pytest.raises(ValueError,
                       match=r"'backbone.stem' does not exist; the Lift"
                       r'DownPool2d layers of the model are: '
                       r'backbone.pools.0, backbone.pools.1'):
        run(vis, monkeypatch, image, '--out-dir', tmp_path, '--config', VGG,
            '--layer', 'backbone.stem')
    with pytest.raises(ValueError, match=r"'backbone' is a \w+; the"):
        run(vis, monkeypatch, image, '--out-dir', tmp_path, '--config', VGG,
            '--layer', 'backbone')


def test_model_gets_the_config_data_preprocessor(vis):
    """Normalised as in training: the config's top-level data_preprocessor
    (mmengine's Runner merges it into the model)."""
    from mmengine.config import Config
    from mmengine.registry import init_default_scope
    cfg = Config.fromfile(VGG)
    init_default_scope('mmpretrain')
    model = vis.build_model(cfg)
    assert model.data_preprocessor.mean.flatten().tolist() == pytest.approx(
        cfg.data_preprocessor.mean)
    assert model.data_preprocessor.to_rgb
