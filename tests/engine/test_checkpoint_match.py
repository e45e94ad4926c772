"""``load_from`` through MMEngine's runner, and the analysis tools' loading:
a checkpoint that fits no tensor of the model stops with the file named."""
import pytest
import torch
from mmengine.config import Config

from tests.helpers.runs import (REPO, flow_tsn_r50_runner, run_python,
                                write_tiny_config, write_unrelated_checkpoint)


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


def test_load_from_matching_no_key_names_the_file(tmp_path):
    from mmvid_plugin.utils import CheckpointMismatchError
    path = write_unrelated_checkpoint(tmp_path / 'unrelated.pth')
    runner = flow_tsn_r50_runner(tmp_path, load_from=path)
    with pytest.raises(CheckpointMismatchError,
                       match=r'unrelated\.pth.*0 of 1 .*encoder\.proj\.weight'
                       r'.*backbone\.conv1\.conv\.weight'):
        runner.load_or_resume()


def test_analysis_tools_refuse_a_checkpoint_matching_no_key(tmp_path,
                                                           tiny_data_root):
    from mmvid_plugin.apis import load_model
    from mmvid_plugin.utils import CheckpointMismatchError
    config = write_tiny_config(tmp_path / 'cfg.py', tiny_data_root)
    path = write_unrelated_checkpoint(tmp_path / 'unrelated.pth')
    with pytest.raises(CheckpointMismatchError,
                       match=r'unrelated\.pth: 0 of 1 .*backbone\.'):
        load_model(config, path)
