"""Checkpoints: written atomically, resumed from the latest complete one,
loaded without unpickling unknown types."""
import os
import pickle

import pytest
import torch
from mmengine.fileio import LocalBackend
from mmengine.runner.checkpoint import _load_checkpoint, save_checkpoint

import mmcontinuity  # noqa: F401  (compat: allowlist, atomic writes)
from mmcontinuity.engine import find_resumable_checkpoint
from mmcontinuity.engine.hooks.random_state_hook import get_random_states


class NotAllowed:
    """A type no checkpoint may hold."""


def _save(path, step):
    save_checkpoint(dict(meta=dict(iter=step), state_dict=dict(
        w=torch.full((3, ), float(step))),
        random_states=get_random_states()), str(path))


def test_put_renames_a_flushed_temporary_file(tmp_path, monkeypatch):
    """While the bytes are written and flushed the final name still holds
    the previous file; a temporary file of the same directory is renamed
    over it only then."""
    target = tmp_path / 'epoch_1.pth'
    target.write_bytes(b'old')
    seen = []
    fsync = os.fsync

    def spy(fd):
        seen.append((target.read_bytes(), sorted(
            p.name for p in tmp_path.iterdir())))
        fsync(fd)

    monkeypatch.setattr(os, 'fsync', spy)
    LocalBackend().put(b'new', str(target))
    assert target.read_bytes() == b'new'
    assert [p.name for p in tmp_path.iterdir()] == ['epoch_1.pth']
    (old, names), = seen
    assert old == b'old' and len(names) == 2
    assert names[0].startswith('.epoch_1.pth.') and names[0].endswith('.tmp')


def test_a_checkpoint_with_random_states_loads_safely(tmp_path):
    _save(tmp_path / 'iter_1.pth', 1)
    states = _load_checkpoint(str(tmp_path / 'iter_1.pth'))['random_states']
    assert set(states) >= {'python', 'numpy', 'torch'}


def test_resume_finds_the_latest_complete_checkpoint(tmp_path):
    """What a kill while saving can leave: a temporary file, a truncated
    checkpoint (saved by a writer that is not atomic), an empty or stale
    ``last_checkpoint``."""
    assert find_resumable_checkpoint(str(tmp_path)) is None
    _save(tmp_path / 'epoch_1.pth', 1)
    _save(tmp_path / 'epoch_2.pth', 2)
    whole = (tmp_path / 'epoch_2.pth').read_bytes()
    (tmp_path / 'epoch_3.pth').write_bytes(whole[:len(whole) // 2])
    os.utime(tmp_path / 'epoch_1.pth', (1, 1))
    (tmp_path / '.epoch_4.pth.x1.tmp').write_bytes(whole[:100])
    last = tmp_path / 'last_checkpoint'
    last.write_text('')
    assert find_resumable_checkpoint(str(tmp_path)) == str(
        tmp_path / 'epoch_2.pth')
    last.write_text(str(tmp_path / 'epoch_3.pth'))
    assert find_resumable_checkpoint(str(tmp_path)) == str(
        tmp_path / 'epoch_2.pth')
    last.write_text(str(tmp_path / 'epoch_1.pth'))
    assert find_resumable_checkpoint(str(tmp_path)) == str(
        tmp_path / 'epoch_1.pth')


def test_unknown_type_is_refused_with_its_name_and_file(tmp_path):
    path = tmp_path / 'evil.pth'
    torch.save(dict(meta=dict(), state_dict=dict(), extra=NotAllowed()),
               str(path))
    with pytest.raises(pickle.UnpicklingError) as error:
        _load_checkpoint(str(path))
    message = str(error.value)
    assert str(path) in message
    assert f'{__name__}.NotAllowed' in message
