"""tools/demo/colorize.py on photos that scikit-image ships (a colour one
and a gray one) with the default tiny colorizer, untrained: one PNG grid
per photo (gray, samples, original if in colour)."""
import importlib.util
import os.path as osp

import pytest
from PIL import Image

pytest.importorskip('skimage')

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


@pytest.mark.slow
def test_colorize_demo(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location(
        'colorize_demo', osp.join(REPO, 'tools/demo/colorize.py'))
    demo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(demo)
    monkeypatch.chdir(REPO)  # the default config path is relative
    monkeypatch.setattr('sys.argv', [
        'colorize.py', 'skimage:astronaut', 'skimage:camera', '--samples',
        '2', '--out-dir', str(tmp_path)])
    with pytest.warns(UserWarning, match='untrained'):
        demo.main()
    # 512x512 photos: gray + 2 samples (+ the original in colour)
    colour = Image.open(tmp_path / '00_astronaut_colorized.png')
    assert colour.size == (4 * 512 + 3 * demo.GAP, 512)
    gray = Image.open(tmp_path / '01_camera_colorized.png')
    assert gray.size == (3 * 512 + 2 * demo.GAP, 512)
    with pytest.raises(FileNotFoundError, match='no such image'):
        demo.load_image(str(tmp_path / 'missing.jpg'))
