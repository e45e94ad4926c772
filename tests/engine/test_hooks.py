"""NonFiniteLossGuardHook stops a diverged run with a clear error."""
from types import SimpleNamespace

import pytest
import torch

from mmvid_plugin.engine import NonFiniteLossGuardHook


def runner():
    return SimpleNamespace(iter=41, epoch=2, work_dir='/tmp/run')


def test_raises_on_nan_loss_naming_iteration_and_work_dir():
    hook = NonFiniteLossGuardHook()
    hook.after_train_iter(runner(), 0, outputs={'loss': torch.tensor(1.0)})
    with pytest.raises(FloatingPointError, match=r'iteration 42 \(epoch 3\)'
                       r'.*loss terms: loss_cls=nan, loss_aux=0\.5.*/tmp/run'):
        hook.after_train_iter(runner(), 1, outputs={
            'loss': torch.tensor(float('nan')),
            'loss_cls': torch.tensor(float('nan')),
            'loss_aux': torch.tensor(0.5), 'top1_acc': torch.tensor(0.1)})


def test_patience_counts_consecutive_iterations_only():
    hook = NonFiniteLossGuardHook(patience=1)
    inf = {'loss': torch.tensor(float('inf'))}
    hook.after_train_iter(runner(), 0, outputs=inf)
    hook.after_train_iter(runner(), 1, outputs={'loss': 0.5})  # resets
    hook.after_train_iter(runner(), 2, outputs=inf)
    with pytest.raises(FloatingPointError, match='2 consecutive'):
        hook.after_train_iter(runner(), 3, outputs=inf)


def test_rejects_negative_patience():
    with pytest.raises(ValueError, match='patience=-1'):
        NonFiniteLossGuardHook(patience=-1)


def test_registered_for_configs():
    from mmaction.registry import HOOKS
    hook = HOOKS.build(dict(type='NonFiniteLossGuardHook', patience=3))
    assert hook.patience == 3

