"""Checkpoints stay loadable with torch's weights_only=True."""
import pickle

import numpy as np
import pytest
import torch
from mmengine.logging import HistoryBuffer

from mmvid_plugin.engine import checkpoint_io
from mmvid_plugin.engine.checkpoint_io import (UNSAFE_LOAD_ENV, from_plain,
                                               load_checkpoint_safely,
                                               save_checkpoint_atomically,
                                               to_plain)


def mmengine_like_checkpoint():
    buffer = HistoryBuffer()
    for value in (3.0, 2.0, 1.5):
        buffer.update(value)
    return {
        'meta': {'epoch': 2, 'seed': np.int64(7), 'best': np.float64(0.5)},
        'state_dict': {'w': torch.arange(4.)},
        'message_hub': {
            'log_scalars': {'train/loss': buffer},
            'runtime_info': {'eta': np.float64(12.5), 'iter': 10},
            'resumed_keys': {'eta': False},
        },
        'history': np.arange(3),
    }


def test_plain_checkpoint_loads_with_stock_weights_only(tmp_path):
    path = tmp_path / 'ckpt.pth'
    save_checkpoint_atomically(mmengine_like_checkpoint(), str(path))
    loaded = torch.load(path, weights_only=True)  # no allow-list at all
    assert loaded['meta']['seed'] == 7 and type(loaded['meta']['seed']) is int
    assert isinstance(loaded['message_hub']['runtime_info']['eta'], float)
    assert torch.equal(loaded['history'], torch.arange(3))


def test_history_buffer_round_trip(tmp_path):
    path = tmp_path / 'ckpt.pth'
    save_checkpoint_atomically(mmengine_like_checkpoint(), str(path))
    loaded = load_checkpoint_safely(str(path))
    buffer = loaded['message_hub']['log_scalars']['train/loss']
    assert isinstance(buffer, HistoryBuffer)
    np.testing.assert_allclose(buffer.data[0], [3.0, 2.0, 1.5])
    assert buffer.mean(2) == pytest.approx(1.75)


def test_to_plain_names_the_key_of_an_unstorable_object():
    with pytest.raises(TypeError, match=r'checkpoint\.meta\.hook'):
        to_plain({'meta': {'hook': object()}})


def test_from_plain_leaves_ordinary_dicts():
    data = {'a': [1, {'b': 2}]}
    assert from_plain(data) == data


def test_legacy_pickle_needs_explicit_opt_in(tmp_path, monkeypatch):
    path = tmp_path / 'legacy.pth'
    torch.save(mmengine_like_checkpoint(), path)  # raw MMEngine style
    monkeypatch.delenv(UNSAFE_LOAD_ENV, raising=False)
    with pytest.raises(pickle.UnpicklingError) as error:
        load_checkpoint_safely(str(path))
    assert 'builtins.getattr' in str(error.value)
    assert UNSAFE_LOAD_ENV in str(error.value)
    monkeypatch.setenv(UNSAFE_LOAD_ENV, '1')
    loaded = load_checkpoint_safely(str(path))
    assert loaded['meta']['epoch'] == 2


def test_inert_numpy_data_loads_without_opt_in(tmp_path, monkeypatch):
    path = tmp_path / 'numpy.pth'
    torch.save({'a': np.arange(3.0), 's': np.float32(2.0)}, path)
    monkeypatch.delenv(UNSAFE_LOAD_ENV, raising=False)
    loaded = load_checkpoint_safely(str(path))
    np.testing.assert_array_equal(loaded['a'], [0.0, 1.0, 2.0])


def test_missing_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match='nothing.pth'):
        load_checkpoint_safely(str(tmp_path / 'nothing.pth'))


def test_interrupted_save_keeps_the_previous_file(tmp_path, monkeypatch):
    path = tmp_path / 'ckpt.pth'
    save_checkpoint_atomically({'v': torch.tensor(1)}, str(path))

    def failing_save(obj, f):
        f.write(b'partial')
        raise KeyboardInterrupt

    monkeypatch.setattr(checkpoint_io.torch, 'save', failing_save)
    with pytest.raises(KeyboardInterrupt):
        save_checkpoint_atomically({'v': torch.tensor(2)}, str(path))
    monkeypatch.undo()
    assert [p.name for p in tmp_path.iterdir()] == ['ckpt.pth']
    assert load_checkpoint_safely(str(path))['v'].item() == 1


def test_runner_uses_safe_io():
    import mmengine.runner.runner as runner_module
    from mmengine.runner.checkpoint import CheckpointLoader
    assert runner_module.save_checkpoint is save_checkpoint_atomically
    loader = CheckpointLoader._get_checkpoint_loader('/some/local.pth')
    assert loader.__name__ == 'load_from_local_safely'
