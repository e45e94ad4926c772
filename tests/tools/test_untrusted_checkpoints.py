"""A checkpoint crafted to run code when unpickled is refused, without
running it, by every way a file gets in: tools/test.py, tools/predict.py,
the converter, ``load_from`` (MMEngine's loader), a backbone ``init_cfg``
and ``mmvid_plugin.zoo.build``."""
import glob
import os
import os.path as osp
import pickle

import pytest
import torch

from tests.helpers.runs import REPO, run_python, write_tiny_config

TINY_ZOO = 'tinyconv3d_scratch_1xb8-16x1x1-6e_motion-digits-rgb'


class TouchOnLoad:
    """Unpickling this creates ``path``: the code a hostile file runs."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (os.makedirs, (self.path, ))


@pytest.fixture
def hostile(tmp_path):
    marker = str(tmp_path / 'code-ran')
    path = str(tmp_path / 'hostile.pth')
    torch.save(dict(state_dict={'w': torch.zeros(1)},
                    meta=TouchOnLoad(marker)), path)
    return path, marker


def assert_refused(result, path, marker):
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert not osp.exists(marker), 'the file ran code'
    assert 'hostile.pth' in output and 'os.makedirs' in output.replace(
        'posix.makedirs', 'os.makedirs'), output[-2000:]


def test_test_tool(hostile, tmp_path, tiny_data_root):
    path, marker = hostile
    config = write_tiny_config(tmp_path / 'cfg.py', tiny_data_root)
    result = run_python(['tools/test.py', config, path, '--work-dir',
                         str(tmp_path / 'work')], check=False)
    assert_refused(result, path, marker)


def test_predict_tool(hostile, tmp_path, tiny_data_root):
    path, marker = hostile
    config = write_tiny_config(tmp_path / 'cfg.py', tiny_data_root)
    video = sorted(glob.glob(osp.join(tiny_data_root, 'videos', 'test',
                                      '*.mp4')))[0]
    result = run_python(['tools/predict.py', video, config, path],
                        check=False)
    assert_refused(result, path, marker)


def test_converter(hostile, tmp_path):
    path, marker = hostile
    result = run_python(['tools/convert_checkpoint.py', '--from',
                         'torchvision', path, str(tmp_path / 'out.pth')],
                        check=False)
    assert_refused(result, path, marker)


def test_load_from_and_init_cfg_and_zoo(hostile):
    """In process: MMEngine's loader (what ``load_from`` and ``resume``
    call), a ``ConvertedPretrained`` init and the zoo."""
    from mmengine.runner.checkpoint import _load_checkpoint

    from mmvid_plugin import zoo
    from mmvid_plugin.weights import build_model
    path, marker = hostile
    with pytest.raises(pickle.UnpicklingError, match='hostile.pth'):
        _load_checkpoint(path, map_location='cpu')
    init_cfg = dict(type='ConvertedPretrained', source='inflate-resnet',
                    checkpoint=path)
    model = build_model(
        osp.join(REPO, 'configs/nonlocal/i3d_r50_scratch_8xb8-32x2x1-100e_'
                 'kinetics400-rgb.py'),
        cfg_options={'model.backbone.init_cfg': init_cfg})
    with pytest.raises(pickle.UnpicklingError, match='hostile.pth'):
        model.init_weights()
    with pytest.raises(pickle.UnpicklingError, match='hostile.pth'):
        zoo.build(TINY_ZOO, checkpoint=path)
    assert not osp.exists(marker)
