"""Faults during training cost nothing: a run killed mid-epoch and
resumed ends with the weights of an uninterrupted run, and a loss that
turns NaN stops the run with the iteration and the loss terms while the
last good checkpoint stays loadable."""
import os
import os.path as osp
import re
import signal
import subprocess
import sys
import time

import torch

from mmvid_plugin.engine import load_checkpoint_safely
from tests.helpers.runs import REPO, run_python, write_tiny_config

NAN_HOOK = '''
import torch
from mmengine.hooks import Hook
from mmaction.registry import HOOKS


@HOOKS.register_module()
class BreakWeightsHook(Hook):
    """Test fault: every weight becomes NaN before iteration ``at``."""

    def __init__(self, at):
        self.at = at

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        if runner.iter == self.at:
            with torch.no_grad():
                for p in runner.model.parameters():
                    p.fill_(float('nan'))
'''


def tiny_config(path, data_root, extra=''):
    return write_tiny_config(path, data_root, max_epochs=3,
                             deterministic=True, extra=extra)


def final_weights(work_dir, epoch):
    path = osp.join(work_dir, f'epoch_{epoch}.pth')
    return load_checkpoint_safely(path)['state_dict']


def test_mid_epoch_kill_and_resume_end_with_uninterrupted_weights(
        tmp_path, tiny_data_root):
    config = tiny_config(tmp_path / 'cfg.py', tiny_data_root,
                         extra="train_dataloader.update(batch_size=2)\n")
    whole = str(tmp_path / 'whole')
    run_python(['tools/train.py', config, '--work-dir', whole])
    killed = str(tmp_path / 'killed')
    env = dict(os.environ, PYTHONPATH=REPO)
    process = subprocess.Popen(
        [sys.executable, 'tools/train.py', config, '--work-dir', killed],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True)
    try:  # kill a few iterations into epoch 2
        for line in process.stdout:
            if re.search(r'Epoch\(train\)\s*\[2\]\[\s*4/', line):
                break
        else:
            raise AssertionError('training ended before epoch 2')
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
    assert not osp.exists(osp.join(killed, 'epoch_2.pth'))
    run_python(['tools/train.py', config, '--work-dir', killed, '--resume'])
    expected, got = final_weights(whole, 3), final_weights(killed, 3)
    assert expected.keys() == got.keys()
    for key in expected:
        torch.testing.assert_close(got[key], expected[key], rtol=0, atol=0,
                                   msg=key)


def test_nan_loss_stops_naming_iteration_and_terms(tmp_path, tiny_data_root):
    (tmp_path / 'break_weights.py').write_text(NAN_HOOK)
    extra = ("custom_imports = dict(imports=['mmvid_plugin', "
             "'break_weights'], allow_failed_imports=False)\n"
             "custom_hooks = [dict(type='NonFiniteLossGuardHook'), "
             "dict(type='BreakWeightsHook', at=12)]\n")
    config = tiny_config(tmp_path / 'cfg.py', tiny_data_root, extra)
    work_dir = str(tmp_path / 'work')
    start = time.time()
    result = run_python(['tools/train.py', config, '--work-dir', work_dir],
                        env={'PYTHONPATH': f'{tmp_path}:{REPO}'},
                        check=False)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert 'FloatingPointError' in log and 'iteration 13' in log, log[-3000:]
    assert 'loss_cls=nan' in log
    assert time.time() - start < 300
    good = final_weights(work_dir, 1)  # 10 iterations per epoch
    assert all(torch.isfinite(v).all() for v in good.values()
               if v.is_floating_point())
    assert not osp.exists(osp.join(work_dir, 'epoch_2.pth'))
