"""Shared fixtures: a tiny MotionDigits and tiny configs for runner tests."""
import os
import os.path as osp
import subprocess
import sys

import pytest

import mmvid_plugin  # noqa: F401  (compat fixes + registration)

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
TINY_SPEC = dict(num_train=40, num_val=20, num_test=20)


@pytest.fixture(scope='session')
def tiny_data_root(tmp_path_factory):
    """A small MotionDigits, generated once per test session."""
    from mmvid_plugin.datasets import MotionDigitsSpec, ensure_motion_digits
    root = str(tmp_path_factory.mktemp('data') / 'motion_digits')
    return ensure_motion_digits(root, MotionDigitsSpec(**TINY_SPEC))


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
                             f'{result.stdout[-3000:]}\n{result.stderr[-5000:]}')
    return result
