"""Published weights: optimizer state stripped, sha256-suffixed .pth and
.safetensors, verified by every loader, a tampered file refused."""
import os.path as osp
import re

import pytest
import torch
from mmengine.runner.checkpoint import _load_checkpoint

from mmvid_plugin.engine.checkpoint_io import load_checkpoint_safely
from mmvid_plugin.weights.release import (HashMismatchError, file_sha256,
                                          publish)
from tests.helpers.runs import REPO, run_python


def training_checkpoint():
    torch.manual_seed(0)
    return dict(
        state_dict={'module.backbone.w': torch.randn(3, 4),
                    'cls_head.b': torch.randn(4)},
        optimizer={'state': {0: {'momentum_buffer': torch.randn(3, 4)}}},
        message_hub={'log_scalars': {}},
        meta={'epoch': 6, 'config': 'configs/x.py', 'seed': 0})


def tamper(path):
    data = bytearray(open(path, 'rb').read())
    data[-9] ^= 0xFF
    open(path, 'wb').write(bytes(data))


def test_publish_writes_self_hashed_plain_files(tmp_path):
    pth, safetensors = publish(training_checkpoint(), str(tmp_path / 'tsn'))
    for path in (pth, safetensors):
        suffix = re.search(r'-([0-9a-f]{8})\.', osp.basename(path)).group(1)
        assert file_sha256(path).startswith(suffix)
    plain = torch.load(pth, weights_only=True)
    assert set(plain) == {'state_dict', 'meta'}
    assert set(plain['state_dict']) == {'backbone.w', 'cls_head.b'}
    assert plain['meta'] == {'epoch': 6, 'config': 'configs/x.py', 'seed': 0}
    loaded = load_checkpoint_safely(safetensors)
    for key, value in plain['state_dict'].items():
        torch.testing.assert_close(loaded['state_dict'][key], value)
    assert loaded['meta']['epoch'] == 6


@pytest.mark.parametrize('kind', ['pth', 'safetensors'])
def test_tampered_file_is_refused_by_every_loader(tmp_path, kind):
    paths = dict(zip(('pth', 'safetensors'),
                     publish(training_checkpoint(), str(tmp_path / 'm'))))
    path = paths[kind]
    tamper(path)
    for load in (load_checkpoint_safely, lambda p: _load_checkpoint(p)):
        with pytest.raises(HashMismatchError) as error:
            load(path)
        message = str(error.value)
        assert path in message and 'sha256' in message
        assert file_sha256(path) in message
        assert osp.basename(path).rsplit('-', 1)[1][:8] in message


def test_publish_tool(tmp_path):
    source = tmp_path / 'epoch_6.pth'
    torch.save(training_checkpoint(), source)
    result = run_python([f'{REPO}/tools/publish_model.py', str(source),
                         str(tmp_path / 'out' / 'tsn_r50')])
    written = result.stdout.split()
    assert [p.rsplit('.', 1)[1] for p in written] == ['pth', 'safetensors']
    for path in written:
        load_checkpoint_safely(path)  # verifies the suffix
