"""tools/analysis/plot_scalars.py on hand-written MMEngine scalars.json
files (the Fig. 2.10 curves)."""
import importlib.util
import json
import os.path as osp

import pytest
from PIL import Image

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def _tool():
    spec = importlib.util.spec_from_file_location(
        'plot_scalars', osp.join(REPO, 'tools/analysis/plot_scalars.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write_run(work_dir, stamp, losses):
    vis = work_dir / stamp / 'vis_data'
    vis.mkdir(parents=True)
    lines = [dict(loss=3.0, iter=10, step=10)]  # a training line
    lines += [{'colorization/seg_loss': v, 'step': s} for s, v in losses]
    (vis / 'scalars.json').write_text(
        '\n'.join(json.dumps(line) for line in lines) + '\n')


def test_plot_scalars(tmp_path, monkeypatch):
    tool = _tool()
    _write_run(tmp_path / 'joint', '20260101_000000', [(5, 9.0)])
    _write_run(tmp_path / 'joint', '20260102_000000', [(5, 2.0), (10, 1.5)])
    _write_run(tmp_path / 'scratch', '20260101_000000', [(5, 2.5)])
    latest = tool.find_scalars(str(tmp_path / 'joint'))
    assert '20260102_000000' in latest
    assert tool.read_scalar(latest, 'colorization/seg_loss') == (
        [5, 10], [2.0, 1.5])
    with pytest.raises(KeyError, match='no line logs'):
        tool.read_scalar(latest, 'colorization/mIoU')
    with pytest.raises(FileNotFoundError, match='scalars.json'):
        tool.find_scalars(str(tmp_path))

    out = tmp_path / 'fig.png'
    monkeypatch.setattr('sys.argv', [
        'plot_scalars.py', str(tmp_path / 'joint'), str(tmp_path / 'scratch'),
        '--key', 'colorization/seg_loss', '--labels', 'joint', 'scratch',
        '--out', str(out)])
    tool.main()
    image = Image.open(out)
    assert image.format == 'PNG' and image.size == (600, 420)


def test_runs_of_one_label_are_averaged(tmp_path):
    """Seeds of one model (same label) become one curve: the mean and the
    std (ddof 1) at each step, by hand; different steps are refused."""
    tool = _tool()
    _write_run(tmp_path / 's0', 'a', [(5, 2.0), (10, 1.0)])
    _write_run(tmp_path / 's1', 'a', [(5, 4.0), (10, 2.0)])
    _write_run(tmp_path / 'other', 'a', [(5, 3.0), (10, 3.0)])
    _write_run(tmp_path / 'late', 'a', [(5, 3.0), (20, 3.0)])
    runs = {str(tmp_path / name): tool.read_scalar(
        tool.find_scalars(str(tmp_path / name)), 'colorization/seg_loss')
        for name in ('s0', 's1', 'other')}
    curves = tool.group_runs(['joint', 'joint', 'scratch'], runs)
    steps, values = curves['joint']
    assert steps == [5, 10] and values.shape == (2, 2)
    assert values.mean(0).tolist() == [3.0, 1.5]
    assert values.std(0, ddof=1).tolist() == pytest.approx(
        [2 ** 0.5, 0.5 ** 0.5])
    assert curves['scratch'][1].tolist() == [[3.0, 3.0]]
    runs[str(tmp_path / 'late')] = tool.read_scalar(
        tool.find_scalars(str(tmp_path / 'late')), 'colorization/seg_loss')
    with pytest.raises(ValueError, match='same steps'):
        tool.group_runs(['joint', 'joint', 'scratch', 'joint'], runs)
    out = tmp_path / 'fig.png'
    tool.plot_curves(curves, 'colorization/seg_loss', str(out))
    assert Image.open(out).format == 'PNG'
