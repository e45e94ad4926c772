"""Partial BN under DistributedDataParallel: a real two-process gloo run
of a TSN config with ``PartialBNHook`` trains past iteration 2, the frozen
BatchNorms keep their parameters and statistics, and the first one trains."""
import os
import os.path as osp
import subprocess
import sys

import torch
from mmengine.registry import init_default_scope
from torch import nn

from tests.helpers.runs import REPO, free_port, write_tiny_config

MAX_ITERS = 4


def write_partial_bn_tsn_config(path, base, initial_checkpoint):
    """TSN (ResNet-18, 3 segments, score consensus) with partial BN over the
    tiny MotionDigits config ``base``: 4 iterations, no validation."""
    pipeline = ("[dict(type='DecordInit'), dict(type='SampleFrames', "
                'clip_len=1, frame_interval=1, num_clips=3), '
                "dict(type='DecordDecode'), dict(type='FormatShape', "
                "input_format='NCHW'), dict(type='PackActionInputs')]")
    lines = [
        f'_base_ = [{base!r}]',
        f'pipeline = {pipeline}',
        "model = dict(_delete_=True, type='Recognizer2D', backbone=dict("
        "type='ResNet', depth=18, pretrained=None, norm_eval=False), "
        "cls_head=dict(type='SegmentConsensusHead', num_classes=10, "
        "in_channels=512, num_segments=3, dropout_ratio=0.0, "
        "average_clips='prob'), data_preprocessor=dict("
        "type='ActionDataPreprocessor', mean=[127.5] * 3, std=[64.0] * 3, "
        "format_shape='NCHW'))",
        'train_dataloader = dict(dataset=dict(pipeline=pipeline))',
        'val_dataloader = None',
        'val_cfg = None',
        'val_evaluator = None',
        "train_cfg = dict(_delete_=True, type='IterBasedTrainLoop', "
        f'max_iters={MAX_ITERS})',
        "default_hooks = dict(checkpoint=dict(type='CheckpointHook', "
        f'interval={MAX_ITERS}, by_epoch=False))',
        'log_processor = dict(by_epoch=False)',
        "custom_hooks = [dict(type='PartialBNHook')]",
        f'load_from = {initial_checkpoint!r}',
    ]
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    return str(path)


def batch_norm_names(state):
    """Module names of the BatchNorms of an MMAction2 ResNet state dict, in
    module order (the order ``frozen_batch_norms`` uses)."""
    return [key[:-len('.running_mean')] for key in state
            if key.endswith('.running_mean')]


def write_initial_checkpoint(path):
    from mmaction.registry import MODELS
    init_default_scope('mmaction')
    torch.manual_seed(0)
    backbone = MODELS.build(dict(type='ResNet', depth=18, pretrained=None))
    backbone.init_weights()
    for module in backbone.modules():  # non-trivial gamma / beta
        if isinstance(module, nn.BatchNorm2d):
            nn.init.uniform_(module.weight, 0.5, 1.5)
            nn.init.uniform_(module.bias, -0.5, 0.5)
    state = {f'backbone.{k}': v for k, v in backbone.state_dict().items()}
    torch.save({'state_dict': state}, path)
    return state


def test_partial_bn_trains_in_two_gloo_processes(tmp_path, tiny_data_root):
    base = write_tiny_config(tmp_path / 'tiny.py', tiny_data_root,
                             batch_size=2)
    initial = write_initial_checkpoint(tmp_path / 'initial.pth')
    config = write_partial_bn_tsn_config(tmp_path / 'tsn_partial_bn.py',
                                         base, str(tmp_path / 'initial.pth'))
    work_dir = tmp_path / 'work'
    env = dict(os.environ, PYTHON=sys.executable, PORT=str(free_port()),
               PYTHONPATH=REPO, CUDA_VISIBLE_DEVICES='')
    result = subprocess.run(
        ['bash', 'tools/dist_train.sh', config, '2', '--work-dir',
         str(work_dir)], cwd=REPO, env=env, capture_output=True, text=True,
        timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert 'Distributed training: True' in output
    assert f'Iter(train) [{MAX_ITERS}/{MAX_ITERS}]' in output, output[-4000:]

    final = torch.load(osp.join(work_dir, f'iter_{MAX_ITERS}.pth'),
                       weights_only=True)['state_dict']
    first, *frozen = batch_norm_names(
        {k: v for k, v in initial.items() if k.startswith('backbone.')})
    assert len(frozen) == 19  # ResNet-18: 20 BatchNorms
    for name in frozen:
        for field in ('weight', 'bias', 'running_mean', 'running_var'):
            key = f'{name}.{field}'
            torch.testing.assert_close(final[key], initial[key], rtol=0,
                                       atol=0, msg=key)
    for field in ('weight', 'bias', 'running_mean'):
        key = f'{first}.{field}'
        assert not torch.equal(final[key], initial[key]), key
    conv = 'backbone.layer4.1.conv2.conv.weight'
    assert not torch.equal(final[conv], initial[conv])  # the rest trains
