"""``load_from`` through MMEngine's runner: a checkpoint that fits no
tensor of the model stops the run with the file named."""
import torch
from mmengine.config import Config

from tests.conftest import REPO, run_python, write_tiny_config


def test_load_from_matching_nothing_stops_the_run(tmp_path, tiny_data_root):
    bad = tmp_path / 'resnet50_torchvision.pth'
    torch.save({'conv1.weight': torch.zeros(64, 3, 7, 7),
                'fc.bias': torch.zeros(1000)}, bad)
    config = write_tiny_config(tmp_path / 'cfg.py', tiny_data_root,
                               max_epochs=1)
    with open(config, 'a') as f:
        f.write("default_hooks['checkpoint_match'] = dict("
                "type='CheckpointMatchHook')\n"
                f'load_from = {str(bad)!r}\n')
    result = run_python(['tools/train.py', config, '--work-dir',
                         str(tmp_path / 'work')], check=False)
    assert result.returncode != 0
    assert 'CheckpointMismatchError' in result.stderr
    assert f'checkpoint {bad}: 0 of 2 tensors fit the model' in result.stderr


def test_every_config_checks_what_it_loads():
    cfg = Config.fromfile(f'{REPO}/configs/_base_/default_runtime.py')
    assert cfg.default_hooks.checkpoint_match.type == 'CheckpointMatchHook'
    derived = Config.fromfile(f'{REPO}/configs/tsn/'
                              'tsn_r50_imagenet-pretrained_4xb32-5x1x3-'
                              '18000it_ucf101-split1-flow.py')
    assert derived.default_hooks.checkpoint_match.type == \
        'CheckpointMatchHook'
