"""``tools/train.py --amp`` without a GPU trains and evaluates in bf16."""
import torch
from mmengine.config import Config

from mmvid_plugin.cli.train import merge_args, parse_args


def config():
    return Config(dict(optim_wrapper=dict(optimizer=dict(type='SGD')),
                       val_cfg=dict(type='ValLoop'),
                       test_cfg=dict(type='TestLoop')))


def test_amp_without_a_gpu_is_bf16(monkeypatch):
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: False)
    cfg = merge_args(config(), parse_args(['cfg.py', '--amp']))
    assert cfg.optim_wrapper.type == 'BF16OptimWrapper'
    assert cfg.val_cfg.fp16 and cfg.test_cfg.fp16


def test_amp_on_a_gpu_is_mmengines(monkeypatch):
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: True)
    cfg = merge_args(config(), parse_args(['cfg.py', '--amp']))
    assert cfg.optim_wrapper.type == 'AmpOptimWrapper'
    assert 'fp16' not in cfg.val_cfg
