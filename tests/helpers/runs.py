"""Runs of the tools and the runner on a tiny MotionDigits: the repository
root, the tiny spec, a self-contained config, a subprocess helper, a
flow TSN runner and a checkpoint that fits nothing."""
import os
import os.path as osp
import socket
import subprocess
import sys

import torch

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
TINY_SPEC = dict(num_train=40, num_val=20, num_test=20)


def write_tiny_config(path, data_root, max_epochs=2, custom_imports=True,
                      batch_size=4, dist_backend='gloo', deterministic=False,
                      extra=''):
    """A self-contained 3D-CNN config on the tiny MotionDigits.

    It reaches our components only through ``custom_imports``;
    ``deterministic`` sets MMEngine's deterministic mode, ``extra`` is
    config text appended (it may override any line).
    """
    lines = []
    if custom_imports:
        lines.append("custom_imports = dict(imports=['mmvid_plugin'], "
                     'allow_failed_imports=False)')
    lines += [
        "default_scope = 'mmaction'",
        f'data_root = {data_root!r}',
        f'spec = {TINY_SPEC!r}',
        "pipeline = [dict(type='DecordInit'), dict(type='SampleFrames', "
        'clip_len=16, frame_interval=1, num_clips=1, test_mode=True), '
        "dict(type='DecordDecode'), dict(type='FormatShape', "
        "input_format='NCTHW'), dict(type='PackActionInputs')]",
        "model = dict(type='Recognizer3D', backbone=dict("
        "type='TinyVideoConvNet', widths=(8, 16, 32)), cls_head=dict("
        "type='I3DHead', num_classes=10, in_channels=32, dropout_ratio=0.0, "
        "average_clips='prob'), data_preprocessor=dict("
        "type='ActionDataPreprocessor', mean=[0, 0, 0], std=[255, 255, 255], "
        "format_shape='NCTHW'))",
    ]
    for split in ('train', 'val', 'test'):
        train = split == 'train'
        lines.append(
            f'{split}_dataloader = dict(batch_size={batch_size}, '
            'num_workers=0, persistent_workers=False, sampler=dict('
            f"type='DefaultSampler', shuffle={train}), dataset=dict("
            f"type='MotionDigitsDataset', split='{split}', "
            'data_root=data_root, spec=spec, pipeline=pipeline, '
            f'test_mode={not train}))')
    lines += [
        "val_evaluator = dict(type='AccMetric')",
        'test_evaluator = val_evaluator',
        f"train_cfg = dict(type='EpochBasedTrainLoop', "
        f'max_epochs={max_epochs}, val_interval=1)',
        "val_cfg = dict(type='ValLoop')",
        "test_cfg = dict(type='TestLoop')",
        "optim_wrapper = dict(optimizer=dict(type='AdamW', lr=3e-3))",
        "default_hooks = dict(logger=dict(type='LoggerHook', interval=1), "
        "checkpoint=dict(type='CheckpointHook', interval=1))",
        f'env_cfg = dict(dist_cfg=dict(backend={dist_backend!r}))',
        'log_processor = dict(by_epoch=True, window_size=1)',
        f'randomness = dict(seed=0, deterministic={deterministic})',
    ]
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n' + extra)
    return str(path)


def run_python(args, cwd=REPO, env=None, timeout=600, check=True):
    """Run ``python *args`` in a subprocess with torch's safe defaults."""
    full_env = dict(os.environ)
    full_env.pop('MMVID_ALLOW_CHECKPOINT_CODE_EXECUTION', None)
    full_env.pop('TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD', None)
    full_env['PYTHONPATH'] = REPO
    full_env.update(env or {})
    result = subprocess.run([sys.executable, *args], cwd=cwd, env=full_env,
                            capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f'{args} failed ({result.returncode}):\n'
                             f'{result.stdout[-3000:]}\n'
                             f'{result.stderr[-5000:]}')
    return result


def free_port() -> int:
    """A TCP port nobody listens on now (for torchrun's rendezvous)."""
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def flow_tsn_r50_runner(tmp_path, **kwargs):
    """A Runner of a flow TSN-R50 (10 channels) with CrossModalityInitHook."""
    from mmengine.runner import Runner
    return Runner(
        model=dict(
            type='Recognizer2D',
            backbone=dict(type='ResNet', depth=50, in_channels=10,
                          pretrained=kwargs.pop('pretrained', None)),
            cls_head=dict(type='SegmentConsensusHead', num_classes=101,
                          in_channels=2048),
            data_preprocessor=dict(type='ActionDataPreprocessor',
                                   format_shape='NCHW')),
        work_dir=str(tmp_path / 'work'), default_scope='mmaction',
        custom_hooks=[dict(type='CrossModalityInitHook')], **kwargs)


def write_unrelated_checkpoint(path):
    """A checkpoint whose one tensor fits no model here."""
    torch.save({'state_dict': {'encoder.proj.weight': torch.zeros(4, 4)}},
               path)
    return str(path)
