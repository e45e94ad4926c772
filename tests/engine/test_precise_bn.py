"""Precise BN: recomputed statistics equal the average batch statistics,
frozen BN layers are left alone, and the hook runs in the runner."""
import pytest
import torch
from mmengine.config import Config
from mmengine.runner import Runner
from torch import nn

from mmvid_plugin.engine.precise_bn import (PreciseBNHook,
                                            recompute_bn_statistics)
from tests.helpers.runs import run_python, write_tiny_config


def test_statistics_are_the_average_of_the_batch_statistics():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv3d(2, 4, 1), nn.BatchNorm3d(4, momentum=0.01),
                          nn.Conv3d(4, 3, 1), nn.BatchNorm3d(3)).train()
    frozen = model[3].eval()
    before = frozen.running_mean.clone()
    batches = [torch.randn(2, 2, 3, 4, 4) * (i + 1) + i for i in range(5)]
    used = recompute_bn_statistics(model, model, iter(batches), 4)
    assert used == 4
    features = [model[0](b) for b in batches[:4]]
    mean = torch.stack([f.mean(dim=(0, 2, 3, 4)) for f in features]).mean(0)
    var = torch.stack([f.transpose(0, 1).flatten(1).var(dim=1)
                       for f in features]).mean(0)  # unbiased per batch
    torch.testing.assert_close(model[1].running_mean, mean)
    torch.testing.assert_close(model[1].running_var, var)
    assert model[1].momentum == 0.01  # restored
    torch.testing.assert_close(frozen.running_mean, before)


def test_an_empty_loader_and_bad_arguments_are_named():
    model = nn.Sequential(nn.BatchNorm1d(2)).train()
    with pytest.raises(ValueError, match='gave no batch'):
        recompute_bn_statistics(model, model, iter([]), 3)
    with pytest.raises(ValueError, match='num_batches=0'):
        PreciseBNHook(num_batches=0)


def test_hook_recomputes_before_the_checkpoint(tmp_path, tiny_data_root):
    """Through the runner: the saved checkpoint holds the statistics of the
    final weights, recomputed over the training batches."""
    config = write_tiny_config(tmp_path / 'cfg.py', tiny_data_root,
                               max_epochs=1)
    with open(config, 'a') as f:
        f.write("custom_hooks = [dict(type='PreciseBNHook', "
                'num_batches=3)]\n')
    work_dir = str(tmp_path / 'work')
    result = run_python(['tools/train.py', config, '--work-dir', work_dir])
    assert 'precise BN: statistics of 3 BatchNorm layers recomputed over ' \
        '3 batches' in result.stdout + result.stderr
    saved = torch.load(f'{work_dir}/epoch_1.pth', weights_only=True)
    # the same recomputation from the saved weights: same first 3 batches
    cfg = Config.fromfile(config)
    cfg.work_dir = str(tmp_path / 'check')
    runner = Runner.from_cfg(cfg)
    model = runner.model
    model.load_state_dict(saved['state_dict'])
    model.train()

    def forward_batch(batch):
        model(**model.data_preprocessor(batch, training=True), mode='tensor')

    recompute_bn_statistics(model, forward_batch, runner.train_dataloader, 3)
    names = [k for k in saved['state_dict'] if k.endswith('running_mean')]
    assert len(names) == 3
    state = model.state_dict()
    for name in names:
        torch.testing.assert_close(saved['state_dict'][name], state[name])
